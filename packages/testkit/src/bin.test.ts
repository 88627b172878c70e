// Runs the built bin (turbo builds before testing), as a script would.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../test/helpers.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the URL from the KIE_FAKE_URL line (rejects if the process exits first). */
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const match = /^KIE_FAKE_URL=(\S+)\n/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', check);
    void exit.then(() => reject(new Error(`exited before listening; stderr: ${err}`)));
  });
  url.catch(() => undefined); // tests of failing runs never await it
  return { child, stdout: () => out, stderr: () => err, url, exit };
}

function record(url: string, taskId: string, key = 'test-key'): Promise<Envelope> {
  return fetch(`${url}/api/v1/jobs/recordInfo?taskId=${taskId}`, {
    headers: { authorization: `Bearer ${key}` },
  }).then((res) => res.json() as Promise<Envelope>);
}

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run "pnpm run build" first (turbo does it before test)`);
});

afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill();
});

describe('kie-fake-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kie-bin-'));

  it('serves a scenario file, prints exactly one KIE_FAKE_URL line, exits 0 on SIGTERM', async () => {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ taskId: 't1', timeline: [{ state: 'paused' }] }] }));
    const proc = run(['--scenario', file, '--api-key', 'k1', '--host', '127.0.0.1']);
    const url = await proc.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await record(url, 't1', 'k1')).toMatchObject({ code: 200, data: { state: 'paused' } });
    expect((await record(url, 't1', 'test-key')).code).toBe(401);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toEqual({ code: 0, signal: null });
    expect(proc.stdout()).toBe(`KIE_FAKE_URL=${url}\n`);
    expect(proc.stderr()).toBe('');
  });

  it('--demo serves the demo tasks; --verbose logs requests to stderr; SIGINT exits 0', async () => {
    const proc = run(['--demo', '--verbose']);
    const url = await proc.url;
    const success = await record(url, 'task_demo_success');
    expect(success).toMatchObject({ code: 200, data: { model: 'google/imagen4-fast' } });
    expect(['waiting', 'queuing']).toContain((success.data as { state: string }).state);
    expect((await record(url, 'task_demo_fail')).code).toBe(200);
    proc.child.kill('SIGINT');
    expect(await proc.exit).toEqual({ code: 0, signal: null });
    expect(proc.stderr()).toContain('GET /api/v1/jobs/recordInfo?taskId=task_demo_success -> 200');
    expect(proc.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('listens on --port', async () => {
    const probe = run([]);
    const port = new URL(await probe.url).port;
    probe.child.kill('SIGTERM');
    await probe.exit;
    const proc = run(['--port', port]);
    expect(await proc.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('exits 2 with usage on bad arguments', async () => {
    for (const args of [['--nope'], ['--port', 'abc'], ['--demo', '--scenario', 'x.json']]) {
      const proc = run(args);
      expect((await proc.exit).code).toBe(2);
      expect(proc.stderr()).toContain('Usage: kie-fake-server');
      expect(proc.stdout()).toBe('');
    }
  });

  it('exits 1 naming the bad field of an invalid scenario file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ taskId: 't1', faults: [{ on: 0, kind: 'hang' }] }] }));
    const proc = run(['--scenario', file]);
    expect((await proc.exit).code).toBe(1);
    expect(proc.stderr()).toContain('tasks[0].faults[0].on');
    expect(proc.stdout()).toBe('');
  });
});
