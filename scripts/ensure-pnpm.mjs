// Installs the pinned pnpm with npm when it is missing or another version.
// (corepack's signature check fails against our registry mirror, so we do not rely on it.)
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];
let current = '';
try {
  current = execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
} catch {
  // not installed
}
if (current !== wanted) {
  console.log(`Installing pnpm@${wanted} (found ${current || 'none'})…`);
  execSync(`npm install -g pnpm@${wanted}`, { stdio: 'inherit' });
}
