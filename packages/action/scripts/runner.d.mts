// Types for runner.mjs, so the TypeScript tests can import it.

export interface ActionYml {
  name: string;
  description: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string | number | boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  event?: { name: string; payload: unknown };
  /** Sent after `afterMs`, or `delayMs` (default 0) after `when` first holds. */
  signal?: { name: NodeJS.Signals; afterMs?: number; when?: (stdout: string) => boolean; delayMs?: number };
  timeoutMs?: number;
  node?: string[];
  bundle?: string;
  /** GITHUB_WORKSPACE and the working directory; default a fresh folder, removed afterwards. */
  workspace?: string;
  onStdout?: (chunk: string) => void;
}

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputText: string;
  outputs: Record<string, string>;
  summary: string;
  elapsedMs: number;
  signalledAt: number | null;
  exitedAt: number;
}

export const RUNNER_TOKEN: string;
export const packageDir: string;
export const repoRoot: string;
export const bundlePath: string;
export function readActionYml(): ActionYml;
export function inputVariable(name: string): string;
export function inputEnv(inputs: Record<string, string>): Record<string, string>;
export function parseOutputFile(text: string): Record<string, string>;
export function runAction(options?: RunOptions): Promise<RunOutcome>;
