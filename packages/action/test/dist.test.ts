// The committed bundle must be exactly what the build produces from the sources: the runner executes dist/, not src/.
// The test task runs after the build (turbo: test depends on build), which rewrote dist/ from the sources in this
// tree; so dist/ differing from what git has means the committed bundle is stale. In CI (a fresh clone) that is a
// stale commit; locally it is a rebuild not yet staged with its sources.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from '../scripts/runner.mjs';

const distDir = join(packageDir, 'dist');

describe('dist/', () => {
  it('is what git has: the build from these sources changed nothing in it', () => {
    // The working tree against the index (so dist/ staged with its sources passes before the commit): changed or
    // deleted files, and files the build newly emits.
    const git = (...args: string[]): string[] =>
      execFileSync('git', args, { cwd: packageDir, encoding: 'utf8' }).split('\n').filter(Boolean);
    const changed = [
      ...git('diff', '--name-status', '--', 'dist'),
      ...git('ls-files', '--others', '--exclude-standard', '--', 'dist').map((path) => `new\t${path}`),
    ];
    expect(changed, 'the build changed dist/: commit packages/action/dist with its sources').toEqual([]);
  });

  // The start-up budget (docs/benchmarks.md): undici compiles its llhttp WASM as soon as it loads, so it may only
  // ever sit in a chunk loaded on demand (proxy, comment), never in the entry the runner starts.
  it('keeps undici and llhttp out of the entry chunk', () => {
    const entry = readFileSync(join(distDir, 'index.js'), 'utf8');
    expect(entry).not.toMatch(/llhttp/i);
    expect(entry).not.toMatch(/node_modules\/(\.pnpm\/)?undici|undici@\d/);
    expect(entry).not.toMatch(/node_modules\/(\.pnpm\/)?@actions[+/](http-client|github)/);
    expect(entry).toMatch(/node_modules\/(\.pnpm\/)?@actions[+/]core/); // the check can see module paths
  });
});
