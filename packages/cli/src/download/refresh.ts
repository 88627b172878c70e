/**
 * Fresh links for expired results: `POST /api/v1/common/download-url` with `{url}` answers a temporary URL
 * (valid 20 minutes) in `data`. The API key goes to kie.ai only — never to the file host.
 */
import { KieNetworkError, checkBaseUrl, openEnvelope } from '@kie-task/core';
import type { RefreshUrl } from './file.js';
import { isHttpUrl } from './file.js';
import { link } from './signals.js';

/** Options of {@link createDownloadUrlRefresher}. */
export interface DownloadUrlRefresherOptions {
  apiKey: string;
  /** Default `https://api.kie.ai`; must be https except on loopback (core's `checkBaseUrl`). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout. Default 30 000 ms. */
  requestTimeoutMs?: number;
  userAgent?: string;
}

const DOWNLOAD_URL_PATH = '/api/v1/common/download-url';

/**
 * Returns a `refresh` function for `downloadResults`/`downloadFile` that asks kie.ai for a fresh link.
 * It rejects with core's `KieApiError` (e.g. 422 for URLs kie.ai did not generate, 401 for a bad key),
 * `KieNetworkError`, or an Error when `data` is not an http(s) URL.
 */
export function createDownloadUrlRefresher(options: DownloadUrlRefresherOptions): RefreshUrl {
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw new TypeError('createDownloadUrlRefresher: apiKey is empty.');
  const endpoint = `${checkBaseUrl(options.baseUrl ?? 'https://api.kie.ai')}${DOWNLOAD_URL_PATH}`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const headers: Record<string, string> = {
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  return async (url: string, signal: AbortSignal): Promise<string> => {
    const linked = link(signal, Date.now() + timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url }),
        signal: linked.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      const why = linked.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : typeof code === 'string'
          ? code
          : 'fetch failed';
      throw new KieNetworkError(`request to kie.ai failed: ${why}`);
    } finally {
      linked.dispose();
    }
    const envelope = openEnvelope(text, { httpStatus: status });
    if (envelope.disposition !== 'ok' || typeof envelope.data !== 'string' || !isHttpUrl(envelope.data)) {
      throw new Error('kie.ai download-url answered without an http(s) link in data');
    }
    return envelope.data;
  };
}
