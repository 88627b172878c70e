// The pull-request comment against a fake GitHub REST API, with the real Octokit and its plugins, twice: in-process
// from the sources, and through the committed bundle run as the runner runs it (with the fake kie.ai behind it).
// Every test has a fake GitHub of its own, so the tests run concurrently. The in-process driver waits 1/100 of each
// Retry-After second; the bundle keeps the production values (a real 1 s Retry-After, Octokit's write pacing).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeadline } from '@kie-task/node-io/deadline';
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { context as runnerContext } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it as base } from 'vitest';
import { inputEnv, runAction } from '../scripts/runner.mjs';
import { commentOnPullRequests, type GitHubContext } from '../src/comment/pull-requests.js';
import { logSafe, Secrets, type Logger } from '../src/log.js';
import { readInputs } from '../src/inputs.js';
import type { TaskOutcome } from '@kie-task/core';
import * as events from './events.js';
import { FORBIDDEN, primaryLimit, secondaryLimit, startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { outcome } from './fixtures.js';

const KIE_KEY = 'sk-comment-Secr3t-Key-0123456789';
const GH_TOKEN = 'ghs_FakeInstallationToken0123456789abcdef';
const MARKER = '<!-- kie-task:comment key="CI/generate" -->';
const HOSTILE = '<img src=x onerror=alert(1)> @someone #1 GH-2 [a](javascript:x) </details>\n# h\n```';

/** One task, described once for both drivers. */
interface TaskSpec {
  state?: 'success' | 'fail';
  prompt?: string;
  failMsg?: string;
  urls?: string[];
}

interface Run {
  event?: events.GitHubEvent;
  inputs?: Record<string, string>;
  tasks?: TaskSpec[];
}

interface Ran {
  commentId: string;
  commentUrl: string;
  /** Everything written to the log (workflow commands included). */
  log: string;
  code: number | null;
}

let kie: FakeKie;
let work: string;
beforeAll(async () => {
  kie = await startFakeKie({ apiKey: KIE_KEY });
  work = mkdtempSync(join(tmpdir(), 'kie-comment-'));
});
afterAll(async () => {
  await kie?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Each test gets a fake GitHub of its own (`gh`), closed after it. */
const it = base.extend<{ gh: FakeGitHub }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
  gh: async ({}, use) => {
    const gh = await startFakeGitHub({ token: GH_TOKEN });
    await use(gh);
    await gh.close();
  },
});

/** Runs one scenario against `gh`. */
type Act = (gh: FakeGitHub, run: Run) => Promise<Ran>;

const githubEnv = (gh: FakeGitHub): Record<string, string> => ({
  GITHUB_API_URL: gh.url,
  GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'generate',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_RUN_ATTEMPT: '1',
});
const commentInputs = (over: Record<string, string> = {}): Record<string, string> => ({
  comment: 'true',
  'github-token': GH_TOKEN,
  ...over,
});

let counter = 0;
/** The bundle, as the runner runs it: the fake kie.ai answers for the tasks, the fake GitHub for the comment. */
async function viaBundle(gh: FakeGitHub, run: Run): Promise<Ran> {
  const ids = (run.tasks ?? [{}]).map((task) => {
    const taskId = `task_comment_${++counter}`;
    kie.addTask({
      taskId,
      model: 'google/imagen4-fast',
      param: {
        model: 'google/imagen4-fast',
        callBackUrl: 'https://cb.example/hook',
        input: { prompt: task.prompt ?? 'A lighthouse' },
      },
      timeline: [{ state: task.state ?? 'success' }],
      ...(task.failMsg ? { failMsg: task.failMsg } : {}),
      resultJson: { resultUrls: task.urls ?? [`{{url}}/files/${taskId}.png`] },
    });
    return taskId;
  });
  const r = await runAction({
    inputs: {
      'task-id': ids.join(','),
      'api-key': KIE_KEY,
      'base-url': kie.url,
      'poll-interval': '50ms',
      ...commentInputs(run.inputs),
    },
    env: githubEnv(gh),
    event: run.event ?? events.pullRequestOpened(),
  });
  // Both secrets are masked first thing and appear nowhere else.
  expect(r.stdout.split('\n').filter((line) => line.includes(GH_TOKEN))).toEqual([`::add-mask::${GH_TOKEN}`]);
  expect(r.outputText + r.summary + r.stderr).not.toContain(GH_TOKEN);
  return {
    commentId: r.outputs['comment-id']!,
    commentUrl: r.outputs['comment-url']!,
    log: r.stdout + r.stderr,
    code: r.code,
  };
}

/** In-process, each Retry-After second lasts this long (the bundle keeps the real 1000 ms). */
const SOURCE_SECOND_MS = 10;

/**
 * A log that records what @actions/core would print (the same cleaning as the Action's log, then the workflow
 * command with its data escaped), so concurrent in-process runs do not share process.stdout.
 */
function recordingLog(): { logger: Logger; text: () => string } {
  const secrets = new Secrets();
  const lines: string[] = [];
  const command = (name: string) => (message: string) =>
    lines.push(
      `::${name}::${logSafe(message, secrets).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`,
    );
  return {
    logger: {
      info: (message) => lines.push(logSafe(message, secrets)),
      debug: command('debug'),
      warning: command('warning'),
      notice: command('notice'),
      startGroup: (title) => lines.push(`::group::${logSafe(title, secrets)}`),
      endGroup: () => lines.push('::endgroup::'),
    },
    text: () => lines.join('\n'),
  };
}

/** The sources, in-process: the same inputs parsed the same way, outcomes from fixtures, the real runner contract. */
async function viaSource(gh: FakeGitHub, run: Run): Promise<Ran> {
  const eventPath = join(work, `event-${++counter}.json`);
  const event = run.event ?? events.pullRequestOpened();
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const env = { ...githubEnv(gh), GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: eventPath };
  const log = recordingLog();
  const inputEnvironment = inputEnv({ 'task-id': 'x', 'api-key': KIE_KEY, ...commentInputs(run.inputs) });
  const inputs = readInputs((name) => (inputEnvironment[`INPUT_${name.toUpperCase()}`] ?? '').trim());
  const outcomes: TaskOutcome[] = (run.tasks ?? [{}]).map((task, i) =>
    outcome(task.state ?? 'success', {
      taskId: `task_src_${i}`,
      param: {
        model: 'google/imagen4-fast',
        callBackUrl: 'https://cb.example/hook',
        input: { prompt: task.prompt ?? 'A lighthouse' },
      },
      resultUrls: task.urls ?? [`https://cdn.example/${i}.png`],
      failMsg: task.failMsg ?? null,
    }),
  );
  const deadline = startDeadline(60_000);
  try {
    const result = await commentOnPullRequests({
      inputs: inputs.comment!,
      outcomes,
      context: freshContext(env),
      logger: log.logger,
      summaryWritten: true,
      deadline,
      github: { retryAfterBaseMs: SOURCE_SECOND_MS },
    });
    return { ...result, log: log.text(), code: 0 };
  } finally {
    deadline.dispose();
  }
}

/** @actions/github's Context read from `env`, as the bundle reads it from the runner's environment. */
function freshContext(env: Record<string, string>): GitHubContext {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const Context = runnerContext.constructor as new () => GitHubContext;
    const context = new Context();
    // `repo` is a getter that reads GITHUB_REPOSITORY on each call: keep the value it has in `env`.
    return { ...context, repo: context.repo };
  } finally {
    process.env = saved;
  }
}

