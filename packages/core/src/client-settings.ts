/**
 * The checks of a client's settings — the API key, the base URL, the task family — written once. KieClient enforces
 * them; the Action and the CLI ask the same functions and put the reason under their own input or flag name, so no
 * face re-implements a rule or reads meaning back out of a message.
 */
import { FAMILY_NAMES } from './families/index.js';
import { AUTO_FAMILY } from './auto-family.js';
import { MIN_SECRET_LENGTH } from './redact.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Why an API key cannot be used, or null: empty, whitespace inside, or shorter than {@link MIN_SECRET_LENGTH} (too
 * short to remove from text without mangling it). A phrase that follows "the key" (`is empty. …`); it never repeats
 * the key.
 */
export function apiKeyProblem(key: unknown): string | null {
  if (typeof key !== 'string' || key.trim() === '')
    return 'is empty. Pass your kie.ai API key (https://kie.ai/api-key).';
  if (/\s/.test(key.trim())) return 'contains whitespace. Paste the key alone, without spaces or newlines.';
  if (key.trim().length < MIN_SECRET_LENGTH) {
    return `is shorter than ${MIN_SECRET_LENGTH} characters, too short to keep out of logs safely. Pass the whole key (kie.ai keys are 32 characters).`;
  }
  return null;
}

/**
 * Why a base URL cannot be used, or null. It must be absolute, https (plain http only on a loopback host), and
 * nothing but an origin and a path — no user name or password, no query, no fragment (they would end up in every
 * request URL), no `/api/v1` (the client adds it). The reason is a phrase that follows the URL (`Invalid base URL "…": <reason>.`) and never repeats it.
 */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute URL such as https://api.kie.ai';
  }
  if (url.username || url.password) return 'it must not contain a user name or password';
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    return 'it must use https (plain http is allowed only for localhost, 127.x.x.x and [::1]), so the API key is never sent in clear text';
  }
  if (url.search || url.hash || /[?#]/.test(value)) {
    return 'it must not have a query (?…) or a fragment (#…); use the origin, such as https://api.kie.ai';
  }
  // Endpoint paths start with /api/v1/…: a base URL ending there would ask for /api/v1/api/v1/… and every answer
  // would be a 404 ("task not found"). Any other path stays a prefix (a proxy that serves kie.ai under /kie).
  if (/\/api(\/v\d+)?\/*$/i.test(url.pathname)) {
    return 'give the origin only, such as https://api.kie.ai — kie-task adds the /api/v1/… paths itself (a path is kept only as the prefix of a proxy)';
  }
  return null;
}

/**
 * The base URL without a trailing slash.
 * @throws {TypeError} with {@link baseUrlProblem}'s reason, showing the URL with any credentials removed.
 */
export function checkBaseUrl(value: string): string {
  const problem = baseUrlProblem(value);
  if (problem) throw new TypeError(`Invalid base URL "${withoutCredentials(value)}": ${problem}.`);
  return new URL(value).href.replace(/\/+$/, '');
}

/**
 * Why `name` is not a family the client waits in, or null: one of FAMILY_NAMES, or `auto` (probe every family).
 * The reason names every accepted value.
 */
export function familyProblem(name: string): string | null {
  if (name === AUTO_FAMILY || FAMILY_NAMES.includes(name)) return null;
  return `use one of ${FAMILY_NAMES.join(', ')}, or ${AUTO_FAMILY} (asks each family in turn until one knows the task)`;
}

/** A URL for messages: `scheme://user:pass@host` becomes `scheme://host`, even when the URL does not parse. */
export function withoutCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}
