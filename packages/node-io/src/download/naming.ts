/**
 * File names for downloaded results: `<taskId>-<index>.<ext>`, built only from a reduced character set, so no
 * URL path, encoded slash or response header can steer a file outside its folder.
 */
const MAX_TASK_ID_CHARS = 100;
const EXTENSION = /^[a-z0-9]{1,8}$/;

// Content types whose usual extension is not simply their subtype.
const BY_CONTENT_TYPE: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
  'image/x-icon': 'ico',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/midi': 'mid',
  'audio/x-midi': 'mid',
  'text/plain': 'txt',
  'application/octet-stream': 'bin',
  'binary/octet-stream': 'bin',
};

/** Reduces a task ID to `[A-Za-z0-9._-]` (others become `_`), without a leading dot; `task` if nothing is left. */
export function safeTaskId(taskId: string): string {
  const reduced = String(taskId)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
    .slice(0, MAX_TASK_ID_CHARS);
  return reduced === '' ? 'task' : reduced;
}

/**
 * The extension of the URL's last path segment (after decoding, so `%2F` and `%5C` count as separators), if it is
 * 1–8 characters of `[a-z0-9]` once lower-cased; otherwise `null`.
 */
export function extensionFromUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed escapes: use the raw path, which still only yields a checked extension.
  }
  const segment = decoded.split(/[/\\]/).pop() ?? '';
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = segment.slice(dot + 1).toLowerCase();
  return EXTENSION.test(ext) ? ext : null;
}

/** The usual extension for a content type (`image/png` → `png`), if it is safe; otherwise `null`. */
export function extensionFromContentType(contentType: string | null | undefined): string | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type.includes('/')) return null;
  const ext = BY_CONTENT_TYPE[type] ?? type.slice(type.indexOf('/') + 1);
  return EXTENSION.test(ext) ? ext : null;
}

/**
 * `<safeTaskId>-<index>.<ext>`: the extension from the URL path, else the content type, else `bin`.
 * The `Content-Disposition` header is deliberately never consulted.
 */
export function resultFileName(
  taskId: string,
  index: number,
  urls: readonly string[],
  contentType: string | null,
): string {
  let ext: string | null = null;
  for (const url of urls) ext ??= extensionFromUrl(url);
  ext ??= extensionFromContentType(contentType) ?? 'bin';
  return `${safeTaskId(taskId)}-${index}.${ext}`;
}
