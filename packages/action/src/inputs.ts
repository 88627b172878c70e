/** Reading and validating the Action's inputs. Nothing is requested before every input has passed. */
import { resolve } from 'node:path';
import { CREATABLE_FAMILY_NAMES } from '@kie-task/core';
import {
  apiKeyProblem,
  baseUrlProblem,
  checkBaseUrl,
  familyProblem,
  clipText,
  describeControlCharacter,
  DURATION_FORMS,
  MIN_SECRET_LENGTH,
  parseDuration,
  parseTaskInputs,
  replaceDangerous,
  TaskInputError,
  withoutCredentials,
} from '@kie-task/core/internal';
import { parseSize } from '@kie-task/node-io/download';
import { resolveFolderInside } from '@kie-task/node-io/paths';

/** The Action's inputs, parsed. */
export interface Inputs {
  /** In input order, each once; empty when the step creates the tasks (`create`). */
  taskIds: string[];
  /** What to create (`model`, or `input` with a family that can be created), or null when waiting for `task-id`. */
  create: CreateInputs | null;
  apiKey: string;
  /** A family name from core's FAMILY_NAMES, or `'auto'` (probe every family until one knows the task). */
  family: string;
  /** Without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  /** `'auto'` = kie.ai's recommended ramp with jitter; a number = a fixed interval in ms. */
  pollInterval: 'auto' | number;
  /** A ceiling on status requests per second across all tasks; null = adaptive (the core's default). */
  maxRequestsPerSecond: number | null;
  failOnError: boolean;
  summary: boolean;
  /** Show each task's prompt in the job summary and the comment (`show-prompt`). */
  showPrompt: boolean;
  /** Where and how big downloads may be, or null when `download` is off. */
  download: DownloadInputs | null;
  /** The pull-request comment's settings, or null when `comment` is off. */
  comment: CommentInputs | null;
}

/** The create inputs: one task per entry of `inputs`, created in order. */
export interface CreateInputs {
  /** `market` (with `model`), or the dedicated family whose create endpoint gets each input as its body. */
  family: string;
  /** The market model ID; null for the other families, whose model (if any) is inside the input. */
  model: string | null;
  /** Each a mapping (a JSON object): the market model's input, or the family's whole request body. */
  inputs: Record<string, unknown>[];
  /** kie.ai's callBackUrl, or undefined. */
  callBackUrl: string | undefined;
  /**
   * What a re-run of the step does (`on-rerun`: take over the tasks an earlier attempt created, or create them all
   * again), and the `rerun-key` ('' = the default key).
   */
  rerun: { onRerun: 'reattach' | 'create'; key: string };
}

/** The download inputs, read only when `download: true`. */
export interface DownloadInputs {
  /** Absolute; checked to lie inside `workspace` (not the workspace itself). */
  dir: string;
  /** The workspace, absolute: the summary shows paths relative to it. */
  workspace: string;
  /** Per-file size cap, in bytes. */
  maxBytes: number;
}

/** What the runner says about where the step runs. */
export interface RunnerPaths {
  /** `GITHUB_WORKSPACE` (or the working directory outside a runner); needed only when `download` is on. */
  workspace?: string | undefined;
}

/** How the comment is written: edited in place, a new one each run, or the old one deleted and a new one posted. */
export type CommentMode = 'update' | 'create' | 'recreate';

/** The comment inputs, read only when `comment: true`. */
export interface CommentInputs {
  mode: CommentMode;
  /** Tells this step's comment apart; `''` = the default, `<workflow>/<job>` (known only at run time). */
  key: string;
  showPrompt: boolean;
  /** The PR to comment on; null = from the event. */
  prNumber: number | null;
  /** `''` when the workflow passed none; commenting then warns and skips. */
  token: string;
}

/** A bad input: the message names the input and the accepted forms. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Reads one input by its action.yml name; the runner has already filled in the defaults. */
export type GetInput = (name: string) => string;

/** How to read `input` when it is not JSON (main.ts loads the `yaml` package only then). */
export interface InputParsers {
  parseYaml?: ((text: string) => unknown) | undefined;
}

/** True when `input` is given and is not JSON, so reading it needs the YAML parser (main.ts loads it then). */
export { inputNeedsYaml } from '@kie-task/core/internal';

