// The one writer of docs/benchmarks.md: each benchmark rewrites only its own section, from the line that starts with
// its start marker to the end of its end marker, and appends the section when the page does not have it yet.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/**
 * Replaces the section of docs/benchmarks.md that begins with `start` and ends with `end` by `section` (which holds
 * both markers itself).
 */
export function writeBenchmarkSection(section, start, end) {
  const text = readFileSync(FILE, 'utf8');
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from);
  writeFileSync(
    FILE,
    to < 0
      ? `${text.trimEnd()}\n\n${section}\n`
      : text.slice(0, from) + section + text.slice(to + end.length),
  );
}
