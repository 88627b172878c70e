// Child processes for the documentation's examples: bounded in time, loopback-only, and a little shell parsing.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a command without a shell, asynchronously (the fake server answering it lives in this process), in its own
 * process group so that a timeout kills it and everything it started (e.g. a backgrounded fake server).
 */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killGroup = () => {
      try {
        if (child.pid !== undefined)
          process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // Once the command itself exits, whatever it left running in its group (e.g. a server a script put in the
    // background, which would keep the output pipes open) is killed; the result is ready when the pipes close.
    child.on('exit', killGroup);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** The environment of this process without anything that would leak into or confuse an example. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(KIE_|VITEST|TINYPOOL|NODE_OPTIONS$|NODE_V8_COVERAGE$|FORCE_COLOR$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Environment variable of the preload below: a JSON array of `[fromPrefix, toPrefix]` URL rewrites. */
export const REWRITES_ENV = 'README_EXAMPLE_URL_REWRITES';

/**
 * Source of a module for `node --import`: wraps `globalThis.fetch` so that URLs starting with a `fromPrefix` of
 * `README_EXAMPLE_URL_REWRITES` go to `toPrefix` instead (e.g. https://api.kie.ai → the fake server), and any
 * request that would still leave the machine is refused. Examples then run unchanged, offline.
 */
export const FETCH_PRELOAD = `
const rewrites = JSON.parse(process.env.${REWRITES_ENV} ?? '[]');
const realFetch = globalThis.fetch;
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
function rewrite(url) {
  for (const [from, to] of rewrites) if (url.startsWith(from)) return to + url.slice(from.length);
  return url;
}
globalThis.fetch = function fetchThroughFake(input, init) {
  const isRequest = typeof Request === 'function' && input instanceof Request;
  const url = rewrite(isRequest ? input.url : String(input));
  const host = new URL(url).hostname;
  if (!loopback.has(host)) {
    return Promise.reject(new Error('readme-examples: refused a request to ' + host + ' (only loopback is allowed)'));
  }
  if (!isRequest) return realFetch(url, init);
  const copy = new Request(url, { method: input.method, headers: input.headers, body: input.body, signal: input.signal, duplex: 'half' });
  return realFetch(copy, init);
};
`;

/**
 * Splits one simple shell command line into words: whitespace-separated, with '…' and "…" quoting and no
 * expansion. Returns null when the line uses anything a plain command does not (pipes, redirects, `$`, `;`, `&`,
 * backquotes, parentheses), so such lines are never run half-understood.
 */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else if (quote === '"' && /[$`\\]/.test(ch)) return null;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (/[|&;<>$`()\\*?]/.test(ch)) {
      return null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) return null;
  if (word !== null) words.push(word);
  return words;
}

/** The line without a trailing `# comment` (a `#` that starts a word, outside quotes). */
export function stripShellComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}