/** Reads and validates every input. @throws {InputError} naming the first bad input. */
export function readInputs(getInput: GetInput, runner: RunnerPaths = {}, parsers: InputParsers = {}): Inputs {
  const create = readCreateInputs(getInput, parsers);
  const showPrompt = parseBoolean('show-prompt', getInput('show-prompt') || 'true');
  return {
    taskIds: create ? [] : parseTaskIds(getInput('task-id')),
    create,
    apiKey: parseApiKey(getInput('api-key')),
    family: parseFamily(getInput('family')),
    baseUrl: parseBaseUrl(getInput('base-url')),
    timeoutMs: parseTimeout(getInput('timeout')),
    pollInterval: parsePollInterval(getInput('poll-interval')),
    maxRequestsPerSecond: parseMaxRequestsPerSecond(getInput('max-requests-per-second')),
    failOnError: parseBoolean('fail-on-error', getInput('fail-on-error')),
    summary: parseBoolean('summary', getInput('summary')),
    showPrompt,
    download: parseBoolean('download', getInput('download') || 'false')
      ? readDownloadInputs(getInput, runner.workspace)
      : null,
    comment: parseBoolean('comment', getInput('comment') || 'false')
      ? readCommentInputs(getInput, showPrompt)
      : null,
  };
}

/**
 * `model`, `input`, `callback-url` and `family`; null when waiting for `task-id`. A market task is created from
 * `model` + `input`; another family's from `family` + `input`, the input being that family's request body.
 */
function readCreateInputs(getInput: GetInput, parsers: InputParsers): CreateInputs | null {
  const model = getInput('model');
  const family = (getInput('family') || 'market').toLowerCase();
  const hasIds = getInput('task-id').trim() !== '';
  const hasInput = getInput('input').trim() !== '';
  const dedicated = family !== 'market' && CREATABLE_FAMILY_NAMES.includes(family);
  if (model !== '' && family !== 'market') {
    throw new InputError(
      `The model input is for market models (jobs/createTask), not family ${printable(getInput('family'))}. ` +
        (dedicated
          ? `To create a ${family} task, leave model empty and pass the family's whole request body as input, with ` +
            'its model inside when it has one, e.g. `input: \'{"prompt": "…", "model": "…"}\'`.'
          : `Tasks can be created in: ${CREATABLE_FAMILY_NAMES.join(', ')}.`),
    );
  }
  const creating = model !== '' || (dedicated && hasInput);
  if (creating && hasIds) {
    throw new InputError(
      `Both task-id and ${model !== '' ? 'model' : 'input'} are given: pass task-id to wait for tasks created ` +
        `elsewhere, or ${model !== '' ? 'model (with input)' : `input (family ${family})`} to create them in this ` +
        'step, not both.',
    );
  }
  if (!creating) {
    if (!hasIds) {
      throw new InputError(
        'Missing task-id or model input: pass model (a market model ID) with input to create and wait, family (' +
          `${CREATABLE_FAMILY_NAMES.filter((name) => name !== 'market').join(', ')}) with input to create in that ` +
          'family, or task-id (one kie.ai task ID, or several separated by newlines, commas or spaces) to wait for ' +
          'existing tasks.',
      );
    }
    for (const name of ['input', 'callback-url', 'rerun-key']) {
      if (getInput(name) !== '') {
        throw new InputError(
          `The ${name} input needs model (market) or a family that can be created ` +
            `(${CREATABLE_FAMILY_NAMES.filter((n) => n !== 'market').join(', ')}): it only applies when creating.`,
        );
      }
    }
    return null;
  }
  if (model !== '' && !/^[\w.:/+-]{1,200}$/.test(model)) {
    throw new InputError(
      `Invalid model input "${printable(model)}": a market model ID such as google/imagen4-fast (letters, digits, ` +
        '_ - . : / +).',
    );
  }
  return {
    family,
    model: model === '' ? null : model,
    inputs: readTaskInputs(getInput('input'), parsers),
    callBackUrl: parseCallbackUrl(getInput('callback-url')),
    rerun: { onRerun: parseOnRerun(getInput('on-rerun')), key: parseRerunKey(getInput('rerun-key')) },
  };
}

/** `reattach` (default) or `create`. */
function parseOnRerun(value: string): CreateInputs['rerun']['onRerun'] {
  const mode = (value || 'reattach').toLowerCase();
  if (mode === 'reattach' || mode === 'create') return mode;
  throw new InputError(
    `Invalid on-rerun input "${printable(value)}": use reattach (a re-run takes over the tasks an earlier attempt ` +
      'created) or create (a re-run creates every task again).',
  );
}

