/**
 * Fresh links for expired results, through the core's `KieClient.getDownloadUrl`
 * (`POST /api/v1/common/download-url`, links valid about 20 minutes). The API key goes to kie.ai only — never to
 * the file host.
 */
import { KieClient } from '@kie-task/core';
import type { RefreshUrl } from './file.js';

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

/**
 * Returns a `refresh` function for `downloadResults`/`downloadFile` that asks kie.ai for a fresh link.
 * It rejects with core's `KieApiError` (e.g. 422 for URLs kie.ai did not generate, 401 for a bad key),
 * `KieNetworkError`, or `KieParseError` when the answer has no http(s) link.
 */
export function createDownloadUrlRefresher(options: DownloadUrlRefresherOptions): RefreshUrl {
  const client = new KieClient(options);
  return (url, signal) => client.getDownloadUrl(url, { signal });
}
