import { describe, expect, it } from 'vitest';
import { api, recordAt, sleep, useFake } from '../test/helpers.js';
import { familyTable } from './families.js';
import { familyCreateEndpoints } from './family-create.js';
import type { FakeKie } from './server.js';

const start = useFake();

// A minimal body each family's documentation accepts, and one field whose absence it refuses.
const CASES: Record<string, { body: Record<string, unknown>; without: string }> = {
  veo: { body: { prompt: 'a dog', model: 'veo3_fast' }, without: 'prompt' },
  runway: {
    body: { prompt: 'a cat', duration: 5, quality: '720p', aspectRatio: '16:9' },
    without: 'quality',
  },
  aleph: { body: { prompt: 'snow', videoUrl: 'https://example.com/in.mp4' }, without: 'videoUrl' },
  suno: {
    body: {
      prompt: 'calm piano',
      customMode: false,
      instrumental: true,
      model: 'V4',
      callBackUrl: 'https://cb.test/s',
    },
    without: 'callBackUrl',
  },
  '4o-image': { body: { prompt: 'a sunset', size: '1:1' }, without: 'size' },
  'flux-kontext': { body: { prompt: 'a lake', aspectRatio: '16:9' }, without: 'prompt' },
  midjourney: { body: { taskType: 'mj_txt2img', prompt: 'a jet', speed: 'relaxed' }, without: 'taskType' },
  luma: { body: { prompt: 'neon city', videoUrl: 'https://example.com/in.mp4' }, without: 'videoUrl' },
};

async function post(
  fake: FakeKie,
  path: string,
  body: unknown,
): Promise<{ code: number; msg: string; data: unknown }> {
  const res = await api(fake, path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { code: number; msg: string; data: unknown };
}

describe.each(familyCreateEndpoints().map((e) => [e.family, e] as const))(
  '%s create endpoint',
  (family, endpoint) => {
    const { body, without } = CASES[family]!;
    const statusPath = familyTable().find((f) => f.family === family)!.statusPath;

    it('creates a task from the body as sent, visible on the family status path, pending then done', async () => {
      const fake = await start();
      const answer = await post(fake, endpoint.path, body);
      expect(answer).toMatchObject({ code: 200, msg: 'success' });
      const taskId = (answer.data as { taskId: string }).taskId;
      expect(fake.createdTasks).toEqual([
        expect.objectContaining({
          taskId,
          family,
          input: body,
          body,
          callBackUrl: (body['callBackUrl'] as string) ?? null,
        }),
      ]);
      const first = await recordAt(fake, statusPath, taskId);
      await sleep(450);
      const later = await recordAt(fake, statusPath, taskId);
      expect(JSON.stringify(first)).not.toBe(JSON.stringify(later));
      // Not on market's path: a task is visible only on its own family's.
      const market = await api(fake, `/api/v1/jobs/recordInfo?taskId=${taskId}`);
      expect(((await market.json()) as { data: unknown }).data).toBeNull();
    });

    it('refuses a body without a documented required field with envelope 422, creating nothing', async () => {
      const fake = await start();
      const { [without]: _dropped, ...rest } = body;
      expect(await post(fake, endpoint.path, rest)).toEqual({
        code: 422,
        msg: `${without} is required`,
        data: null,
      });
      expect(await post(fake, endpoint.path, 'not json')).toMatchObject({ code: 400, data: null });
      expect(fake.createdTasks).toEqual([]);
    });

    it('shares the create faults and their numbering with createTask', async () => {
      const fake = await start({ createTask: { faults: [{ on: 2, kind: 'envelope-500-after-create' }] } });
      await post(fake, '/api/v1/jobs/createTask', { model: 'm', input: {} });
      expect(await post(fake, endpoint.path, body)).toMatchObject({ code: 500, data: null });
      expect(fake.createdTasks.map((t) => t.family)).toEqual(['market', family]);
    });
  },
);

describe('family create endpoints', () => {
  it('every creatable family is in the family table with its create path', () => {
    const table = familyTable();
    for (const endpoint of familyCreateEndpoints()) {
      expect(table.find((f) => f.family === endpoint.family)?.createPath).toBe(endpoint.path);
    }
    expect(table.find((f) => f.family === 'market')?.createPath).toBe('/api/v1/jobs/createTask');
    expect(table.find((f) => f.family === 'suno-lyrics')?.createPath).toBeNull();
  });

  it('a created task follows createdTaskScenario when it names the family', async () => {
    const fake = await start({
      createdTaskScenario: { family: 'veo', timeline: [{ state: '3' }], failMsg: 'flagged' },
    });
    const answer = await post(fake, '/api/v1/veo/generate', { prompt: 'x' });
    const taskId = (answer.data as { taskId: string }).taskId;
    expect(await recordAt(fake, '/api/v1/veo/record-info', taskId)).toMatchObject({
      successFlag: 3,
      errorMessage: 'flagged',
    });
  });
});
