import { describe, expect, it } from 'vitest';
import { api, fakeClock, recordAt, useFake } from '../test/helpers.js';
import { familyCreateExamples, familyTable } from './families.js';
import { familyCreateEndpoints } from './family-create.js';
import type { FakeKie } from './server.js';

const start = useFake();

const CALLBACK = 'https://cb.test/s';

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

describe.each(familyCreateExamples().map((e) => [e.family, e] as const))(
  '%s create endpoint',
  (family, { createPath, statusPath, body, required, callBackUrlRequired }) => {
    // The documented example as a caller sends it: with the callBackUrl the family requires.
    const sent = callBackUrlRequired ? { ...body, callBackUrl: CALLBACK } : body;

    it('creates a task from the body as sent, visible on the family status path, pending then done', async () => {
      const advance = fakeClock(); // the task turns done 400 ms after its create: exact on a loaded machine too
      const fake = await start();
      const answer = await post(fake, createPath, sent);
      expect(answer).toMatchObject({ code: 200, msg: 'success' });
      const taskId = (answer.data as { taskId: string }).taskId;
      expect(fake.createdTasks).toEqual([
        expect.objectContaining({
          taskId,
          family,
          input: sent,
          body: sent,
          callBackUrl: callBackUrlRequired ? CALLBACK : null,
        }),
      ]);
      const first = await recordAt(fake, statusPath, taskId);
      advance(450);
      const later = await recordAt(fake, statusPath, taskId);
      expect(JSON.stringify(first)).not.toBe(JSON.stringify(later));
      // Not on market's path: a task is visible only on its own family's.
      const market = await api(fake, `/api/v1/jobs/recordInfo?taskId=${taskId}`);
      expect(((await market.json()) as { data: unknown }).data).toBeNull();
    });

    it('refuses a body without any one documented required field with envelope 422, creating nothing', async () => {
      const fake = await start();
      const fields = [...required, ...(callBackUrlRequired ? ['callBackUrl'] : [])];
      expect(fields.length).toBeGreaterThan(0);
      for (const without of fields) {
        const { [without]: _dropped, ...rest } = sent;
        expect(await post(fake, createPath, rest)).toEqual({
          code: 422,
          msg: `${without} is required`,
          data: null,
        });
      }
      expect(await post(fake, createPath, 'not json')).toMatchObject({ code: 400, data: null });
      expect(fake.createdTasks).toEqual([]);
    });

    it('shares the create faults and their numbering with createTask', async () => {
      const fake = await start({ createTask: { faults: [{ on: 2, kind: 'envelope-500-after-create' }] } });
      await post(fake, '/api/v1/jobs/createTask', { model: 'm', input: {} });
      expect(await post(fake, createPath, sent)).toMatchObject({ code: 500, data: null });
      expect(fake.createdTasks.map((t) => t.family)).toEqual(['market', family]);
    });
  },
);

describe('family create endpoints', () => {
  it("familyCreateExamples: one per create endpoint, on the family table's paths, fresh copies", () => {
    const examples = familyCreateExamples();
    expect(examples.map((e) => e.family)).toEqual(familyCreateEndpoints().map((e) => e.family));
    const table = familyTable();
    for (const example of examples) {
      const info = table.find((f) => f.family === example.family)!;
      expect([example.createPath, example.statusPath]).toEqual([info.createPath, info.statusPath]);
      expect(example.body).not.toHaveProperty('callBackUrl');
      expect(example.source).toMatch(/^https:\/\/docs\.kie\.ai\//);
    }
    examples[0]!.body['prompt'] = 'changed';
    examples[0]!.required.push('changed');
    expect(familyCreateExamples()[0]!.body['prompt']).not.toBe('changed');
    expect(familyCreateExamples()[0]!.required).not.toContain('changed');
  });

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
