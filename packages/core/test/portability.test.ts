// The core must run in browsers, Deno, Bun and edge runtimes: no Node built-ins, no Node globals.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fixtureText } from './fixtures.js';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const internalEntry = fileURLToPath(new URL('../dist/internal.js', import.meta.url));

async function bundleForBrowser(entryPoint = entry): Promise<string> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'kieCore',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('portability of the built core', () => {
  it.each([
    ['@kie-task/core', entry],
    ['@kie-task/core/internal', internalEntry],
  ])('%s bundles for the browser platform with no Node built-in', async (_name, entryPoint) => {
    const code = await bundleForBrowser(entryPoint);
    expect(code).not.toMatch(/\bnode:/);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('runs in a bare realm that has only the web platform globals it needs', async () => {
    const code = await bundleForBrowser();
    // No process, Buffer, require or module in this realm.
    const context = vm.createContext({
      fetch,
      AbortController,
      AbortSignal,
      setTimeout,
      clearTimeout,
      URL,
      TextDecoder,
    });
    vm.runInContext(code, context);
    const parse = vm.runInContext('kieCore.parseTaskResponse', context) as (body: string) => {
      resultUrls: string[];
    };
    expect(parse(fixtureText('market-success-doc.json')).resultUrls).toEqual([
      'https://example.com/generated-image.jpg',
    ]);
    expect(vm.runInContext('typeof process', context)).toBe('undefined');
  });
});
