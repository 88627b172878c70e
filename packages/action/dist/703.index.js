export const id = 703;
export const ids = [703];
export const modules = {

/***/ 703:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadResults: () => (/* binding */ downloadResults),
  startResultDownloads: () => (/* binding */ startResultDownloads)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ../core/dist/abort.js
var abort = __webpack_require__(6066);
;// CONCATENATED MODULE: ../node-io/dist/download/errors.js
/** The error of a failed download: names the URL's host and the reason, never the (signed) URL itself. */
/** A download failed. The message reads `Download of <label> from <host> failed: <reason>`. */
class DownloadError extends Error {
    name = 'DownloadError';
    kind;
    reason;
    host;
    httpStatus;
    retryable;
    retryAfterMs;
    constructor(options) {
        const what = options.label ? ` of ${options.label}` : '';
        const from = options.host ? ` from ${options.host}` : '';
        super(`Download${what}${from} failed: ${options.reason}`);
        this.kind = options.kind;
        this.reason = options.reason;
        this.host = options.host;
        this.httpStatus = options.httpStatus ?? null;
        this.retryable = options.retryable ?? false;
        this.retryAfterMs = options.retryAfterMs ?? null;
    }
    /** The same failure, re-labelled (the retry loop learns the label after the attempt failed). */
    withLabel(label, reason = this.reason) {
        return new DownloadError({
            kind: this.kind,
            reason,
            host: this.host,
            label,
            httpStatus: this.httpStatus,
            retryable: this.retryable,
            retryAfterMs: this.retryAfterMs,
        });
    }
}
/** The host of `url` (with port), or `null`. */
function hostOf(url) {
    try {
        return new URL(url).host || null;
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=errors.js.map
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ../core/dist/duration.js
var duration = __webpack_require__(4526);
// EXTERNAL MODULE: ../core/dist/retry-policy.js
var retry_policy = __webpack_require__(2417);
// EXTERNAL MODULE: ../node-io/dist/paths.js
var paths = __webpack_require__(4744);
// EXTERNAL MODULE: ../node-io/dist/download/size.js
var size = __webpack_require__(9692);
;// CONCATENATED MODULE: ../node-io/dist/download/file.js
/**
 * Streams one URL to a file with `fetch`: abortable, stall-detecting, size-capped while streaming, retried on
 * transient failures within the deadline, written to a temporary file in the target folder and renamed at the end.
 */







/**
 * Downloads `url` to `targetPath` (its folder is created if needed). The file appears only when complete:
 * the body goes to a temporary file beside it, which is renamed at the end and deleted on any failure.
 * @throws {DownloadError} naming the URL's host and the reason (never the URL itself)
 * @throws an AbortError (`name === 'AbortError'`) when `options.signal` aborts
 */
async function downloadFile(url, targetPath, options = {}) {
    const target = resolve(targetPath);
    const name = basename(target);
    return fetchInto(url, dirname(target), () => name, options, options.label);
}
/** The engine behind downloadFile and downloadResults: the name is chosen after the response headers arrive. */
async function fetchInto(url, dir, nameFor, options, label) {
    const settings = resolveSettings(options);
    if (options.signal?.aborted)
        throw (0,abort/* abortError */.vt)(options.signal.reason);
    checkHttpUrl(url, label);
    const linked = (0,abort/* linkSignals */.w4)([options.signal], options.deadline === undefined ? undefined : options.deadline - Date.now());
    // Turns a failure seen while the linked signal was aborted into the abort or the deadline failure.
    const stopped = () => {
        if (linked.signal.reason instanceof abort/* DeadlineReached */.h_) {
            return new DownloadError({ kind: 'deadline', reason: 'the deadline passed', host: hostOf(url), label });
        }
        return (0,abort/* abortError */.vt)(options.signal?.reason ?? linked.signal.reason);
    };
    try {
        try {
            await (0,promises_.mkdir)(dir, { recursive: true });
        }
        catch (error) {
            throw fsError(error, hostOf(url), label, 'could not create the folder');
        }
        let current = url;
        let refreshed = false;
        let retry = 0;
        for (;;) {
            if (linked.signal.aborted)
                throw stopped();
            let failure;
            try {
                return await attempt(current, [url, current], dir, nameFor, settings, linked.signal);
            }
            catch (error) {
                if (linked.signal.aborted)
                    throw stopped();
                if (!(error instanceof DownloadError))
                    throw error;
                failure = error;
            }
            const expired = failure.kind === 'http' && (failure.httpStatus === 403 || failure.httpStatus === 404);
            if (expired && settings.refresh && !refreshed) {
                refreshed = true;
                current = await refreshLink(url, failure, settings.refresh, linked.signal, label).catch((error) => {
                    throw linked.signal.aborted ? stopped() : error;
                });
                continue;
            }
            const reason = refreshed && failure.kind === 'http' ? `${failure.reason} (also with a fresh link)` : failure.reason;
            if (!failure.retryable || retry >= settings.retries) {
                const tries = retry > 0 ? ` (after ${retry + 1} attempts)` : '';
                throw failure.withLabel(label, reason + tries);
            }
            const delay = backoff(retry, failure.retryAfterMs, settings);
            if (options.deadline !== undefined && Date.now() + delay >= options.deadline) {
                throw failure.withLabel(label, `${reason}; no time left to retry before the deadline`);
            }
            retry += 1;
            try {
                await (0,abort/* sleep */.yy)(delay, linked.signal);
            }
            catch {
                throw stopped();
            }
        }
    }
    finally {
        linked.dispose();
    }
}
async function refreshLink(url, failure, refresh, signal, label) {
    let fresh;
    try {
        fresh = await refresh(url, signal);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new DownloadError({
            kind: 'refresh',
            reason: `${failure.reason} (link expired?), and asking for a fresh link failed: ${why}`,
            host: failure.host,
            label,
            httpStatus: failure.httpStatus,
        });
    }
    if (typeof fresh !== 'string' || !isHttpUrl(fresh)) {
        throw new DownloadError({
            kind: 'refresh',
            reason: `${failure.reason} (link expired?), and the fresh link is not an http(s) URL`,
            host: failure.host,
            label,
            httpStatus: failure.httpStatus,
        });
    }
    return fresh;
}
/** One request, streamed to a temporary file and renamed into place. */
async function attempt(url, urls, dir, nameFor, settings, signal) {
    const host = hostOf(url);
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let stalled = false;
    let stallTimer;
    const armStallTimer = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
            stalled = true;
            controller.abort(new Error('stalled'));
        }, settings.stallTimeoutMs);
    };
    const broken = (error) => stalled
        ? new DownloadError({
            kind: 'stalled',
            reason: `no data received for ${(0,duration/* formatMs */._V)(settings.stallTimeoutMs)}`,
            host,
            retryable: true,
        })
        : new DownloadError({
            kind: 'network',
            reason: `network error (${fetchFailureCode(error)})`,
            host,
            retryable: true,
        });
    let handle;
    let temp;
    try {
        armStallTimer();
        let response;
        try {
            // No credentials and no custom headers: result hosts are public, and the API key must never reach them.
            // Redirects between file hosts are followed here, by hand: never to another scheme, never https → http.
            let at = url;
            for (let hops = 0;; hops++) {
                response = await settings.fetch(at, {
                    signal: controller.signal,
                    redirect: 'manual',
                    headers: { accept: '*/*' },
                });
                const next = redirectTarget(at, response, hops);
                if (next === null)
                    break;
                await response.body?.cancel().catch(() => undefined);
                at = next;
            }
        }
        catch (error) {
            if (error instanceof DownloadError)
                throw error;
            throw broken(error);
        }
        if (!response.ok) {
            throw new DownloadError({
                kind: 'http',
                reason: `HTTP ${response.status}`,
                host,
                httpStatus: response.status,
                retryable: response.status === 408 || response.status === 429 || response.status >= 500,
                retryAfterMs: (0,retry_policy/* parseRetryAfter */.mu)(response.headers.get('retry-after')),
            });
        }
        const declared = response.headers.get('content-length');
        if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > settings.maxBytes) {
            throw tooLarge(host, settings.maxBytes, `Content-Length ${(0,size/* formatBytes */.z3)(Number(declared))}`);
        }
        const contentType = response.headers.get('content-type');
        temp = (0,external_node_path_.join)(dir, `.kie-download-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.part`);
        try {
            handle = await (0,promises_.open)(temp, 'wx', 0o644);
        }
        catch (error) {
            temp = undefined;
            throw fsError(error, host, undefined, 'could not create a temporary file');
        }
        let bytes = 0;
        if (response.body) {
            const reader = response.body.getReader();
            for (;;) {
                const chunk = await reader.read().catch((error) => {
                    throw broken(error);
                });
                if (chunk.done)
                    break;
                const data = chunk.value;
                bytes += data.byteLength;
                if (bytes > settings.maxBytes)
                    throw tooLarge(host, settings.maxBytes, 'the body exceeded it');
                try {
                    await handle.write(data);
                }
                catch (error) {
                    throw fsError(error, host, undefined, 'could not write the file');
                }
                armStallTimer();
            }
        }
        clearTimeout(stallTimer);
        const opened = handle;
        handle = undefined;
        let target;
        try {
            await opened.close();
            target = (0,paths/* resolveInside */.LI)(dir, nameFor(urls, contentType));
            await (0,promises_.rename)(temp, target);
        }
        catch (error) {
            throw fsError(error, host, undefined, 'could not save the file');
        }
        temp = undefined;
        return { path: target, bytes, contentType };
    }
    finally {
        clearTimeout(stallTimer);
        signal.removeEventListener('abort', onAbort);
        // Drops the connection if the body was not read to the end (no effect after a complete read).
        controller.abort(new Error('download finished'));
        if (handle)
            await handle.close().catch(() => undefined);
        if (temp)
            await (0,promises_.unlink)(temp).catch(() => undefined);
    }
}
function resolveSettings(options) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function')
        throw new TypeError('No fetch available; pass options.fetch.');
    return {
        maxBytes: positive(options.maxBytes ?? size/* DEFAULT_MAX_BYTES */.fS, 'maxBytes'),
        stallTimeoutMs: positive(options.stallTimeoutMs ?? 30_000, 'stallTimeoutMs'),
        fetch: fetchImpl,
        refresh: options.refresh,
        retries: Math.max(0, Math.floor(options.retries ?? 3)),
        retryDelayMs: Math.max(0, options.retryDelayMs ?? 500),
        maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 5_000),
    };
}
function positive(value, name) {
    if (!(typeof value === 'number' && value > 0))
        throw new RangeError(`${name} must be a positive number, got ${String(value)}.`);
    return value;
}
/** True for absolute http: and https: URLs. */
function isHttpUrl(url) {
    try {
        const { protocol } = new URL(url);
        return protocol === 'http:' || protocol === 'https:';
    }
    catch {
        return false;
    }
}
function checkHttpUrl(url, label) {
    let protocol;
    try {
        protocol = new URL(url).protocol;
    }
    catch {
        throw new DownloadError({ kind: 'unsupported-url', reason: 'not a valid URL', host: null, label });
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
        throw new DownloadError({
            kind: 'unsupported-url',
            reason: `only http(s) URLs are downloaded, not ${protocol}`,
            host: hostOf(url),
            label,
        });
    }
}
const MAX_REDIRECTS = 5;
/** Where a download's redirect goes, or null when `response` is not a redirect. Refuses other schemes and downgrades. */
function redirectTarget(from, response, hops) {
    if (response.status < 300 || response.status >= 400 || response.status === 304)
        return null;
    const location = response.headers.get('location');
    const refuse = (reason) => new DownloadError({ kind: 'unsupported-url', reason, host: hostOf(from) });
    if (!location)
        throw refuse(`HTTP ${response.status} redirect without a location`);
    let target;
    try {
        target = new URL(location, from);
    }
    catch {
        throw refuse('a redirect to an unreadable location');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
        throw refuse(`a redirect to a ${target.protocol} URL; only http(s) is followed`);
    }
    if (new URL(from).protocol === 'https:' && target.protocol === 'http:') {
        throw refuse(`a redirect from https to plain http (${target.host}); not followed`);
    }
    if (hops >= MAX_REDIRECTS)
        throw refuse(`more than ${MAX_REDIRECTS} redirects`);
    return target.href;
}
// The core's retry policy (capped exponential backoff, full jitter); a file host's Retry-After counts up to the cap.
function backoff(retry, retryAfterMs, settings) {
    const policy = {
        maxRetries: settings.retries,
        baseDelayMs: settings.retryDelayMs,
        maxDelayMs: settings.maxRetryDelayMs,
    };
    const asked = retryAfterMs === null ? null : Math.min(retryAfterMs, settings.maxRetryDelayMs);
    return Math.round((0,retry_policy/* backoffDelay */.EY)(retry + 1, policy, asked));
}
function tooLarge(host, maxBytes, detail) {
    return new DownloadError({
        kind: 'too-large',
        reason: `the file is larger than the ${(0,size/* formatBytes */.z3)(maxBytes)} limit (${detail})`,
        host,
    });
}
function fsError(error, host, label, what) {
    const code = error?.code;
    const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    return new DownloadError({ kind: 'filesystem', reason: `${what} (${detail})`, host, label });
}
// fetch says only "fetch failed"; the useful part (ECONNRESET, …) is in its cause. No URL is included.
function fetchFailureCode(error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const code = cause?.code ?? error?.code;
    if (typeof code === 'string')
        return code;
    if (error instanceof Error && error.name === 'AbortError')
        return 'aborted';
    return error instanceof Error ? error.name : 'unknown';
}
//# sourceMappingURL=file.js.map
;// CONCATENATED MODULE: ../node-io/dist/download/naming.js
/**
 * File names for downloaded results: `<taskId>-<index>.<ext>`, built only from a reduced character set, so no
 * URL path, encoded slash or response header can steer a file outside its folder.
 */
