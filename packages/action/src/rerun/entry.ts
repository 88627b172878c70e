/**
 * What the re-run memory stores and under which cache key: pure functions, no I/O. An entry holds only task IDs, in
 * input order (null for an item not created), never the API key, the input or anything else the step was given.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RerunSite } from './site.js';

/** What identifies "the same step" across attempts: the model, input and callback it creates from. */
export interface StepIdentity {
  family: string;
  /** The market model; null for another family (its model, if any, is inside the inputs). */
  model: string | null;
  inputs: readonly Record<string, unknown>[];
  callBackUrl: string | undefined;
  /** The `rerun-key` input; '' = the default (the step's id and a hash of what it creates). */
  rerunKey: string;
}

/** The step's re-run key: `rerun-key` when given, else the step's id and a hash of what it creates. */
export function stepKey(site: RerunSite, step: StepIdentity): string {
  if (step.rerunKey !== '') return step.rerunKey;
  const what = JSON.stringify([step.family, step.model, step.inputs, step.callBackUrl ?? null]);
  return `${site.step}:${sha256(what).slice(0, 32)}`;
}

/**
 * The cache key prefix shared by every entry of this step in this run and job. The step key and the job are hashed,
 * so the key is short, has no comma (@actions/cache refuses both) and one step's prefix can never be the start of
 * another's.
 */
export function keyPrefix(site: RerunSite, key: string): string {
  const runId = site.runId.replace(/[^0-9A-Za-z_-]/g, '_').slice(0, 40);
  return `kie-task-rerun-${runId}-${sha256(JSON.stringify([site.job, key])).slice(0, 32)}-`;
}

/** The key of one save: entries cannot be overwritten, so every save of every attempt gets its own. */
export function entryKey(prefix: string, attempt: number, save: number): string {
  return `${prefix}${attempt}-${save}`;
}

/** The entry's file: the same absolute path on every attempt (the cache's version hashes it). */
export function entryPath(site: RerunSite, prefix: string): string {
  return join(site.tempDir, 'kie-task-rerun', `${sha256(prefix).slice(0, 16)}.json`);
}

/** One stored entry. */
export interface Entry {
  attempt: number;
  /** In input order: the task created (or re-attached) for each item, null when none was. */
  tasks: (string | null)[];
}

const FORMAT = 'kie-task-rerun/1';
/** An entry is a few IDs; anything much larger is not ours. */
const MAX_ENTRY_CHARS = 64 * 1024;
/** kie.ai's task IDs are short tokens; anything else in a restored file is refused. */
const TASK_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The entry's file content. */
export function encodeEntry(entry: Entry): string {
  return `${JSON.stringify({ format: FORMAT, attempt: entry.attempt, tasks: entry.tasks })}\n`;
}

/**
 * Reads a restored file: null unless it is an entry of ours with `items` tasks of a plausible shape (the cache is
 * shared by every step of the repository; a file from elsewhere must not name tasks to re-attach).
 */
export function decodeEntry(text: string, items: number): Entry | null {
  if (text.length > MAX_ENTRY_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { format, attempt, tasks } = value as Record<string, unknown>;
  if (format !== FORMAT || !Number.isSafeInteger(attempt) || (attempt as number) < 1) return null;
  if (!Array.isArray(tasks) || tasks.length !== items) return null;
  if (!tasks.every((id) => id === null || (typeof id === 'string' && TASK_ID.test(id)))) return null;
  return { attempt: attempt as number, tasks: tasks as (string | null)[] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
