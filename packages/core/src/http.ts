/** One HTTP request: per-request timeout, abort, and network failures turned into KieNetworkError. */
import { parseRetryAfter } from './backoff.js';
import { formatMs } from './duration.js';
import { abortError, KieNetworkError } from './errors.js';
import { onAbort } from './signals.js';

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
}

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
    const response = await fetchImpl(request.url, init);
    const text = await response.text();
    return {
      status: response.status,
      text,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    if (controller.signal.reason instanceof RequestTimeout) {
      throw new KieNetworkError(`no answer from kie.ai within ${formatMs(request.timeoutMs)}`, {
        code: 'TIMEOUT',
      });
    }
    const code = failureCode(error);
    throw new KieNetworkError(`request to kie.ai failed: ${fetchFailureDetail(error)}`, {
      cause: error,
      code,
      neverSent: code !== null && NEVER_CONNECTED.has(code),
    });
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
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
function fetchFailureDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}
