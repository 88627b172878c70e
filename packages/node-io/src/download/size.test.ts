import { describe, expect, it } from 'vitest';
import { formatBytes, parseSize } from './size.js';

describe('parseSize', () => {
  it.each([
    ['500MB', 500_000_000],
    ['1.5GB', 1_500_000_000],
    ['200kB', 200_000],
    ['200KB', 200_000],
    ['1024', 1024],
    ['1024B', 1024],
    ['10 mb', 10_000_000],
    ['1MiB', 1_048_576],
    ['2KiB', 2048],
    ['1.5GiB', 1_610_612_736],
    ['1TB', 1e12],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '-5MB', '5 XB', '0', '0.1', '1e3', 'five MB', '5M', '5MBs'])(
    'rejects %j naming the accepted forms',
    (text) => {
      expect(() => parseSize(text)).toThrow(
        /Invalid size .*number of bytes \(1024\).*200kB, 500MB or 1\.5GB/,
      );
    },
  );
});

describe('formatBytes', () => {
  it.each([
    [999, '999 B'],
    [1000, '1 kB'],
    [1500, '1.5 kB'],
    [500_000_000, '500 MB'],
    [1_234_000_000, '1.2 GB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
