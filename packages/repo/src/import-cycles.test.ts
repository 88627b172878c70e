// Arrows point down inside every package: scripts/import-cycles.mjs (in each package's lint) fails on any import
// cycle, type-only imports included. Proven here against a throw-away package, then run on the real ones.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(root, 'scripts/import-cycles.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'kie-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function check(...dirs: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...dirs], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

function writeSources(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the import-cycle check', () => {
  it('fails on a cycle made of a type-only import (which ESLint import-x/no-cycle skips)', () => {
    const dir = writeSources('type-cycle', {
      'errors.ts': "import type { Rec } from './record.js';\nexport class E extends Error { rec?: Rec }\n",
      'record.ts': "import { E } from './errors.js';\nexport interface Rec { e: E }\nexport const x = E;\n",
      'leaf.ts': 'export const y = 1;\n',
    });
    const { status, stderr } = check(dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/Import cycle \(type-only imports included\): .*errors\.ts ⇄ .*record\.ts/);
    expect(stderr).not.toContain('leaf.ts');
  });

  it('fails on a run-time cycle through a sub-folder index', () => {
    const dir = writeSources('folder-cycle', {
      'a.ts': "import { b } from './sub/index.js';\nexport const a = () => b;\n",
      'sub/index.ts': "import { a } from '../a.js';\nexport const b = () => a;\n",
    });
    expect(check(dir).status).toBe(1);
  });

  it('passes when arrows point down, and ignores tests that import each other', () => {
    const dir = writeSources('downwards', {
      'top.ts': "import { low } from './low.js';\nexport const top = low;\n",
      'low.ts': 'export const low = 1;\n',
      'top.test.ts': "import { top } from './top.js';\nimport './low.test.js';\nexport { top };\n",
      'low.test.ts': "import './top.test.js';\n",
    });
    expect(check(dir)).toEqual({ status: 0, stderr: '' });
  });

  it('finds none in any package', () => {
    const packages = ['core', 'node-io', 'action', 'cli', 'testkit', 'repo'];
    expect(check(...packages.map((pkg) => join(root, 'packages', pkg, 'src')))).toEqual({
      status: 0,
      stderr: '',
    });
  });
});
