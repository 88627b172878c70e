// Hostile answers cannot hurt: the key never leaves in an error, bodies are capped while streaming, redirects stay
// on the origin, and base URLs are nothing but an origin. Real HTTP on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FAMILY_NAMES, KieApiError, KieClient, KieResponseError } from '../src/index.js';
import { apiKeyProblem, baseUrlProblem, checkBaseUrl, familyProblem } from '../src/client-settings.js';

const KEY = 'sk-Trust_Key"\\&<0123456789abcdef';
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = (baseUrl: string, extra: Partial<ConstructorParameters<typeof KieClient>[0]> = {}) =>
  new KieClient({ apiKey: KEY, baseUrl, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 }, ...extra });

/** Every string an error exposes, down its cause chain. */
function everything(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 8 && current; i++) {
    if (current instanceof Error) {
      parts.push(
        current.message,
        current.stack ?? '',
        String((current as { apiMessage?: unknown }).apiMessage),
      );
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

const forms = (key: string): string[] => [
  key,
  JSON.stringify(key).slice(1, -1),
  encodeURIComponent(key),
  Buffer.from(key).toString('base64'),
];

describe('the key never leaves the client in an error', () => {
  it('is removed from msg, apiMessage and the message when kie.ai echoes it, raw or encoded', async () => {
    const url = await serve((req, res) => {
      const auth = req.headers.authorization ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 401, msg: `bad ${auth} ${forms(KEY).join(' ')}`, data: null }));
    });
    const error = await client(url)
      .getTask('t1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    for (const form of forms(KEY)) expect(everything(error)).not.toContain(form);
    expect((error as KieApiError).apiMessage).toContain('Bearer ***');
  });

  it('is removed from parse errors that quote the body, and from wait results and onRetry events', async () => {
    const url = await serve((req, res) => {
      res.statusCode = 200;
      res.end(`not json ${req.headers.authorization ?? ''}`);
    });
    const retried: string[] = [];
    const [result] = await client(url).waitForTasks(['t1'], {
      interval: 5,
      timeoutMs: 2_000,
      onRetry: (event) => retried.push(everything(event.error)),
    });
    expect(result?.kind).toBe('error');
    expect(everything(result?.error)).not.toContain(KEY);
    expect(retried.length).toBeGreaterThan(0);
    for (const text of retried) expect(text).not.toContain(KEY);
  });

  it('refuses a key too short to redact safely', () => {
    expect(() => new KieClient({ apiKey: 'short' })).toThrow(/shorter than 8 characters/);
  });
});

describe('bodies are capped while streaming', () => {
  it('stops reading a huge answer and fails with a KieResponseError, without retrying', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      const chunk = Buffer.alloc(64 * 1024, 32);
      let sent = 0;
      const pump = (): void => {
        while (sent < 100 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 100 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
      res.on('close', () => (sent = Infinity));
    });
    const error = await client(url, { maxResponseBytes: 1024 * 1024 })
      .getTask('t1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieResponseError);
    expect(error).toMatchObject({ reason: 'too-large' });
    expect((error as Error).message).toMatch(/larger than 1024 KiB/);
    expect(requests).toBe(1);
  });

  it('counts after decompression: a small gzip bomb is stopped at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('content-length', bomb.length);
      res.end(bomb);
    });
    const error = await client(url)
      .getTask('t1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KieResponseError', reason: 'too-large' });
  });
});

describe('redirects stay on the origin', () => {
  it('follows a same-origin redirect of a status query', async () => {
    const url = await serve((req, res) => {
      if (!req.url?.startsWith('/moved')) {
        res.writeHead(302, { location: `/moved${req.url ?? ''}` }).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 200, msg: 'success', data: { taskId: 't1', state: 'generating' } }));
    });
    expect((await client(url).getTask('t1')).state).toBe('generating');
  });

  it('refuses a redirect to another origin, naming the target, and never sends the key there', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    const url = await serve((req, res) =>
      res.writeHead(307, { location: `${elsewhere}${req.url ?? ''}` }).end(),
    );
    const error = await client(url)
      .getTask('t1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KieResponseError', reason: 'redirect' });
    expect((error as Error).message).toContain(`redirected to ${elsewhere} (another origin)`);
    expect(seen).toEqual([]);
  });

  it('refuses to re-send a POST on a redirect', async () => {
    const url = await serve((_req, res) => res.writeHead(308, { location: '/again' }).end());
    const error = await client(url)
      .getDownloadUrl('https://tempfile.aiquickdraw.com/a.png')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KieResponseError', reason: 'redirect' });
  });
});

describe('checkBaseUrl', () => {
  it('refuses a query, a fragment or credentials, and never shows the credentials', () => {
    expect(() => checkBaseUrl('https://api.kie.ai/?x=1')).toThrow(/must not have a query/);
    expect(() => checkBaseUrl('https://api.kie.ai/#frag')).toThrow(/or a fragment/);
    let message = '';
    try {
      checkBaseUrl('https://user:hunter22secret@api.kie.ai');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must not contain a user name or password/);
    expect(message).not.toContain('hunter22secret');
    expect(message).toContain('"https://api.kie.ai"');
    expect(() => checkBaseUrl('ftp://user:hunter22secret@x')).toThrow(/^(?!.*hunter22secret)/);
    expect(checkBaseUrl('https://api.kie.ai/')).toBe('https://api.kie.ai');
  });

  it('refuses a path the client adds itself (/api/v1), and keeps any other path as a prefix', () => {
    for (const url of ['https://api.kie.ai/api/v1', 'https://api.kie.ai/api/v1/', 'https://api.kie.ai/api'])
      expect(() => checkBaseUrl(url)).toThrow(/give the origin only, such as https:\/\/api\.kie\.ai/);
    expect(checkBaseUrl('https://proxy.example/kie/')).toBe('https://proxy.example/kie');
  });
});

describe('the checks the Action and the CLI share', () => {
  it('baseUrlProblem gives the reason checkBaseUrl throws, without the URL', () => {
    expect(baseUrlProblem('https://api.kie.ai')).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:8080')).toBeNull();
    const reason = baseUrlProblem('http://user:hunter22secret@api.kie.ai')!;
    expect(reason).toMatch(/user name or password/);
    expect(reason).not.toContain('hunter22secret');
    expect(() => checkBaseUrl('http://api.kie.ai')).toThrow(`: ${baseUrlProblem('http://api.kie.ai')}.`);
  });

  it('familyProblem accepts every family and auto, and names them all otherwise', () => {
    for (const name of [...FAMILY_NAMES, 'auto']) expect(familyProblem(name)).toBeNull();
    const reason = familyProblem('sora')!;
    for (const name of [...FAMILY_NAMES, 'auto']) expect(reason).toContain(name);
  });

  it('apiKeyProblem is what KieClient refuses a key with', () => {
    expect(apiKeyProblem('k'.repeat(32))).toBeNull();
    const problem = apiKeyProblem('short')!;
    expect(() => new KieClient({ apiKey: 'short' })).toThrow(problem);
  });
});
