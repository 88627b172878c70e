/** The error of a failed download: names the URL's host and the reason, never the (signed) URL itself. */

/** What went wrong, for callers that branch on it. */
export type DownloadFailureKind =
  'http' | 'too-large' | 'stalled' | 'network' | 'deadline' | 'unsupported-url' | 'refresh' | 'filesystem';

/** Options for {@link DownloadError}. */
export interface DownloadErrorOptions {
  kind: DownloadFailureKind;
  /** Short reason, e.g. `HTTP 404` or `no data for 30.0s`. */
  reason: string;
  /** The URL's host (with port), or `null` when the URL could not be parsed. */
  host: string | null;
  /** What was being downloaded, e.g. `result 2 of task X`. */
  label?: string | undefined;
  /** The last HTTP status, if the host answered. */
  httpStatus?: number | null | undefined;
  /** Whether trying again may succeed (used by the retry loop). */
  retryable?: boolean | undefined;
  /** Retry-After from the host, in ms. */
  retryAfterMs?: number | null | undefined;
}

/** A download failed. The message reads `Download of <label> from <host> failed: <reason>`. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly kind: DownloadFailureKind;
  readonly reason: string;
  readonly host: string | null;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(options: DownloadErrorOptions) {
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
  withLabel(label: string | undefined, reason = this.reason): DownloadError {
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
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}
