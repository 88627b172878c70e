export const id = 927;
export const ids = [927];
export const modules = {

/***/ 1927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRerunMemory: () => (/* binding */ openRerunMemory)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+cache@6.3.0_supports-color@7.2.0/node_modules/@actions/cache/lib/cache.js + 312 modules
var cache = __webpack_require__(8618);
// EXTERNAL MODULE: ../core/dist/abort.js
var abort = __webpack_require__(6066);
// EXTERNAL MODULE: ../core/dist/presentation.js
var presentation = __webpack_require__(7458);
// EXTERNAL MODULE: ../core/dist/duration.js
var duration = __webpack_require__(4526);
// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __webpack_require__(5257);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/rerun/entry.ts
/**
 * What the re-run memory stores and under which cache key: pure functions, no I/O. An entry holds only task IDs, in
 * input order (null for an item not created), never the API key, the input or anything else the step was given.
 */


/** The step's re-run key: `rerun-key` when given, else the step's id and a hash of what it creates. */
function stepKey(site, step) {
    if (step.rerunKey !== '')
        return step.rerunKey;
    const what = JSON.stringify([step.family, step.model, step.inputs, step.callBackUrl ?? null]);
    return `${site.step}:${sha256(what).slice(0, 32)}`;
}
/**
 * The cache key prefix shared by every entry of this step in this run and job. The step key and the job are hashed,
 * so the key is short, has no comma (@actions/cache refuses both) and one step's prefix can never be the start of
 * another's.
 */
function keyPrefix(site, key) {
    const runId = site.runId.replace(/[^0-9A-Za-z_-]/g, '_').slice(0, 40);
    return `kie-task-rerun-${runId}-${sha256(JSON.stringify([site.job, key])).slice(0, 32)}-`;
}
/** The key of one save: entries cannot be overwritten, so every save of every attempt gets its own. */
function entryKey(prefix, attempt, save) {
    return `${prefix}${attempt}-${save}`;
}
/** The entry's file: the same absolute path on every attempt (the cache's version hashes it). */
function entryPath(site, prefix) {
    return (0,external_node_path_.join)(site.tempDir, 'kie-task-rerun', `${sha256(prefix).slice(0, 16)}.json`);
}
const FORMAT = 'kie-task-rerun/1';
/** An entry is a few IDs; anything much larger is not ours. */
const MAX_ENTRY_CHARS = 64 * 1024;
/** kie.ai's task IDs are short tokens; anything else in a restored file is refused. */
const TASK_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** The entry's file content. */
function encodeEntry(entry) {
    return `${JSON.stringify({ format: FORMAT, attempt: entry.attempt, tasks: entry.tasks })}\n`;
}
/**
 * Reads a restored file: null unless it is an entry of ours with `items` tasks of a plausible shape (the cache is
 * shared by every step of the repository; a file from elsewhere must not name tasks to re-attach).
 */
function decodeEntry(text, items) {
    if (text.length > MAX_ENTRY_CHARS)
        return null;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return null;
    }
    if (typeof value !== 'object' || value === null)
        return null;
    const { format, attempt, tasks } = value;
    if (format !== FORMAT || !Number.isSafeInteger(attempt) || attempt < 1)
        return null;
    if (!Array.isArray(tasks) || tasks.length !== items)
        return null;
    if (!tasks.every((id) => id === null || (typeof id === 'string' && TASK_ID.test(id))))
        return null;
    return { attempt: attempt, tasks: tasks };
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
;// CONCATENATED MODULE: ./src/rerun/quiet.ts
/**
 * Keeps @actions/cache's own output out of the log. It writes straight to stdout through its own @actions/core calls
 * and child processes (`[command]/usr/bin/tar …`, upload progress, "Failed to save: … another job may be creating
 * this cache", warnings and errors that would become annotations), past our log layer. Whatever is written while
 * one of its calls is running — followed through timers, sockets and child processes by AsyncLocalStorage — is
 * taken off stdout: `::add-mask::` lines still reach the runner (they hide the signed URLs), the rest goes to our
 * debug log, neutralised. Everything else the step writes meanwhile passes untouched.
 */

const library = new external_node_async_hooks_.AsyncLocalStorage();
let installed = false;
/** Runs `work` (a call into @actions/cache) with its stdout diverted to `logger.debug`. */
async function quietly(logger, work) {
    install();
    const listener = { logger, problems: [] };
    const value = await library.run(listener, work);
    return { value, problems: listener.problems };
}
// Installed once and never removed: a call given up on (the deadline) may still write long after.
function install() {
    if (installed)
        return;
    installed = true;
    const stdout = process.stdout;
    const write = stdout.write.bind(stdout);
    let pending = '';
    stdout.write = (chunk, ...rest) => {
        const listener = library.getStore();
        if (!listener)
            return write(chunk, ...rest);
        pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines.map((l) => l.replace(/\r$/, ''))) {
            if (line.startsWith('::add-mask::')) {
                write(`${line}\n`);
                continue;
            }
            if (/^::(warning|error)[ :]/.test(line))
                listener.problems.push(line);
            // Outside the library's context, or our own debug line would come back here.
            if (line !== '')
                library.exit(() => listener.logger.debug(`@actions/cache: ${line.replace(/^::debug::/, '')}`));
        }
        const callback = rest.find((arg) => typeof arg === 'function');
        if (callback)
            queueMicrotask(callback);
        return true;
    };
}

