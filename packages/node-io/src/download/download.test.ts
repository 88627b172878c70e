// The downloader over real HTTP on loopback: a small file host (test/file-server.ts) and, for expired links, a
// fake kie.ai answering POST /api/v1/common/download-url.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KieApiError } from '@kie-task/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, trickle, type TestServer } from '../../test/file-server.js';
import {
  DownloadError,
  createDownloadUrlRefresher,
  downloadFile,
  downloadResults,
  startResultDownloads,
} from './index.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const API_KEY = 'sk-secret-key-123';

let base: string;
let dir: string;
const servers: TestServer[] = [];

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'kie-dl-'));
  dir = join(base, 'out');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(base, { recursive: true, force: true });
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** Every file under `base`, relative, so a test sees anything written outside `dir` too. */
async function allFiles(): Promise<string[]> {
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(base.length + 1))
    .sort();
}

describe('startResultDownloads', () => {
  it("starts a task's downloads when it is added, not when the last task is; done() lists them in added order", async () => {
    const files = await serve((req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    const saved: string[] = [];
    const queue = startResultDownloads({ dir, onFile: (file) => saved.push(file.taskId) });
    queue.add({ taskId: 'first', resultUrls: [`${files.url}/a.png`, `${files.url}/b.png`] });
    // The second task is not there yet: the first one's files arrive anyway.
    await expect.poll(() => saved.length).toBe(2);
    queue.add({ taskId: 'second', resultUrls: [`${files.url}/c.png`] });
    const outcome = await queue.done();
    expect(outcome.files.map((f) => `${f.taskId}-${f.index}`)).toEqual(['first-1', 'first-2', 'second-1']);
    expect(await readdir(dir)).toEqual(['first-1.png', 'first-2.png', 'second-1.png']);
    expect(() => queue.add({ taskId: 'late', resultUrls: [] })).toThrow(/after done/);
  });

  it('done() with nothing added resolves empty; an abort rejects it', async () => {
    expect(await startResultDownloads({ dir }).done()).toEqual({ files: [], failures: [] });
    const controller = new AbortController();
    const files = await serve(() => undefined); // never answers
    const queue = startResultDownloads({ dir, signal: controller.signal });
    queue.add({ taskId: 'hung', resultUrls: [`${files.url}/x.png`] });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(queue.done()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('downloadResults', () => {
  it('downloads several files, naming them <taskId>-<n>.<ext> from the URL or else the content type', async () => {
    const files = await serve((req, res) => {
      if (req.url === '/r/a.PNG?sig=1') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else if (req.url === '/r/b.mp4') res.writeHead(200, { 'content-type': 'video/mp4' }).end('video');
      else if (req.url === '/r/noext')
        res.writeHead(200, { 'content-type': 'audio/mpeg; charset=x' }).end('mp3');
      else if (req.url === '/r/weird.exe%20.txt%0a')
        res.writeHead(200, { 'content-type': 'application/x-weird+thing' }).end('?');
      else res.writeHead(404).end();
    });
    const seen: string[] = [];
    const outcome = await downloadResults(
      [
        { taskId: 't1', resultUrls: [`${files.url}/r/a.PNG?sig=1`, `${files.url}/r/b.mp4`] },
        { taskId: 't2', resultUrls: [`${files.url}/r/noext`, `${files.url}/r/weird.exe%20.txt%0a`] },
      ],
      { dir, onFile: (f) => seen.push(f.path) },
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.files.map((f) => [f.taskId, f.index, f.path, f.bytes])).toEqual([
      ['t1', 1, join(dir, 't1-1.png'), PNG.length],
      ['t1', 2, join(dir, 't1-2.mp4'), 5],
      ['t2', 1, join(dir, 't2-1.mp3'), 3],
      ['t2', 2, join(dir, 't2-2.bin'), 1],
    ]);
    expect(seen.sort()).toEqual(outcome.files.map((f) => f.path).sort());
    expect(await readFile(join(dir, 't1-1.png'))).toEqual(PNG);
    expect(await allFiles()).toEqual(['out/t1-1.png', 'out/t1-2.mp4', 'out/t2-1.mp3', 'out/t2-2.bin']);
  });

  it('fails a file over the size cap (early from Content-Length, or while streaming) and keeps the others', async () => {
    const files = await serve((req, res) => {
      if (req.url === '/declared.bin')
        res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000));
      else if (req.url === '/chunked.bin') trickle(res, 5000, 500, 1);
      else res.writeHead(200).end('small');
    });
    const outcome = await downloadResults(
      [
        {
          taskId: 'big',
          resultUrls: [`${files.url}/declared.bin`, `${files.url}/ok.txt`, `${files.url}/chunked.bin`],
        },
      ],
      { dir, maxBytes: 1000 },
    );
    expect(outcome.files.map((f) => f.path)).toEqual([join(dir, 'big-2.txt')]);
    expect(outcome.failures.map((f) => [f.index, f.error.kind])).toEqual([
      [1, 'too-large'],
      [3, 'too-large'],
    ]);
    const host = new URL(files.url).host;
    expect(outcome.failures[0]!.message).toBe(
      `Download of result 1 of task big from ${host} failed: the file is larger than the 1 kB limit (Content-Length 5 kB)`,
    );
    expect(outcome.failures[1]!.message).toContain('larger than the 1 kB limit (the body exceeded it)');
    expect(await allFiles()).toEqual(['out/big-2.txt']);
  });

  it('never writes outside the folder: traversal in the URL path, the task ID, or Content-Disposition', async () => {
    const files = await serve((req, res) => {
      res.writeHead(200, {
        'content-type': 'text/x-shellscript',
        'content-disposition': 'attachment; filename="../../evil.sh"',
      });
      res.end('#!/bin/sh\necho pwned\n');
    });
    const outcome = await downloadResults(
      [
        {
          taskId: 'trav',
          resultUrls: [
            `${files.url}/files/..%2F..%2Fetc%2Fpasswd`,
            `${files.url}/files/a%5C..%5Cx`,
            `${files.url}/files/c`,
            `${files.url}/files/..%2F..%2Fevil.sh`,
          ],
        },
        { taskId: '../../up/../x', resultUrls: [`${files.url}/files/d.png`] },
        { taskId: '/etc/cron.d/job', resultUrls: [`${files.url}/files/e.png`] },
      ],
      { dir },
    );
    expect(outcome.failures).toEqual([]);
    for (const file of outcome.files) {
      expect(dirname(file.path)).toBe(dir);
      expect(file.path.slice(dir.length + 1)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._~-]*$/);
    }
    expect(outcome.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'trav-1.bin', // "passwd" has no extension; text/x-shellscript is not a safe one
      'trav-2.bin',
      'trav-3.bin',
      'trav-4.sh', // the URL's own extension, but only as the extension of a name we built
      '___.._up_.._x-1.png', // dots stay, slashes cannot: one file name, directly in dir
      '_etc_cron.d_job-1.png',
    ]);
    expect((await allFiles()).every((path) => path.startsWith('out/'))).toBe(true);
    expect((await allFiles()).some((path) => path.includes('evil'))).toBe(false);
  });

  it('refreshes an expired link (403) once through kie.ai download-url, sending the key only to kie.ai', async () => {
    const files = await serve((req, res) => {
      if (req.url === '/files/old.png?Expires=1&Signature=abc') res.writeHead(403).end('expired');
      else if (req.url === '/fresh/old.png?X-Amz-Signature=new')
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else res.writeHead(404).end();
    });
    const kie = await serve((req, res, body) => {
      const ok =
        req.headers.authorization === `Bearer ${API_KEY}` && req.url === '/api/v1/common/download-url';
      const { url } = JSON.parse(body) as { url: string };
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? {
                code: 200,
                msg: 'success',
                data: url.replace(/\/files\/old\.png.*/, '/fresh/old.png?X-Amz-Signature=new'),
              }
            : { code: 401, msg: 'no' },
        ),
      );
    });
    const original = `${files.url}/files/old.png?Expires=1&Signature=abc`;
    const outcome = await downloadResults([{ taskId: 'exp', resultUrls: [original] }], {
      dir,
      refresh: createDownloadUrlRefresher({ apiKey: API_KEY, baseUrl: kie.url }),
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.files.map((f) => f.path)).toEqual([join(dir, 'exp-1.png')]);
    expect(await readFile(join(dir, 'exp-1.png'))).toEqual(PNG);
    expect(kie.requests).toHaveLength(1);
    expect(kie.requests[0]!.method).toBe('POST');
    expect(JSON.parse(kie.requests[0]!.body)).toEqual({ url: original });
    expect(files.requests.map((r) => r.path)).toEqual([
      '/files/old.png?Expires=1&Signature=abc',
      '/fresh/old.png?X-Amz-Signature=new',
    ]);
    for (const request of files.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(API_KEY);
    }
  });

  it('asks for a fresh link only once, and says so when the fresh link fails too', async () => {
    const files = await serve((_req, res) => res.writeHead(404).end());
    let refreshes = 0;
    const outcome = await downloadResults(
      [{ taskId: 'gone', resultUrls: [`${files.url}/files/x.png?token=SECRET`] }],
      {
        dir,
        refresh: async (url) => {
          refreshes += 1;
          return url.replace('x.png', 'y.png');
        },
      },
    );
    expect(refreshes).toBe(1);
    expect(files.requests).toHaveLength(2);
    const message = outcome.failures[0]!.message;
    expect(message).toBe(
      `Download of result 1 of task gone from ${new URL(files.url).host} failed: HTTP 404 (also with a fresh link)`,
    );
    expect(message).not.toContain('SECRET');
  });

  it('reports a failed refresh with the reason from kie.ai', async () => {
    const files = await serve((_req, res) => res.writeHead(403).end());
    const kie = await serve((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 422, msg: 'external url', data: null })),
    );
    const outcome = await downloadResults([{ taskId: 'ext', resultUrls: [`${files.url}/a.png`] }], {
      dir,
      refresh: createDownloadUrlRefresher({ apiKey: API_KEY, baseUrl: kie.url }),
    });
    expect(outcome.failures[0]!.error.kind).toBe('refresh');
    expect(outcome.failures[0]!.message).toMatch(
      /HTTP 403 \(link expired\?\), and asking for a fresh link failed: kie\.ai answered 422/,
    );
  });

  it('fails a stalled download after stallTimeoutMs, and retries a stall when retries allow', async () => {
    const files = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '1000' });
      res.write(Buffer.alloc(10)); // then nothing more
    });
    const started = Date.now();
    const outcome = await downloadResults([{ taskId: 'stall', resultUrls: [`${files.url}/v.mp4`] }], {
      dir,
      stallTimeoutMs: 200,
      retries: 1,
      retryDelayMs: 10,
    });
    const took = Date.now() - started;
    expect(outcome.failures[0]!.error.kind).toBe('stalled');
    expect(outcome.failures[0]!.message).toContain('no data received for 200ms (after 2 attempts)');
    expect(files.requests).toHaveLength(2);
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(3000);
    expect(await allFiles()).toEqual([]);
  });

  it('stops at once when aborted, deletes the partial file and rejects with an AbortError', async () => {
    const files = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      trickle(res, Infinity, 1024, 20);
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = downloadResults(
      [{ taskId: 'slow', resultUrls: [`${files.url}/1.mp4`, `${files.url}/2.mp4`, `${files.url}/3.mp4`] }],
      { dir, signal: controller.signal, concurrency: 2 },
    );
    // Wait until both downloads are streaming into their temporary files.
    const parts = async (): Promise<number> =>
      (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.part')).length;
    while ((await parts()) < 2 && Date.now() - started < 5000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await parts()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    controller.abort(new Error('user cancelled'));
    const error = await pending.catch((e: unknown) => e as Error);
    expect(Date.now() - abortedAt).toBeLessThan(3_000); // at once, with a loaded machine's slack
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(await readdir(dir)).toEqual([]);
    expect(files.requests).toHaveLength(2); // the third never started
  });

  it('retries transient statuses (503, 429) and then succeeds', async () => {
    let n = 0;
    const files = await serve((_req, res) => {
      n += 1;
      if (n === 1) res.writeHead(503).end();
      else if (n === 2) res.writeHead(429, { 'retry-after': '0' }).end();
      else res.writeHead(200, { 'content-type': 'image/webp' }).end('webp');
    });
    const outcome = await downloadResults([{ taskId: 'flaky', resultUrls: [`${files.url}/img`] }], {
      dir,
      retryDelayMs: 10,
    });
    expect(outcome.files.map((f) => f.path)).toEqual([join(dir, 'flaky-1.webp')]);
    expect(files.requests).toHaveLength(3);
  });

  it('does not retry a 404 without refresh, and names the host but never the signed URL', async () => {
    const files = await serve((_req, res) => res.writeHead(404).end());
    const outcome = await downloadResults(
      [{ taskId: 'X', resultUrls: [`${files.url}/ok.png`, `${files.url}/private/path.png?Signature=TOKEN`] }],
      { dir, retryDelayMs: 10 },
    );
    expect(files.requests).toHaveLength(2);
    const failure = outcome.failures[1]!;
    expect(failure.message).toBe(
      `Download of result 2 of task X from ${new URL(files.url).host} failed: HTTP 404`,
    );
    expect(failure.host).toBe(new URL(files.url).host);
    expect(JSON.stringify(failure)).not.toMatch(/TOKEN|private/);
  });

  it('downloads only http(s) URLs', async () => {
    const outcome = await downloadResults(
      [{ taskId: 'p', resultUrls: ['file:///etc/passwd', 'ftp://h/x.png', 'not a url'] }],
      {
        dir,
      },
    );
    expect(outcome.files).toEqual([]);
    expect(outcome.failures.map((f) => f.error.kind)).toEqual([
      'unsupported-url',
      'unsupported-url',
      'unsupported-url',
    ]);
    expect(outcome.failures[0]!.message).toBe(
      'Download of result 1 of task p failed: only http(s) URLs are downloaded, not file:',
    );
    expect(outcome.failures[2]!.message).toBe('Download of result 3 of task p failed: not a valid URL');
  });

  it('gives up when retries would not fit before the deadline', async () => {
    const files = await serve((_req, res) => res.writeHead(503).end());
    const started = Date.now();
    const outcome = await downloadResults([{ taskId: 'late', resultUrls: [`${files.url}/a.png`] }], {
      dir,
      retries: 100,
      retryDelayMs: 1_000,
      maxRetryDelayMs: 1_000,
      // Seconds, not milliseconds: a loaded machine may take most of a second for one answer.
      deadline: Date.now() + 3_000,
    });
    // It stops once a retry would not fit: before the deadline (plus a loaded machine's slack), never past it.
    expect(Date.now() - started).toBeLessThan(3_000 + 1_500);
    expect(outcome.failures[0]!.message).toMatch(/HTTP 503; no time left to retry before the deadline$/);
  });

  it('gives two task IDs that reduce to the same name distinct files', async () => {
    const files = await serve((_req, res) => res.writeHead(200).end('x'));
    const outcome = await downloadResults(
      [
        { taskId: 'a/b', resultUrls: [`${files.url}/1.txt`] },
        { taskId: 'a_b', resultUrls: [`${files.url}/1.txt`] },
      ],
      { dir, concurrency: 1 },
    );
    expect(outcome.files.map((f) => f.path)).toEqual([join(dir, 'a_b-1.txt'), join(dir, 'a_b-1~2.txt')]);
  });
});

