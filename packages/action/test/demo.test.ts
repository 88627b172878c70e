// `npm run demo` is the first thing a newcomer runs: its log must read like the runner's, not like raw stdout.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../scripts/demo.mjs', import.meta.url));

describe('the demo', () => {
  it('shows the log as the runner does by default, each final state once, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [demo], { timeout: 60_000 });
    const log = stdout
      .split('\n')
      .filter((line) => line.startsWith('  │ '))
      .map((line) => line.slice(4));
    expect(log.length).toBeGreaterThan(5);
    // Workflow commands are interpreted, not shown: debug lines are hidden unless debug logging is on.
    expect(log.filter((line) => line.startsWith('::'))).toEqual([]);
    expect(log).toContain(
      'Error: Task task_demo_fail failed (500): Content policy violation: the prompt was rejected.',
    );
    // The state line of each final state, once.
    expect(log.filter((line) => / task_demo_success {2}success\b/.test(line))).toHaveLength(1);
    expect(log.filter((line) => /task_demo_success: success/.test(line))).toEqual([]);
    expect(log.filter((line) => / task_demo_fail {2}fail\b/.test(line))).toHaveLength(1);
    expect(stdout).toContain('Both runs behaved as expected.');
  });
});
