// Hostile answers cannot hurt, through the committed bundle as the runner runs it: a 100 MB answer and a gzip bomb
// are stopped at the cap with the child's peak memory well under 150 MB, a deeply nested record still writes every
// output, and a redirect to another origin is refused without the key going there.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction, type RunOutcome } from '../scripts/runner.mjs';
import { expectNoKey } from './harness.js';

const KEY = 'sk-hostile-Secr3t-Key-0123456789';
// Prints the child's peak resident memory (KiB on Linux) as it exits, whatever path it exits by.
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kib='+process.resourceUsage().maxRSS+'\\n'))`;
const MAX_PEAK_KIB = 150 * 1024;

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
  servers = [];
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function runAgainst(baseUrl: string): Promise<RunOutcome & { peakKib: number }> {
  const result = await runAction({
    node: ['--import', PEAK_RSS],
    inputs: {
      'task-id': 'task_hostile',
      'api-key': KEY,
      'base-url': baseUrl,
      'poll-interval': '50ms',
      timeout: '20s',
    },
  });
  expectNoKey(result, KEY);
  const peak = /peak-rss-kib=(\d+)/.exec(result.stderr)?.[1];
  return { ...result, peakKib: Number(peak) };
}

/**
 * `megabytes` MiB of spaces, gzipped (about 1 KiB per MiB), built by streaming: allocating the gigabyte here would
 * count in the child's peak memory too (Linux carries a process's peak RSS across fork and exec).
 */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const block = Buffer.alloc(1024 * 1024, 32);
  for (let i = 0; i < megabytes; i++) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

const record = (data: Record<string, unknown>): string => JSON.stringify({ code: 200, msg: 'success', data });

describe('hostile answers, through the bundle', () => {
  it('a 100 MB answer is stopped at the cap: the step fails clearly, every output is written, memory stays low', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      const chunk = Buffer.alloc(256 * 1024, 32);
      let sent = 0;
      const pump = (): void => {
        while (sent < 100 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 100 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.on('close', () => (sent = Infinity));
      pump();
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*larger than 4096 KiB/);
    expect(Object.keys(r.outputs)).toContain('tasks');
    expect(r.outputs['task-id']).toBe('task_hostile');
    expect(r.peakKib).toBeGreaterThan(0);
    expect(r.peakKib).toBeLessThan(MAX_PEAK_KIB);
  });

  it('a gzip bomb (1 GB from 1 MB) is counted after decompression and stopped', async () => {
    const bomb = await gzipBomb(1024);
    const url = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      });
      res.end(bomb);
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/larger than 4096 KiB/);
    expect(r.peakKib).toBeLessThan(MAX_PEAK_KIB);
  }, 60_000);

  it('a successful task with a deeply nested resultJson and param still writes every output', async () => {
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        record({
          taskId: 'task_hostile',
          model: 'z-image',
          state: 'success',
          param: `{"model":"z-image","input":{"prompt":"deep","nest":${deep}}}`,
          resultJson: `{"resultUrls":["https://cdn.example/a.png"],"extra":${deep}}`,
          createTime: 1_764_580_800_000,
          completeTime: 1_764_580_806_000,
        }),
      );
    });
    const r = await runAgainst(url);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ state: 'success', 'result-url': 'https://cdn.example/a.png' });
    expect(JSON.parse(r.outputs.tasks!)).toMatchObject([{ outcome: 'success' }]);
  });

  it('a resultJson sent as an object 100,000 levels deep ends with a state, a warning and every output', async () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      // Not a JSON string: the object itself, as a proxy re-encoding the answer might send it.
      res.end(
        record({
          taskId: 'task_hostile',
          model: 'z-image',
          state: 'success',
          param: '{}',
          resultJson: 'X',
        }).replace('"X"', `{"resultUrls":["https://cdn.example/a.png"],"extra":${deep}}`),
      );
    });
    const r = await runAgainst(url);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '::warning::Task task_hostile: data is nested deeper than 64 levels; the deeper parts were left out',
    );
    expect(r.outputs).toMatchObject({ state: 'success', 'result-url': 'https://cdn.example/a.png' });
    expect(() => JSON.parse(r.outputs['result-json']!) as unknown).not.toThrow();
  });

  describe('an answer of 3.7 MB with 160,000 result URLs (under the 4 MiB cap) [time-bound]', () => {
    // 160,000 distinct URLs, as a JSON string inside the record like kie.ai's own resultJson: about 3.7 MB.
    const urls = Array.from({ length: 160_000 }, (_, i) => `https://c.e/${String(i).padStart(6, '0')}`);
    const answer = (state: string): string =>
      record({
        taskId: 'task_hostile',
        model: 'z-image',
        state,
        param: '{}',
        resultJson: JSON.stringify({ resultUrls: urls }),
      });

    it('ends well within timeout + 2 s, cut to 1,000 URLs with a warning, every output written', async () => {
      const body = answer('success');
      expect(body.length).toBeGreaterThan(3_500_000);
      const url = await serve((_req, res) => res.end(body));
      const result = await runAction({
        inputs: { 'task-id': 'task_hostile', 'api-key': KEY, 'base-url': url, timeout: '5s' },
        timeoutMs: 30_000,
      });
      expect(result.elapsedMs).toBeLessThan(7_000);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /::warning::Task task_hostile: .*has 160000 entries; kept the first 1000/,
      );
      expect(JSON.parse(result.outputs['result-urls']!)).toHaveLength(1_000);
      expect(result.outputs.state).toBe('success');
    });

    it('while the task is pending, polling it never blocks a SIGTERM for more than a second', async () => {
      const body = answer('generating');
      const url = await serve((_req, res) => res.end(body));
      const result = await runAction({
        inputs: {
          'task-id': 'task_hostile',
          'api-key': KEY,
          'base-url': url,
          timeout: '5s',
          'poll-interval': '100ms',
        },
        // Sent while the step keeps re-reading the 160,000 URLs of every answer.
        signal: { name: 'SIGTERM', when: (stdout: string) => stdout.includes('generating'), delayMs: 300 },
        timeoutMs: 30_000,
      });
      expect(result.signalledAt).not.toBeNull();
      expect(result.exitedAt - (result.signalledAt ?? Infinity)).toBeLessThan(1_000);
      expect(result.code).not.toBe(0);
      expect(result.outputs.state).toBe('generating');
    });
  });

  it('a redirect to another origin is refused, naming it, and the key never goes there', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    const url = await serve((req, res) =>
      res.writeHead(302, { location: `${elsewhere}${req.url ?? ''}` }).end(),
    );
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`redirected to ${elsewhere} (another origin)`);
    expect(seen).toEqual([]);
  });
});
