/**
 * The domain types, on the ground floor: JSON objects, task states, the family seam (what differs between kie.ai's
 * status endpoints) and the normalised record. Types only, importing nothing, so every module can use them without
 * tying itself to another.
 */

/** A parsed JSON object. */
export type JsonObject = { [key: string]: unknown };

/** Normalised outcome of a task. Unknown states are `pending`. */
export type TaskStatus = 'pending' | 'success' | 'failed';

/** The family-specific part of a TaskRecord, read from the envelope's `data`. */
export interface FamilyReading {
  /** The model name, when the family reports one. */
  model: string | null;
  /** The family's own state value, unchanged (`"generating"`, `"1"`, `"GENERATE_AUDIO_FAILED"`, …). */
  state: string;
  /** The normalised outcome; unknown states are `pending`. */
  status: TaskStatus;
  /** The parsed `param` (the whole createTask request), or null. */
  param: JsonObject | null;
  /** Primary result URLs (http(s) only), in order, once each. Never undefined; empty for text outputs. */
  resultUrls: string[];
  /** The parsed `resultJson` (or the family's result object), or null. */
  result: JsonObject | null;
  /** Failure code and message; `""` and null alike become null. */
  failCode: string | null;
  failMsg: string | null;
  createTime: Date | null;
  /** The record's last change; not a completion time. */
  updateTime: Date | null;
  /** When kie.ai finished, or null. (`updateTime` is not a completion time: real bodies repeat `createTime`.) */
  completeTime: Date | null;
  /** `costTime` as kie.ai reports it: seconds in every real body (kie-api.md §13), not milliseconds. */
  costTimeSeconds: number | null;
  /** Credits the task cost (`creditsConsumed`, or `consumeCredits` in older examples), or null. */
  creditsConsumed: number | null;
  /** Progress in percent (0–100) when the family reports it (market sora2, GPT-4o image), else null. */
  progress: number | null;
  /** Oddities that did not stop parsing (unknown state, skipped URL, empty result on success…). */
  warnings: string[];
}

/**
 * What an envelope code means on a family's create endpoint, where its page documents it differently from
 * createTask (read in code-meanings.ts, which holds createTask's own table).
 */
export interface CreateCodeMeaning {
  /** `retry`: nothing was created (the rate); `fatal`: a certain refusal; `outcome-unknown`: a task may exist. */
  disposition: 'retry' | 'fatal' | 'outcome-unknown';
  kind: 'rate-limited' | 'validation' | 'server';
  /** What it means and what to do, for error messages. */
  advice: string;
}

/**
 * One kie.ai task family: how to build its status URL, and how to read its records.
 * Adding a family is one module implementing this, registered in `families/index.ts`.
 */
export interface TaskFamily {
  /** The name users pass as `family` (`'market'`, `'veo'`, …). */
  readonly name: string;
  /** Path and query of the status endpoint, relative to the base URL. */
  statusPath(taskId: string): string;
  /**
   * The create endpoint (POST, relative to the base URL), when tasks of this family can be created here: market's
   * `jobs/createTask` takes `{model, input, callBackUrl}`; a dedicated family's takes its own body.
   */
  readonly createPath?: string;
  /** Envelope codes the create endpoint documents differently from createTask (Suno's 405/430, …). */
  readonly createCodes?: Readonly<Record<number, CreateCodeMeaning>>;
  /** Reads `data`; throws KieParseError (with the JSON path) when required fields are missing or wrong. */
  read(data: JsonObject): FamilyReading;
  /** The `state` reported when kie.ai says "generation failed" without sending a record. */
  readonly failedState: string;
  /** Minimum time between two status queries of one task, when the family documents a limit. */
  readonly minPollIntervalMs?: number;
  /** Result URLs in a callback body's `data` (callbacks are shaped differently from status records). */
  callbackUrls?(data: JsonObject, warnings: string[]): string[];
}

/** A kie.ai task, normalised across families: the family's reading plus where it came from. */
export interface TaskRecord extends FamilyReading {
  taskId: string;
  /** The family the record was read as. */
  family: string;
  /** The `data` object as received, so callers can read the original `param`/`resultJson` strings. */
  raw: JsonObject;
}
