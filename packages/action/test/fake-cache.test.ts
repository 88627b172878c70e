// The fake cache service speaks @actions/cache's protocol: proven by round-tripping the real client through it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCache, type FakeCache } from './fake-cache.js';

let fake: FakeCache;
const dir = mkdtempSync(join(tmpdir(), 'kie-fake-cache-'));
const file = join(dir, 'memory', 'entry.json');
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeCache();
  // What the runner gives a JavaScript action; the client reads them from the environment.
  Object.assign(process.env, fake.env(), { RUNNER_TEMP: dir, GITHUB_WORKSPACE: dir });
  mkdirSync(join(dir, 'memory'), { recursive: true });
});
afterAll(async () => {
  process.env = saved;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.sequential('the fake cache service, through the real @actions/cache', () => {
  it('is a cache service v2 to the client', () => {
    expect(cache.isFeatureAvailable()).toBe(true);
  });

  it('saves (Twirp create, blob upload, finalize) and restores (Twirp lookup, blob download) a file', async () => {
    writeFileSync(file, '{"n":1}\n');
    const id = await cache.saveCache([file], 'k-1');
    expect(id).toBe(1);
    expect(fake.entries[0]).toMatchObject({ key: 'k-1', finalized: true });
    const paths = fake.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
    expect(paths).toEqual([
      'POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry',
      'PUT /devstoreaccount1/caches/1',
      'POST /twirp/github.actions.results.api.v1.CacheService/FinalizeCacheEntryUpload',
    ]);

    rmSync(file);
    expect(await cache.restoreCache([file], 'k-1')).toBe('k-1');
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n');
    expect(fake.requests.at(-1)?.method).toBe('GET');
    expect(fake.requests.at(-1)?.path).toMatch(/^\/devstoreaccount1\/caches\/1\?/);
  });

  it('refuses to overwrite an entry: a second save under the same key fails (-1)', async () => {
    writeFileSync(file, '{"n":2}\n');
    expect(await cache.saveCache([file], 'k-1')).toBe(-1);
  });

  it('restore keys match by prefix, newest first; a miss is undefined', async () => {
    writeFileSync(file, '{"n":3}\n');
    expect(await cache.saveCache([file], 'k-2')).toBeGreaterThan(0);
    rmSync(file);
    expect(await cache.restoreCache([file], 'nothing', ['k-'])).toBe('k-2');
    expect(readFileSync(file, 'utf8')).toBe('{"n":3}\n');
    expect(await cache.restoreCache([file], 'nothing', ['other-'])).toBeUndefined();
    // The version hashes the path: the same entry under another path is not found.
    expect(await cache.restoreCache([join(dir, 'elsewhere.json')], 'k-2')).toBeUndefined();
  });

  it('takes block uploads (PUT ?comp=block, then ?comp=blocklist), as the Azure client sends for large archives', async () => {
    const twirp = (method: string, body: unknown) =>
      fetch(`${fake.url}twirp/github.actions.results.api.v1.CacheService/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fake.env()['ACTIONS_RUNTIME_TOKEN']}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    // The same archive the client made for k-2, re-uploaded in two blocks under a new key.
    const archive = fake.entries.find((e) => e.key === 'k-2')!;
    const created = await twirp('CreateCacheEntry', { key: 'k-3', version: archive.version });
    const url = new URL(String(created['signed_upload_url']));
    const half = Math.floor(archive.blob!.length / 2);
    const ids = ['YmxvY2stMQ==', 'YmxvY2stMg=='];
    for (const [i, part] of [archive.blob!.subarray(0, half), archive.blob!.subarray(half)].entries()) {
      const block = new URL(url);
      block.searchParams.set('comp', 'block');
      block.searchParams.set('blockid', ids[i]!);
      expect((await fetch(block, { method: 'PUT', body: part })).status).toBe(201);
    }
    url.searchParams.set('comp', 'blocklist');
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    expect((await fetch(url, { method: 'PUT', body: list })).status).toBe(201);
    const done = await twirp('FinalizeCacheEntryUpload', {
      key: 'k-3',
      version: archive.version,
      size_bytes: String(archive.blob!.length),
    });
    expect(done).toMatchObject({ ok: true });

    rmSync(file);
    expect(await cache.restoreCache([file], 'k-3')).toBe('k-3');
    expect(readFileSync(file, 'utf8')).toBe('{"n":3}\n');
  });
});
