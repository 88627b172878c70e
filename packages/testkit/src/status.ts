// Answering a status query (e.g. GET /api/v1/jobs/recordInfo?taskId=…): faults first, then
// "not visible yet", then the record as of now.
import { jsonAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { defaultMessage, envelope } from './envelope.js';
import { faultFor, htmlErrorPage, truncate } from './faults.js';
import { isVisible, snapshotOf } from './lifecycle.js';
import type { TaskRuntime } from './tasks.js';
import type { FamilyRenderer } from './types.js';

/**
 * The answer to status query number `earlierPolls.length + 1` for `task`.
 * @param earlierPolls arrival times of the task's earlier status queries
 * @param now clock, read when the record is built (after any delay fault)
 */
export function answerStatusQuery(
  task: TaskRuntime,
  renderer: FamilyRenderer,
  earlierPolls: readonly number[],
  serverUrl: string,
  now: () => number,
): Answer {
  const { scenario } = task;
  const key = scenario.messageKey ?? 'msg';
  const normal = (): Answer => {
    const clock = { addedAt: task.addedAt, earlierPolls, now: now() };
    if (!isVisible(scenario, clock)) {
      const code = scenario.notVisibleCode ?? 422;
      return jsonAnswer(200, envelope(code, defaultMessage(code), null, key));
    }
    const data = renderer.render(snapshotOf(scenario, clock, serverUrl, renderer));
    return jsonAnswer(200, envelope(200, 'success', data, key));
  };

  const fault = faultFor(scenario.faults, earlierPolls.length + 1);
  if (fault === undefined) return normal();
  switch (fault.kind) {
    case 'http': {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      const body = fault.body ?? envelope(fault.status, defaultMessage(fault.status), null, key);
      headers['content-type'] =
        fault.contentType ?? (looksLikeJson(body) ? 'application/json' : 'text/plain');
      return { type: 'send', status: fault.status, headers, body };
    }
    case 'html': {
      const status = fault.status ?? 502;
      return { type: 'send', status, headers: { 'content-type': 'text/html' }, body: htmlErrorPage(status) };
    }
    case 'reset':
    case 'hang':
      return { type: fault.kind };
    case 'truncated': {
      const full = normal();
      return full.type === 'send' ? { ...full, body: truncate(full.body.toString()) } : full;
    }
    case 'envelope':
      return jsonAnswer(200, envelope(fault.code, fault.msg ?? defaultMessage(fault.code), null, key));
    case 'delay':
      return { type: 'delay', ms: fault.ms, then: normal };
  }
}

/** The answer for a task id the server does not know (HTTP 200 with an error envelope, as kie.ai does). */
export function unknownTaskAnswer(mode: 'not-found-404' | 'record-null-422'): Answer {
  const code = mode === 'not-found-404' ? 404 : 422;
  return jsonAnswer(200, envelope(code, defaultMessage(code), null));
}

function looksLikeJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
