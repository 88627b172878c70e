// The scenario behind `kie-fake-server --demo`: one task that succeeds and one that fails, slowly enough
// to watch the states go by.
import type { FakeKieOptions } from './options.js';

const MODEL = 'google/imagen4-fast';

/**
 * Options for a demo server with two tasks:
 * - `task_demo_success`: waiting → queuing (0.8 s) → generating (1.6 s) → success (3 s), two result images;
 * - `task_demo_fail`: waiting → generating (1 s) → fail (2 s) with a content-policy message.
 */
export function demoScenario(): FakeKieOptions {
  const param = (prompt: string): Record<string, unknown> => ({
    model: MODEL,
    input: { prompt, aspect_ratio: '16:9', num_images: '2' },
  });
  return {
    tasks: [
      {
        taskId: 'task_demo_success',
        model: MODEL,
        param: param('A lighthouse on a cliff at sunset, watercolor'),
        timeline: [
          { state: 'waiting' },
          { state: 'queuing', afterMs: 800 },
          { state: 'generating', afterMs: 1600 },
          { state: 'success', afterMs: 3000 },
        ],
        // `{{url}}` becomes the server's URL, so the links resolve whatever port the server got.
        resultJson: {
          resultUrls: ['{{url}}/files/task_demo_success-0.png', '{{url}}/files/task_demo_success-1.png'],
        },
      },
      {
        taskId: 'task_demo_fail',
        model: MODEL,
        param: param('A photo of a famous person'),
        timeline: [
          { state: 'waiting' },
          { state: 'generating', afterMs: 1000 },
          { state: 'fail', afterMs: 2000 },
        ],
        failCode: '500',
        failMsg: 'Content policy violation: the prompt was rejected.',
      },
    ],
  };
}