/** Trimmed; up to 512 characters (it is hashed into the cache key, so any characters work). */
function parseRerunKey(value: string): string {
  const key = value.trim();
  if (key.length > 512) {
    throw new InputError(
      `Invalid rerun-key input "${printable(key)}": at most 512 characters, e.g. \${{ strategy.job-index }}.`,
    );
  }
  return key;
}

/** A mapping (one task) or a list of mappings (one task each), as JSON or YAML (core's one reader). */
function readTaskInputs(text: string, parsers: InputParsers): Record<string, unknown>[] {
  if (text.trim() === '') {
    throw new InputError(
      'Missing input input: with model, pass the model\'s input as JSON or YAML, e.g. `input: \'{"prompt": "a cat"}\'`.',
    );
  }
  try {
    return parseTaskInputs(text, parsers.parseYaml);
  } catch (error) {
    if (!(error instanceof TaskInputError)) throw error;
    throw new InputError(`Invalid input input: ${printable(error.message, 300)}`);
  }
}

/** Empty, or an absolute http(s) URL, checked on the raw text (`new URL` silently strips tabs and line breaks). */
function parseCallbackUrl(value: string): string | undefined {
  if (value === '') return undefined;
  const control = describeControlCharacter(value);
  if (control) {
    throw new InputError(
      `Invalid callback-url input: it contains ${control}. Pass the URL on one line, with no tabs or control ` +
        'characters (check the secret or expression it comes from).',
    );
  }
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InputError(
      `Invalid callback-url input "${printable(withoutCredentials(value))}": use an absolute http(s) URL.`,
    );
  }
  return value;
}

/** The comment inputs; defaults apply to empty values so that callers that predate them keep working. */
function readCommentInputs(getInput: GetInput, showPrompt: boolean): CommentInputs {
  return {
    mode: parseCommentMode(getInput('comment-mode') || 'update'),
    key: getInput('comment-key'),
    showPrompt,
    prNumber: parsePrNumber(getInput('pr-number')),
    token: parseGitHubToken(getInput('github-token')),
  };
}

/** The download inputs; defaults apply to empty values, as for the comment inputs. */
function readDownloadInputs(getInput: GetInput, workspace: string | undefined): DownloadInputs {
  if (!workspace) {
    throw new InputError(
      'Cannot download: GITHUB_WORKSPACE is not set, so download-dir has no workspace to stay inside.',
    );
  }
  const root = resolve(workspace);
  return {
    dir: parseDownloadDir(getInput('download-dir') || 'kie-results', root),
    workspace: root,
    maxBytes: parseMaxDownloadSize(getInput('max-download-size') || '500MB'),
  };
}

/** A folder inside the workspace (relative to it, or absolute), never the workspace itself or anything outside. */
function parseDownloadDir(value: string, workspace: string): string {
  const folder = resolveFolderInside(workspace, value);
  if (!folder.ok) {
    const why = folder.why === 'is-root' ? 'it is the workspace itself' : 'it resolves outside the workspace';
    throw new InputError(
      `Invalid download-dir input "${printable(value)}": ${why}. Use a folder inside the workspace, relative to it, ` +
        'such as kie-results or out/media.',
    );
  }
  return folder.dir;
}

/** `500MB`, `1.5GB`, `200kB`, `1GiB`, or a number of bytes. */
function parseMaxDownloadSize(value: string): number {
  try {
    return parseSize(value);
  } catch {
    throw new InputError(
      `Invalid max-download-size input "${printable(value)}": use a number of bytes (1048576) or a size with a unit, ` +
        'such as 200kB, 500MB, 1.5GB or 1GiB (kB, MB, GB are powers of 1000; KiB, MiB, GiB powers of 1024).',
    );
  }
}

/** A family name, or `auto`; empty means `market`. The core's check, under this input's name. */
function parseFamily(value: string): string {
  const family = value.toLowerCase() || 'market';
  const problem = familyProblem(family);
  if (problem) throw new InputError(`Invalid family input "${printable(value)}": ${problem}.`);
  return family;
}

const COMMENT_MODES: readonly CommentMode[] = ['update', 'create', 'recreate'];

/** `update`, `create` or `recreate`. */
function parseCommentMode(value: string): CommentMode {
  const mode = COMMENT_MODES.find((m) => m === value.toLowerCase());
  if (!mode) {
    throw new InputError(
      `Invalid comment-mode input "${printable(value)}": use update (one comment, edited in place), ` +
        'create (a new comment every run) or recreate (delete the old comment, post a new one).',
    );
  }
  return mode;
}

