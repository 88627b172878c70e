/** The prompt a task was created with, read from its `param` (the createTask request kie.ai keeps). */
import { isJsonObject } from './json.js';
import type { TaskRecord } from './types.js';

/**
 * The prompt of a task: `param.prompt` (Veo, Runway, Suno, Flux Kontext, GPT-image) or `param.input.prompt` (market
 * models; the record has already decoded a double-encoded `input`). Null when there is none. Nothing else from
 * `param` (callBackUrl, URLs, keys) is ever read here. The prompt is untrusted text.
 */
export function promptOf(record: TaskRecord | null): string | null {
  const param = record?.param ?? null;
  if (!param) return null;
  const input = param.input;
  const candidates = [param.prompt, isJsonObject(input) ? input.prompt : undefined];
  const prompt = candidates.find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return prompt ?? null;
}
