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
): Promise<{ linger: number; teardown: number; stdout: string }> {
  const script = `
    import { KieClient } from ${JSON.stringify(entry)};
    process.on('exit', () => console.log('exit', Date.now()));
    const client = new KieClient({ apiKey: process.env.KEY, baseUrl: process.env.URL });
    try { ${body} } catch (error) { console.log('error', error.name); }
    console.log('settled', Date.now());
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
  return { linger: loopEndedAt - settledAt, teardown: exitedAt - settledAt, stdout };
}

/**
 * How long the event loop may stay alive after the promise settled: a timer left behind would hold it for the poll
 * interval or the 30-minute deadline; a loaded machine adds well under this (no bound tighter than a second).
 */
const LINGER_MS = 1_500;

describe('process exit after a wait', () => {
  it('exits promptly after a success, even with a long default cadence and deadline', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 't', timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 1 }] }],
    });
    const { linger, teardown, stdout } = await lingerAfterSettling(
      `const r = await client.waitForTask('t', { interval: 50 }); console.log(r.record.state);`,
    );
    expect(stdout).toContain('success');
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(3_000);
  });

  it('exits promptly after a timeout', async () => {
    server = await startFakeKie({ tasks: [{ taskId: 't', timeline: [{ state: 'generating' }] }] });
    const { linger, teardown, stdout } = await lingerAfterSettling(
      `const r = await client.waitForTask('t', { interval: 50, timeoutMs: 200 }); console.log(r.kind, r.error.name);`,
    );
    expect(stdout).toContain('timeout WaitTimeoutError');
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(3_000);
  });

  it('exits promptly after waitForTasks settling', async () => {
    server = await startFakeKie({
      tasks: [
        { taskId: 'a', timeline: [{ state: 'success' }] },
        { taskId: 'b', timeline: [{ state: 'fail' }] },
      ],
    });
    const { linger, teardown, stdout } = await lingerAfterSettling(
      `const rs = await client.waitForTasks(['a', 'b'], { interval: 50 }); console.log(rs.map((r) => r.record.state).join());`,
    );
    expect(stdout).toContain('success,fail');
    expect(linger).toBeLessThan(LINGER_MS);
    expect(teardown).toBeLessThan(3_000);
  });
});
