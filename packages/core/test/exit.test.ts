// No timer or listener outlives a wait: a script awaiting waitForTask exits the moment it settles.
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Runs a script that waits and returns how long its event loop kept running after the wait settled (measured inside
 * the child: the 'exit' event fires once nothing is left to run), and how long the whole process lived after that
 * (which also includes process teardown, slower on a loaded machine).
 */
async function lingerAfterSettling(
  body: string,
): Promise<{ linger: number; teardown: number; timers: string[] | null; stdout: string }> {
  const script = `
    import { KieClient } from ${JSON.stringify(entry)};
    process.on('exit', () => console.log('exit', Date.now()));
    const client = new KieClient({ apiKey: process.env.KEY, baseUrl: process.env.URL });
    try { ${body} } catch (error) { console.log('error', error.name); }
    console.log('settled', Date.now());
    // What still keeps the loop alive once the wait settled: timers here would be a leak, however fast the machine.
    console.log('timers', JSON.stringify(process.getActiveResourcesInfo().filter((r) => r === 'Timeout')));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, KEY: server!.apiKey, URL: server!.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exitedAt = await new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now())));
  const settledAt = Number(/settled (\d+)/.exec(stdout)?.[1]);
  const loopEndedAt = Number(/exit (\d+)/.exec(stdout)?.[1]);
  const timers = JSON.parse(/timers (.*)/.exec(stdout)?.[1] ?? 'null') as string[] | null;
  return { linger: loopEndedAt - settledAt, teardown: exitedAt - settledAt, timers, stdout };
}

/**
 * How long the event loop may stay alive after the promise settled (sockets closing, the last callbacks). A timer
 * left behind is caught exactly, whatever the machine's load, by the `timers` list; this bound catches any other
 * handle that would hold the process for the poll interval or the 30-minute deadline, with a loaded machine's slack
 * (a 2-core machine at load 25 has taken 7 s to get there).
 */
const LINGER_MS = 10_000;

describe('process exit after a wait', () => {
  it('exits promptly after a success, even with a long default cadence and deadline', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 't', timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 1 }] }],
    });
    const { linger, teardown, timers, stdout } = await lingerAfterSettling(
      `const r = await client.waitForTask('t', { interval: 50 }); console.log(r.record.state);`,
    );
    expect(stdout).toContain('success');
    expect(timers).toEqual([]);
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(LINGER_MS + 5_000);
  });

  it('exits promptly after a timeout', async () => {
    server = await startFakeKie({ tasks: [{ taskId: 't', timeline: [{ state: 'generating' }] }] });
    const { linger, teardown, timers, stdout } = await lingerAfterSettling(
      `const r = await client.waitForTask('t', { interval: 50, timeoutMs: 200 }); console.log(r.kind, r.error.name);`,
    );
    expect(stdout).toContain('timeout WaitTimeoutError');
    expect(timers).toEqual([]);
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(LINGER_MS + 5_000);
  });

  it('exits promptly after waitForTasks settling', async () => {
    server = await startFakeKie({
      tasks: [
        { taskId: 'a', timeline: [{ state: 'success' }] },
        { taskId: 'b', timeline: [{ state: 'fail' }] },
      ],
    });
    const { linger, teardown, timers, stdout } = await lingerAfterSettling(
      `const rs = await client.waitForTasks(['a', 'b'], { interval: 50 }); console.log(rs.map((r) => r.record.state).join());`,
    );
    expect(stdout).toContain('success,fail');
    expect(timers).toEqual([]);
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(LINGER_MS + 5_000);
  });
});
