/**
 * The re-run memory, on @actions/cache (loaded only when the step creates tasks): after each create the step saves
 * which tasks it created; a re-run (`GITHUB_RUN_ATTEMPT` > 1) restores the newest entry of an earlier attempt and
 * re-attaches to its tasks instead of paying for them again.
 *
 * The memory never breaks the step: an absent, failing, rate-limited or slow cache service costs one warning and the
 * step goes on as without it. @actions/cache bounds nothing (a 500 is retried for 25–35 s, a silent service holds
 * each try for minutes, neither configurable), so every call here races the step's signal and a budget of its own,
 * and is given up on when either ends; main.ts ends the process when the step is done, whatever it still holds.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as cache from '@actions/cache';
import type { KieClient } from '@kie-task/core';
import { formatMs, linkSignals, stateLabel } from '@kie-task/core/internal';
import { oneLine } from '../workflow-commands.js';
import type { Logger } from '../log.js';
import {
  decodeEntry,
  encodeEntry,
  entryKey,
  entryPath,
  keyPrefix,
  stepKey,
  type StepIdentity,
} from './entry.js';
import type { RerunSite } from './site.js';
import { quietly } from './quiet.js';

/** What the memory needs from the step. */
export interface RerunOptions {
  site: RerunSite;
  step: StepIdentity;
  /** `on-rerun`: `reattach` (default) or `create` (always create; still remember, for later attempts). */
  onRerun: 'reattach' | 'create';
  /** The step's client: each remembered task is polled once with it. */
  client: KieClient;
  logger: Logger;
  signal: AbortSignal | undefined;
  /** Epoch ms: the step's deadline, shared with creating and waiting. */
  deadline: number;
}

/** The memory of one step. */
export interface RerunMemory {
  /** Per input item, in order: the task taken over from an earlier attempt, or null (create it). */
  readonly reattached: readonly (string | null)[];
  /** Records a task just created for item `index` and saves the whole list (in the background). */
  remember(index: number, taskId: string): void;
  /** Waits for the saves still running (each bounded): call before waiting for the tasks. */
  settle(): Promise<void>;
}

/**
 * One cache call gets a quarter of the time left, at least MIN_CALL_MS (a save runs tar and three requests: a few
 * hundred ms on a runner), at most MAX_CALL_MS, and never more than the time left.
 */
const MAX_CALL_MS = 10_000;
const MIN_CALL_MS = 2_000;

/** Opens the memory: on a re-run, restores and polls what an earlier attempt created. Never rejects. */
export async function openRerunMemory(options: RerunOptions): Promise<RerunMemory> {
  const { site, logger } = options;
  const items = options.step.inputs.length;
  const key = stepKey(site, options.step);
  const prefix = keyPrefix(site, key);
  const path = entryPath(site, prefix);
  const tasks: (string | null)[] = new Array<string | null>(items).fill(null);
  let off = false;
  /** The one warning: after it, the memory is off for the rest of the step. */
  const giveUp = (why: string): void => {
    if (off) return;
    off = true;
    logger.warning(
      `Re-run memory: ${why}. A re-run of this step may create (and pay for) its tasks again; this run goes on.`,
    );
  };
  const call = <T>(what: string, work: () => Promise<T>): Promise<Called<T>> =>
    bounded(what, work, options, logger);

  if (!serviceAvailable()) {
    giveUp('no GitHub cache service here (a local run, or GHES without Actions caching)');
  }

  const reattached: (string | null)[] = new Array<string | null>(items).fill(null);
  if (!off && site.attempt > 1) {
    if (options.onRerun === 'create') {
      logger.info(`Re-run (attempt ${site.attempt}) with on-rerun: create: creating every task again.`);
    } else {
      const restored = await restore(path, prefix, site, items, call);
      if (restored.kind === 'failed') giveUp(restored.why);
      else if (restored.kind === 'none') {
        logger.info(
          `Re-run (attempt ${site.attempt}): no tasks remembered from an earlier attempt of this step.`,
        );
      } else {
        await takeOver(restored.tasks, restored.attempt, reattached, options);
        reattached.forEach((id, i) => (tasks[i] = id));
      }
    }
  }

  // Saves run one at a time; a create during a save is covered by the next one, which holds the whole list.
  let saves = 0;
  let running: Promise<void> | null = null;
  let dirty = false;
  const saveAll = async (): Promise<void> => {
    while (dirty && !off) {
      dirty = false;
      saves += 1;
      const saved = await save(path, entryKey(prefix, site.attempt, saves), site, tasks, call);
      if (saved !== 'saved') giveUp(saved);
    }
    running = null;
  };
  const remember = (index: number, taskId: string): void => {
    tasks[index] = taskId;
    if (off || writeDenied(site.cacheMode)) return;
    dirty = true;
    running ??= saveAll();
  };
  if (!off && writeDenied(site.cacheMode)) {
    giveUp(
      `the cache is read-only for this run (ACTIONS_CACHE_MODE ${oneLine(site.cacheMode)}, e.g. a fork's pull request)`,
    );
  }
  // Re-attached tasks are remembered at once: this attempt's entry must hold every task of the list.
  const first = reattached.findIndex((id) => id !== null);
  if (first >= 0) remember(first, reattached[first]!);
  return {
    reattached,
    remember,
    settle: async () => {
      await running;
    },
  };
}

/** What a bounded call came to. */
type Called<T> = { ok: true; value: T; problems: string[] } | { ok: false; why: string };

type Restored =
  | { kind: 'found'; tasks: (string | null)[]; attempt: number }
  | { kind: 'none' }
  | { kind: 'failed'; why: string };

