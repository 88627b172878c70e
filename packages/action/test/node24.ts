// vitest globalSetup: the end-to-end suites run the bundle on the Node that action.yml declares (node24), while
// vitest itself and the in-process suites run on the Node of the machine (20 here). Each suite runs once.
// The binary comes from the npm package node-<platform>-<arch>@24 (a registry package that ships it), unpacked once
// into node_modules/.cache/ of the clone; ACTION_NODE=/path/to/node overrides it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MAJOR = 24;
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cacheDir = join(repoRoot, 'node_modules', '.cache', `kie-task-node${NODE_MAJOR}`);

/** The path of a Node 24 binary: this one when it is 24, else the cached npm package's (fetched on first use). */
function node24(): string {
  if (process.versions.node.startsWith(`${NODE_MAJOR}.`)) return process.execPath;
  const node = join(cacheDir, 'package', 'bin', 'node');
  if (existsSync(node)) return node;
  const name = `node-${process.platform}-${process.arch}@${NODE_MAJOR}`;
  mkdirSync(join(cacheDir, '..'), { recursive: true });
  // Unpacked beside the cache and renamed into place, so an interrupted download never leaves half a binary.
  const staging = mkdtempSync(`${cacheDir}-`);
  try {
    execFileSync('npm', ['pack', name, '--silent'], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(staging).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${name} left no tarball`);
    execFileSync('tar', ['-xzf', tarball], { cwd: staging });
    rmSync(join(staging, tarball));
    if (!existsSync(join(staging, 'package', 'bin', 'node'))) throw new Error(`${name} has no bin/node`);
    rmSync(cacheDir, { recursive: true, force: true });
    renameSync(staging, cacheDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `Could not get Node ${NODE_MAJOR} for the bundle's end-to-end suites (${String(error)}). ` +
        'Set ACTION_NODE to the path of a Node 24 binary.',
    );
  }
  return node;
}

export default function setup(): void {
  const node = process.env['ACTION_NODE'] || node24();
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${NODE_MAJOR}.`))
    throw new Error(`${node} is ${version}, not Node ${NODE_MAJOR}`);
  // The workers inherit it; scripts/runner.mjs runs the bundle with it.
  process.env['ACTION_NODE'] = node;
  console.log(`The bundle's end-to-end suites run on Node ${version} (${node})`);
}
