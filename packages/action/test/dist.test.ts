// The committed bundle must be exactly what the build produces from the sources: the runner executes dist/, not src/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDir } from '../scripts/runner.mjs';

const distDir = join(packageDir, 'dist');
const tempDir = mkdtempSync(join(tmpdir(), 'kie-action-dist-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** Relative path → content of every file under `dir`. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

describe('dist/', () => {
  it('is byte-for-byte what the build script produces', () => {
    // The same command as package.json's build script, with another output folder.
    const script = (
      JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { scripts: { build: string } }
    ).scripts.build;
    // The script first empties dist/ (ncc never deletes chunks it no longer emits), then runs ncc.
    const args = script.slice(script.indexOf('ncc build')).replace(/^ncc /, '').split(' ');
    args[args.indexOf('-o') + 1] = tempDir;
    const cli = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
    execFileSync(process.execPath, [cli, ...args], { cwd: packageDir, stdio: 'pipe' });

    const built = filesOf(tempDir);
    const committed = filesOf(distDir);
    expect(
      [...committed.keys()].sort(),
      'dist/ has other files than the build emits: run pnpm build',
    ).toEqual([...built.keys()].sort());
    for (const [name, content] of built) {
      expect(
        committed.get(name)?.equals(content),
        `dist/${name} is stale: run pnpm build and commit dist/`,
      ).toBe(true);
    }
  }, 120_000);

  // In CI the tree is a fresh clone, so the build above just rewrote dist/: compare with what is committed.
  it.runIf(process.env.CI === 'true')('matches what is committed (CI)', () => {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: packageDir, encoding: 'utf8' });
    expect(
      git('status', '--porcelain', '--untracked-files=all', '--', 'dist'),
      'run pnpm build and commit dist/',
    ).toBe('');
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
