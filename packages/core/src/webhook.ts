/**
 * Webhook signature check (https://docs.kie.ai/common-api/webhook-verification):
 * `X-Webhook-Signature` = base64(HMAC-SHA256(webhookHmacKey, `${taskId}.${timestamp}`)), with
 * `X-Webhook-Timestamp` in unix seconds. Web Crypto only, so it runs in every runtime.
 */
import { checkNumber } from './check-options.js';

/** Input to {@link verifyWebhookSignature}. */
export interface WebhookSignatureInput {
  /** The task ID from the callback body (see parseCallback). */
  taskId: string;
  /** `X-Webhook-Timestamp`: unix seconds. */
  timestamp: string | number;
  /** `X-Webhook-Signature`: base64. */
  signature: string;
  /** Your account's `webhookHmacKey`. */
  secret: string;
  /** Replay window: how far the timestamp may be from now, either way. Default 300 s; NaN, ±Infinity or negative throw a TypeError. */
  toleranceSeconds?: number;
  /** The current time in ms (for tests). Default `Date.now()`; a non-finite value throws a TypeError. */
  now?: number;
}

/** The verdict, with the reason when it is not valid. */
export type WebhookVerdict =
  { valid: true } | { valid: false; reason: 'malformed' | 'stale' | 'bad-signature' };

/**
 * Checks a callback's signature in constant time, and that its timestamp is within the replay window.
 * The signature covers only the task ID and the timestamp, not the body: after a valid callback, query the
 * task's status rather than trusting the body.
 * @throws {TypeError} when `toleranceSeconds` or `now` is not a sensible number (NaN, ±Infinity, a negative window).
 */
export async function verifyWebhookSignature(input: WebhookSignatureInput): Promise<WebhookVerdict> {
  // A NaN window would accept every timestamp (every comparison with NaN is false): refused, like a negative one.
  const tolerance = checkNumber(input.toleranceSeconds ?? 300, 'toleranceSeconds', {
    min: 0,
    unit: 'seconds',
  });
  const now = checkNumber(input.now ?? Date.now(), 'now', { unit: 'epoch milliseconds' });
  const seconds = typeof input.timestamp === 'number' ? input.timestamp : Number(input.timestamp);
  const signature = decodeBase64(input.signature ?? '');
  if (!input.taskId || !input.secret || !Number.isInteger(seconds) || signature === null) {
    return { valid: false, reason: 'malformed' };
  }
  const nowSeconds = now / 1000;
  if (Math.abs(nowSeconds - seconds) > tolerance) return { valid: false, reason: 'stale' };

  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(input.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    'HMAC',
    key,
    signature,
    encoder.encode(`${input.taskId}.${String(input.timestamp)}`),
  );
  return valid ? { valid: true } : { valid: false, reason: 'bad-signature' };
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  try {
    const binary = atob(trimmed);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
