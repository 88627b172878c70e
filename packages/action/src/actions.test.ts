import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseOutputFile } from '../scripts/runner.mjs';
import { createActions } from './actions.js';

// Our runner contract must read and write exactly what @actions/core 3 does; these tests drive both through the
// real contract (INPUT_* variables, the GITHUB_OUTPUT file, stdout).
describe('createActions, compared with @actions/core', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'actions-test-'));
    saved = { ...process.env };
  });
  afterEach(() => {
    process.env = saved;
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('reads inputs the same way (hyphens kept, spaces as _, trimmed)', () => {
    process.env['INPUT_TASK-ID'] = '  a, b \n';
    process.env['INPUT_MY_INPUT'] = 'x';
    const actions = createActions(process.env, () => {});
    for (const name of ['task-id', 'my input', 'missing'])
      expect(actions.getInput(name)).toBe(core.getInput(name));
  });

  it('writes outputs that parse to the same values', () => {
    const ours = join(dir, 'ours.txt');
    const theirs = join(dir, 'theirs.txt');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    const values = { a: 'plain', b: 'multi\nline\r\n::error::x', c: '', d: '{"json":[1,2]}' };
    createActions({ GITHUB_OUTPUT: ours }, () => {}).setOutputs(values);
    process.env.GITHUB_OUTPUT = theirs;
    for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
    expect(parseOutputFile(readFileSync(ours, 'utf8'))).toEqual(
      parseOutputFile(readFileSync(theirs, 'utf8')),
    );
    expect(parseOutputFile(readFileSync(ours, 'utf8')).b).toBe('multi\nline\n::error::x');
  });

  it('writes the same commands for masks, debug, warnings, notices, groups and failures', () => {
    const ours: string[] = [];
    const theirs: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      theirs.push(String(chunk));
      return true;
    });
    const actions = createActions({}, (text) => ours.push(text));
    const message = 'multi\nline 100%\r\nend';
    actions.setSecret('s3cr3t%\n');
    core.setSecret('s3cr3t%\n');
    actions.debug(message);
    core.debug(message);
    actions.warning(message);
    core.warning(message);
    actions.notice(message);
    core.notice(message);
    actions.startGroup('title');
    core.startGroup('title');
    actions.endGroup();
    core.endGroup();
    actions.setFailed(message);
    core.setFailed(message);
    spy.mockRestore();
    expect(ours).toEqual(theirs);
    expect(process.exitCode).toBe(1);
  });

  it('neutralises log lines and redacts secrets everywhere it writes', () => {
    const out = join(dir, 'out.txt');
    const summary = join(dir, 'summary.md');
    writeFileSync(out, '');
    writeFileSync(summary, '');
    const lines: string[] = [];
    const actions = createActions({ GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary }, (t) => lines.push(t));
    actions.setSecret('KEY-123456');
    actions.info('first\n::add-mask::evil KEY-123456');
    actions.debug('KEY-123456');
    actions.setOutputs({ x: 'KEY-123456' });
    expect(actions.appendSummary('KEY-123456')).toBe(true);
    const log = lines.slice(1).join('');
    expect(log).not.toContain('KEY-123456');
    expect(log.split('\n').some((line) => line.startsWith('::add-mask::'))).toBe(false);
    expect(readFileSync(out, 'utf8')).not.toContain('KEY-123456');
    expect(readFileSync(summary, 'utf8')).toBe('***');
  });

  it('reports a missing summary file instead of throwing', () => {
    expect(createActions({}, () => {}).appendSummary('x')).toBe(false);
  });
});
