// Event payloads for the comment tests, from @octokit/webhooks-examples (what GitHub really sends), as the runner
// writes them to GITHUB_EVENT_PATH. All are for the repository Codertocat/Hello-World.
import { createRequire } from 'node:module';

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];

/** A deep copy of the first example of `name` that passes `test`. */
function example(
  name: string,
  test: (payload: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const found = definitions.find((d) => d.name === name)?.examples.find(test);
  if (!found) throw new Error(`no ${name} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

/** An event as the runner presents it: GITHUB_EVENT_NAME and the payload. */
export interface GitHubEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** pull_request.opened: PR #2 in Codertocat/Hello-World, head and base in the same repository. */
export function pullRequestOpened(name = 'pull_request'): GitHubEvent {
  return { name, payload: example('pull_request', (p) => p['action'] === 'opened') };
}

/** pull_request.opened from a fork: the head repository is someone else's. */
export function pullRequestFromFork(): GitHubEvent {
  const event = pullRequestOpened();
  const head = (event.payload['pull_request'] as { head: { repo: { full_name: string } } }).head;
  head.repo.full_name = 'forker/Hello-World';
  return event;
}

/** issue_comment.created on a plain issue (#1). */
export function issueComment(): GitHubEvent {
  return { name: 'issue_comment', payload: example('issue_comment', (p) => p['action'] === 'created') };
}

/**
 * issue_comment.created on a pull request: GitHub sends the same payload with an `issue.pull_request` object (the
 * examples package has none on a PR, so the plain one gets that key, as in GitHub's docs).
 */
export function issueCommentOnPullRequest(): GitHubEvent {
  const event = issueComment();
  const issue = event.payload['issue'] as Record<string, unknown>;
  issue['pull_request'] = {
    url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
  };
  return event;
}

/** push to a branch (commit 6113728f…). */
export function push(): GitHubEvent {
  return {
    name: 'push',
    payload: example('push', (p) => p['deleted'] === false && String(p['ref']).startsWith('refs/heads/')),
  };
}

/** push that deleted a tag. */
export function pushDeleted(): GitHubEvent {
  return { name: 'push', payload: example('push', (p) => p['deleted'] === true) };
}

/** workflow_dispatch: no pull request. */
export function workflowDispatch(): GitHubEvent {
  return { name: 'workflow_dispatch', payload: example('workflow_dispatch') };
}
