/**
 * Posting the results on the pull request, when `comment: true`. main.ts imports this module dynamically, so
 * Octokit is loaded only then. Never rejects and never fails the job: every problem becomes one warning that says
 * which permission or event to use, and the wait's result (outputs, summary, exit code) is unaffected.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../actions.js';
import { oneLine } from '../escape.js';
import type { CommentInputs } from '../inputs.js';
import type { TaskOutcome } from '../outcome.js';
import { commentMarker, renderComment } from './body.js';
import { createCommentsApi, type GitHubOptions } from './github.js';
import { statusOf, writeComment, type CommentsApi, type WriteResult } from './post.js';
import { findTarget, parseRepository, type Target } from './target.js';

/** The Action's logger plus notices (a one-line annotation that is not a warning). */
interface CommentLogger extends Logger {
  notice(message: string): void;
}

/** What {@link postComment} needs. */
export interface CommentRequest {
  inputs: CommentInputs;
  outcomes: readonly TaskOutcome[];
  /** The runner's variables: GITHUB_EVENT_NAME/_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_RUN_ID, … */
  env: NodeJS.ProcessEnv;
  logger: CommentLogger;
  /** Whether the job summary was written (the size note points there). */
  summaryWritten: boolean;
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch | undefined;
  /** Test knobs for the client (shorter waits). */
  github?: Pick<GitHubOptions, 'retryAfterBaseMs' | 'rateLimitRetries' | 'maxRateLimitWaitSeconds'>;
}

/** The `comment-id` and `comment-url` outputs: empty when no comment was written. */
export interface CommentResult {
  commentId: string;
  commentUrl: string;
}

/** The whole comment step must end within this, whatever GitHub does (two rate-limit waits of 60 s fit). */
const DEADLINE_MS = 5 * 60_000;
/** A push can belong to many PRs; comment on this many at most. */
const MAX_PULLS = 10;

/** Posts (or updates) the comment on every target PR. Resolves with the first comment written, or empty outputs. */
export async function postComment(request: CommentRequest): Promise<CommentResult> {
  const { inputs, env, logger } = request;
  const empty: CommentResult = { commentId: '', commentUrl: '' };
  const repository = parseRepository(env['GITHUB_REPOSITORY']);
  if (!repository) {
    logger.warning(
      'Not commenting: GITHUB_REPOSITORY is not set to owner/repo (is this running on GitHub Actions?).',
    );
    return empty;
  }
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  const target = findTarget(
    { eventName, payload: readEvent(env['GITHUB_EVENT_PATH']), sha: env['GITHUB_SHA'] },
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
  const signal = request.signal
    ? AbortSignal.any([request.signal, AbortSignal.timeout(DEADLINE_MS)])
    : AbortSignal.timeout(DEADLINE_MS);
  const api = createCommentsApi({
    ...request.github,
    token: inputs.token,
    baseUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    ...repository,
    logger,
    signal,
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

  const key = inputs.key || defaultKey(env);
  const body = renderComment(request.outcomes, {
    key,
    showPrompt: inputs.showPrompt,
    runUrl: runUrl(env),
    summaryWritten: request.summaryWritten,
  });
  let first: WriteResult | null = null;
  for (const pull of pulls) {
    try {
      const result = await writeComment(api, pull, body, commentMarker(key), inputs.mode);
      logger.info(`${describe(result)} on pull request #${pull}: ${result.comment.html_url}`);
      first ??= result;
    } catch (error) {
      logger.warning(explainFailure(error, { where, pull, fork: target.kind === 'pulls' && target.fork }));
    }
  }
  return first ? { commentId: String(first.comment.id), commentUrl: first.comment.html_url } : empty;
}

async function pullsOf(
  target: Exclude<Target, { kind: 'none' }>,
  api: CommentsApi,
  logger: CommentLogger,
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

function describe(result: WriteResult): string {
  const dropped = result.deleted.length > 0 ? ` (removed ${result.deleted.length} older)` : '';
  if (result.action === 'updated') return `Updated the comment${dropped}`;
  if (result.action === 'recreated') return `Re-posted the comment${dropped}`;
  return 'Posted a comment';
}

/** The default comment key: the workflow's name and the job's id. */
function defaultKey(env: NodeJS.ProcessEnv): string {
  const parts = [env['GITHUB_WORKFLOW'], env['GITHUB_JOB']].filter((part) => part);
  return parts.length > 0 ? parts.join('/') : 'kie-task';
}

/** The workflow run's page (this attempt's, after a re-run), or null outside a runner. */
function runUrl(env: NodeJS.ProcessEnv): string | null {
  const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
  const repository = env['GITHUB_REPOSITORY'];
  const id = env['GITHUB_RUN_ID'];
  if (!repository || !id || !/^\d+$/.test(id)) return null;
  const attempt = env['GITHUB_RUN_ATTEMPT'];
  const suffix = attempt && /^\d+$/.test(attempt) && attempt !== '1' ? `/attempts/${attempt}` : '';
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${id}${suffix}`;
}

function readEvent(path: string | undefined): unknown {
  if (!path) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
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
