// Sums the vitest JSON reports of every package into one closing line that CI recognises:
// "N passed, N failed". Exits non-zero if any suite failed or no test ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const pkg of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', pkg, '.test-results.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const pkgFailed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  console.log(`${pkg}: ${report.numPassedTests} passed, ${pkgFailed} failed`);
  passed += report.numPassedTests;
  failed += pkgFailed;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
