// Fenced code blocks of a markdown file, for the tests that run the documentation's examples.

export interface CodeBlock {
  /** Repository-relative path of the markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** First word of the info string, lower-cased (`ts`, `yaml`, `sh`…); `''` when the fence has none. */
  lang: string;
  /** The block's text, without the fences and without the fence's indentation; ends with a newline. */
  code: string;
  /** First non-empty line of `code`, trimmed: a stable handle for tables that single out one block. */
  firstLine: string;
}

const OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;

/** Every fenced block (``` or ~~~, indented up to 3 spaces, closed by a fence at least as long) in document order. */
export function extractCodeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]!); j++) {
      const text = lines[j]!;
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    const code = body.length ? `${body.join('\n')}\n` : '';
    blocks.push({
      file,
      line: i + 1,
      lang: info.toLowerCase(),
      code,
      firstLine: body.find((l) => l.trim() !== '')?.trim() ?? '',
    });
    i = j;
  }
  return blocks;
}
