// Fails when a package's sources import each other in a circle, type-only imports included: arrows point down inside
// a package too. (ESLint's `import-x/no-cycle` skips `import type`, yet a type-only cycle ties the modules together
// just the same: neither can be read, moved or tested without the other.) TypeScript's own pre-processor lists each
// file's imports; Tarjan's algorithm finds every strongly connected group.
// Usage: node scripts/import-cycles.mjs <src folder>...   Exit 1 and one line per cycle when there are any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every `.ts` source under `dir`, tests excluded. */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** The local modules `file` imports (`./x.js` is `./x.ts`; `./dir/index.js` likewise), inside `files`. */
function importsOf(file, files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name).replace(/\.js$/, '.ts'))
    .filter((path) => files.has(path));
}

/** The import cycles among the sources under `dirs`: each a list of paths relative to the working folder. */
export function importCycles(dirs) {
  const files = new Set(dirs.flatMap((dir) => sources(resolve(dir))));
  const edges = new Map([...files].map((file) => [file, importsOf(file, files)]));
  // Tarjan, iterative enough for our sizes: recursion depth is at most the number of files.
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || edges.get(v).includes(v))
      cycles.push(group.map((p) => relative(process.cwd(), p)).sort());
  };
  for (const file of [...files].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cycles = importCycles(process.argv.slice(2));
  for (const cycle of cycles)
    console.error(`Import cycle (type-only imports included): ${cycle.join(' ⇄ ')}`);
  if (cycles.length > 0) {
    console.error('Move what both sides need into a module below them (see CONTRIBUTING, "The packages").');
    process.exit(1);
  }
}
