/**
 * Which pull request(s) to comment on, from the event that started the workflow and the `pr-number` input. Pure:
 * the event payload is passed in (main reads GITHUB_EVENT_PATH), and a push is answered with the commit to look up.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
 */

/** Where the workflow runs and what started it. */
export interface EventContext {
  /** `GITHUB_EVENT_NAME`. */
  eventName: string;
  /** The parsed JSON at `GITHUB_EVENT_PATH`, or null when there is none. */
  payload: unknown;
  /** `GITHUB_SHA`, used for a push when the payload has no `after`. */
  sha?: string | undefined;
}

/** What to comment on. */
export type Target =
  /** Known pull requests. `fork`: the PR's head is in another repository, so the GITHUB_TOKEN is read-only. */
  | { kind: 'pulls'; numbers: number[]; fork: boolean; from: string }
  /** A push: the open pull requests associated with this commit (looked up through the API). */
  | { kind: 'commit'; sha: string }
  /** Nothing to comment on; `reason` says why and what to do. */
  | { kind: 'none'; reason: string };

/** Events whose payload carries `pull_request`. */
const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

/** Finds the pull request(s) for this run. `prNumber` (the input) wins over the event. */
export function findTarget(context: EventContext, prNumber: number | null): Target {
  if (prNumber !== null)
    return { kind: 'pulls', numbers: [prNumber], fork: false, from: 'the pr-number input' };
  const payload = isObject(context.payload) ? context.payload : {};
  const event = context.eventName;
  if (PULL_REQUEST_EVENTS.has(event)) {
    const pull = isObject(payload['pull_request']) ? payload['pull_request'] : {};
    const number = positiveInteger(pull['number']) ?? positiveInteger(payload['number']);
    if (number !== null)
      return { kind: 'pulls', numbers: [number], fork: isFork(pull), from: `the ${event} event` };
    return none(`the ${event} event payload has no pull request number`);
  }
  if (event === 'issue_comment') {
    const issue = isObject(payload['issue']) ? payload['issue'] : {};
    const number = positiveInteger(issue['number']);
    // A comment on a PR arrives as an issue_comment whose issue has a `pull_request` key.
    if (number !== null && isObject(issue['pull_request'])) {
      return { kind: 'pulls', numbers: [number], fork: false, from: 'the issue_comment event' };
    }
    return none('this issue_comment event is on an issue, not a pull request');
  }
  if (event === 'push') {
    const sha = typeof payload['after'] === 'string' ? payload['after'] : (context.sha ?? '');
    if (payload['deleted'] === true || !/^[0-9a-f]{40}$/i.test(sha) || /^0+$/.test(sha)) {
      return none('this push deleted a branch or tag, so no commit has pull requests');
    }
    return { kind: 'commit', sha };
  }
  return none(`the ${event || 'unknown'} event carries no pull request`);
}

function none(why: string): Target {
  return {
    kind: 'none',
    reason:
      `Not commenting: ${why}. Comments go on pull requests from pull_request, pull_request_target, ` +
      'issue_comment (on a PR) and push (open PRs with that commit) events; elsewhere, pass `pr-number`.',
  };
}

/** A PR from a fork (or a deleted fork): its head repository is not its base repository. */
function isFork(pull: Record<string, unknown>): boolean {
  const name = (side: unknown): unknown => {
    const repo = isObject(side) ? side['repo'] : null;
    return isObject(repo) ? repo['full_name'] : null;
  };
  const head = name(pull['head']);
  const base = name(pull['base']);
  return base !== null && head !== base;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
