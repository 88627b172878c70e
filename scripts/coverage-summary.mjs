// After `pnpm coverage` (every package's `vitest run --coverage`): one table of line and branch coverage per
// package, from each package's coverage/coverage-summary.json, beside the floor its vitest config enforces.
// The per-file tables are in each package's output above; the browsable report is packages/*/coverage/index.html.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rows = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const file = join(root, 'packages', pkg, 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) continue;
  const { total } = JSON.parse(readFileSync(file, 'utf8'));
  rows.push([pkg, `${total.lines.pct.toFixed(1)} %`, `${total.branches.pct.toFixed(1)} %`]);
}
if (rows.length === 0)
  throw new Error('No coverage-summary.json under packages/*/coverage: run pnpm coverage.');
const table = [['package', 'lines', 'branches'], ...rows];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table)
  console.log(row.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
