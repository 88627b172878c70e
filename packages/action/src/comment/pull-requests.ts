/**
 * The comment phase, when `comment: true`: find the pull requests to comment on (target.ts), render the body
 * (body.ts), and write it on each through the GitHub client (github.ts) with the policy of post.ts. main.ts imports
 * this module dynamically, so Octokit is loaded only then. Never rejects and never fails the job: every problem becomes one warning that says
 * which permission or event to use, and the wait's result (outputs, summary, exit code) is unaffected.
 */
import type { context } from '@actions/github';
import type { TaskOutcome } from '@kie-task/core';
import type { Deadline } from '@kie-task/node-io/deadline';
import { oneLine } from '../workflow-commands.js';
import type { CommentInputs } from '../inputs.js';
import type { Logger } from '../log.js';
import { commentMarker, renderComment } from './body.js';
import { createCommentsApi, type GitHubOptions } from './github.js';
import { statusOf, writeComment, type CommentsApi, type WriteResult } from './post.js';
import { findTarget, type Target } from './target.js';

/** What the comment reads of @actions/github's `context`: the event, the repository and the run. */
export type GitHubContext = Pick<
  typeof context,
  | 'eventName'
  | 'payload'
  | 'sha'
  | 'repo'
  | 'apiUrl'
  | 'serverUrl'
  | 'runId'
  | 'runAttempt'
  | 'workflow'
  | 'job'
>;

/** What {@link commentOnPullRequests} needs. */
export interface CommentRequest {
  inputs: CommentInputs;
  outcomes: readonly TaskOutcome[];
  /** @actions/github's `context` (tests build a fresh one per environment). */
  context: GitHubContext;
  logger: Logger;
  /** Whether the job summary was written (the size note points there). */
  summaryWritten: boolean;
  /**
   * The step's one deadline (its `timeout` and the cancel): the comment gets what the wait and the downloads left of
   * it — every request, retry and rate-limit wait included — and no more.
   */
  deadline: Deadline;
  fetch?: typeof fetch | undefined;
  /** Test knobs for the client (shorter waits). */
  github?: Pick<GitHubOptions, 'retryAfterBaseMs' | 'rateLimitRetries' | 'maxRateLimitWaitSeconds'>;
}

/** The `comment-id` and `comment-url` outputs: empty when no comment was written. */
export interface CommentResult {
  commentId: string;
  commentUrl: string;
}

/** A push can belong to many PRs; comment on this many at most. */
const MAX_PULLS = 10;

/** Posts (or updates) the comment on every target PR. Resolves with the first comment written, or empty outputs. */
export async function commentOnPullRequests(request: CommentRequest): Promise<CommentResult> {
  const { inputs, context, logger } = request;
  const empty: CommentResult = { commentId: '', commentUrl: '' };
  const repository = repositoryOf(context);
  if (!repository) {
    logger.warning(
      'Not commenting: GITHUB_REPOSITORY is not set to owner/repo (is this running on GitHub Actions?).',
    );
    return empty;
  }
  const target = findTarget(
    { eventName: context.eventName ?? '', payload: context.payload, sha: context.sha },
    inputs.prNumber,
  );
  if (target.kind === 'none') {
    logger.notice(target.reason);
    return empty;
  }
  if (inputs.token === '') {
    logger.warning(
      'Not commenting: the github-token input is empty. Leave it at its default (`${{ github.token }}`) or pass a ' +
        'token that may write pull-request comments.',
    );
    return empty;
  }
  if (request.deadline.remainingMs() <= 0) {
    logger.warning(
      'Not commenting: the timeout input was used up by the wait. Raise timeout to leave time for the comment. ' +
        'The wait and its outputs are unaffected.',
    );
    return empty;
  }
  const api = createCommentsApi({
    ...request.github,
    token: inputs.token,
    baseUrl: context.apiUrl || 'https://api.github.com',
    ...repository,
    logger,
    deadline: request.deadline,
    fetch: request.fetch,
  });
  const where = `${repository.owner}/${repository.repo}`;

  let pulls: number[];
  try {
    pulls = await pullsOf(target, api, logger);
  } catch (error) {
    logger.warning(explainFailure(error, { where, pull: null, fork: false }));
    return empty;
  }

  const key = inputs.key || defaultKey(context);
  const body = renderComment(request.outcomes, {
    key,
    showPrompt: inputs.showPrompt,
    runUrl: runUrl(context, repository),
    summaryWritten: request.summaryWritten,
  });
  const needsIdentity = inputs.mode !== 'create' && pulls.length > 0;
  let me = needsIdentity ? await api.whoAmI() : null;
  if (needsIdentity && !me) {
    logger.warning(
      'Could not tell which GitHub account the github-token acts as, so no existing comment is edited or deleted ' +
        'before posting; the new comment tells, and older ones of ours are then tidied up.',
    );
  }
  let first: WriteResult | null = null;
  for (const pull of pulls) {
    try {
      const result = await writeComment(api, pull, body, commentMarker(key), inputs.mode, me);
      me ??= result.comment.user;
      logger.info(`${writtenSentence(result)} on pull request #${pull}: ${result.comment.html_url}`);
      first ??= result;
    } catch (error) {
      logger.warning(explainFailure(error, { where, pull, fork: target.kind === 'pulls' && target.fork }));
      // Past the deadline every other pull request would fail the same way: one warning says it.
      if (request.deadline.signal.aborted) break;
    }
  }
  return first ? { commentId: String(first.comment.id), commentUrl: first.comment.html_url } : empty;
}

