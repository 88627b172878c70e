// Result files under /files/ and the common download-url endpoint that hands out fresh links to them.
import { jsonAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { envelope } from './envelope.js';
import type { FileSpec } from './options.js';
import { FAKE_PNG } from './png.js';
import { isPlainObject } from './validate.js';

/** Path prefix of fresh links handed out by download-url. */
const FRESH = 'fresh/';
/** Lifetime of a fresh link, as documented for download-url (20 minutes). */
const FRESH_LINK_SECONDS = 20 * 60;

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  json: 'application/json',
  txt: 'text/plain',
};

/** What /files/ serves: per-path specs and the paths whose plain links have expired. */
export interface FileTable {
  files: Readonly<Record<string, FileSpec>>;
  expired: readonly string[];
}

/**
 * `GET /files/<name>`: the configured file, or the fake PNG for any other name. Names containing `..` get 404.
 * Expired names answer 403 except through `fresh/<name>` links (whose `expires`, if given, must not be past).
 * @param name the path after `/files/`, still URL-encoded
 */
export function file(name: string, query: Record<string, string>, table: FileTable, now: number): Answer {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return notFound();
  }
  if (decoded === '' || decoded.includes('..')) return notFound();
  const fresh = decoded.startsWith(FRESH);
  const key = fresh ? decoded.slice(FRESH.length) : decoded;
  if (key === '') return notFound();
  const expires = Number(query['expires']);
  if (fresh ? Number.isFinite(expires) && expires * 1000 < now : table.expired.includes(key)) {
    return accessDenied();
  }
  const spec = table.files[key];
  if (spec === undefined) {
    return { type: 'send', status: 200, headers: { 'content-type': 'image/png' }, body: FAKE_PNG };
  }
  const body =
    spec.sizeBytes !== undefined ? null : spec.body === undefined ? FAKE_PNG : decodeBody(spec.body);
  const length = body?.length ?? spec.sizeBytes ?? 0;
  const contentType =
    spec.contentType ??
    (spec.body === undefined && spec.sizeBytes === undefined ? 'image/png' : typeFor(key));
  const headers = { 'content-type': contentType, 'content-length': String(length), ...lower(spec.headers) };
  const answer: Answer = { type: 'stream', status: spec.status ?? 200, headers, body, length };
  return spec.stallAfterBytes === undefined ? answer : { ...answer, stallAfter: spec.stallAfterBytes };
}

/**
 * `POST /api/v1/common/download-url` with `{url}`: for a URL under this server's `/files/`, a fresh link
 * `<url>/files/fresh/<path>?expires=<unix seconds>` valid 20 minutes; anything else gets envelope 422.
 */
export function downloadUrl(body: string, serverUrl: string, now: number): Answer {
  let url: unknown;
  try {
    const json: unknown = JSON.parse(body);
    url = isPlainObject(json) ? json['url'] : undefined;
  } catch {
    return jsonAnswer(200, envelope(422, 'Invalid JSON body', null));
  }
  if (typeof url !== 'string' || url === '') return jsonAnswer(200, envelope(422, 'url is required', null));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return jsonAnswer(200, envelope(422, 'url is not a valid URL', null));
  }
  const prefix = '/files/';
  if (parsed.origin !== new URL(serverUrl).origin || !parsed.pathname.startsWith(prefix)) {
    return jsonAnswer(200, envelope(422, 'Only kie.ai generated file URLs are supported', null));
  }
  let path = parsed.pathname.slice(prefix.length);
  if (path.startsWith(FRESH)) path = path.slice(FRESH.length);
  if (path === '')
    return jsonAnswer(200, envelope(422, 'Only kie.ai generated file URLs are supported', null));
  const expires = Math.floor(now / 1000) + FRESH_LINK_SECONDS;
  return jsonAnswer(200, envelope(200, 'success', `${serverUrl}${prefix}${FRESH}${path}?expires=${expires}`));
}

function decodeBody(body: string): Buffer {
  return body.startsWith('base64:') ? Buffer.from(body.slice('base64:'.length), 'base64') : Buffer.from(body);
}

function typeFor(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext !== undefined ? TYPES[ext] : undefined) ?? 'application/octet-stream';
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** What an expired presigned storage link answers. */
function accessDenied(): Answer {
  return {
    type: 'send',
    status: 403,
    headers: { 'content-type': 'application/xml' },
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
  };
}

function notFound(): Answer {
  return jsonAnswer(404, envelope(404, 'Not found', null));
}