const posts = (gh: FakeGitHub) => gh.requests.filter((r) => r.method === 'POST' && r.path !== '/graphql');

/** The scenarios both drivers run; `secondMs` is how long one Retry-After second lasts for the driver. */
function commenting(act: Act, secondMs: number): void {
  it('posts one comment on the PR of a pull_request event, with the token', async ({ gh }) => {
    const r = await act(gh, {});
    expect(r.code).toBe(0);
    const [comment, ...others] = gh.comments(2);
    expect(others).toEqual([]);
    expect(comment!.body.startsWith(`${MARKER}\n### kie.ai task: 1 succeeded`)).toBe(true);
    expect(comment!.body).toMatch(/<img src="[^"]+\.png" width="320"/);
    expect(comment!.body).toContain('Prompt: A lighthouse');
    expect(comment!.body).not.toContain('cb.example');
    expect(comment!.body).toContain(
      '<a href="https://github.com/Codertocat/Hello-World/actions/runs/1658821493">Workflow run</a>',
    );
    expect(r).toMatchObject({ commentId: String(comment!.id), commentUrl: comment!.html_url });
    expect(gh.requests.every((req) => req.authorization === `token ${GH_TOKEN}`)).toBe(true);
    expect(r.log).toContain(`Posted a comment on pull request #2: ${comment!.html_url}`);
  });

  it('updates the same comment in place on the second run', async ({ gh }) => {
    const first = await act(gh, {});
    const second = await act(gh, { tasks: [{ state: 'fail', failMsg: 'NSFW' }] });
    expect(gh.comments(2)).toHaveLength(1);
    expect(second.commentId).toBe(first.commentId);
    expect(gh.comments(2)[0]!.body).toContain('NSFW');
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(second.log).toContain('Updated the comment on pull request #2');
  });

  it('finds its own comment on page 3 of 3, and leaves others carrying the marker alone', async ({ gh }) => {
    // Someone pasted our marker at the start of their comment, and a reply quotes our comment: neither is ours.
    gh.addComment(2, `${MARKER}\npasted by someone else`, 'octocat');
    gh.addComment(2, `> ${MARKER}\n> quoted\n\nnice!`, 'octocat');
    for (let i = 0; i < 208; i++)
      gh.addComment(2, i === 203 ? `${MARKER}\nold` : `comment ${i}`, i === 203 ? undefined : 'octocat');
    for (let i = 0; i < 40; i++) gh.addComment(2, `later ${i}`);
    const r = await act(gh, {});
    expect(gh.comments(2)).toHaveLength(250);
    expect(posts(gh)).toEqual([]);
    expect(gh.comments(2)[205]!.body).toContain('1 succeeded');
    expect(r.commentId).toBe(String(gh.comments(2)[205]!.id));
    expect(gh.comments(2)[0]!.body).toBe(`${MARKER}\npasted by someone else`);
    expect(gh.comments(2)[1]!.body).toContain('nice!');
    expect(
      gh.requests.filter((req) => req.method === 'GET').map((req) => req.query.get('page') ?? '1'),
    ).toEqual(['1', '2', '3']);
  });

  it('update and recreate never touch a comment someone else wrote, whatever it carries', async ({ gh }) => {
    const foreign = gh.addComment(2, `${MARKER}\nlooks like ours`, 'mallory');
    await act(gh, {});
    await act(gh, { inputs: { 'comment-mode': 'recreate' } });
    expect(gh.comments(2).find((c) => c.id === foreign.id)?.body).toBe(`${MARKER}\nlooks like ours`);
    expect(
      gh.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE').map((r) => r.path),
    ).not.toContain(`/repos/Codertocat/Hello-World/issues/comments/${foreign.id}`);
    expect(gh.comments(2).filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(1);
  });

  it('a personal token: GraphQL fails, GET /user names the account, and only its comments are edited', async ({
    onTestFinished,
  }) => {
    const gh = await startFakeGitHub({
      token: GH_TOKEN,
      identity: { login: 'octocat', id: 583231 },
      tokenKind: 'personal',
      graphql: 'fail',
    });
    onTestFinished(() => gh.close());
    const mine = gh.addComment(2, `${MARKER}\nold`, 'octocat');
    gh.addComment(2, `${MARKER}\nthe bot's`, 'github-actions[bot]');
    const r = await act(gh, {});
    expect(r.commentId).toBe(String(mine.id));
    expect(gh.comments(2).find((c) => c.id === mine.id)!.body).toContain('1 succeeded');
    expect(gh.comments(2).find((c) => c.user.login === 'github-actions[bot]')!.body).toContain("the bot's");
  });

  it('an identity GitHub will not tell: posts, learns it from the new comment, and keeps one comment of ours', async ({
    onTestFinished,
  }) => {
    const gh = await startFakeGitHub({ token: GH_TOKEN, graphql: 'fail' });
    onTestFinished(() => gh.close());
    const old = gh.addComment(2, `${MARKER}\nold`);
    const r = await act(gh, {});
    expect(r.log).toMatch(/::warning::Could not tell which GitHub account the github-token acts as/);
    expect(gh.comments(2)).toHaveLength(1);
    expect(r.commentId).toBe(String(old.id));
    expect(gh.comments(2)[0]!.body).toContain('1 succeeded');
  });

  it('keeps two comments for two keys (matrix legs)', async ({ gh }) => {
    await act(gh, { inputs: { 'comment-key': 'cat' } });
    await act(gh, { inputs: { 'comment-key': 'dog' } });
    await act(gh, { inputs: { 'comment-key': 'cat' } });
    const bodies = gh.comments(2).map((c) => c.body.split('\n')[0]);
    expect(bodies).toEqual(['<!-- kie-task:comment key="cat" -->', '<!-- kie-task:comment key="dog" -->']);
  });

  it('create: a new comment every run', async ({ gh }) => {
    await act(gh, { inputs: { 'comment-mode': 'create' } });
    await act(gh, { inputs: { 'comment-mode': 'create' } });
    expect(gh.comments(2)).toHaveLength(2);
    expect(gh.requests.filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('recreate: deletes the old comment and posts a new one at the bottom', async ({ gh }) => {
    const first = await act(gh, {});
    gh.addComment(2, 'a review comment', 'octocat');
    const second = await act(gh, { inputs: { 'comment-mode': 'recreate' } });
    expect(gh.comments(2).map((c) => c.id)).toEqual([expect.any(Number), Number(second.commentId)]);
    expect(second.commentId).not.toBe(first.commentId);
    expect(gh.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/repos/Codertocat/Hello-World/issues/comments/${first.commentId}`,
    ]);
    expect(second.log).toContain('Re-posted the comment (removed 1 older) on pull request #2');
  });

  it("a fork PR's read-only token (403): a warning saying what to use, the job stays green", async ({
    gh,
  }) => {
    gh.fault(FORBIDDEN);
    const r = await act(gh, { event: events.pullRequestFromFork() });
    expect(r.code).toBe(0);
    expect(r.log).toMatch(
      /::warning::Could not comment on pull request #2: GitHub answered 403 \(Resource not accessible by integration.*fork.*workflow_run.*pr-number.*unaffected/,
    );
    expect(r.log).not.toContain('::error::');
    expect(r).toMatchObject({ commentId: '', commentUrl: '' });
  });

  it('missing pull-requests: write (403 on a same-repo PR): the warning names the permission', async ({
    gh,
  }) => {
    gh.fault(FORBIDDEN);
    const r = await act(gh, {});
    expect(r.log).toMatch(/::warning::Could not comment.*permissions: pull-requests: write/);
  });

  it('a secondary rate limit (429, Retry-After: 1) is waited out, then the comment is posted', async ({
    gh,
  }) => {
    gh.fault({ method: 'POST', ...secondaryLimit(429, '1') });
    const started = performance.now();
    const r = await act(gh, {});
    expect(performance.now() - started).toBeGreaterThan(0.9 * secondMs);
    expect(gh.comments(2)).toHaveLength(1);
    expect(posts(gh)).toHaveLength(2);
    expect(r.log).toMatch(/GitHub secondary rate limit on POST .*: retrying in 1s \(1 of 2\)/);
    expect(r.commentId).not.toBe('');
  });

  it('no PR in the event (workflow_dispatch): one notice, no request', async ({ gh }) => {
    const r = await act(gh, { event: events.workflowDispatch() });
    expect(r.code).toBe(0);
    expect(
      r.log.match(
        /::notice::Not commenting: the workflow_dispatch event carries no pull request.*pr-number/g,
      ),
    ).toHaveLength(1);
    expect(gh.requests).toEqual([]);
    expect(r).toMatchObject({ commentId: '', commentUrl: '' });
  });

  it('pr-number: comments on that PR whatever the event', async ({ gh }) => {
    const r = await act(gh, { event: events.workflowDispatch(), inputs: { 'pr-number': '42' } });
    expect(gh.comments(42)).toHaveLength(1);
    expect(r.commentUrl).toContain('/pull/42#issuecomment-');
  });

  it('push: every open PR with the commit', async ({ gh }) => {
    gh.setPullsForCommit('6113728f27ae82c7b1a177c8d03f9e96e0adf246', [
      { number: 5, state: 'open' },
      { number: 6, state: 'closed' },
      { number: 7, state: 'open' },
    ]);
    const r = await act(gh, { event: events.push() });
    expect(gh.comments().map((c) => c.issue)).toEqual([5, 7]);
    expect(r.commentId).toBe(String(gh.comments(5)[0]!.id));
  });

  it('push with no open PR: a notice', async ({ gh }) => {
    const r = await act(gh, { event: events.push() });
    expect(r.log).toMatch(/::notice::Not commenting: no open pull request contains commit 6113728f27ae/);
    expect(posts(gh)).toEqual([]);
  });

  it('issue_comment: on a PR it comments, on an issue it says why not', async ({ gh }) => {
    await act(gh, { event: events.issueCommentOnPullRequest() });
    expect(gh.comments(1)).toHaveLength(1);
    const r = await act(gh, { event: events.issueComment() });
    expect(r.log).toMatch(/::notice::Not commenting: this issue_comment event is on an issue/);
  });

  it('untrusted text is escaped: no HTML, mention, reference, fence; the key cannot break the marker', async ({
    gh,
  }) => {
    const r = await act(gh, {
      inputs: { 'comment-key': 'x" --> <b>@team</b>' },
      tasks: [
        { state: 'fail', prompt: HOSTILE, failMsg: HOSTILE },
        { urls: ['javascript:alert(1)', 'data:image/png;base64,AA'] },
      ],
    });
    expect(r.code).not.toBeNull();
    const body = gh.comments(2)[0]!.body;
    const [marker, ...rest] = body.split('\n');
    expect(marker).toMatch(/^<!-- kie-task:comment key="[^"<>]*" -->$/);
    expect(marker!.slice(4, -4)).not.toContain('--');
    const text = rest.join('\n');
    expect(text).not.toMatch(
      /<img src=x|<\/details>\s*<img|<b>|@someone|@team|(?<!&)#1|GH-2|```|href="(javascript|data):|src="(javascript|data):/,
    );
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A second run with the same hostile key finds the comment again.
    await act(gh, { inputs: { 'comment-key': 'x" --> <b>@team</b>' } });
    expect(gh.comments(2)).toHaveLength(1);
  });

  it('a comment over 65,536 characters is shortened with a note', async ({ gh }) => {
    const tasks = Array.from({ length: 20 }, () => ({ prompt: '@x #1 <b> '.repeat(400) }));
    const r = await act(gh, { tasks });
    const body = gh.comments(2)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/This comment is shortened: \d+ more tasks are not shown.*job summary/);
    expect(r.commentId).not.toBe('');
  });
}

describe.concurrent('commenting (source)', () => commenting(viaSource, SOURCE_SECOND_MS));
describe.concurrent('commenting (bundle)', () => commenting(viaBundle, 1000));

describe.concurrent('commenting (source only)', () => {
  it('a primary rate limit (x-ratelimit-remaining: 0) is waited out until the reset', async ({ gh }) => {
    gh.fault({ method: 'GET', ...primaryLimit(0) });
    const r = await viaSource(gh, {});
    expect(gh.comments(2)).toHaveLength(1);
    expect(r.log).toMatch(/GitHub primary rate limit on GET .*: retrying in \ds/);
  });

  it('gives up on a rate limit after two retries, with a warning', async ({ gh }) => {
    gh.fault({ method: 'POST', times: 3, ...secondaryLimit(403, '1') });
    const r = await viaSource(gh, {});
    expect(posts(gh)).toHaveLength(3);
    expect(r.log).toMatch(
      /::warning::Could not comment on pull request #2: GitHub's rate limit was still exceeded/,
    );
  }, 20_000);

  it('two racing runs: the one whose comment is not the oldest removes its own', async ({ gh }) => {
    // Another run posts its comment between our search and our post.
    let raced = false;
    gh.onRequest((req) => {
      if (req.method === 'POST' && req.path.endsWith('/comments') && !raced) {
        raced = true;
        gh.addComment(2, `${MARKER}\nfrom the other run`);
      }
    });
    const r = await viaSource(gh, {});
    const [only, ...others] = gh.comments(2);
    expect(others).toEqual([]);
    expect(only!.body).toContain('1 succeeded');
    expect(r.commentId).toBe(String(only!.id));
    expect(gh.requests.filter((q) => q.method === 'DELETE')).toHaveLength(1);
  });

  it('a rejected token (401) and a missing token are warnings', async ({ gh }) => {
    const r = await viaSource(gh, { inputs: { 'github-token': 'wrong-token-0123' } });
    expect(r.log).toMatch(
      /::warning::Could not comment on pull request #2: GitHub rejected the github-token \(401/,
    );
    const none = await viaSource(gh, { inputs: { 'github-token': '' } });
    expect(none.log).toMatch(/::warning::Not commenting: the github-token input is empty/);
  });
});

describe.concurrent('the comment phase is bounded by timeout (bundle) [time-bound]', () => {
  it('a GitHub API that never answers: the step ends at its timeout, with its outputs, and only warns', async ({
    gh,
  }) => {
    kie.addTask({ taskId: 'task_comment_hang' });
    gh.fault({ status: 200, body: {}, hang: true, times: 100 });
    const started = Date.now();
    const r = await runAction({
      inputs: {
        'task-id': 'task_comment_hang',
        'api-key': KIE_KEY,
        'base-url': kie.url,
        'poll-interval': '50ms',
        timeout: '3s',
        ...commentInputs(),
      },
      env: githubEnv(gh),
      event: events.pullRequestOpened(),
    });
    const elapsed = Date.now() - started;
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ state: 'success', 'comment-id': '' });
    expect(r.stdout).toMatch(/::warning::Could not (comment|look up)/);
    // Bounded by the 3 s timeout (plus start-up): Octokit's retries and waits get what is left and no more.
    expect(elapsed).toBeLessThan(3_000 + 2_000);
    expect(r.signal).toBeNull();
  }, 30_000);
});

describe.concurrent('comment: false (bundle)', () => {
  it('writes empty comment outputs and calls no GitHub API', async ({ gh }) => {
    kie.addTask({ taskId: 'task_no_comment' });
    const r = await runAction({
      inputs: {
        'task-id': 'task_no_comment',
        'api-key': KIE_KEY,
        'base-url': kie.url,
        'poll-interval': '50ms',
      },
      env: githubEnv(gh),
      event: events.pullRequestOpened(),
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'comment-id': '', 'comment-url': '', state: 'success' });
    expect(gh.requests).toEqual([]);
  });
});
