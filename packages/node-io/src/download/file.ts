/**
 * Streams one URL to a file with `fetch`: abortable, stall-detecting, size-capped while streaming, retried on
 * transient failures within the deadline, written to a temporary file in the target folder and renamed at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DeadlineReached,
  abortError,
  backoffDelay,
  formatMs,
  linkSignals,
  parseRetryAfter,
  sleep,
} from '@kie-task/core/internal';
import { resolveInside } from '../paths.js';
import { DownloadError, hostOf } from './errors.js';
import { DEFAULT_MAX_BYTES, formatBytes } from './size.js';

/** Asks for a fresh link to an expired result URL (see `createDownloadUrlRefresher`). */
export type RefreshUrl = (url: string, signal: AbortSignal) => Promise<string>;

/** Options shared by {@link downloadFile} and `downloadResults`. */
export interface DownloadOptions {
  /** Size cap per file, in bytes; checked against Content-Length and while streaming. Default 500 MB. */
  maxBytes?: number;
  /** A download that receives no bytes for this long fails (and may be retried). Default 30 000 ms. */
  stallTimeoutMs?: number;
  /** Aborting stops every download at once, deletes partial files and rejects with an AbortError. */
  signal?: AbortSignal;
  /** Epoch ms (`Date.now()` clock) after which nothing more is tried; retries are only made if they fit. */
  deadline?: number;
  /** A fetch implementation (e.g. proxy-aware). Default: the global `fetch`. Never given any credentials. */
  fetch?: typeof fetch;
  /** Called once per URL when the file host answers 403 or 404 (expired link); the download retries the new URL. */
  refresh?: RefreshUrl;
  /** Retries after transient failures (network errors, stalls, HTTP 408/429/5xx). Default 3. */
  retries?: number;
  /** First retry delay; doubles each time, jittered ±20 %. Default 500 ms. */
  retryDelayMs?: number;
  /** Cap on one retry delay (also caps Retry-After). Default 5 000 ms. */
  maxRetryDelayMs?: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions extends DownloadOptions {
  /** What is downloaded, for error messages: `Download of <label> from <host> failed: …`. */
  label?: string;
}

/** A file that arrived. */
export interface SavedFile {
  /** Absolute path. */
  path: string;
  bytes: number;
  /** The response's Content-Type, as sent (untrusted). */
  contentType: string | null;
}

/** Picks the file name once the response's content type is known; given the original and the current URL. */
export type NameChooser = (urls: readonly string[], contentType: string | null) => string;

interface Settings {
  maxBytes: number;
  stallTimeoutMs: number;
  fetch: typeof fetch;
  refresh: RefreshUrl | undefined;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * Downloads `url` to `targetPath` (its folder is created if needed). The file appears only when complete:
 * the body goes to a temporary file beside it, which is renamed at the end and deleted on any failure.
 * @throws {DownloadError} naming the URL's host and the reason (never the URL itself)
 * @throws an AbortError (`name === 'AbortError'`) when `options.signal` aborts
 */
export async function downloadFile(
  url: string,
  targetPath: string,
  options: DownloadFileOptions = {},
): Promise<SavedFile> {
  const target = resolve(targetPath);
  const name = basename(target);
  return fetchInto(url, dirname(target), () => name, options, options.label);
}

/** The engine behind downloadFile and downloadResults: the name is chosen after the response headers arrive. */
export async function fetchInto(
  url: string,
  dir: string,
  nameFor: NameChooser,
  options: DownloadOptions,
  label: string | undefined,
): Promise<SavedFile> {
  const settings = resolveSettings(options);
  if (options.signal?.aborted) throw abortError(options.signal.reason);
  checkHttpUrl(url, label);
  const linked = linkSignals(
    [options.signal],
    options.deadline === undefined ? undefined : options.deadline - Date.now(),
  );
  // Turns a failure seen while the linked signal was aborted into the abort or the deadline failure.
  const stopped = (): Error => {
    if (linked.signal.reason instanceof DeadlineReached) {
      return new DownloadError({ kind: 'deadline', reason: 'the deadline passed', host: hostOf(url), label });
    }
    return abortError(options.signal?.reason ?? linked.signal.reason);
  };
  try {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw fsError(error, hostOf(url), label, 'could not create the folder');
    }
    let current = url;
    let refreshed = false;
    let retry = 0;
    for (;;) {
      if (linked.signal.aborted) throw stopped();
      let failure: DownloadError;
      try {
        return await attempt(current, [url, current], dir, nameFor, settings, linked.signal);
      } catch (error) {
        if (linked.signal.aborted) throw stopped();
        if (!(error instanceof DownloadError)) throw error;
        failure = error;
      }
      const expired = failure.kind === 'http' && (failure.httpStatus === 403 || failure.httpStatus === 404);
      if (expired && settings.refresh && !refreshed) {
        refreshed = true;
        current = await refreshLink(url, failure, settings.refresh, linked.signal, label).catch(
          (error: unknown) => {
            throw linked.signal.aborted ? stopped() : error;
          },
        );
        continue;
      }
      const reason =
        refreshed && failure.kind === 'http' ? `${failure.reason} (also with a fresh link)` : failure.reason;
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
        await sleep(delay, linked.signal);
      } catch {
        throw stopped();
      }
    }
  } finally {
    linked.dispose();
  }
}