/** The newest entry an earlier attempt of this step saved (this attempt has saved none yet). */
async function restore(
  path: string,
  prefix: string,
  site: RerunSite,
  items: number,
  call: <T>(what: string, work: () => Promise<T>) => Promise<Called<T>>,
): Promise<Restored> {
  const restored = await call('restoring', () =>
    // The primary key is this attempt's first save, which cannot exist yet; the prefix finds the newest other.
    cache.restoreCache([path], entryKey(prefix, site.attempt, 1), [prefix]),
  );
  if (!restored.ok) return { kind: 'failed', why: restored.why };
  if (restored.value === undefined) {
    // A miss and a failure look the same (undefined); only the library's own warning tells them apart.
    return restored.problems.length > 0
      ? { kind: 'failed', why: 'the cache service could not be read (details in the debug log)' }
      : { kind: 'none' };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { kind: 'failed', why: 'the restored entry has no file' };
  }
  const entry = decodeEntry(text, items);
  if (!entry || entry.attempt >= site.attempt) return { kind: 'none' };
  return { kind: 'found', tasks: entry.tasks, attempt: entry.attempt };
}

/**
 * Polls each remembered task once: succeeded or still pending is taken over (no create, no charge); failed is
 * created again (the user re-ran to retry it); a task that cannot be read is taken over too — the wait then reports
 * what it finds — because the memory's one promise is never to pay twice.
 */
async function takeOver(
  remembered: readonly (string | null)[],
  fromAttempt: number,
  reattached: (string | null)[],
  options: RerunOptions,
): Promise<void> {
  const { logger, site } = options;
  const stop = linkSignals([options.signal], Math.max(0, options.deadline - Date.now()));
  try {
    for (const [i, taskId] of remembered.entries()) {
      if (taskId === null) continue;
      const which =
        remembered.length === 1 ? `task ${taskId}` : `task ${i + 1} of ${remembered.length} (${taskId})`;
      const from = `Re-run (attempt ${site.attempt}): ${which}, created by attempt ${fromAttempt},`;
      if (stop.signal.aborted) {
        reattached[i] = taskId;
        continue;
      }
      try {
        const record = await options.client.getTask(taskId, {
          family: options.step.family,
          signal: stop.signal,
        });
        if (record.status === 'failed') {
          logger.info(`${from} failed (${oneLine(stateLabel(record))}): creating it again.`);
          continue;
        }
        reattached[i] = taskId;
        logger.info(
          `${from} ${record.status === 'success' ? 'succeeded' : `is ${oneLine(stateLabel(record))}`}: taken over, not created or paid for again.`,
        );
      } catch (error) {
        reattached[i] = taskId;
        const message = error instanceof Error ? error.message : String(error);
        logger.info(`${from} could not be read (${oneLine(message)}): taken over, not created again.`);
      }
    }
  } finally {
    stop.dispose();
  }
}

/** Writes the entry's file and saves it under its own key; 'saved', or why not. */
async function save(
  path: string,
  key: string,
  site: RerunSite,
  tasks: readonly (string | null)[],
  call: <T>(what: string, work: () => Promise<T>) => Promise<Called<T>>,
): Promise<string> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encodeEntry({ attempt: site.attempt, tasks: [...tasks] }));
  } catch (error) {
    return `could not write ${path} (${error instanceof Error ? error.message : String(error)})`;
  }
  const saved = await call('saving', () => cache.saveCache([path], key));
  if (!saved.ok) return saved.why;
  // -1 is every failure (reserve, upload, finalize): the library's reasons are in the debug log.
  return saved.value === -1
    ? 'the cache service did not store the entry (details in the debug log)'
    : 'saved';
}

/** Whether the runner gave this job a cache service (it reads GITHUB_SERVER_URL, which may not be a URL). */
function serviceAvailable(): boolean {
  try {
    return cache.isFeatureAvailable();
  } catch {
    return false;
  }
}

/** The modes in which the runner lets this run write to the cache (unset or unknown = allowed, as the library). */
function writeDenied(mode: string): boolean {
  const m = mode.trim().toLowerCase();
  return m === 'read' || m === 'none';
}

/**
 * Runs one @actions/cache call, quietly, until it settles, the step's signal aborts or its budget runs out — then gives up on it, leaving it to finish in the background.
 */
async function bounded<T>(
  what: string,
  work: () => Promise<T>,
  options: RerunOptions,
  logger: Logger,
): Promise<Called<T>> {
  const left = Math.max(0, options.deadline - Date.now());
  const budget = Math.min(MAX_CALL_MS, left, Math.max(MIN_CALL_MS, left / 4));
  const stop = linkSignals([options.signal], budget);
  try {
    const stopped = new Promise<never>((_, reject) => {
      const fail = (): void => reject(new Error('stopped'));
      if (stop.signal.aborted) fail();
      else stop.signal.addEventListener('abort', fail, { once: true });
    });
    const { value, problems } = await Promise.race([quietly(logger, work), stopped]);
    return { ok: true, value, problems };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, why: `${what} was stopped: the run was cancelled` };
    if (stop.signal.aborted) {
      return {
        ok: false,
        why: `no result from the cache service within ${formatMs(budget)} while ${what} (down, failing or slow)`,
      };
    }
    // Only invalid keys throw (never ours: entry.ts builds them); anything else is a failure too.
    return {
      ok: false,
      why: `${what} failed: ${oneLine(error instanceof Error ? error.message : String(error))}`,
    };
  }
}
