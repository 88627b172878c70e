/**
 * Removing secrets (the kie.ai API key, the GitHub token) from untrusted text — before any escaping, serialising,
 * folding or clipping, which would change the secret's spelling or cut it in half. Each secret is removed raw and in
 * the forms a server or a proxy might echo it in: JSON-string-escaped, URL-encoded, HTML-escaped, and base64 —
 * also inside a longer base64 text (`base64("Bearer " + key)`), at each of the three byte offsets the key can start
 * at, in standard and URL-safe (base64url) alphabets. The runner masks its log the same way
 * (actions/runner `ValueEncoders.Base64StringEscape`, `…Shift1`, `…Shift2`), but not the summary as a whole, the PR
 * comment or the outputs: this does, for all of them.
 *
 * Cost: each form is one linear scan (`includes`, then `split`/`join` only where it occurs), so redacting a text is
 * linear in its length, times the number of forms (about a dozen per secret).
 */

/** Secrets shorter than this cannot be removed without mangling ordinary text: inputs refuse them. */
export const MIN_SECRET_LENGTH = 8;

/** What a secret becomes. */
const MASK = '***';

/** Removes registered secrets from text, errors and JSON-like values. */
export class Redactor {
  #forms: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret (and its encoded forms); empty and too-short values are ignored. */
  add(secret: string): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
    const forms = new Set([secret, ...encodedForms(secret)]);
    for (const form of forms)
      if (form.length >= MIN_SECRET_LENGTH && !this.#forms.includes(form)) this.#forms.push(form);
    // Longest first, so a form containing another is removed whole.
    this.#forms.sort((a, b) => b.length - a.length);
  }

  /** True when a secret is registered. */
  get active(): boolean {
    return this.#forms.length > 0;
  }

  /** `text` with every registered secret (in every form) replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }

  /**
   * A copy of `value` with every string redacted: arrays and plain objects are copied (iteratively, so hostile
   * nesting cannot overflow the stack), Dates and other objects are kept as they are.
   */
  redactDeep<T>(value: T): T {
    if (!this.active) return value;
    return mapStrings(value, (text) => this.redact(text));
  }

  /**
   * Redacts an error in place, with its `cause` chain: `message`, `stack`, and kie.ai's `apiMessage`. The error
   * keeps its class, so `instanceof` checks still work. Returns it.
   */
  redactError<E>(error: E): E {
    if (!this.active) return error;
    let current: unknown = error;
    for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
      const target: Error & { apiMessage?: unknown; lastError?: unknown } = current;
      rewrite(target, 'message', (text) => this.redact(text));
      rewrite(target, 'stack', (text) => this.redact(text));
      rewrite(target, 'apiMessage', (text) => this.redact(text));
      if (target.lastError instanceof Error) this.redactError(target.lastError);
      if (typeof target.cause === 'string') rewrite(target, 'cause', (text) => this.redact(text));
      current = target.cause;
    }
    return error;
  }
}

function rewrite(target: object, key: string, change: (text: string) => string): void {
  const value: unknown = (target as Record<string, unknown>)[key];
  if (typeof value !== 'string') return;
  const changed = change(value);
  if (changed !== value)
    Object.defineProperty(target, key, { value: changed, configurable: true, writable: true });
}

// The forms a secret takes when a server, a proxy or a serialiser writes it.
function encodedForms(secret: string): string[] {
  const forms = [
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    secret
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  ];
  const bytes = new TextEncoder().encode(secret);
  const whole = toBase64(bytes);
  if (whole === null) return forms;
  forms.push(whole, whole.replace(/=+$/, ''));
  for (const inner of base64Cores(bytes)) {
    const url = inner.replace(/\+/g, '-').replace(/\//g, '_');
    // Inside a URL, a base64 text's `+` and `/` are often percent-encoded.
    forms.push(inner, url, encodeURIComponent(inner));
  }
  return forms;
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each byte offset (0, 1, 2) it can start at
 * inside a longer base64 text. Base64 turns 3 bytes into 4 characters, so a secret after `offset` other bytes
 * (mod 3) starts at bit `8 × offset` of its group: the characters from bit `⌈8 × offset / 6⌉ × 6` up to the last
 * whole 6 bits of the secret are its own, whatever comes before or after it. (The runner encodes the secret minus
 * its first 1 or 2 bytes, padding included, which matches only when the secret ends the encoded text.)
 */
function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = toBase64(shifted)!;
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

function toBase64(bytes: Uint8Array): string | null {
  if (typeof btoa !== 'function') return null;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Copies arrays and plain objects with `change` applied to every string, without recursion. Every key becomes an
 * own data property, as JSON.parse made it: `__proto__`, `constructor` and `prototype` keys from kie.ai stay data
 * and never become a prototype.
 */
function mapStrings<T>(root: T, change: (text: string) => string): T {
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return change(value);
    if (Array.isArray(value)) return new Array<unknown>(value.length);
    if (isPlainObject(value)) return {};
    return value;
  };
  const result = copy(root);
  const stack: [unknown, unknown][] = [[root, result]];
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    if (Array.isArray(source)) {
      const out = target as unknown[];
      source.forEach((item, i) => {
        out[i] = copy(item);
        if (typeof item === 'object' && item !== null) stack.push([item, out[i]]);
      });
    } else if (isPlainObject(source)) {
      const out = target as Record<string, unknown>;
      for (const [key, item] of Object.entries(source)) {
        const copied = copy(item);
        Object.defineProperty(out, key, {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        if (typeof item === 'object' && item !== null) stack.push([item, copied]);
      }
    }
  }
  return result as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