async function refreshLink(
  url: string,
  failure: DownloadError,
  refresh: RefreshUrl,
  signal: AbortSignal,
  label: string | undefined,
): Promise<string> {
  let fresh: unknown;
  try {
    fresh = await refresh(url, signal);
  } catch (error) {
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
async function attempt(
  url: string,
  urls: readonly string[],
  dir: string,
  nameFor: NameChooser,
  settings: Settings,
  signal: AbortSignal,
): Promise<SavedFile> {
  const host = hostOf(url);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      controller.abort(new Error('stalled'));
    }, settings.stallTimeoutMs);
  };
  const broken = (error: unknown): DownloadError =>
    stalled
      ? new DownloadError({
          kind: 'stalled',
          reason: `no data received for ${formatMs(settings.stallTimeoutMs)}`,
          host,
          retryable: true,
        })
      : new DownloadError({
          kind: 'network',
          reason: `network error (${fetchFailureCode(error)})`,
          host,
          retryable: true,
        });
  let handle: FileHandle | undefined;
  let temp: string | undefined;
  try {
    armStallTimer();
    let response: Response;
    try {
      // No credentials and no custom headers: result hosts are public, and the API key must never reach them.
      // Redirects between file hosts are followed here, by hand: never to another scheme, never https → http.
      let at = url;
      for (let hops = 0; ; hops++) {
        response = await settings.fetch(at, {
          signal: controller.signal,
          redirect: 'manual',
          headers: { accept: '*/*' },
        });
        const next = redirectTarget(at, response, hops);
        if (next === null) break;
        await response.body?.cancel().catch(() => undefined);
        at = next;
      }
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw broken(error);
    }
    if (!response.ok) {
      throw new DownloadError({
        kind: 'http',
        reason: `HTTP ${response.status}`,
        host,
        httpStatus: response.status,
        retryable: response.status === 408 || response.status === 429 || response.status >= 500,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      });
    }
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > settings.maxBytes) {
      throw tooLarge(host, settings.maxBytes, `Content-Length ${formatBytes(Number(declared))}`);
    }
    const contentType = response.headers.get('content-type');
    temp = join(dir, `.kie-download-${randomBytes(8).toString('hex')}.part`);
    try {
      handle = await open(temp, 'wx', 0o644);
    } catch (error) {
      temp = undefined;
      throw fsError(error, host, undefined, 'could not create a temporary file');
    }
    let bytes = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const chunk = await reader.read().catch((error: unknown) => {
          throw broken(error);
        });
        if (chunk.done) break;
        const data = chunk.value as Uint8Array;
        bytes += data.byteLength;
        if (bytes > settings.maxBytes) throw tooLarge(host, settings.maxBytes, 'the body exceeded it');
        try {
          await handle.write(data);
        } catch (error) {
          throw fsError(error, host, undefined, 'could not write the file');
        }
        armStallTimer();
      }
    }
    clearTimeout(stallTimer);
    const opened = handle;
    handle = undefined;
    let target: string;
    try {
      await opened.close();
      target = resolveInside(dir, nameFor(urls, contentType));
      await rename(temp, target);
    } catch (error) {
      throw fsError(error, host, undefined, 'could not save the file');
    }
    temp = undefined;
    return { path: target, bytes, contentType };
  } finally {
    clearTimeout(stallTimer);
    signal.removeEventListener('abort', onAbort);
    // Drops the connection if the body was not read to the end (no effect after a complete read).
    controller.abort(new Error('download finished'));
    if (handle) await handle.close().catch(() => undefined);
    if (temp) await unlink(temp).catch(() => undefined);
  }
}

