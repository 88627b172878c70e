// A fake GitHub Actions cache service (v2) on loopback, speaking what @actions/cache speaks: the Twirp JSON calls
// under ACTIONS_RESULTS_URL and the Azure blob upload and download the client then makes at the signed URLs it is
// given. Blob URLs are path-style (http://127.0.0.1:PORT/devstoreaccount1/<container>/<blob>?sig=…), the only form
// the Azure storage client accepts for an IP host. Entries are immutable, matched by key and version; restore keys
// match by prefix, newest first — as the real service documents.
// https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#matching-a-cache-key
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';
const BLOB = /^\/devstoreaccount1\/caches\/(\d+)$/;

/** How the fake misbehaves: every Twirp call answers 500, 429, or never. */
export type CacheFault = 'none' | 'error' | 'rate-limit' | 'hang';

/** One stored (or reserved) entry. */
interface CacheEntry {
  id: number;
  key: string;
  version: string;
  /** The archive as uploaded (a tar, compressed with zstd or gzip), once committed. */
  blob: Buffer | null;
  finalized: boolean;
}

/** A running fake cache service. */
export interface FakeCache {
  /** ACTIONS_RESULTS_URL, with a trailing slash as the runner gives it. */
  readonly url: string;
  /** The variables the client needs to use this fake as the cache service v2. */
  env(): Record<string, string>;
  /** Every entry, in creation order. A live array. */
  readonly entries: CacheEntry[];
  /** Every request: method, path and query. A live array. */
  readonly requests: { method: string; path: string }[];
  /** Changes how it misbehaves from now on. */
  setFault(fault: CacheFault): void;
  close(): Promise<void>;
}

const TOKEN = 'fake-runtime-token-for-the-cache-service';

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeCache(options: { fault?: CacheFault } = {}): Promise<FakeCache> {
  let fault: CacheFault = options.fault ?? 'none';
  const entries: CacheEntry[] = [];
  const requests: { method: string; path: string }[] = [];
  const staged = new Map<number, Map<string, Buffer>>();
  const sockets = new Set<Socket>();
  let base = '';

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  // Twirp's error shape: https://twitchtv.github.io/twirp/docs/spec_v7.html#error-codes
  const twirpError = (res: ServerResponse, status: number, code: string, msg: string): void =>
    json(res, status, { code, msg });

  const twirp = (method: string, body: Record<string, unknown>, res: ServerResponse): void => {
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    const key = text(body['key']);
    const version = text(body['version']);
    switch (method) {
      case 'CreateCacheEntry': {
        if (entries.some((e) => e.key === key && e.version === version)) {
          twirpError(
            res,
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
          );
          return;
        }
        const entry: CacheEntry = { id: entries.length + 1, key, version, blob: null, finalized: false };
        entries.push(entry);
        json(res, 200, { ok: true, signed_upload_url: blobUrl(entry.id) });
        return;
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized);
        if (!entry?.blob || String(entry.blob.length) !== String(body['size_bytes'])) {
          json(res, 200, { ok: false, message: 'no upload of that size for this key' });
          return;
        }
        entry.finalized = true;
        json(res, 200, { ok: true, entry_id: String(entry.id) });
        return;
      }
      case 'GetCacheEntryDownloadURL': {
        const ready = entries.filter((e) => e.finalized && e.version === version);
        const restoreKeys = Array.isArray(body['restore_keys']) ? body['restore_keys'].map(String) : [];
        const hit =
          ready.find((e) => e.key === key) ??
          restoreKeys
            .map((prefix) => ready.filter((e) => e.key.startsWith(prefix)).at(-1))
            .find((e) => e !== undefined);
        if (!hit) json(res, 200, { ok: false });
        else json(res, 200, { ok: true, signed_download_url: blobUrl(hit.id), matched_key: hit.key });
        return;
      }
      default:
        twirpError(res, 404, 'bad_route', `no method ${method}`);
    }
  };

  const blob = (req: IncomingMessage, url: URL, id: number, body: Buffer, res: ServerResponse): void => {
    const entry = entries.find((e) => e.id === id);
    if (!entry || url.searchParams.get('sig') !== 'fake-signature') {
      res.writeHead(403).end();
      return;
    }
    const azure = { 'x-ms-request-id': String(requests.length), 'x-ms-version': '2025-01-05' };
    if (req.method === 'PUT') {
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        // Staged blocks, committed by the block list (the client's path for larger archives).
        const blocks = staged.get(id) ?? new Map<string, Buffer>();
        blocks.set(url.searchParams.get('blockid') ?? '', body);
        staged.set(id, blocks);
      } else if (comp === 'blocklist') {
        const blocks = staged.get(id) ?? new Map<string, Buffer>();
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
          (m) => m[1] ?? '',
        );
        entry.blob = Buffer.concat(ids.map((blockId) => blocks.get(blockId) ?? Buffer.alloc(0)));
      } else if (req.headers['x-ms-blob-type'] === 'BlockBlob') {
        entry.blob = body;
      } else {
        res.writeHead(400, azure).end();
        return;
      }
      res.writeHead(201, { ...azure, etag: `"${id}"`, 'last-modified': new Date().toUTCString() }).end();
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && entry.finalized && entry.blob) {
      res.writeHead(200, {
        ...azure,
        'content-type': 'application/octet-stream',
        'content-length': String(entry.blob.length),
        'x-ms-blob-type': 'BlockBlob',
      });
      res.end(req.method === 'HEAD' ? undefined : entry.blob);
      return;
    }
    res.writeHead(404, azure).end();
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}` });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const blobMatch = BLOB.exec(url.pathname);
      if (blobMatch) {
        blob(req, url, Number(blobMatch[1]), body, res);
        return;
      }
      if (!url.pathname.startsWith(TWIRP) || req.method !== 'POST') {
        twirpError(res, 404, 'bad_route', 'not found');
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        twirpError(res, 401, 'unauthenticated', 'bad token');
        return;
      }
      if (fault === 'hang') return;
      if (fault === 'error') {
        twirpError(res, 500, 'internal', 'the cache service is down');
        return;
      }
      if (fault === 'rate-limit') {
        res.setHeader('retry-after', '60');
        twirpError(res, 429, 'resource_exhausted', 'rate limited');
        return;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        twirpError(res, 400, 'malformed', 'not JSON');
        return;
      }
      twirp(url.pathname.slice(TWIRP.length), parsed, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const blobUrl = (id: number): string =>
    `${base}/devstoreaccount1/caches/${id}?sv=2025-01-05&sr=b&sp=rw&sig=fake-signature`;

  return {
    url: `${base}/`,
    env: () => ({
      ACTIONS_RESULTS_URL: `${base}/`,
      ACTIONS_RUNTIME_TOKEN: TOKEN,
      ACTIONS_CACHE_SERVICE_V2: 'true',
    }),
    entries,
    requests,
    setFault: (next) => {
      fault = next;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