;// CONCATENATED MODULE: ./src/rerun/memory.ts
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







/**
 * One cache call gets a quarter of the time left, at least MIN_CALL_MS (a save runs tar and three requests: a few
 * hundred ms on a runner), at most MAX_CALL_MS, and never more than the time left.
 */
const MAX_CALL_MS = 10_000;
const MIN_CALL_MS = 2_000;
/** Opens the memory: on a re-run, restores and polls what an earlier attempt created. Never rejects. */
async function openRerunMemory(options) {
    const { site, logger } = options;
    const items = options.step.inputs.length;
    const key = stepKey(site, options.step);
    const prefix = keyPrefix(site, key);
    const path = entryPath(site, prefix);
    const tasks = new Array(items).fill(null);
    let off = false;
    /** The one warning: after it, the memory is off for the rest of the step. */
    const giveUp = (why) => {
        if (off)
            return;
        off = true;
        logger.warning(`Re-run memory: ${why}. A re-run of this step may create (and pay for) its tasks again; this run goes on.`);
    };
    const call = (what, work) => bounded(what, work, options, logger);
    if (!serviceAvailable()) {
        giveUp('no GitHub cache service here (a local run, or GHES without Actions caching)');
    }
    const reattached = new Array(items).fill(null);
    if (!off && site.attempt > 1) {
        if (options.onRerun === 'create') {
            logger.info(`Re-run (attempt ${site.attempt}) with on-rerun: create: creating every task again.`);
        }
        else {
            const restored = await restore(path, prefix, site, items, call);
            if (restored.kind === 'failed')
                giveUp(restored.why);
            else if (restored.kind === 'none') {
                logger.info(`Re-run (attempt ${site.attempt}): no tasks remembered from an earlier attempt of this step.`);
            }
            else {
                await takeOver(restored.tasks, restored.attempt, reattached, options);
                reattached.forEach((id, i) => (tasks[i] = id));
            }
        }
    }
    // Saves run one at a time; a create during a save is covered by the next one, which holds the whole list.
    let saves = 0;
    let running = null;
    let dirty = false;
    const saveAll = async () => {
        while (dirty && !off) {
            dirty = false;
            saves += 1;
            const saved = await save(path, entryKey(prefix, site.attempt, saves), site, tasks, call);
            if (saved !== 'saved')
                giveUp(saved);
        }
        running = null;
    };
    const remember = (index, taskId) => {
        tasks[index] = taskId;
        if (off || writeDenied(site.cacheMode))
            return;
        dirty = true;
        running ??= saveAll();
    };
    if (!off && writeDenied(site.cacheMode)) {
        giveUp(`the cache is read-only for this run (ACTIONS_CACHE_MODE ${(0,workflow_commands/* oneLine */.T)(site.cacheMode)}, e.g. a fork's pull request)`);
    }
    // Re-attached tasks are remembered at once: this attempt's entry must hold every task of the list.
    const first = reattached.findIndex((id) => id !== null);
    if (first >= 0)
        remember(first, reattached[first]);
    return {
        reattached,
        remember,
        settle: async () => {
            await running;
        },
    };
}
/** The newest entry an earlier attempt of this step saved (this attempt has saved none yet). */
async function restore(path, prefix, site, items, call) {
    const restored = await call('restoring', () => 
    // The primary key is this attempt's first save, which cannot exist yet; the prefix finds the newest other.
    cache/* restoreCache */.P3([path], entryKey(prefix, site.attempt, 1), [prefix]));
    if (!restored.ok)
        return { kind: 'failed', why: restored.why };
    if (restored.value === undefined) {
        // A miss and a failure look the same (undefined); only the library's own warning tells them apart.
        return restored.problems.length > 0
            ? { kind: 'failed', why: 'the cache service could not be read (details in the debug log)' }
            : { kind: 'none' };
    }
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch {
        return { kind: 'failed', why: 'the restored entry has no file' };
    }
    const entry = decodeEntry(text, items);
    if (!entry || entry.attempt >= site.attempt)
        return { kind: 'none' };
    return { kind: 'found', tasks: entry.tasks, attempt: entry.attempt };
}
/**
 * Polls each remembered task once: succeeded or still pending is taken over (no create, no charge); failed is
 * created again (the user re-ran to retry it); a task that cannot be read is taken over too — the wait then reports
 * what it finds — because the memory's one promise is never to pay twice.
 */
