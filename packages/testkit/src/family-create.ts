// The dedicated families' create endpoints (`POST /api/v1/veo/generate`, …): where each lives and which fields its
// documentation marks required. The body IS the family's request (no `model`/`input` wrapper, unlike createTask).
// Sources: each family's "Generate …" page on docs.kie.ai (OpenAPI `required` lists and field descriptions), which
// also gives each family's example request: the one home of "a documented create request per family" that core's,
// the Action's and the CLI's tests iterate (through `familyCreateExamples()` in families.ts).
import type { PlainObject } from './validate.js';

/** One family's create endpoint, as the fake serves it. */
export interface FamilyCreateEndpoint {
  /** Name for `TaskScenario.family` (the status side lives in `render/`). */
  readonly family: string;
  /** POST path. */
  readonly path: string;
  /** kie.ai's validation of the body: the message of its refusal (envelope 422), or null when it passes. */
  check(body: PlainObject): string | null;
  /** The request body of the family's docs page, without `callBackUrl` (see `callBackUrlRequired`). */
  readonly example: PlainObject;
  /** The example's fields the docs require: without any one of them, `check` refuses with "<field> is required". */
  readonly required: readonly string[];
  /** Whether the docs require a `callBackUrl` too: the example passes `check` only with one added. */
  readonly callBackUrlRequired: boolean;
  /** The docs page the endpoint, the example and the required fields were read on. */
  readonly source: string;
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The first of `fields` that is missing or empty, as kie.ai's message. */
function required(body: PlainObject, fields: readonly string[]): string | null {
  const missing = fields.find((field) => isBlank(body[field]));
  return missing === undefined ? null : `${missing} is required`;
}

const DOCS = 'https://docs.kie.ai';

const ENDPOINTS: readonly FamilyCreateEndpoint[] = [
  // requiredProperties [prompt].
  {
    family: 'veo',
    path: '/api/v1/veo/generate',
    check: (b) => required(b, ['prompt']),
    example: { prompt: 'A dog playing in a park', model: 'veo3_fast', aspectRatio: '16:9' },
    required: ['prompt'],
    callBackUrlRequired: false,
    source: `${DOCS}/veo3-api/generate-veo-3-video`,
  },
  // required [prompt, duration, quality]; aspectRatio is required for text-to-video (no imageUrl). callBackUrl's
  // description says "Required" but its schema's required list and the quickstart omit it: not checked.
  {
    family: 'runway',
    path: '/api/v1/runway/generate',
    check: (b) =>
      required(b, ['prompt', 'duration', 'quality']) ??
      (isBlank(b['imageUrl']) ? required(b, ['aspectRatio']) : null),
    example: {
      prompt: 'A fluffy orange cat dancing energetically in a colorful room with disco lights',
      duration: 5,
      quality: '720p',
      aspectRatio: '16:9',
      waterMark: '',
    },
    required: ['prompt', 'duration', 'quality', 'aspectRatio'],
    callBackUrlRequired: false,
    source: `${DOCS}/runway-api/generate-ai-video`,
  },
  // required [prompt, videoUrl].
  {
    family: 'aleph',
    path: '/api/v1/aleph/generate',
    check: (b) => required(b, ['prompt', 'videoUrl']),
    example: {
      prompt: 'A majestic eagle soaring through mountain clouds at sunset with cinematic camera movement',
      videoUrl: 'https://example.com/input-video.mp4',
    },
    required: ['prompt', 'videoUrl'],
    callBackUrlRequired: false,
    source: `${DOCS}/runway-api/generate-aleph-video`,
  },
  // required [customMode, instrumental, model, callBackUrl] and prompt (non-custom mode), or style + title
  // (+ prompt unless instrumental) in custom mode.
  {
    family: 'suno',
    path: '/api/v1/generate',
    check: (b) =>
      required(b, ['customMode', 'instrumental', 'model', 'callBackUrl']) ??
      (b['customMode'] === true
        ? required(b, b['instrumental'] === true ? ['style', 'title'] : ['style', 'title', 'prompt'])
        : required(b, ['prompt'])),
    example: {
      prompt: 'A calm and relaxing piano track with soft melodies',
      customMode: false,
      instrumental: true,
      model: 'V4_5',
    },
    required: ['customMode', 'instrumental', 'model', 'prompt'],
    callBackUrlRequired: true,
    source: `${DOCS}/suno-api/generate-music`,
  },
  // required [size]; at least one of prompt and filesUrl.
  {
    family: '4o-image',
    path: '/api/v1/gpt4o-image/generate',
    check: (b) =>
      required(b, ['size']) ??
      (isBlank(b['prompt']) && isBlank(b['filesUrl']) && isBlank(b['fileUrl'])
        ? 'prompt or filesUrl is required'
        : null),
    example: { prompt: 'A beautiful sunset over the mountains', size: '1:1', nVariants: 1 },
    required: ['size'],
    callBackUrlRequired: false,
    source: `${DOCS}/4o-image-api/generate-4-o-image`,
  },
  // required [prompt].
  {
    family: 'flux-kontext',
    path: '/api/v1/flux/kontext/generate',
    check: (b) => required(b, ['prompt']),
    example: {
      prompt: 'A serene mountain landscape at sunset with a lake reflecting the orange sky',
      aspectRatio: '16:9',
      model: 'flux-kontext-pro',
    },
    required: ['prompt'],
    callBackUrlRequired: false,
    source: `${DOCS}/flux-kontext-api/generate-or-edit-image`,
  },
  // taskType and prompt (the quickstart's minimal request).
  {
    family: 'midjourney',
    path: '/api/v1/mj/generate',
    check: (b) => required(b, ['taskType', 'prompt']),
    example: {
      taskType: 'mj_txt2img',
      prompt: 'A majestic mountain landscape at sunset with snow-capped peaks',
      speed: 'relaxed',
      aspectRatio: '16:9',
      version: '7',
    },
    required: ['taskType', 'prompt'],
    callBackUrlRequired: false,
    source: `${DOCS}/mj-api/generate-mj-image`,
  },
  // prompt and videoUrl.
  {
    family: 'luma',
    path: '/api/v1/modify/generate',
    check: (b) => required(b, ['prompt', 'videoUrl']),
    example: {
      prompt: 'A futuristic cityscape at night with towering glass spires reaching into a starry sky',
      videoUrl: 'https://example.com/input-video.mp4',
    },
    required: ['prompt', 'videoUrl'],
    callBackUrlRequired: false,
    source: `${DOCS}/luma-api/generate-luma-modify-video`,
  },
];

/** The family create endpoint at `path`, if any. */
export function familyCreateAt(path: string): FamilyCreateEndpoint | undefined {
  return ENDPOINTS.find((endpoint) => endpoint.path === path);
}

/** Every family create endpoint, for tests and the family table. */
export function familyCreateEndpoints(): readonly FamilyCreateEndpoint[] {
  return ENDPOINTS;
}