function resolveSettings(options: DownloadOptions): Settings {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch available; pass options.fetch.');
  return {
    maxBytes: positive(options.maxBytes ?? DEFAULT_MAX_BYTES, 'maxBytes'),
    stallTimeoutMs: positive(options.stallTimeoutMs ?? 30_000, 'stallTimeoutMs'),
    fetch: fetchImpl,
    refresh: options.refresh,
    retries: Math.max(0, Math.floor(options.retries ?? 3)),
    retryDelayMs: Math.max(0, options.retryDelayMs ?? 500),
    maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 5_000),
  };
}

function positive(value: number, name: string): number {
  if (!(typeof value === 'number' && value > 0))
    throw new RangeError(`${name} must be a positive number, got ${String(value)}.`);
  return value;
}

/** True for absolute http: and https: URLs. */
function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function checkHttpUrl(url: string, label: string | undefined): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
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
function redirectTarget(from: string, response: Response, hops: number): string | null {
  if (response.status < 300 || response.status >= 400 || response.status === 304) return null;
  const location = response.headers.get('location');
  const refuse = (reason: string): DownloadError =>
    new DownloadError({ kind: 'unsupported-url', reason, host: hostOf(from) });
  if (!location) throw refuse(`HTTP ${response.status} redirect without a location`);
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw refuse('a redirect to an unreadable location');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw refuse(`a redirect to a ${target.protocol} URL; only http(s) is followed`);
  }
  if (new URL(from).protocol === 'https:' && target.protocol === 'http:') {
    throw refuse(`a redirect from https to plain http (${target.host}); not followed`);
  }
  if (hops >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
  return target.href;
}

// The core's retry policy (capped exponential backoff, full jitter); a file host's Retry-After counts up to the cap.
function backoff(retry: number, retryAfterMs: number | null, settings: Settings): number {
  const policy = {
    maxRetries: settings.retries,
    baseDelayMs: settings.retryDelayMs,
    maxDelayMs: settings.maxRetryDelayMs,
  };
  const asked = retryAfterMs === null ? null : Math.min(retryAfterMs, settings.maxRetryDelayMs);
  return Math.round(backoffDelay(retry + 1, policy, asked));
}

function tooLarge(host: string | null, maxBytes: number, detail: string): DownloadError {
  return new DownloadError({
    kind: 'too-large',
    reason: `the file is larger than the ${formatBytes(maxBytes)} limit (${detail})`,
    host,
  });
}

function fsError(
  error: unknown,
  host: string | null,
  label: string | undefined,
  what: string,
): DownloadError {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new DownloadError({ kind: 'filesystem', reason: `${what} (${detail})`, host, label });
}

// fetch says only "fetch failed"; the useful part (ECONNRESET, …) is in its cause. No URL is included.
function fetchFailureCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  return error instanceof Error ? error.name : 'unknown';
}
