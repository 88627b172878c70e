// Sums the vitest JSON reports of every package into one closing line that CI recognises:
// "N passed, N failed". Exits non-zero if any suite failed or no test ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
// .test-results.json per package (and any .test-results-NAME.json a package adds for a run of its own).
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)
    .filter((n) => /^\.test-results(-[\w-]+)?\.json$/.test(n))
    .sort()) {
    const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const pkgFailed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    const run = name.replace(/^\.test-results-?|\.json$/g, '');
    console.log(`${pkg}${run ? ` (${run})` : ''}: ${report.numPassedTests} passed, ${pkgFailed} failed`);
    passed += report.numPassedTests;
    failed += pkgFailed;
    // A package's own extra run (the Action's time-bound tests, alone on a quiet machine) skips what the main run ran.
    if (!run) skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
