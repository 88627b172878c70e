// The dedicated families' create endpoints (`POST /api/v1/veo/generate`, …): where each lives and which fields its
// documentation marks required. The body IS the family's request (no `model`/`input` wrapper, unlike createTask).
// Sources: each family's "Generate …" page on docs.kie.ai (OpenAPI `required` lists and field descriptions).
import type { PlainObject } from './validate.js';

/** One family's create endpoint, as the fake serves it. */
export interface FamilyCreateEndpoint {
  /** Name for `TaskScenario.family` (the status side lives in `render/`). */
  readonly family: string;
  /** POST path. */
  readonly path: string;
  /** kie.ai's validation of the body: the message of its refusal (envelope 422), or null when it passes. */
  check(body: PlainObject): string | null;
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The first of `fields` that is missing or empty, as kie.ai's message. */
function required(body: PlainObject, fields: readonly string[]): string | null {
  const missing = fields.find((field) => isBlank(body[field]));
  return missing === undefined ? null : `${missing} is required`;
}

const ENDPOINTS: readonly FamilyCreateEndpoint[] = [
  // docs.kie.ai/veo3-api/generate-veo-3-video: requiredProperties [prompt].
  { family: 'veo', path: '/api/v1/veo/generate', check: (b) => required(b, ['prompt']) },
  // docs.kie.ai/runway-api/generate-ai-video: required [prompt, duration, quality]; aspectRatio is required for
  // text-to-video (no imageUrl).
  {
    family: 'runway',
    path: '/api/v1/runway/generate',
    check: (b) =>
      required(b, ['prompt', 'duration', 'quality']) ??
      (isBlank(b['imageUrl']) ? required(b, ['aspectRatio']) : null),
  },
  // docs.kie.ai/runway-api/generate-aleph-video: required [prompt, videoUrl].
  { family: 'aleph', path: '/api/v1/aleph/generate', check: (b) => required(b, ['prompt', 'videoUrl']) },
  // docs.kie.ai/suno-api/generate-music: required [customMode, instrumental, model, callBackUrl] and prompt
  // (non-custom mode), or style + title (+ prompt unless instrumental) in custom mode.
  {
    family: 'suno',
    path: '/api/v1/generate',
    check: (b) =>
      required(b, ['customMode', 'instrumental', 'model', 'callBackUrl']) ??
      (b['customMode'] === true
        ? required(b, b['instrumental'] === true ? ['style', 'title'] : ['style', 'title', 'prompt'])
        : required(b, ['prompt'])),
  },
  // docs.kie.ai/4o-image-api/generate-4-o-image: required [size]; at least one of prompt and filesUrl.
  {
    family: '4o-image',
    path: '/api/v1/gpt4o-image/generate',
    check: (b) =>
      required(b, ['size']) ??
      (isBlank(b['prompt']) && isBlank(b['filesUrl']) && isBlank(b['fileUrl'])
        ? 'prompt or filesUrl is required'
        : null),
  },
  // docs.kie.ai/flux-kontext-api/generate-or-edit-image: required [prompt].
  { family: 'flux-kontext', path: '/api/v1/flux/kontext/generate', check: (b) => required(b, ['prompt']) },
  // docs.kie.ai/mj-api/generate-mj-image: taskType and prompt (the quickstart's minimal request).
  { family: 'midjourney', path: '/api/v1/mj/generate', check: (b) => required(b, ['taskType', 'prompt']) },
  // docs.kie.ai/luma-api/generate-luma-modify-video: prompt and videoUrl.
  { family: 'luma', path: '/api/v1/modify/generate', check: (b) => required(b, ['prompt', 'videoUrl']) },
];

/** The family create endpoint at `path`, if any. */
export function familyCreateAt(path: string): FamilyCreateEndpoint | undefined {
  return ENDPOINTS.find((endpoint) => endpoint.path === path);
}

/** Every family create endpoint, for tests and the family table. */
export function familyCreateEndpoints(): readonly FamilyCreateEndpoint[] {
  return ENDPOINTS;
}