const MAX_TASK_ID_CHARS = 100;
const EXTENSION = /^[a-z0-9]{1,8}$/;
// Content types whose usual extension is not simply their subtype.
const BY_CONTENT_TYPE = {
    'image/jpeg': 'jpg',
    'image/svg+xml': 'svg',
    'image/x-icon': 'ico',
    'video/quicktime': 'mov',
    'video/x-matroska': 'mkv',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
    'audio/x-m4a': 'm4a',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/wave': 'wav',
    'audio/vnd.wave': 'wav',
    'audio/midi': 'mid',
    'audio/x-midi': 'mid',
    'text/plain': 'txt',
    'application/octet-stream': 'bin',
    'binary/octet-stream': 'bin',
};
/** Reduces a task ID to `[A-Za-z0-9._-]` (others become `_`), without a leading dot; `task` if nothing is left. */
function safeTaskId(taskId) {
    const reduced = String(taskId)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
        .slice(0, MAX_TASK_ID_CHARS);
    return reduced === '' ? 'task' : reduced;
}
/**
 * The extension of the URL's last path segment (after decoding, so `%2F` and `%5C` count as separators), if it is
 * 1–8 characters of `[a-z0-9]` once lower-cased; otherwise `null`.
 */
function extensionFromUrl(url) {
    let path;
    try {
        path = new URL(url).pathname;
    }
    catch {
        return null;
    }
    let decoded = path;
    try {
        decoded = decodeURIComponent(path);
    }
    catch {
        // Malformed escapes: use the raw path, which still only yields a checked extension.
    }
    const segment = decoded.split(/[/\\]/).pop() ?? '';
    const dot = segment.lastIndexOf('.');
    if (dot < 0)
        return null;
    const ext = segment.slice(dot + 1).toLowerCase();
    return EXTENSION.test(ext) ? ext : null;
}
/** The usual extension for a content type (`image/png` → `png`), if it is safe; otherwise `null`. */
function extensionFromContentType(contentType) {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!type.includes('/'))
        return null;
    const ext = BY_CONTENT_TYPE[type] ?? type.slice(type.indexOf('/') + 1);
    return EXTENSION.test(ext) ? ext : null;
}
/**
 * `<safeTaskId>-<index>.<ext>`: the extension from the URL path, else the content type, else `bin`.
 * The `Content-Disposition` header is deliberately never consulted.
 */
