import { describe, expect, it } from 'vitest';
import { api, sleep, useFake } from '../test/helpers.js';
import type { Envelope } from '../test/helpers.js';
import { FAKE_PNG } from './png.js';

const start = useFake();
const DOWNLOAD = '/api/v1/common/download-url';

async function downloadUrl(fake: Awaited<ReturnType<typeof start>>, url: unknown): Promise<Envelope> {
  const res = await api(fake, DOWNLOAD, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Envelope;
}

describe('POST /api/v1/common/download-url', () => {
  it('turns a URL under the server’s /files into a fresh 20-minute link that serves the same bytes', async () => {
    const fake = await start();
    const before = Math.floor(Date.now() / 1000);
    const body = await downloadUrl(fake, `${fake.url}/files/t1-0.png`);
    expect(body).toMatchObject({ code: 200, msg: 'success' });
    const link = body.data as string;
    const match = /^(.*)\/files\/fresh\/t1-0\.png\?expires=(\d+)$/.exec(link);
    expect(match?.[1]).toBe(fake.url);
    const expires = Number(match?.[2]);
    expect(expires).toBeGreaterThanOrEqual(before + 1200);
    expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1200);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(FAKE_PNG);
    // A fresh link can be refreshed again.
    expect((await downloadUrl(fake, link)).data).toMatch(/\/files\/fresh\/t1-0\.png\?expires=\d+$/);
  });

  it('refuses external URLs, non-file paths and bad bodies with envelope 422 (HTTP 200)', async () => {
    const fake = await start();
    for (const url of [
      'https://tempfile.aiquickdraw.com/a.png',
      `${fake.url}/api/v1/chat/credit`,
      'nope',
      '',
    ]) {
      expect((await downloadUrl(fake, url)).code).toBe(422);
    }
    const res = await api(fake, DOWNLOAD, { method: 'POST', body: '{' });
    expect(((await res.json()) as Envelope).code).toBe(422);
  });

  it('needs the API key', async () => {
    const fake = await start();
    const res = await fetch(`${fake.url}${DOWNLOAD}`, { method: 'POST', body: '{"url":"x"}' });
    expect(res.status).toBe(401);
  });
});

describe('files option', () => {
  it('serves text and base64 bodies with the content type from the option or the extension, and extra headers', async () => {
    const fake = await start({
      files: {
        'note.txt': { body: 'hello', headers: { 'X-Amz-Meta': 'yes', ETag: '"abc"' } },
        'clip.mp4': { body: 'base64:AAECAw==' },
        'odd.bin': { body: 'x', contentType: 'application/x-odd', status: 202 },
        'broken.png': { status: 500, body: 'Internal error', contentType: 'text/plain' },
        'dir/deep.png': {},
      },
    });
    const note = await fetch(`${fake.url}/files/note.txt`);
    expect([note.status, note.headers.get('content-type'), await note.text()]).toEqual([
      200,
      'text/plain',
      'hello',
    ]);
    expect(note.headers.get('x-amz-meta')).toBe('yes');
    expect(note.headers.get('etag')).toBe('"abc"');
    const clip = await fetch(`${fake.url}/files/clip.mp4`);
    expect(clip.headers.get('content-type')).toBe('video/mp4');
    expect([...new Uint8Array(await clip.arrayBuffer())]).toEqual([0, 1, 2, 3]);
    const odd = await fetch(`${fake.url}/files/odd.bin`);
    expect([odd.status, odd.headers.get('content-type')]).toEqual([202, 'application/x-odd']);
    expect((await fetch(`${fake.url}/files/broken.png`)).status).toBe(500);
    const deep = await fetch(`${fake.url}/files/dir/deep.png`);
    expect(deep.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await deep.arrayBuffer())).toEqual(FAKE_PNG);
    // Any other name still gets the tiny PNG.
    expect(Buffer.from(await (await fetch(`${fake.url}/files/other.mp3`)).arrayBuffer())).toEqual(FAKE_PNG);
  });

  it('streams sizeBytes zero bytes with a matching content-length (HEAD sends headers only)', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const fake = await start({ files: { 'big.mp4': { sizeBytes: size } } });
    const res = await fetch(`${fake.url}/files/big.mp4`);
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(size);
    expect(bytes.every((b) => b === 0)).toBe(true);
    const head = await fetch(`${fake.url}/files/big.mp4`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(size)]);
  });

  it('stallAfterBytes sends that many bytes, then nothing until the client gives up', async () => {
    const fake = await start({
      files: {
        'stall.mp4': { sizeBytes: 100_000, stallAfterBytes: 1000 },
        'stall.txt': { body: 'abcdefghij', stallAfterBytes: 4 },
      },
    });
    const received = async (name: string): Promise<{ bytes: Uint8Array; length: string | null }> => {
      const controller = new AbortController();
      const res = await fetch(`${fake.url}/files/${name}`, { signal: controller.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const chunks: Uint8Array[] = [];
      const pump = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          chunks.push(value);
        }
      })().catch(() => 'aborted');
      await expect.poll(() => chunks.length).toBeGreaterThan(0); // the first bytes came
      await sleep(300); // and then nothing more
      controller.abort();
      expect(await pump).toBe('aborted');
      return { bytes: Buffer.concat(chunks), length: res.headers.get('content-length') };
    };
    const video = await received('stall.mp4');
    expect([video.bytes.length, video.length]).toEqual([1000, '100000']);
    const text = await received('stall.txt');
    expect([Buffer.from(text.bytes).toString(), text.length]).toEqual(['abcd', '10']);
  });

  it('expiredFiles answer 403 until fetched through a fresh link from download-url', async () => {
    const fake = await start({
      files: { 'old.png': { body: 'base64:iVBORw0K', contentType: 'image/png' } },
      expiredFiles: ['old.png', 'gone.mp4'],
    });
    const expired = await fetch(`${fake.url}/files/old.png`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('AccessDenied');
    expect((await fetch(`${fake.url}/files/gone.mp4`)).status).toBe(403);
    const link = (await downloadUrl(fake, `${fake.url}/files/old.png`)).data as string;
    const fresh = await fetch(link);
    expect(fresh.status).toBe(200);
    expect(Buffer.from(await fresh.arrayBuffer()).toString('base64')).toBe('iVBORw0K');
    // The old link stays expired, and a fresh link past its expiry is refused too.
    expect((await fetch(`${fake.url}/files/old.png`)).status).toBe(403);
    expect((await fetch(`${fake.url}/files/fresh/old.png?expires=1000`)).status).toBe(403);
  });
});
