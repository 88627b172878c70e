/**
 * One HTTP request: per-request timeout, abort, network failures turned into KieNetworkError, a body read while
 * streaming with a size cap (counted after decompression), and redirects followed only within the same origin.
 */
import { parseRetryAfter } from './retry-policy.js';
import { formatMs } from './duration.js';
import { KieNetworkError, KieResponseError } from './errors.js';
import { abortError, onAbort } from './abort.js';

/** The parts of a response the client needs. */
export interface HttpResponse {
  status: number;
  text: string;
  retryAfterMs: number | null;
}

/** A request to send. */
export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request; the error carries this signal's reason. */
  signal?: AbortSignal | undefined;
  /** Gives up on this one request (retryable) after this long. */
  timeoutMs: number;
  /** Largest body read, in bytes (after decompression). Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number | undefined;
}

/** kie.ai's answers are a few KiB; anything near this is not a status answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Same-origin redirects followed before giving up. */
const MAX_REDIRECTS = 3;

class RequestTimeout extends Error {}

/** Sends one request and reads the whole body. */
export async function send(fetchImpl: typeof fetch, request: HttpRequest): Promise<HttpResponse> {
  const { signal } = request;
  if (signal?.aborted) throw abortError(signal.reason);
  const controller = new AbortController();
  const unsubscribe = signal ? onAbort(signal, () => controller.abort(signal.reason)) : undefined;
  const timer = setTimeout(() => controller.abort(new RequestTimeout()), request.timeoutMs);
  try {
    const init: RequestInit = {
      method: request.method ?? 'GET',
      headers: request.headers,
      signal: controller.signal,
    };
    if (request.body !== undefined) init.body = request.body;
    // Redirects are ours to judge: fetch would follow one to another host or to plain http with the API key.
    init.redirect = 'manual';
    let url = request.url;
    let response = await fetchImpl(url, init);
    for (let hops = 0; isRedirect(response); hops++) {
      const target = redirectTarget(url, response, request.method ?? 'GET', hops);
      await response.body?.cancel().catch(() => undefined);
      url = target;
      response = await fetchImpl(url, init);
    }
    const text = await readCapped(response, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    return {
      status: response.status,
      text,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    if (error instanceof KieResponseError) throw error;
    // The host, so that a wrong base URL or a proxy in the way is plain from the message alone.
    const host = hostOf(request.url);
    if (controller.signal.reason instanceof RequestTimeout) {
      throw new KieNetworkError(`no answer from ${host} within ${formatMs(request.timeoutMs)}`, {
        code: 'TIMEOUT',
      });
    }
    const code = failureCode(error);
    throw new KieNetworkError(`request to ${host} failed: ${fetchFailureDetail(error)}`, {
      cause: error,
      code,
      neverSent: code !== null && NEVER_CONNECTED.has(code),
    });
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

function isRedirect(response: Response): boolean {
  return (
    response.type === 'opaqueredirect' ||
    (response.status >= 300 && response.status < 400 && response.status !== 304)
  );
}

/**
 * Where a redirect may go: the same origin (scheme, host and port), for GET only, at most MAX_REDIRECTS times.
 * Anything else — another host, a downgrade to http, a POST — is refused with the target named.
 */
function redirectTarget(from: string, response: Response, method: string, hops: number): string {
  const location = response.headers.get('location');
  if (response.type === 'opaqueredirect' || !location) {
    throw new KieResponseError(
      'redirect',
      'kie.ai answered with a redirect whose target is not visible; it is not followed.',
    );
  }
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new KieResponseError(
      'redirect',
      'kie.ai answered with a redirect to an unreadable location; it is not followed.',
    );
  }
  const origin = new URL(from);
  const shown = `${target.protocol}//${target.host}`;
  if (target.protocol !== origin.protocol || target.host !== origin.host) {
    const why = origin.protocol === 'https:' && target.protocol === 'http:' ? 'plain http' : 'another origin';
    throw new KieResponseError(
      'redirect',
      `kie.ai's answer redirected to ${shown} (${why}); the request is not followed there, so the API key stays here. Check base-url.`,
    );
  }
  if (method !== 'GET') {
    throw new KieResponseError(
      'redirect',
      `kie.ai redirected a ${method} request (to ${shown}); it is not sent again.`,
    );
  }
  if (hops >= MAX_REDIRECTS)
    throw new KieResponseError('redirect', `kie.ai redirected more than ${MAX_REDIRECTS} times.`);
  return target.href;
}

/** Reads the body as text, stopping (and cancelling the stream) once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes && response.headers.get('content-encoding') === null) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number): KieResponseError {
  return new KieResponseError(
    'too-large',
    `kie.ai's answer is larger than ${Math.round(maxBytes / 1024)} KiB (maxResponseBytes); reading stopped there.`,
  );
}

// Codes (Node's fetch, undici) that mean the connection was never established, so no request reached the server:
// DNS failures, a refused or timed-out connect, a TLS handshake that failed before anything was sent. A reset or
// UND_ERR_SOCKET may come after the request was written, so they are not here.
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

// The first string `code` down the cause chain (fetch's TypeError → undici's error → the socket's), read generically:
// other runtimes have no such codes, and then nothing counts as never sent.
function failureCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = current.cause;
  }
  return null;
}

// fetch says only "fetch failed"; the useful part (ECONNRESET, ECONNREFUSED, …) is in its cause.
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'kie.ai';
  }
}

function fetchFailureDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}
