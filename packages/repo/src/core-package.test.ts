// @kie-task/core as a user gets it: packed into the tarball npm would publish, installed into an empty folder, then
// loaded the ways Node users load code — `import`, `require` (Node ≥ 20.19 loads ESM through require(esm)) on Node 20
// and on Node 24 — type-checked by a consumer under node16, nodenext (ESM and CommonJS) and bundler resolution, and
// checked by attw. Every loaded copy talks HTTP to a fake kie.ai, so "loads" means "works".
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from './example-processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const coreDir = dirname(require.resolve('@kie-task/core/package.json'));
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
const { node24 } = (await import(pathToFileURL(join(root, 'scripts/node24.mjs')).href)) as {
  node24: () => string | null;
};

let work = '';
let tarball = '';
let consumer = '';
let fake: FakeKie;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kie-core-package-'));
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: coreDir, stdio: 'pipe' });
  tarball = join(
    work,
    readdirSync(work).find((name) => name.endsWith('.tgz'))!,
  );
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // A local tarball with no dependencies installs offline.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: consumer,
    stdio: 'pipe',
  });
  fake = await startFakeKie({
    apiKey: 'consumer-test-key',
    tasks: [{ taskId: 'task_consumer', resultJson: { resultUrls: ['{{url}}/files/task_consumer-1.png'] } }],
  });
}, 180_000);

afterAll(async () => {
  await fake?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The same program, as ESM and as CommonJS: both entry points, then one real request. */
const program = (load: string) => `${load}
const client = new core.KieClient({ apiKey: process.env.KEY, baseUrl: process.env.BASE_URL });
const record = await client.getTask('task_consumer');
const internalOk = Object.keys(internal).length > 0;
console.log([record.taskId, record.status, record.resultUrls.length, internalOk].join(' '));
`;
const ESM = program(
  "import * as core from '@kie-task/core';\nimport * as internal from '@kie-task/core/internal';",
);
const CJS = `(async () => {${program(
  "const core = require('@kie-task/core');\nconst internal = require('@kie-task/core/internal');",
)}})().catch((error) => { console.error(error); process.exitCode = 1; });`;

const nodes: Array<[string, () => string | null]> = [
  ['Node 20 (this process)', () => process.execPath],
  ['Node 24', node24],
];

describe('@kie-task/core from its packed tarball', () => {
  it('ships what its exports, types and source maps point at, and nothing of the tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((path) => /\.test\./.test(path))).toEqual([]);
    // Every source map's sources are in the tarball (a map pointing at a missing file breaks debuggers).
    const installed = join(consumer, 'node_modules/@kie-task/core');
    const maps = files.filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[] };
      for (const source of sources) expect(files, `${map} → ${source}`).toContain(join(dirname(map), source));
    }
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof manifest;
    // require(esm) is unflagged from 20.19 and 22.12: the range says so, and the repository's agrees.
    expect(manifest.engines.node).toBe('^20.19.0 || >=22.12.0');
    expect(rootManifest.engines.node).toBe(manifest.engines.node);
  });

  for (const [name, which] of nodes) {
    for (const [style, file, source] of [
      ['import', 'esm.mjs', ESM],
      ['require', 'cjs.cjs', CJS],
    ] as const) {
      it(`loads with ${style} on ${name}`, async (context) => {
        const node = which();
        if (node === null) return context.skip(`no Node 24 build for ${process.platform}-${process.arch}`);
        writeFileSync(join(consumer, file), source);
        const result = await runProcess(node, [file], {
          cwd: consumer,
          env: { PATH: process.env.PATH ?? '', KEY: fake.apiKey, BASE_URL: fake.url },
          timeoutMs: 20_000,
        });
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe('task_consumer success 1 true\n');
        expect(result.code).toBe(0);
      });
    }
  }

  const consumerTs = [
    "import { KieClient, type TaskOutcome, WaitTimeoutError } from '@kie-task/core';",
    "import * as internal from '@kie-task/core/internal';",
    "const client: KieClient = new KieClient({ apiKey: 'consumer-test-key' });",
    "const wait: Promise<TaskOutcome> = client.waitForTask('task_1', { timeoutMs: 1000 });",
    'const isTimeout = (error: unknown): boolean => error instanceof WaitTimeoutError;',
    'const shared: number = Object.keys(internal).length;',
    'export { wait, isTimeout, shared };',
    '',
  ].join('\n');
  const typeChecks: Array<{ name: string; file: string; module: string; resolution: string; type: string }> =
    [
      { name: 'node16 (ESM)', file: 'index.ts', module: 'node16', resolution: 'node16', type: 'module' },
      {
        name: 'nodenext (ESM)',
        file: 'index.ts',
        module: 'nodenext',
        resolution: 'nodenext',
        type: 'module',
      },
      // TypeScript ≥ 5.8 lets CommonJS code import ESM under nodenext, as Node ≥ 20.19 does.
      {
        name: 'nodenext (CommonJS)',
        file: 'index.cts',
        module: 'nodenext',
        resolution: 'nodenext',
        type: 'commonjs',
      },
      { name: 'bundler', file: 'index.ts', module: 'preserve', resolution: 'bundler', type: 'module' },
    ];
  for (const check of typeChecks) {
    it(`type-checks a consumer under ${check.name} resolution`, async () => {
      const dir = join(consumer, check.name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: check.type }));
      writeFileSync(join(dir, check.file), consumerTs);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: check.module,
            moduleResolution: check.resolution,
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            types: [],
            strict: true,
            noEmit: true,
            // The shipped declarations are the same for every resolution: check them once (it is slow).
            skipLibCheck: check.name !== 'nodenext (ESM)',
          },
          files: [check.file],
        }),
      );
      const result = await runProcess(process.execPath, [tsc, '-p', dir], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '' },
        timeoutMs: 60_000,
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }

  it('the type check can fail: a wrong type in the consumer is reported', async () => {
    const dir = join(consumer, 'wrong');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(dir, 'index.ts'),
      "import { KieClient } from '@kie-task/core';\nnew KieClient({ apiKey: 1 });\n",
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['index.ts'],
      }),
    );
    const result = await runProcess(process.execPath, [tsc, '-p', dir], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 60_000,
    });
    expect(result.stdout).toMatch(/TS2322/);
    expect(result.code).not.toBe(0);
  });

  it('passes attw: types resolve for node16 (ESM and CommonJS) and bundlers', async () => {
    // attw predates require(esm) and calls a CommonJS require of an ESM-only package "dynamic import only"; Node
    // ≥ 20.19 and TypeScript's nodenext (≥ 5.8) load it (the tests above prove both), so that one rule is off.
    const result = await runProcess(
      process.execPath,
      [
        attw,
        tarball,
        '--profile',
        'node16',
        '--ignore-rules',
        'cjs-resolves-to-esm',
        '--format',
        'ascii',
        '--no-color',
      ],
      { cwd: work, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const entry of ['"@kie-task/core"', '"@kie-task/core/internal"'])
      expect(result.stdout.slice(result.stdout.indexOf(entry))).toMatch(
        /node16 \(from ESM\): 🟢 \(ESM\)[\s\S]*bundler: 🟢/,
      );
  });
});
