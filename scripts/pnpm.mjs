// Runs the pnpm this repository pins (package.json's packageManager) with the given arguments, installed inside the
// clone (.tools/, git-ignored) on first use: `npm test` and `npm run demo` need only Node.js and npm, and install
// nothing globally. (corepack's signature check fails against our registry mirror, so we do not rely on it.)
// The pinned pnpm's folder goes first on PATH, so turbo and the scripts pnpm runs find the same pnpm.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const version = wanted.split('@')[1];
const tools = join(root, '.tools', `pnpm-${version}`);
const bin = join(tools, 'node_modules', '.bin');
const pnpm = join(bin, process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** How long installing the pinned pnpm may take; KIE_PNPM_INSTALL_TIMEOUT_MS to change. */
const INSTALL_TIMEOUT_MS = Number(process.env.KIE_PNPM_INSTALL_TIMEOUT_MS) || 5 * 60_000;

if (!existsSync(pnpm)) {
  console.log(`Installing ${wanted} into ${tools} (inside the clone; nothing global)…`);
  // Bounded: a registry that never answers fails `npm test` naming this step, instead of hanging it.
  try {
    execFileSync(
      npm,
      ['install', '--prefix', tools, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', wanted],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        shell: process.platform === 'win32',
        timeout: INSTALL_TIMEOUT_MS,
      },
    );
  } catch (error) {
    if (error?.code !== 'ETIMEDOUT') throw error;
    throw new Error(
      `npm install ${wanted} did not finish within ${INSTALL_TIMEOUT_MS / 1000} s: is the npm registry reachable?`,
    );
  }
}
const result = spawnSync(pnpm, process.argv.slice(2), {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  shell: process.platform === 'win32',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
