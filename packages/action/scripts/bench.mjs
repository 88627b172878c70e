// `pnpm bench`: whole-process time of the Action (the committed bundle, run as the runner runs it) waiting for an
// already-finished task, against a bare `node` script doing the same single fetch against the same fake server, in
// the same run, alternating. Rewrites its own section of docs/benchmarks.md (between the bench:startup markers).
// Options: --runs N (default 20), --no-write.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startFakeKie } from '@kie-task/testkit';
import { bundlePath, packageDir, readActionYml, runAction } from './runner.mjs';
import { writeBenchmarkSection } from '../../../scripts/benchmarks-doc.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'no-write': { type: 'boolean' } },
});
const RUNS = Number(values.runs);
const WARMUP = 3;
const API_KEY = 'bench-key-not-a-real-secret';
const TASK_ID = 'task_bench_done';

const work = mkdtempSync(join(os.tmpdir(), 'kie-bench-'));
// The baseline: what any script waiting for one finished task must at least do.
const baseline = join(work, 'baseline.mjs');
writeFileSync(
  baseline,
  `const url = process.env['INPUT_BASE-URL'] + '/api/v1/jobs/recordInfo?taskId=' + process.env['INPUT_TASK-ID'];
const response = await fetch(url, { headers: { authorization: 'Bearer ' + process.env['INPUT_API-KEY'] } });
const body = JSON.parse(await response.text());
process.stdout.write(body.data.state + '\\n');
`,
);
// References that explain the design: an empty script, and a bundle that only imports @actions/core.
const empty = join(work, 'empty.mjs');
writeFileSync(empty, '');
const actionsCoreProbe = buildActionsCoreProbe();

const fake = await startFakeKie({ apiKey: API_KEY, tasks: [{ taskId: TASK_ID }] });
const series = {
  action: { label: 'Action bundle (`node packages/action/dist/index.js`)', bundle: bundlePath, times: [] },
  baseline: { label: 'bare `node` script: one fetch + JSON.parse + one line', bundle: baseline, times: [] },
  empty: { label: 'reference: empty `node` script', bundle: empty, times: [] },
  ...(actionsCoreProbe
    ? {
        core: {
          label: 'reference: ncc bundle that only imports `@actions/core` 3',
          bundle: actionsCoreProbe,
          times: [],
        },
      }
    : {}),
};
try {
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const entry of Object.values(series)) {
      const result = await runAction({
        bundle: entry.bundle,
        inputs: { 'task-id': TASK_ID, 'api-key': API_KEY, 'base-url': fake.url },
      });
      if (result.code !== 0)
        throw new Error(`${entry.label} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
      if (i >= WARMUP) entry.times.push(result.elapsedMs);
    }
  }
} finally {
  await fake.close();
  rmSync(work, { recursive: true, force: true });
}

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const median =
    sorted.length % 2 ? at(0.5) : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median, min: sorted[0], p90: at(0.9) };
};
const ms = (n) => `${n.toFixed(1)} ms`;
const results = Object.fromEntries(
  Object.entries(series).map(([key, entry]) => [key, { ...entry, ...stats(entry.times) }]),
);
const ratio = results.action.median / results.baseline.median;

const distDir = join(packageDir, 'dist');
const distFiles = readdirSync(distDir).map((name) => ({ name, size: statSync(join(distDir, name)).size }));
const indexSize = statSync(bundlePath).size;
const indexGzip = gzipSync(readFileSync(bundlePath)).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const table = [
  '| | median | min | p90 |',
  '| --- | ---: | ---: | ---: |',
  ...Object.values(results).map((r) => `| ${r.label} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.p90)} |`),
].join('\n');
const coreNote = results.core
  ? `The Action runs on \`@actions/core\` 3. Its entry imports the OIDC client, which loads @actions/http-client and ` +
    'undici, and undici compiles its llhttp WASM as it loads; the Action never uses OIDC, so @actions/http-client is ' +
    'declared side-effect-free (a pnpm patch, see pnpm-workspace.yaml) and ncc drops it. With that, importing ' +
    `\`@actions/core\` costs ${ms(results.core.median - results.empty.median)} over an empty script, and ` +
    '`test/dist.test.ts` fails if undici or llhttp ever reach the entry chunk.'
  : '';
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const outputCount = Object.keys(readActionYml().outputs).length;
const section = `<!-- bench:startup (written by packages/action/scripts/bench.mjs) -->

## Start-up: the Action vs a bare \`node\` fetch

Whole-process wall time, spawn to exit, for an **already-finished task** against the testkit's fake kie.ai server on
loopback. The Action runs exactly as the runner runs it (\`INPUT_*\` with action.yml's defaults, \`GITHUB_OUTPUT\`,
\`GITHUB_STEP_SUMMARY\`): it validates inputs, masks the key and the token, polls once, writes ${outputCount} outputs and the job
summary (\`comment\` and \`download\` off, the defaults). The baseline does the same single \`fetch\` with the same headers,
\`JSON.parse\`, and prints one line. ${RUNS} runs of each, alternating, after ${WARMUP} warm-up rounds, in the same process run.

${table}

**Ratio (median Action / median baseline): ${ratio.toFixed(2)}×** (target ≤ 1.3×).

${coreNote}

## Bundle size

| file | size |
| --- | ---: |
${distFiles.map((f) => `| \`packages/action/dist/${f.name}\` | ${kb(f.size)} |`).join('\n')}

\`index.js\` is what every run loads (${kb(indexGzip)} gzipped). The other chunks are loaded on demand: undici 7 only when
\`HTTPS_PROXY\`/\`HTTP_PROXY\` is set, the pull-request comment code with Octokit only when \`comment\` is \`true\`, and
the downloader (\`@kie-task/node-io/download\`) only when \`download\` is \`true\`, and the re-run memory
(\`@actions/cache\` with its Azure client) only when the step creates tasks.

Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()} (${os.arch()}),
Node ${process.version}. Measured ${new Date().toISOString().slice(0, 10)}.

<!-- /bench:startup -->`;

console.log(table);
console.log(`\nratio ${ratio.toFixed(2)}x; dist/index.js ${kb(indexSize)} (${kb(indexGzip)} gzipped)`);
if (results.core) console.log(coreNote);
if (!values['no-write']) {
  writeBenchmarkSection(section, '<!-- bench:startup', '<!-- /bench:startup -->');
  console.log('\nWrote the start-up section of docs/benchmarks.md');
}

/** Bundles `import * as core from '@actions/core'` with the Action's ncc settings; null when that is not possible. */
function buildActionsCoreProbe() {
  try {
    const require = createRequire(join(packageDir, 'package.json'));
    const ncc = require.resolve('@vercel/ncc/dist/ncc/cli.js');
    const source = join(packageDir, '.bench-probe.mjs');
    writeFileSync(source, "import * as core from '@actions/core';\ncore.info('probe');\n");
    try {
      execFileSync(
        process.execPath,
        [ncc, 'build', source, '-o', join(work, 'probe'), '--target', 'es2022', '--quiet'],
        {
          cwd: packageDir,
          stdio: 'pipe',
        },
      );
    } finally {
      rmSync(source, { force: true });
    }
    return join(work, 'probe', 'index.mjs');
  } catch (error) {
    console.warn(`(skipping the @actions/core reference: ${error.message.split('\n')[0]})`);
    return null;
  }
}
