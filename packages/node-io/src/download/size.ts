/** Byte sizes as people write them (`500MB`, `1.5GB`, `200kB`, `1024`), for `max-download-size`. */

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** The default download size cap: 500 MB. */
export const DEFAULT_MAX_BYTES = 500 * 1e6;

/**
 * Parses a size: a number of bytes (`1024`) or a number with a unit, case-insensitive: `B`, `kB`, `MB`, `GB`,
 * `TB` (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024). Fractions are allowed (`1.5GB`).
 * @returns the size in whole bytes (rounded down), at least 1
 * @throws {RangeError} naming the accepted forms
 */
export function parseSize(text: string): number {
  const match = SIZE.exec(String(text).trim());
  const multiplier = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && multiplier !== undefined ? Math.floor(Number(match[1]) * multiplier) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new RangeError(
      `Invalid size "${String(text)}": use a number of bytes (1024) or a number with a unit, ` +
        'such as 200kB, 500MB or 1.5GB (kB/MB/GB/TB are powers of 1000; KiB/MiB/GiB/TiB powers of 1024).',
    );
  }
  return bytes;
}

/** Formats a byte count for messages: `512 B`, `1.5 kB`, `500 MB`, `1.2 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${Number(value.toFixed(1))} ${unit}`;
}
