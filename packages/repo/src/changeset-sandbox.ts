// `changeset version` run for real on a copy of the workspace's manifests, so that tests can see which versions the
// pending changesets (or hand-written ones) would release, without touching the repository.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The version of every package folder (`core`, `action`, …) after `changeset version` with `changesets`
 * (file name → contents) in a copy of `root`'s `.changeset/config.json`, manifests and workspace file.
 */
export function versionsAfterChangesets(
  root: string,
  changesets: ReadonlyMap<string, string>,
): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'changesets-'));
  try {
    cpSync(join(root, '.changeset/config.json'), join(dir, '.changeset/config.json'));
    for (const [name, text] of changesets) writeFileSync(join(dir, '.changeset', name), text);
    writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
    writeFileSync(join(dir, 'pnpm-workspace.yaml'), readFileSync(join(root, 'pnpm-workspace.yaml')));
    const packages = readdirSync(join(root, 'packages')).filter((pkg) =>
      existsSync(join(root, 'packages', pkg, 'package.json')),
    );
    for (const pkg of packages)
      cpSync(join(root, 'packages', pkg, 'package.json'), join(dir, 'packages', pkg, 'package.json'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const cli = require.resolve('@changesets/cli/bin.js', { paths: [root] });
    execFileSync(process.execPath, [cli, 'version'], { cwd: dir, stdio: 'pipe' });
    return new Map(
      packages.map((pkg) => [
        pkg,
        (JSON.parse(readFileSync(join(dir, 'packages', pkg, 'package.json'), 'utf8')) as { version: string })
          .version,
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The changesets waiting in `root`'s `.changeset/` folder (file name → contents). */
export function pendingChangesets(root: string): Map<string, string> {
  const folder = join(root, '.changeset');
  return new Map(
    readdirSync(folder)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
  );
}
