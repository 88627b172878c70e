// The image behind every fake result URL: a valid 1×1 RGBA PNG (70 bytes), the same for every name so
// downloads are deterministic.

/** Bytes of the PNG served at `/files/<name>`. */
export const FAKE_PNG: Buffer = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
