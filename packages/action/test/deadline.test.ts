// One deadline, one signal: the step's `timeout` bounds every I/O — kie.ai behind a proxy that never answers included
// — and once the outputs and the summary are written the process exits, whatever sockets a library left open. The
// committed bundle, run as the runner runs it.
import { startConnectProxy, startFakeKie, type ConnectProxy, type FakeKie } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/runner.mjs';
import { expectNoKey, withDefaults } from './harness.js';

const KEY = 'sk-deadline-Secr3t-Key-0123456789';

let fake: FakeKie;
let silent: ConnectProxy;
beforeAll(async () => {
  fake = await startFakeKie({ apiKey: KEY });
  silent = await startConnectProxy({ neverAnswer: true });
});
afterAll(async () => {
  await silent?.close();
  await fake?.close();
});

describe('a proxy that accepts the connection and never answers [time-bound]', () => {
  // HTTPS_PROXY carries https URLs: the base URL is then https on loopback (the tunnel to it is never opened).
  it.each(['HTTP_PROXY', 'HTTPS_PROXY'])(
    '%s: the step times out at its timeout, writes its outputs, and the process exits',
    async (variable) => {
      const taskId = `task_deadline_${variable}`;
      fake.addTask({ taskId, timeline: [{ state: 'generating' }] });
      silent.tunnels.length = 0;
      const baseUrl = variable === 'HTTPS_PROXY' ? fake.url.replace(/^http:/, 'https:') : fake.url;
      const r = await runAction({
        ...withDefaults(
          { inputs: { timeout: '3s' }, env: { [variable]: silent.url } },
          { taskId, apiKey: KEY, baseUrl },
        ),
        // Far beyond the bound asserted below: a hang shows up as a killed child, not a slow test.
        timeoutMs: 20_000,
      });
      expectNoKey(r, KEY);
      // The child exited by itself (the harness kills it with SIGKILL only after 20 s).
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.exitedAt).toBeLessThan(3_000 + 2_000);
      // The requests really went to the proxy, and it never let one through.
      expect(silent.tunnels.length).toBeGreaterThan(0);
      expect(fake.requestsFor(taskId)).toEqual([]);
      expect(r.outputs).toMatchObject({ 'timed-out': 'true', 'task-id': taskId });
      expect(r.stdout).toMatch(/::error::.*timed out|::error::.*Timed out/i);
    },
    30_000,
  );
});
