// docs/action.md's "Creating in every family" shows each family's endpoints and one `kie-task generate --family …`
// per family, taken from kie.ai's docs. They must be the testkit's familyCreateExamples() — the one table the create
// tests of core, the Action and the CLI iterate — so the page can neither drift from it nor miss a family.
// (readme-examples.test.ts runs the same commands against the testkit.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { familyCreateExamples } from '@kie-task/testkit';
import { describe, expect, it } from 'vitest';
import { shellWords } from './example-processes.js';
import { extractCodeBlocks } from './markdown-blocks.js';

const FILE = 'docs/action.md';
const markdown = readFileSync(fileURLToPath(new URL(`../../../${FILE}`, import.meta.url)), 'utf8');
const examples = familyCreateExamples();

describe(`${FILE}, creating in every family`, () => {
  it("has one generate command per family: the testkit's example body, in its order", () => {
    const blocks = extractCodeBlocks(markdown, FILE).filter((b) =>
      b.firstLine.startsWith('kie-task generate --family '),
    );
    expect(blocks).toHaveLength(1);
    const commands = blocks[0]!.code
      .trim()
      .split('\n')
      .map((line) => shellWords(line) ?? []);
    const option = (words: string[], name: string) => words[words.indexOf(name) + 1] ?? '';
    expect(
      commands.map((words) => ({
        family: option(words, '--family'),
        body: JSON.parse(option(words, '--input')) as unknown,
        callbackUrl: words.includes('--callback-url'),
      })),
    ).toEqual(examples.map((e) => ({ family: e.family, body: e.body, callbackUrl: e.callBackUrlRequired })));
  });

  it.each(examples.map((e) => [e.family, e] as const))(
    "lists %s's create and status endpoints in its table",
    (family, { createPath, statusPath }) => {
      const cells = [family, createPath, statusPath].map((cell) => `\\s*\`${escapeRegExp(cell)}\`\\s*`);
      expect(markdown).toMatch(new RegExp(`^\\|${cells.join('\\|')}\\|`, 'm'));
    },
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
