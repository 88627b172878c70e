// The comment gets what is left of the step's deadline and no more: Octokit's retries and rate-limit waits included.
// The comment phase in-process, with the real Octokit and its plugins, against the fake GitHub.
import { startDeadline, type Deadline } from '@kie-task/node-io/deadline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentOnPullRequests, type GitHubContext } from '../src/comment/pull-requests.js';
import type { Logger } from '../src/log.js';
import * as events from './events.js';
import { secondaryLimit, startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { outcome } from './fixtures.js';

const GH_TOKEN = 'ghs_FakeDeadlineToken0123456789abcdef';

let gh: FakeGitHub;
let deadline: Deadline | null = null;
beforeEach(async () => {
  gh = await startFakeGitHub({ token: GH_TOKEN });
});
afterEach(async () => {
  deadline?.dispose();
  await gh.close();
});

/** Comments with `timeoutMs` left; resolves with the warnings and the time it took. */
async function comment(
  timeoutMs: number,
): Promise<{ warnings: string[]; elapsedMs: number; commentId: string }> {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  const logger: Logger = {
    debug: ignore,
    info: ignore,
    notice: ignore,
    warning: (message: string) => void warnings.push(message),
    startGroup: ignore,
    endGroup: ignore,
  };
  const event = events.pullRequestOpened();
  const context = {
    eventName: event.name,
    payload: event.payload,
    sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    repo: { owner: 'Codertocat', repo: 'Hello-World' },
    apiUrl: gh.url,
    serverUrl: 'https://github.com',
    runId: 1658821493,
    runAttempt: 1,
    workflow: 'CI',
    job: 'generate',
  } as GitHubContext;
  deadline = startDeadline(timeoutMs);
  const started = performance.now();
  const result = await commentOnPullRequests({
    inputs: { mode: 'update', key: '', showPrompt: true, prNumber: null, token: GH_TOKEN },
    outcomes: [outcome('success')],
    context,
    logger,
    summaryWritten: true,
    deadline,
  });
  return { warnings, elapsedMs: performance.now() - started, commentId: result.commentId };
}

describe("the comment within the step's deadline", () => {
  it('a GitHub that never answers: ends at the deadline with one warning, not after the retries', async () => {
    gh.fault({ status: 200, body: {}, hang: true, times: 100 });
    const r = await comment(1_500);
    // Octokit's own retry of the aborted request would sleep 1 s, then 4 s more: the deadline does not wait for it.
    expect(r.elapsedMs).toBeLessThan(1_500 + 1_000);
    expect(r.commentId).toBe('');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/GitHub did not answer before the step's timeout; raise timeout/);
  });

  it('a rate-limit wait longer than what is left is not started', async () => {
    // GitHub asks for 30 s; 60 s is within what the client accepts, but the step has 5 s left.
    gh.fault({ method: 'POST', ...secondaryLimit(403, '30') });
    const r = await comment(5_000);
    expect(r.commentId).toBe('');
    expect(r.warnings).toEqual([
      expect.stringMatching(/GitHub's rate limit was still exceeded after retrying \(403/),
    ]);
    // Gave up at once rather than running into the deadline.
    expect(r.elapsedMs).toBeLessThan(5_000 - 1_000);
    expect(gh.requests.filter((q) => q.method === 'POST' && q.path !== '/graphql')).toHaveLength(1);
  });
});