describe('downloadFile', () => {
  it('writes to the given path through a temporary file', async () => {
    const files = await serve((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    const target = join(dir, 'nested', 'picture.png');
    const saved = await downloadFile(`${files.url}/x`, target);
    expect(saved).toEqual({ path: target, bytes: PNG.length, contentType: 'image/png' });
    expect((await stat(target)).size).toBe(PNG.length);
    expect(await readdir(dirname(target))).toEqual(['picture.png']);
  });

  it('throws a DownloadError with the label and host', async () => {
    const files = await serve((_req, res) => res.writeHead(410).end());
    const error = await downloadFile(`${files.url}/x?sig=1`, join(dir, 'f.bin'), {
      label: 'the video',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).message).toBe(
      `Download of the video from ${new URL(files.url).host} failed: HTTP 410`,
    );
    expect((error as DownloadError).httpStatus).toBe(410);
  });
});

describe('createDownloadUrlRefresher', () => {
  it('posts {url} with the key and returns data', async () => {
    const kie = await serve((_req, res) =>
      res
        .writeHead(200)
        .end(JSON.stringify({ code: 200, msg: 'success', data: 'https://cdn.example/fresh.png' })),
    );
    const refresh = createDownloadUrlRefresher({ apiKey: API_KEY, baseUrl: kie.url });
    await expect(refresh('https://tempfile.example/a.png', new AbortController().signal)).resolves.toBe(
      'https://cdn.example/fresh.png',
    );
    expect(kie.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(kie.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it("rejects a 401 with core's KieApiError, and data that is not an http(s) URL", async () => {
    let answer: unknown = { code: 401, msg: 'You do not have access permissions', data: null };
    const kie = await serve((_req, res) => res.writeHead(200).end(JSON.stringify(answer)));
    const refresh = createDownloadUrlRefresher({ apiKey: API_KEY, baseUrl: kie.url });
    const signal = new AbortController().signal;
    const error = await refresh('https://x/a.png', signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect((error as KieApiError).kind).toBe('auth');
    answer = { code: 200, msg: 'success', data: 'javascript:alert(1)' };
    await expect(refresh('https://x/a.png', signal)).rejects.toThrow(/expected an http\(s\) download link/);
  });

  it('refuses a plain-http base URL that is not loopback', () => {
    expect(() => createDownloadUrlRefresher({ apiKey: API_KEY, baseUrl: 'http://api.kie.ai' })).toThrow(
      /https/,
    );
  });
});

describe('redirects between file hosts', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const serveOnce = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  };

  it('follows a redirect to another file host, sending no credentials', async () => {
    const seen: (string | undefined)[] = [];
    const cdn = await serveOnce((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'image/png' }).end('png');
    });
    const front = await serveOnce((_req, res) => res.writeHead(302, { location: `${cdn}/real.png` }).end());
    const dir = await mkdtemp(join(tmpdir(), 'kie-redirect-'));
    try {
      const saved = await downloadFile(`${front}/a.png`, join(dir, 'a.png'));
      expect(await readFile(saved.path, 'utf8')).toBe('png');
      expect(seen).toEqual([undefined]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a redirect to another scheme, with the reason', async () => {
    const front = await serveOnce((_req, res) =>
      res.writeHead(302, { location: 'ftp://files.example/a.png' }).end(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'kie-redirect-'));
    try {
      const error = await downloadFile(`${front}/a.png`, join(dir, 'a.png')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as Error).message).toMatch(/a redirect to a ftp: URL; only http\(s\) is followed/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
