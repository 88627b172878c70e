// `pnpm demo`: the committed bundle, run exactly as the GitHub runner runs it, against the testkit's fake kie.ai
// server. One task goes waiting → queuing → generating → success in about three seconds; a second one fails.
// Prints each run's log, its step outputs and its job summary. Exits 0 when both runs behaved as expected.
import { existsSync } from 'node:fs';
import { demoScenario, startFakeKie } from '@kie-task/testkit';
import { bundlePath, runAction } from './runner.mjs';

const API_KEY = 'demo-key-not-a-real-secret';
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const rule = (title) => console.log(`\n${bold(`── ${title} ${'─'.repeat(Math.max(0, 74 - title.length))}`)}`);

if (!existsSync(bundlePath)) {
  console.error(`${bundlePath} is missing: run "pnpm --filter @kie-task/action build" first.`);
  process.exit(1);
}

/**
 * Prints a line of the step's stdout as the runner's log shows it by default: workflow commands are interpreted,
 * not shown — `::debug::` lines only appear with debug logging on, `::add-mask::` registers a secret, groups fold,
 * and annotations read `Error: …`.
 */
function showLogLine(line) {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (!command) return console.log(`  │ ${line}`);
  const [, name, text] = command;
  const shown = { error: 'Error: ', warning: 'Warning: ', notice: 'Notice: ', group: '▸ ' };
  if (name in shown) console.log(`  │ ${shown[name]}${text}`);
}

const scenario = demoScenario();
const fake = await startFakeKie({ ...scenario, apiKey: API_KEY });
console.log(
  `Fake kie.ai server on ${fake.url} (from @kie-task/testkit), serving task_demo_success and task_demo_fail.`,
);

const runs = [
  { taskId: 'task_demo_success', expectedCode: 0, note: 'succeeds: the step is green' },
  {
    taskId: 'task_demo_fail',
    expectedCode: 1,
    note: "fails: the step goes red with the task's failMsg (expected)",
  },
];
let allAsExpected = true;
try {
  for (const { taskId, expectedCode, note } of runs) {
    const step = `- uses: kie-task/kie-task@v1\n  with:\n    task-id: ${taskId}\n    api-key: \${{ secrets.KIE_API_KEY }}\n    base-url: ${fake.url}\n    poll-interval: 500ms`;
    rule(`Step: wait for ${taskId}`);
    console.log(step.replace(/^/gm, '  '));
    rule('Log (as the runner shows it by default)');
    // Restart the task's clock, so each run sees its whole lifecycle.
    fake.addTask(scenario.tasks.find((task) => task.taskId === taskId));
    let partial = '';
    const result = await runAction({
      inputs: { 'task-id': taskId, 'api-key': API_KEY, 'base-url': fake.url, 'poll-interval': '500ms' },
      onStdout: (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) showLogLine(line);
      },
    });
    if (partial) showLogLine(partial);
    if (result.stderr) process.stdout.write(result.stderr.replace(/^/gm, '  stderr │ '));
    rule('Step outputs (GITHUB_OUTPUT)');
    for (const [name, value] of Object.entries(result.outputs)) {
      const shown = value.length > 160 ? `${value.slice(0, 157)}...` : value;
      console.log(`  ${name.padEnd(14)} ${shown}`);
    }
    rule('Job summary (GITHUB_STEP_SUMMARY, markdown)');
    console.log(result.summary.replace(/^/gm, '  '));
    const ok = result.code === expectedCode;
    allAsExpected &&= ok;
    console.log(
      `${bold(`Exit code ${result.code}`)}: ${ok ? note : `expected ${expectedCode} — something is wrong`}`,
    );
  }
} finally {
  await fake.close();
}
rule('Done');
console.log(allAsExpected ? 'Both runs behaved as expected.' : 'A run did not behave as expected.');
process.exitCode = allAsExpected ? 0 : 1;
