// action.yml is a contract users' workflows depend on; the reference's tables (docs/action.md) and the code must agree
// with it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILY_NAMES } from '@kie-task/core';
import { readActionYml, repoRoot } from '../scripts/runner.mjs';
import { OUTPUT_NAMES } from '../src/outputs.js';

const action = readActionYml();
const INPUTS = [
  'task-id',
  'model',
  'input',
  'callback-url',
  'on-rerun',
  'rerun-key',
  'api-key',
  'family',
  'base-url',
  'timeout',
  'poll-interval',
  'max-requests-per-second',
  'fail-on-error',
  'summary',
  'download',
  'download-dir',
  'max-download-size',
  'comment',
  'comment-mode',
  'comment-key',
  'show-prompt',
  'pr-number',
  'github-token',
];

describe('action.yml', () => {
  it('runs the committed bundle on node24 and has a name, description, author and branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'packages/action/dist/index.js' });
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.author).toBeTruthy();
    expect(action.branding?.icon).toBeTruthy();
    expect(action.branding?.color).toBeTruthy();
  });

  it('declares exactly the inputs the code reads, each described, with the documented defaults', () => {
    expect(Object.keys(action.inputs)).toEqual(INPUTS);
    for (const spec of Object.values(action.inputs)) expect(spec.description.length).toBeGreaterThan(10);
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? null]),
    );
    expect(defaults).toEqual({
      'task-id': '',
      model: '',
      input: '',
      'callback-url': '',
      'on-rerun': 'reattach',
      'rerun-key': '',
      'api-key': null,
      family: 'market',
      'base-url': 'https://api.kie.ai',
      timeout: '30m',
      'poll-interval': 'auto',
      'max-requests-per-second': '',
      'fail-on-error': 'true',
      summary: 'true',
      download: 'false',
      'download-dir': 'kie-results',
      'max-download-size': '500MB',
      comment: 'false',
      'comment-mode': 'update',
      'comment-key': '',
      'show-prompt': 'true',
      'pr-number': '',
      'github-token': '${{ github.token }}',
    });
    // Exactly one of task-id and model: inputs.ts checks it, so neither is required here.
    expect(action.inputs['task-id']!.required).toBe(false);
    expect(action.inputs.model!.required).toBe(false);
    expect(action.inputs['api-key']!.required).toBe(true);
    const source = readFileSync(join(repoRoot, 'packages/action/src/inputs.ts'), 'utf8');
    for (const name of INPUTS) expect(source).toContain(`getInput('${name}')`);
  });

  it('names every family the core knows, and auto, in the family input', () => {
    const description = action.inputs.family!.description;
    for (const family of [...FAMILY_NAMES, 'auto']) expect(description).toContain(`\`${family}\``);
  });

  it('declares exactly the outputs the code writes, each described', () => {
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES]);
    for (const spec of Object.values(action.outputs)) expect(spec.description.length).toBeGreaterThan(10);
  });
});

/** Rows of the first markdown table after `heading` in `text`: first cell (backticks removed) → second cell. */
function tableAfter(text: string, heading: RegExp): Map<string, string> {
  const lines = text.slice(text.search(heading)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows = new Map<string, string>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    rows.set(cells[1]!.replace(/`/g, ''), cells[2]!.replace(/`/g, ''));
  }
  return rows;
}

describe('docs/action.md, the Action reference', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readFileSync(join(repoRoot, 'docs', 'action.md'), 'utf8');

  it('is the reference, and the README starts from the Action and links to it', () => {
    expect(section.length).toBeGreaterThan(500);
    expect(readme).toMatch(/uses: kie-task\/kie-task@v1/);
    expect(readme).toContain('](docs/action.md)');
  });

  it('lists every input with its default, and nothing else', () => {
    const table = tableAfter(section, /^#+ Inputs/m);
    expect([...table.keys()]).toEqual(INPUTS);
    for (const [name, spec] of Object.entries(action.inputs)) {
      // An empty default is computed at run time: the README says from what, in parentheses.
      if (spec.default === '') expect(table.get(name), name).toMatch(/^\(.+\)$/);
      else
        expect(table.get(name), name).toBe(spec.default === undefined ? '(required)' : String(spec.default));
    }
  });

  it('lists every output, and nothing else', () => {
    expect([...tableAfter(section, /^#+ Outputs/m).keys()]).toEqual([...OUTPUT_NAMES]);
  });

  it('shows a pull-request workflow with a commented permissions block and the matrix comment-key advice', () => {
    expect(section).toMatch(/^\s+contents: read +# .+/m);
    expect(section).toMatch(/^\s+pull-requests: write +# .+/m);
    expect(section).toMatch(/comment: true/);
    expect(section).toMatch(/comment-key: \$\{\{ matrix\./);
    expect(section).toMatch(/fork/i);
  });

  it('documents families (with what auto costs) and downloads (which downloader, and why)', () => {
    for (const family of FAMILY_NAMES) expect(section).toContain(`\`${family}\``);
    expect(section).toMatch(/up to 15 status requests per poll/);
    expect(section).toMatch(/@actions\/tool-cache/);
    expect(section).toMatch(/download-url/);
    expect(section).toMatch(/actions\/upload-artifact@[0-9a-f]{40} # v4\.6\.2/);
  });

  it('uses the Action with real inputs and outputs in its example workflow', () => {
    expect(section).toMatch(/uses: kie-task\/kie-task@v1/);
    expect(section).toContain('steps.wait.outputs.result-url');
    expect(section).toMatch(/2\.327\.1/);
  });
});
