// The built executable (dist/bin.js, rebuilt by build-once.ts when stale) as a child process: real argv, env,
// exit codes and signals.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskSummary } from '@kie-task/core/internal';
import {
  refusedUrl,
  startConnectProxy,
  startFakeKie,
  type ConnectProxy,
  type FakeKie,
} from '@kie-task/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function spawnBin(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void,
  killAfter?: { signal: NodeJS.Signals; ms: number },
) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('KIE_')));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    onStderr?.(stderr, (signal) => child.kill(signal));
  });
  const timer = killAfter && setTimeout(() => child.kill(killAfter.signal), killAfter.ms);
  return new Promise<Exit>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let fake: FakeKie;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await startFakeKie({
    tasks: [
      { taskId: 'ok', timeline: [{ state: 'waiting' }, { state: 'success', afterMs: 100 }] },
      { taskId: 'bad', timeline: [{ state: 'fail' }], failMsg: 'nope' },
      { taskId: 'slow', timeline: [{ state: 'generating' }] },
    ],
  });
  env = { KIE_API_KEY: fake.apiKey, KIE_BASE_URL: fake.url };
});
afterEach(() => fake.close());

describe('kie-task (built bin)', () => {
  it('--version and --help exit 0', async () => {
    expect(await spawnBin(['--version'], {})).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await spawnBin(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kie-task');
    expect(help.stdout).toContain('130  interrupted');
  });

  it('exits 2 for an unknown flag and for a missing key', async () => {
    const flag = await spawnBin(['wait', 'ok', '--nope'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--nope'");
    const key = await spawnBin(['wait', 'ok'], { KIE_BASE_URL: fake.url });
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('KIE_API_KEY');
  });

  it('exits 0 with the JSON summaries, 1 for a failed task, 3 on timeout, 4 for a rejected key', async () => {
    const ok = await spawnBin(['wait', 'ok', '--interval', '50ms', '--json'], env);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as TaskSummary[]).map((s) => s.state)).toEqual(['success']);
    expect((await spawnBin(['wait', 'bad', '--interval', '50ms'], env)).code).toBe(1);
    expect((await spawnBin(['wait', 'slow', '--interval', '50ms', '--timeout', '200ms'], env)).code).toBe(3);
    const auth = await spawnBin(['credits'], { ...env, KIE_API_KEY: 'wrong-key-wrong' });
    expect(auth.code).toBe(4);
    expect(auth.stderr).toMatch(/401/);
  });

  it('status and credits fail fast when no connection can be made, naming the host and the cause', async () => {
    const refused = await refusedUrl();
    const host = new URL(refused).host;
    for (const args of [['status', 'ok'], ['credits']]) {
      const exit = await spawnBin(args, { ...env, KIE_BASE_URL: refused });
      expect(exit.code, exit.stderr).toBe(4);
      expect(exit.stderr).toContain(`kie-task: request to ${host} failed: ECONNREFUSED`);
      // Retrying is for `wait`: a one-shot command reports within seconds (it used to take ~90 s).
      expect(exit.ms).toBeLessThan(10_000);
    }
  });

  it('refuses a base URL that ends in /api/v1, saying to give the origin', async () => {
    const exit = await spawnBin(['status', 'ok'], { ...env, KIE_BASE_URL: `${fake.url}/api/v1` });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('give the origin only, such as https://api.kie.ai');
  });

  it('exits 130 promptly on SIGINT, printing what it knows', async () => {
    let sentAt = 0;
    const exit = await spawnBin(['wait', 'slow', '--interval', '50ms', '--json'], env, (stderr, kill) => {
      if (!sentAt && stderr.includes('slow generating')) {
        sentAt = Date.now();
        kill('SIGINT');
      }
    });
    expect(sentAt).toBeGreaterThan(0);
    expect(exit.code).toBe(130);
    // Prompt: the wait is aborted at once, not at the next poll or the deadline (slack for a loaded machine).
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(JSON.parse(exit.stdout)).toMatchObject([
      { taskId: 'slow', state: 'generating', error: 'Interrupted before the task finished' },
    ]);
  });

  it('exits 130 on SIGTERM too', async () => {
    let sent = false;
    const exit = await spawnBin(['wait', 'slow', '--interval', '50ms'], env, (stderr, kill) => {
      if (!sent && stderr.includes('slow generating')) {
        sent = true;
        kill('SIGTERM');
      }
    });
    expect(exit.code).toBe(130);
    expect(exit.stderr).toContain('kie-task: interrupted; task slow was generating');
  });
});

describe('kie-task behind a proxy', () => {
  it('sends API calls and downloads through HTTP_PROXY, and honours NO_PROXY', async () => {
    const proxy = await startConnectProxy();
    const dir = mkdtempSync(join(tmpdir(), 'kie-cli-proxy-'));
    try {
      const proxied = await spawnBin(['wait', 'ok', '--interval', '50ms', '--download', dir], {
        ...env,
        HTTP_PROXY: proxy.url,
      });
      expect(proxied.code).toBe(0);
      expect(readdirSync(dir)).toEqual(['ok-1.png']);
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(fake.url).host]));

      proxy.tunnels.length = 0;
      const direct = await spawnBin(['status', 'ok'], {
        ...env,
        http_proxy: proxy.url,
        NO_PROXY: '127.0.0.1',
      });
      expect(direct.code).toBe(0);
      expect(proxy.tunnels).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await proxy.close();
    }
  });
});