function resultFileName(taskId, index, urls, contentType) {
    let ext = null;
    for (const url of urls)
        ext ??= extensionFromUrl(url);
    ext ??= extensionFromContentType(contentType) ?? 'bin';
    return `${safeTaskId(taskId)}-${index}.${ext}`;
}
//# sourceMappingURL=naming.js.map
;// CONCATENATED MODULE: ../node-io/dist/download/results.js
/** Downloads every result of several tasks into one folder, carrying on past individual failures. */





/**
 * Downloads every URL of every task into `options.dir`. One failure does not stop the others: the outcome lists
 * what arrived and what did not. Only http(s) URLs are fetched; nothing is ever written outside `dir`, whatever
 * the URL path or the response headers say (Content-Disposition is ignored).
 * @throws an AbortError when `options.signal` aborts (partial files are deleted first)
 */
async function downloadResults(tasks, options) {
    const queue = startResultDownloads(options);
    for (const task of tasks)
        queue.add(task);
    return queue.done();
}
/**
 * Like {@link downloadResults}, for tasks that finish one by one: each {@link ResultDownloads.add} starts that task's
 * downloads at once (within `concurrency`), so a task's files need not wait for the slowest task. Same options,
 * same guarantees: one deadline and one signal for everything queued.
 */
function startResultDownloads(options) {
    if (typeof options.dir !== 'string' || options.dir === '')
        throw new TypeError('downloadResults: options.dir is required.');
    const dir = (0,external_node_path_.resolve)(options.dir);
    const jobs = [];
    const outcomes = [];
    const taken = new Set();
    // Two task IDs can reduce to the same safe name; the second file gets a suffix instead of overwriting.
    const uniqueName = (name) => {
        let candidate = name;
        for (let n = 2; taken.has(candidate.toLowerCase()); n += 1)
            candidate = name.replace(/(\.[a-z0-9]+)$/, `~${n}$1`);
        taken.add(candidate.toLowerCase());
        return candidate;
    };
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    let next = 0;
    let active = 0;
    let closed = false;
    let settle = null;
    const finished = new Promise((resolve) => (settle = resolve));
    const checkDone = () => {
        if (closed && active === 0 && (next >= jobs.length || options.signal?.aborted))
            settle?.();
    };
    const download = async (position) => {
        const job = jobs[position];
        const label = `result ${job.index} of task ${job.taskId}`;
        try {
            const saved = await fetchInto(job.url, dir, (urls, contentType) => uniqueName(resultFileName(job.taskId, job.index, urls, contentType)), options, label);
            const file = { taskId: job.taskId, index: job.index, ...saved };
            outcomes[position] = file;
            options.onFile?.(file);
        }
        catch (error) {
            if (options.signal?.aborted)
                return;
            const downloadError = error instanceof DownloadError
                ? error
                : new DownloadError({
                    kind: 'filesystem',
                    reason: error instanceof Error ? error.message : String(error),
                    host: hostOf(job.url),
                    label,
                });
            const failure = {
                taskId: job.taskId,
                index: job.index,
                host: downloadError.host,
                message: downloadError.message,
                error: downloadError,
            };
            outcomes[position] = failure;
            options.onFailure?.(failure);
        }
    };
    const pump = () => {
        while (active < concurrency && next < jobs.length && !options.signal?.aborted) {
            active += 1;
            void download(next++).finally(() => {
                active -= 1;
                pump();
                checkDone();
            });
        }
    };
    return {
        add(task) {
            if (closed)
                throw new Error('startResultDownloads: add() after done().');
            task.resultUrls.forEach((url, i) => jobs.push({ taskId: task.taskId, index: i + 1, url }));
            pump();
        },
        async done() {
            closed = true;
            checkDone();
            await finished;
            if (options.signal?.aborted)
                throw (0,abort/* abortError */.vt)(options.signal.reason);
            const files = [];
            const failures = [];
            for (const outcome of outcomes) {
                if (!outcome)
                    continue;
                if ('path' in outcome)
                    files.push(outcome);
                else
                    failures.push(outcome);
            }
            return { files, failures };
        },
    };
}
//# sourceMappingURL=results.js.map

/***/ })

};