async function takeOver(remembered, fromAttempt, reattached, options) {
    const { logger, site } = options;
    const stop = (0,abort/* linkSignals */.w4)([options.signal], Math.max(0, options.deadline - Date.now()));
    try {
        for (const [i, taskId] of remembered.entries()) {
            if (taskId === null)
                continue;
            const which = remembered.length === 1 ? `task ${taskId}` : `task ${i + 1} of ${remembered.length} (${taskId})`;
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
                    logger.info(`${from} failed (${(0,workflow_commands/* oneLine */.T)((0,presentation/* stateLabel */.UH)(record))}): creating it again.`);
                    continue;
                }
                reattached[i] = taskId;
                logger.info(`${from} ${record.status === 'success' ? 'succeeded' : `is ${(0,workflow_commands/* oneLine */.T)((0,presentation/* stateLabel */.UH)(record))}`}: taken over, not created or paid for again.`);
            }
            catch (error) {
                reattached[i] = taskId;
                const message = error instanceof Error ? error.message : String(error);
                logger.info(`${from} could not be read (${(0,workflow_commands/* oneLine */.T)(message)}): taken over, not created again.`);
            }
        }
    }
    finally {
        stop.dispose();
    }
}
/** Writes the entry's file and saves it under its own key; 'saved', or why not. */
async function save(path, key, site, tasks, call) {
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        await (0,promises_.writeFile)(path, encodeEntry({ attempt: site.attempt, tasks: [...tasks] }));
    }
    catch (error) {
        return `could not write ${path} (${error instanceof Error ? error.message : String(error)})`;
    }
    const saved = await call('saving', () => cache/* saveCache */.Io([path], key));
    if (!saved.ok)
        return saved.why;
    // -1 is every failure (reserve, upload, finalize): the library's reasons are in the debug log.
    return saved.value === -1
        ? 'the cache service did not store the entry (details in the debug log)'
        : 'saved';
}
/** Whether the runner gave this job a cache service (it reads GITHUB_SERVER_URL, which may not be a URL). */
function serviceAvailable() {
    try {
        return cache/* isFeatureAvailable */.w3();
    }
    catch {
        return false;
    }
}
/** The modes in which the runner lets this run write to the cache (unset or unknown = allowed, as the library). */
function writeDenied(mode) {
    const m = mode.trim().toLowerCase();
    return m === 'read' || m === 'none';
}
/**
 * Runs one @actions/cache call, quietly, until it settles, the step's signal aborts or its budget runs out — then gives up on it, leaving it to finish in the background.
 */
async function bounded(what, work, options, logger) {
    const left = Math.max(0, options.deadline - Date.now());
    const budget = Math.min(MAX_CALL_MS, left, Math.max(MIN_CALL_MS, left / 4));
    const stop = (0,abort/* linkSignals */.w4)([options.signal], budget);
    try {
        const stopped = new Promise((_, reject) => {
            const fail = () => reject(new Error('stopped'));
            if (stop.signal.aborted)
                fail();
            else
                stop.signal.addEventListener('abort', fail, { once: true });
        });
        const { value, problems } = await Promise.race([quietly(logger, work), stopped]);
        return { ok: true, value, problems };
    }
    catch (error) {
        if (options.signal?.aborted)
            return { ok: false, why: `${what} was stopped: the run was cancelled` };
        if (stop.signal.aborted) {
            return {
                ok: false,
                why: `no result from the cache service within ${(0,duration/* formatMs */._V)(budget)} while ${what} (down, failing or slow)`,
            };
        }
        // Only invalid keys throw (never ours: entry.ts builds them); anything else is a failure too.
        return {
            ok: false,
            why: `${what} failed: ${(0,workflow_commands/* oneLine */.T)(error instanceof Error ? error.message : String(error))}`,
        };
    }
}


/***/ })

};
