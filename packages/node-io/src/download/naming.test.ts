import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../paths.js';
import { extensionFromContentType, extensionFromUrl, resultFileName, safeTaskId } from './naming.js';

describe('safeTaskId', () => {
  it.each([
    ['task_abc-1.2', 'task_abc-1.2'],
    ['a/b\\c', 'a_b_c'],
    ['../x', '___x'],
    ['..', '__'],
    ['.hidden', '_hidden'],
    ['', 'task'],
    ['ü€ 😀', '_____'],
    ['x'.repeat(300), 'x'.repeat(100)],
  ])('%j → %j', (input, expected) => {
    expect(safeTaskId(input)).toBe(expected);
  });
});

describe('extensionFromUrl', () => {
  it.each([
    ['https://h/a/b.png', 'png'],
    ['https://h/a/B.JPEG?x=1.exe#y.z', 'jpeg'],
    ['https://h/a.tar.gz', 'gz'],
    ['https://h/..%2F..%2Fetc%2Fpasswd', null],
    ['https://h/a%5C..%5Cx', null],
    ['https://h/x%2Fevil.sh', 'sh'],
    ['https://h/a.verylongext', null],
    ['https://h/a.p-g', null],
    ['https://h/dir.png/', null],
    ['https://h/noext', null],
    ['https://h/bad%E0%A4%A.png', 'png'],
    ['not a url', null],
  ])('%s → %s', (url, ext) => {
    expect(extensionFromUrl(url)).toBe(ext);
  });
});

describe('extensionFromContentType', () => {
  it.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpg'],
    ['video/mp4; codecs="avc1"', 'mp4'],
    ['audio/mpeg', 'mp3'],
    ['audio/x-wav', 'wav'],
    ['application/octet-stream', 'bin'],
    ['image/svg+xml', 'svg'],
    ['application/vnd.foo+json', null],
    ['text/../../x', null],
    ['garbage', null],
    [null, null],
  ])('%s → %s', (type, ext) => {
    expect(extensionFromContentType(type)).toBe(ext);
  });
});

describe('resultFileName', () => {
  it('prefers the URL, then the content type, then bin', () => {
    expect(resultFileName('t', 1, ['https://h/a.webp'], 'image/png')).toBe('t-1.webp');
    expect(resultFileName('t', 2, ['https://h/a', 'https://cdn/b.mp3'], 'audio/wav')).toBe('t-2.mp3');
    expect(resultFileName('t', 3, ['https://h/a'], 'audio/wav')).toBe('t-3.wav');
    expect(resultFileName('t', 4, ['https://h/a'], null)).toBe('t-4.bin');
  });
});

describe('resolveInside', () => {
  it('accepts a plain name and refuses anything that leaves the folder', () => {
    expect(resolveInside('/tmp/out', 'a.png')).toBe(join(resolve('/tmp/out'), 'a.png'));
    for (const name of ['../a', '/etc/passwd', 'sub/a', '.', '..', '', 'a/../../b']) {
      expect(() => resolveInside('/tmp/out', name)).toThrow(/not inside/);
    }
  });
});
