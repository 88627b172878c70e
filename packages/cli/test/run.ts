// Runs main() in-process with captured streams.
import { Readable, Writable } from 'node:stream';
import { main, type CliIo } from '../src/cli.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY: boolean | undefined;
  columns: number | undefined;
  rows: number | undefined;

  constructor(tty = false) {
    super({ decodeStrings: false });
    if (tty) {
      this.isTTY = true;
      this.columns = 120;
      this.rows = 0; // as a terminal that reports no size: the display must fall back to 80×24
    }
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    this.text += String(chunk);
    callback();
  }
}

export async function run(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { tty?: boolean; signal?: AbortSignal; stdin?: string } = {},
): Promise<Captured> {
  const stdout = new Capture();
  const stderr = new Capture(options.tty);
  const io: CliIo = { stdout, stderr };
  if (options.signal) io.signal = options.signal;
  if (options.stdin !== undefined) io.stdin = Readable.from([options.stdin]);
  const code = await main(argv, env, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
