/**
 * Escaping for GitHub-flavoured markdown, shared by the job summary and the pull-request comment. Text from the API
 * (failMsg, prompts, models, URLs) is untrusted: after escaping it is one line of plain text that cannot open HTML,
 * markdown blocks, links or images, cannot @mention anyone, and cannot reference (and so notify) an issue or a PR.
 * Only http(s) URLs are ever rendered as links or images, with attribute-escaped values.
 * https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
 */
import { replaceDangerous } from '@kie-task/core/internal';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;
const VIDEO_EXTENSIONS = /\.(mp4|webm|mov|m4v|mkv|avi)$/i;
const AUDIO_EXTENSIONS = /\.(mp3|wav|m4a|aac|ogg|oga|flac|opus|mid|midi)$/i;
/** A zero-width space as an entity: invisible, but it breaks mentions, references and autolinks. */
const ZWSP = '&#8203;';

/**
 * Escapes text for markdown and HTML: HTML specials and every character markdown treats specially become entities;
 * `@` and `#` get a zero-width space (no mentions, no `#1`/`owner/repo#1` references), as do `GH-1` references and
 * `://` / `www.` (no autolinked URLs, so no cross-references either); line breaks become `<br>`, other control
 * characters spaces. The result is one line, safe in a table cell, a paragraph or a `<details>` block.
 */
export function escapeText(text: string): string {
  // Core's table first: bidi overrides, zero-width and C1 characters never reach the page raw.
  return replaceDangerous(text).replace(
    // eslint-disable-next-line no-control-regex -- control characters are escaped too
    /\r\n|:\/\/|www\.|GH-(?=\d)|[\r\n&<>"|`[\]*_~\\!$@#\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/gi,
    (c) => {
      if (c === '\r\n' || c === '\r' || c === '\n') return '<br>';
      if (c === '@' || c === '#') return `&#${c.charCodeAt(0)};${ZWSP}`;
      if (c.length > 1) return `${c.slice(0, -1)}${ZWSP}${c.slice(-1)}`;
      if (c < ' ' || c === '\u007f') return ' ';
      return ENTITIES[c] ?? `&#${c.charCodeAt(0)};`;
    },
  );
}

/** kie.ai's own pages our messages point to (401 → api-key, 402 → billing, a lost create → logs). */
const OWN_PAGES = /https:\/\/kie\.ai\/(?:api-key|billing|logs|market)(?![\w/-]|\.\w)/g;

/**
 * Escapes a message like {@link escapeClipped}, but links kie.ai's own pages (`https://kie.ai/api-key`, …) that our
 * hints name: escaping would break them with a zero-width space, neither clickable nor safe to copy. Any other URL
 * stays unlinked text, and a message whose linked form does not fit `maxChars` is clipped as plain text (our hints
 * are short, so only a long untrusted message loses its links).
 */
export function escapeMessage(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    let linked = '';
    let last = 0;
    for (const match of text.matchAll(OWN_PAGES)) {
      linked += `${escapeText(text.slice(last, match.index))}<a href="${match[0]}">${match[0]}</a>`;
      last = match.index + match[0].length;
    }
    linked += escapeText(text.slice(last));
    if (linked.length <= maxChars) return linked;
  }
  return escapeClipped(text, maxChars);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes a value for a double-quoted HTML attribute, also inside a table cell (`|` would split the cell). */
export function escapeAttribute(text: string): string {
  return replaceDangerous(text)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;');
}

/**
 * Escapes `text` with {@link escapeText} and keeps the result within `maxChars`, cutting only between entities and
 * tags (never inside `&…;` or `<br>`, never between the halves of a surrogate pair) and ending a cut with `…`.
 */
export function escapeClipped(text: string, maxChars: number): string {
  // Escaping at most multiplies the length by 13 (`@` → `&#64;&#8203;`): clip the input first to bound the work.
  const escaped = escapeText(text.length > maxChars ? text.slice(0, maxChars) : text);
  if (escaped.length <= maxChars && text.length <= maxChars) return escaped;
  let cut = escaped.slice(0, Math.max(0, maxChars - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.includes(';', amp)) cut = cut.slice(0, amp);
  const lt = cut.lastIndexOf('<');
  if (lt >= 0 && !cut.includes('>', lt)) cut = cut.slice(0, lt);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** What a result URL points to, by its extension. */
export type MediaKind = 'image' | 'video' | 'audio' | 'file';

/** The kind of media at an http(s) URL, or null when the URL is not http(s) (and so must not be linked). */
export function mediaKind(url: string): MediaKind | null {
  const parsed = httpUrl(url);
  if (!parsed) return null;
  if (IMAGE_EXTENSIONS.test(parsed.pathname)) return 'image';
  if (VIDEO_EXTENSIONS.test(parsed.pathname)) return 'video';
  if (AUDIO_EXTENSIONS.test(parsed.pathname)) return 'audio';
  return 'file';
}

/** Options for {@link renderResult}. */
export interface ResultOptions {
  /** Width of embedded images in pixels. Default 160. */
  imageWidth?: number;
  /** Put 🎬/🎵/📄 before linked media. Default false. */
  icons?: boolean;
}

const ICONS: Record<Exclude<MediaKind, 'image'>, string> = { video: '🎬', audio: '🎵', file: '📄' };

/**
 * One result: an http(s) image embedded (and linked) at `imageWidth`, other http(s) URLs as a link named after the
 * file, anything else (`javascript:`, `data:`, garbage) as escaped text, never a link.
 */
export function renderResult(url: string, index: number, options: ResultOptions = {}): string {
  const parsed = httpUrl(url);
  if (!parsed) return escapeText(url);
  const href = escapeAttribute(parsed.href);
  const kind = mediaKind(url) ?? 'file';
  if (kind === 'image') {
    return `<a href="${href}"><img src="${href}" width="${options.imageWidth ?? 160}" alt="result ${index + 1}"></a>`;
  }
  const name = decodeSafely(parsed.pathname.split('/').pop() ?? '') || parsed.hostname;
  const label = escapeText(name.length > 60 ? `${name.slice(0, 57)}...` : name);
  return `${options.icons ? `${ICONS[kind]} ` : ''}<a href="${href}">${label}</a>`;
}

function httpUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
