/**
 * The GitHub Actions runner contract this Action needs: inputs from `INPUT_*`, outputs and the job summary
 * through the files named by `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`, and workflow commands on stdout.
 *
 * Why not @actions/core: its entry module imports the OIDC client, which loads @actions/http-client, undici 6 and
 * tunnel, plus @actions/exec — a 1 MB bundle that costs 40–50 ms at every start-up, for features this Action never
 * uses. The handful of functions below follow @actions/core 3.0.1 to the byte (same delimiter format, same
 * escaping; `actions.test.ts` checks them against it), and add two safety nets @actions/core lacks: every line
 * written to the log is neutralised (see escape.ts), and every registered secret is redacted from everything written.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { escapeData, neutralizeCommands, redact } from './escape.js';

/** Where log text goes; stdout in production. */
export type Write = (text: string) => void;

/** The log functions the rest of the Action uses (see run.ts); tests pass a recording one. */
export interface Logger {
  info(message: string): void;
  /** Shown only when the run has debug logging on (`ACTIONS_STEP_DEBUG`). */
  debug(message: string): void;
  /** An annotation shown on the run's page. */
  warning(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
}

/** The runner contract. */
export interface Actions extends Logger {
  /** `INPUT_<NAME>` (spaces → `_`, uppercased, hyphens kept), trimmed; `''` when unset. */
  getInput(name: string): string;
  /** Masks the value in the runner's log and redacts it from everything this object writes. */
  setSecret(secret: string): void;
  /** Writes step outputs (to `GITHUB_OUTPUT`). */
  setOutputs(outputs: Readonly<Record<string, string>>): void;
  /** Appends markdown to the job summary; false when the runner gave no summary file. */
  appendSummary(markdown: string): boolean;
  /** Logs an error annotation and sets the exit code to 1. */
  setFailed(message: string): void;
  /** A notice annotation: worth seeing on the run's page, not a problem. */
  notice(message: string): void;
}

/** Creates the runner contract over an environment and a log writer. */
export function createActions(
  env: NodeJS.ProcessEnv = process.env,
  write: Write = (text) => void process.stdout.write(text),
): Actions {
  const secrets: string[] = [];
  const clean = (text: string): string => redact(text, secrets);
  const command = (name: string, data: string): void => write(`::${name}::${escapeData(clean(data))}${EOL}`);
  const appendTo = (variable: string, text: string): boolean => {
    const file = env[variable];
    if (!file) return false;
    appendFileSync(file, text, { encoding: 'utf8' });
    return true;
  };

  return {
    getInput: (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
    setSecret(secret) {
      if (!secret) return;
      // Longest first, so a secret containing another is redacted whole.
      secrets.push(secret);
      secrets.sort((a, b) => b.length - a.length);
      write(`::add-mask::${escapeData(secret)}${EOL}`);
    },
    setOutputs(outputs) {
      let text = '';
      for (const [name, raw] of Object.entries(outputs)) text += keyValue(name, clean(raw)) + EOL;
      if (!appendTo('GITHUB_OUTPUT', text)) {
        // Runners older than 2.297 have no GITHUB_OUTPUT: fall back to the deprecated command, like @actions/core.
        for (const [name, raw] of Object.entries(outputs)) {
          write(`${EOL}::set-output name=${escapeProperty(name)}::${escapeData(clean(raw))}${EOL}`);
        }
      }
    },
    appendSummary: (markdown) => appendTo('GITHUB_STEP_SUMMARY', clean(markdown)),
    setFailed(message) {
      process.exitCode = 1;
      command('error', message);
    },
    info: (message) => write(neutralizeCommands(clean(message)) + EOL),
    debug: (message) => command('debug', message),
    warning: (message) => command('warning', message),
    notice: (message) => command('notice', message),
    startGroup: (title) => command('group', title),
    endGroup: () => write(`::endgroup::${EOL}`),
  };
}

/** The `name<<delimiter` heredoc of file commands, as @actions/core's prepareKeyValueMessage writes it. */
function keyValue(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected output: it contains the delimiter "${delimiter}"`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
