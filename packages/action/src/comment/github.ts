/**
 * The GitHub REST client: @actions/github's `getOctokit` (REST methods and pagination) with the retry plugin for
 * server errors and the throttling plugin, which waits out primary and secondary rate limits (Retry-After,
 * x-ratelimit-reset) a bounded number of times. Only loaded when `comment: true` (main.ts imports it lazily).
 * Every call, with all its retries and rate-limit waits, ends with the step's deadline: a rate-limit wait longer
 * than what is left is not started, and whatever is in flight when the deadline passes is given up at once.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Deadline } from '@kie-task/node-io/deadline';
import type { Logger } from '../log.js';
import { statusOf, type CommentsApi, type Identity, type IssueComment } from './post.js';

/** Options for {@link createCommentsApi}. */
export interface GitHubOptions {
  token: string;
  /** `GITHUB_API_URL`: https://api.github.com, or `https://HOST/api/v3` on GHES. */
  baseUrl: string;
  owner: string;
  repo: string;
  logger: Logger;
  /** The step's deadline: stops every call, retries and rate-limit waits included (cancel, timeout). */
  deadline: Pick<Deadline, 'signal' | 'remainingMs' | 'timedOut'>;
  /** A proxy-aware fetch, when one is needed. */
  fetch?: typeof fetch | undefined;
  /** Milliseconds per second of Retry-After and of the retry backoff; 1000 except in tests. */
  retryAfterBaseMs?: number;
  /** Rate-limit waits per request before giving up. Default 2. */
  rateLimitRetries?: number;
  /** The longest rate-limit wait accepted, in seconds; a longer one gives up at once. Default 60. */
  maxRateLimitWaitSeconds?: number;
  /** Throttling groups are shared per id within a process; each client gets its own by default. */
  throttleId?: string;
}

let clients = 0;

/** The comment endpoints of one repository over Octokit. */
export function createCommentsApi(options: GitHubOptions): CommentsApi {
  const { owner, repo, logger, deadline } = options;
  const base = options.retryAfterBaseMs ?? 1000;
  const retries = options.rateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`;
      // A wait that would outlast the step's deadline is not started: giving up now leaves the warning time to say so.
      const fits = retryAfter * base < deadline.remainingMs();
      if (retryCount < retries && retryAfter <= maxWait && fits) {
        logger.info(`${what}: retrying in ${retryAfter}s (${retryCount + 1} of ${retries})`);
        return true;
      }
      logger.debug(`${what}: giving up (asked to wait ${retryAfter}s, ${retryCount} retries done)`);
      return false;
    };
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: 'kie-task-action',
      // Octokit merges `request` shallowly: a `request` without `fetch` would drop getOctokit's own fetch, so the
      // fetch is always passed along with the signal — the proxy-aware one the kie.ai requests use, or the global.
      request: { signal: deadline.signal, fetch: options.fetch ?? globalThis.fetch },
      // Octokit's own messages go through the Action's logger (neutralised, secrets redacted), not the console.
      log: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.debug(message),
        error: (message: string) => logger.debug(message),
      },
      // 429 is the throttling plugin's (it honours Retry-After); this one retries 5xx and network errors.
      retry: { retries: 2, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        id: options.throttleId ?? `kie-task-${process.pid}-${++clients}`,
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    },
    retry,
    throttling,
  );
  // Wrapped last, so outermost: the deadline ends a call whatever the plugins inside still mean to wait for or retry.
  octokit.hook.wrap('request', (request, requestOptions) =>
    untilDeadline(Promise.resolve(request(requestOptions)), deadline),
  );
  const where = { owner, repo };

  return {
    async listComments(issueNumber) {
      const comments = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...where,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map(pick);
    },
    async createComment(issueNumber, body) {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...where,
        issue_number: issueNumber,
        body,
      });
      return pick(data);
    },
    async updateComment(commentId, body) {
      const { data } = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...where,
        comment_id: commentId,
        body,
      });
      return pick(data);
    },
    async deleteComment(commentId) {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...where,
          comment_id: commentId,
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },
    // GraphQL's viewer works for every token kind (the job's GITHUB_TOKEN, an app's installation token, a PAT);
    // REST's GET /user only for a personal token. Neither answering means "unknown", never a guess.
    async whoAmI() {
      try {
        const { viewer } = await octokit.graphql<{ viewer: { login: string; databaseId: number | null } }>(
          'query { viewer { login databaseId } }',
        );
        if (viewer && typeof viewer.login === 'string')
          return { login: viewer.login, id: viewer.databaseId ?? null };
      } catch (error) {
        logger.debug(
          `GraphQL viewer query failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      try {
        const { data } = await octokit.request('GET /user');
        return { login: data.login, id: Number(data.id) };
      } catch (error) {
        logger.debug(`GET /user failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    },
    async openPullsForCommit(sha) {
      const pulls = await octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        ...where,
        commit_sha: sha,
        per_page: 100,
      });
      return pulls.filter((pull) => pull.state === 'open').map((pull) => Number(pull.number));
    },
  };
}

/** What a call that the deadline ended rejects with. */
class CommentDeadlineError extends Error {
  override readonly name = 'CommentDeadlineError';
}

/** `work`, or a rejection as soon as the deadline's signal aborts (the timeout, or the run's cancel). */
function untilDeadline<T>(work: Promise<T>, deadline: GitHubOptions['deadline']): Promise<T> {
  const { signal } = deadline;
  const stopped = (): Error => {
    if (deadline.timedOut) {
      return new CommentDeadlineError(
        "GitHub did not answer before the step's timeout; raise timeout to leave time for the comment",
      );
    }
    return signal.reason instanceof Error ? signal.reason : new CommentDeadlineError('the run was cancelled');
  };
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(stopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// Octokit types ids as number | bigint (it parses numbers past 2^53 as bigint); comment ids are far below that.
function pick(comment: {
  id: number | bigint;
  body?: string | null | undefined;
  html_url: string;
  user?: { login: string; id: number | bigint } | null;
}): IssueComment {
  const user: Identity | null = comment.user
    ? { login: comment.user.login, id: Number(comment.user.id) }
    : null;
  return { id: Number(comment.id), body: comment.body, html_url: comment.html_url, user };
}