async function pullsOf(
  target: Exclude<Target, { kind: 'none' }>,
  api: CommentsApi,
  logger: Logger,
): Promise<number[]> {
  if (target.kind === 'pulls') return target.numbers;
  const open = await api.openPullsForCommit(target.sha);
  if (open.length === 0)
    logger.notice(`Not commenting: no open pull request contains commit ${target.sha.slice(0, 12)}.`);
  if (open.length > MAX_PULLS) {
    logger.info(
      `Commit ${target.sha.slice(0, 12)} is in ${open.length} open pull requests; commenting on the first ${MAX_PULLS}.`,
    );
  }
  return open.slice(0, MAX_PULLS);
}

function writtenSentence(result: WriteResult): string {
  const dropped = result.deleted.length > 0 ? ` (removed ${result.deleted.length} older)` : '';
  if (result.action === 'updated') return `Updated the comment${dropped}`;
  if (result.action === 'recreated') return `Re-posted the comment${dropped}`;
  return 'Posted a comment';
}

/** The default comment key: the workflow's name and the job's id. */
function defaultKey(context: GitHubContext): string {
  const parts = [context.workflow, context.job].filter((part) => part);
  return parts.length > 0 ? parts.join('/') : 'kie-task';
}

/** `context.repo`, which throws outside a runner, as owner and repo of safe characters, or null. */
function repositoryOf(context: GitHubContext): { owner: string; repo: string } | null {
  let repo: { owner: string; repo: string };
  try {
    repo = context.repo;
  } catch {
    return null;
  }
  const safe = /^[\w.-]+$/;
  return safe.test(repo.owner ?? '') && safe.test(repo.repo ?? '')
    ? { owner: repo.owner, repo: repo.repo }
    : null;
}

/** The workflow run's page (this attempt's, after a re-run), or null outside a runner. */
function runUrl(context: GitHubContext, repository: { owner: string; repo: string }): string | null {
  const server = context.serverUrl || 'https://github.com';
  const id = context.runId;
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const attempt = context.runAttempt;
  const suffix = Number.isSafeInteger(attempt) && attempt > 1 ? `/attempts/${attempt}` : '';
  return `${server.replace(/\/+$/, '')}/${repository.owner}/${repository.repo}/actions/runs/${id}${suffix}`;
}

/**
 * The warning for a failed API call: what GitHub said and the fix. A fork PR's token is read-only whatever the
 * workflow asks for, so that case points to workflow_run + pr-number rather than to `permissions:`.
 */
function explainFailure(
  error: unknown,
  context: { where: string; pull: number | null; fork: boolean },
): string {
  const status = statusOf(error);
  const said = oneLine(error instanceof Error ? error.message : String(error)).slice(0, 300);
  const what =
    context.pull === null
      ? `Could not look up pull requests in ${context.where}`
      : `Could not comment on pull request #${context.pull}`;
  const tail = ' The wait and its outputs are unaffected.';
  const limited = /rate limit/i.test(said);
  if ((status === 403 || status === 429) && limited) {
    return `${what}: GitHub's rate limit was still exceeded after retrying (${status} ${said}). Comment less often (comment-mode: update) or use another token.${tail}`;
  }
  if (status === 403) {
    const fix = context.fork
      ? 'This pull request comes from a fork, and GitHub gives workflows on fork pull requests a read-only token ' +
        'whatever `permissions:` says. To comment on them, run this step in a workflow triggered by `workflow_run` ' +
        "(or `pull_request_target`, without checking out the fork's code) and pass `pr-number`."
      : 'The token may not write comments: give the job `permissions: pull-requests: write` (and `contents: read` for ' +
        "checkout), or pass a github-token that may. On a fork's pull request the token is read-only: see the README.";
    return `${what}: GitHub answered 403 (${said}). ${fix}${tail}`;
  }
  if (status === 401) {
    return `${what}: GitHub rejected the github-token (401 ${said}). Leave github-token at its default (\`\${{ github.token }}\`) or pass a valid token.${tail}`;
  }
  if (status === 404) {
    return `${what}: not found (404 ${said}). Check pr-number, and that the token can see ${context.where} (a GitHub App or PAT needs access to it).${tail}`;
  }
  if (status !== null) return `${what}: GitHub answered ${status} (${said}).${tail}`;
  return `${what}: ${said}.${tail}`;
}