/** A pull-request number, or null when empty. */
function parsePrNumber(value: string): number | null {
  if (value === '') return null;
  const number = /^#?(\d{1,10})$/.exec(value)?.[1];
  if (number === undefined || Number(number) < 1) {
    throw new InputError(
      `Invalid pr-number input "${printable(value)}": use the pull request's number, e.g. ` +
        '`pr-number: ${{ github.event.workflow_run.pull_requests[0].number }}`, or leave it empty.',
    );
  }
  return Number(number);
}

// Task IDs seen so far: 32-hex, UUIDs, task_<model>_<ms>, veo_task_… — no spaces, no control or markup characters.
const TASK_ID = /^[\w.:/+=-]{1,200}$/;

/** One task ID, or several separated by newlines, commas or spaces. */
function parseTaskIds(value: string): string[] {
  const ids = value.split(/[\s,]+/).filter((id) => id !== '');
  if (ids.length === 0) {
    throw new InputError(
      'Missing task-id input: pass one kie.ai task ID, or several separated by newlines, commas or spaces ' +
        '(for example the data.taskId of the createTask response).',
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (!TASK_ID.test(id)) {
      throw new InputError(
        `Invalid task-id input "${printable(id)}": a task ID is 1 to 200 letters, digits or the characters _ - . : / + =.`,
      );
    }
    if (seen.has(id))
      throw new InputError(`Invalid task-id input: "${id}" is listed twice; list each task ID once.`);
    seen.add(id);
  }
  return ids;
}

/** The API key: required, and usable by the core's client (its check, under this input's name). Never repeated. */
function parseApiKey(value: string): string {
  if (value === '') {
    throw new InputError(
      'Missing api-key input: pass your kie.ai API key from a secret, e.g. `api-key: ${{ secrets.KIE_API_KEY }}` ' +
        '(keys: https://kie.ai/api-key).',
    );
  }
  const problem = apiKeyProblem(value);
  if (problem) throw new InputError(`Invalid api-key input: it ${problem}`);
  return value;
}

/** The token for the comment: empty (commenting then warns and skips) or a real token. Never repeated. */
function parseGitHubToken(value: string): string {
  if (value !== '' && value.length < MIN_SECRET_LENGTH) {
    throw new InputError(
      `Invalid github-token input: it is shorter than ${MIN_SECRET_LENGTH} characters, too short to keep out of ` +
        'logs safely. Leave it at its default (`${{ github.token }}`) or pass a real token.',
    );
  }
  return value;
}

/** https (http only on a loopback host), an origin and a path: the core's check, under this input's name. */
function parseBaseUrl(value: string): string {
  const problem = baseUrlProblem(value);
  if (problem) {
    throw new InputError(`Invalid base-url input "${printable(withoutCredentials(value))}": ${problem}.`);
  }
  return checkBaseUrl(value);
}

/** The deadline for the whole wait. */
function parseTimeout(value: string): number {
  const ms = parseDuration(value);
  if (ms === null)
    throw new InputError(`Invalid timeout input "${printable(value)}": use ${DURATION_FORMS}.`);
  return ms;
}

/** `auto` or a fixed interval. */
function parsePollInterval(value: string): 'auto' | number {
  if (value.toLowerCase() === 'auto') return 'auto';
  const ms = parseDuration(value);
  if (ms === null) {
    throw new InputError(
      `Invalid poll-interval input "${printable(value)}": use auto, or ${DURATION_FORMS}.`,
    );
  }
  return ms;
}

/** A positive number (`2`, `0.5`), or null when empty: the rate then adapts to kie.ai's limit. */
function parseMaxRequestsPerSecond(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  const rate = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new InputError(
      `Invalid max-requests-per-second input "${printable(value)}": use a positive number of status requests per ` +
        'second, such as 2 or 0.5 (matrix legs sharing one API key: divide its budget by the number of legs), ' +
        "or leave it empty to adapt to kie.ai's limit.",
    );
  }
  return rate;
}

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`Invalid ${name} input "${printable(value)}": use true or false.`);
}

// Inputs are shown in messages; keep them short and on one line.
// Inputs are shown in messages: core's table of dangerous characters, one line, and short.
function printable(value: string, max = 80): string {
  return clipText(replaceDangerous(value).replace(/[\r\n\t]+/g, ' '), max);
}