describe('kie-task behind a proxy that accepts the connection and never answers', () => {
  // HTTPS_PROXY carries https URLs: the base URL is https on loopback (the tunnel to it is never opened).
  const silentEnv = (proxy: ConnectProxy): Record<string, string> => ({
    ...env,
    KIE_BASE_URL: fake.url.replace(/^http:/, 'https:'),
    HTTPS_PROXY: proxy.url,
  });

  it('--timeout ends the wait in time, exit 3, and the process exits', async () => {
    const proxy = await startConnectProxy({ neverAnswer: true });
    try {
      const exit = await spawnBin(
        ['wait', 'slow', '--interval', '50ms', '--timeout', '2s'],
        silentEnv(proxy),
      );
      expect(exit.code).toBe(3);
      expect(exit.stderr).toMatch(/Timed out waiting for task slow after 2\.0s/);
      // Not 30 minutes: the 2 s timeout plus start-up and exit, which take seconds on a loaded machine.
      expect(exit.ms).toBeLessThan(2_000 + 13_000);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('Ctrl-C ends it at once, exit 130', async () => {
    const proxy = await startConnectProxy({ neverAnswer: true });
    try {
      const exit = await spawnBin(['wait', 'slow', '--interval', '50ms'], silentEnv(proxy), undefined, {
        signal: 'SIGINT',
        ms: 3_000, // after start-up, even on a loaded machine (before its handler is in, SIGINT kills Node)
      });
      expect(exit.code).toBe(130);
      expect(exit.stderr).toContain('kie-task: interrupted; task slow was not seen yet');
      // The signal came at 3 s; without it the wait would run for 30 minutes.
      expect(exit.ms).toBeLessThan(3_000 + 5_000);
    } finally {
      await proxy.close();
    }
  });
});

describe('on a real terminal (a pty through util-linux script)', () => {
  it.runIf(process.platform === 'linux' && existsSync('/usr/bin/script'))(
    'hostile API text cannot retitle, recolour or reorder the terminal, and the key never shows',
    async () => {
      const key = 'sk-pty-Secr3t_key-0123456789';
      const hostileFake = await startFakeKie({
        apiKey: key,
        tasks: [
          {
            taskId: 'pty',
            timeline: [{ state: 'generating' }, { state: 'fail', afterPolls: 1 }],
            failMsg: `\u001b]0;owned title\u0007\u001b[2J\u202eevil ${key}`,
          },
        ],
      });
      try {
        const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} wait pty --interval 50ms`;
        const child = spawn('/usr/bin/script', ['-qefc', command, '/dev/null'], {
          env: { ...process.env, KIE_API_KEY: key, KIE_BASE_URL: hostileFake.url, TERM: 'xterm-256color' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code).toBe(1);
        expect(out).toContain('evil ***');
        expect(out).not.toContain(key);
        expect(out).not.toContain('\u001b]0;');
        expect(out).not.toContain('\u001b[2J');
        expect(out).not.toContain('\u202e');
      } finally {
        await hostileFake.close();
      }
    },
    20_000,
  );
});
