// Table-driven: every documented state value and result shape of every family, from fixture files.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaskResponse } from '../record.js';
import { FAMILY_NAMES, getFamily } from './index.js';
import { toMarketState } from './market-state.js';

interface Case {
  name: string;
  body: unknown;
  /** The task ID that was asked for (`parseTaskResponse`'s `taskId` option), for bodies without `data.taskId`. */
  askedFor?: string;
  expect: Record<string, unknown> & {
    warningIncludes?: string;
    resultPath?: (string | number)[];
    resultValue?: unknown;
    createTime?: string;
    completeTime?: string;
  };
}

const dir = new URL('../../test/fixtures/families/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('every family has fixtures, and every fixture file is a family', () => {
  it('matches the family table', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      FAMILY_NAMES.filter((n) => n !== 'market').sort(),
    );
  });
});

for (const file of files) {
  const family = file.replace(/\.json$/, '');
  const cases = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Case[];
  describe(`family ${family}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const record = parseTaskResponse(c.body, { family, ...(c.askedFor ? { taskId: c.askedFor } : {}) });
      const { warningIncludes, resultPath, resultValue, createTime, completeTime, ...fields } = c.expect;
      expect(record).toMatchObject({ family, ...fields });
      if (warningIncludes) expect(record.warnings.join('\n')).toContain(warningIncludes);
      if (createTime) expect(record.createTime?.toISOString()).toBe(createTime);
      if (completeTime) expect(record.completeTime?.toISOString()).toBe(completeTime);
      if (resultPath) {
        let value: unknown = record.result;
        for (const key of resultPath) value = (value as Record<string | number, unknown>)[key];
        expect(value).toEqual(resultValue);
      }
      expect(['success', 'fail', 'generating']).toContain(toMarketState(record));
    });
  });
}

describe('status paths', () => {
  it.each([
    ['market', '/api/v1/jobs/recordInfo'],
    ['veo', '/api/v1/veo/record-info'],
    ['4o-image', '/api/v1/gpt4o-image/record-info'],
    ['flux-kontext', '/api/v1/flux/kontext/record-info'],
    ['runway', '/api/v1/runway/record-detail'],
    ['aleph', '/api/v1/aleph/record-info'],
    ['suno', '/api/v1/generate/record-info'],
    ['suno-lyrics', '/api/v1/lyrics/record-info'],
    ['suno-wav', '/api/v1/wav/record-info'],
    ['suno-vocal-removal', '/api/v1/vocal-removal/record-info'],
    ['suno-mp4', '/api/v1/mp4/record-info'],
    ['suno-midi', '/api/v1/midi/record-info'],
    ['suno-cover', '/api/v1/suno/cover/record-info'],
    ['midjourney', '/api/v1/mj/record-info'],
    ['luma', '/api/v1/modify/record-info'],
  ])('%s polls %s', (name, path) => {
    expect(getFamily(name).statusPath('a b/c')).toBe(`${path}?taskId=a%20b%2Fc`);
  });

  it('respects Suno\u2019s 3 queries per second per task', () => {
    for (const name of FAMILY_NAMES.filter((n) => n.startsWith('suno'))) {
      expect(getFamily(name).minPollIntervalMs).toBeGreaterThanOrEqual(334);
    }
  });

  it('names the accepted families when one is unknown', () => {
    expect(() => getFamily('sora')).toThrow(/Use one of: market, veo, runway/);
  });

  it('keeps market states as they are and maps other families to the market vocabulary', () => {
    expect(toMarketState({ family: 'market', state: 'queuing', status: 'pending' })).toBe('queuing');
    expect(toMarketState({ family: 'veo', state: '0', status: 'pending' })).toBe('generating');
    expect(toMarketState({ family: 'veo', state: '3', status: 'failed' })).toBe('fail');
    expect(toMarketState({ family: 'suno', state: 'SUCCESS', status: 'success' })).toBe('success');
  });
});
