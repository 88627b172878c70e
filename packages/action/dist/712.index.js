export const id = 712;
export const ids = [712];
export const modules = {

/***/ 5712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentOnPullRequests: () => (/* binding */ commentOnPullRequests)
});

// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __webpack_require__(5257);
// EXTERNAL MODULE: ../core/dist/presentation.js
var presentation = __webpack_require__(7458);
// EXTERNAL MODULE: ../core/dist/duration.js
var duration = __webpack_require__(4526);
// EXTERNAL MODULE: ../core/dist/prompt.js
var dist_prompt = __webpack_require__(1280);
// EXTERNAL MODULE: ./src/budget.ts
var budget = __webpack_require__(8074);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(6126);
// EXTERNAL MODULE: ./src/job-summary.ts
var job_summary = __webpack_require__(1569);
;// CONCATENATED MODULE: ./src/comment/body.ts
/**
 * The pull-request comment: pure markdown rendering, the hidden marker that finds it again, and GitHub's size limit.
 * Untrusted text goes through markdown.ts's escaping (one line, no markup, no mentions, no references); only http(s)
 * URLs become images or links. Plain headings, text and emoji read the same in light and dark themes.
 */




/** GitHub rejects a comment body over 65,536 characters (budget.ts). */
const COMMENT_LIMIT = budget/* COMMENT_MAX_CHARS */.dq;
/** Width of embedded images: big enough to judge, small enough for a row of them. */
const IMAGE_WIDTH = 320;
/** Prompts longer than this (or with line breaks) are collapsed in a `<details>` block. */
const INLINE_PROMPT_CHARS = 160;
const MAX_PROMPT_CHARS = 4_000;
const MAX_MESSAGE_CHARS = 2_000;
/** Longer result URLs are not shown (a few of them would fill the comment); the outputs still have them. */
const MAX_URL_CHARS = 1_000;
/**
 * The hidden marker that identifies this step's comment: `<!-- kie-task:comment key="…" -->`. The key is escaped so
 * it cannot end the HTML comment (`--`, `>`) or the quoted value, and matched as a plain string (no regex).
 */
function commentMarker(key) {
    const escaped = key.replace(/[&"<>-]/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!-- kie-task:comment key="${escaped}" -->`;
}
/** Renders the whole comment body, marker first, within `maxChars`. */
function renderComment(outcomes, context) {
    const maxChars = context.maxChars ?? COMMENT_LIMIT;
    const title = outcomes.length === 1 ? 'kie.ai task' : 'kie.ai tasks';
    const head = `${commentMarker(context.key)}\n### ${title}: ${(0,job_summary/* headline */.Pl)(outcomes) || 'none'}\n\n`;
    const run = context.runUrl && (0,markdown/* mediaKind */.l4)(context.runUrl)
        ? `<a href="${(0,markdown/* escapeAttribute */.Gj)(context.runUrl)}">Workflow run</a> · `
        : '';
    const foot = `\n---\n<sub>${run}${job_summary/* EXPIRY_NOTE */.XS}</sub>\n`;
    let sections = '';
    let shown = 0;
    // Room for the shortening note, whatever the numbers in it.
    const reserve = 400;
    for (const outcome of outcomes) {
        const section = renderSection(outcome, context.showPrompt);
        if (head.length + sections.length + section.length + foot.length + reserve > maxChars)
            break;
        sections += section;
        shown += 1;
    }
    const left = outcomes.length - shown;
    const note = left > 0
        ? `> [!NOTE]\n> This comment is shortened: ${left} more ${left === 1 ? 'task is' : 'tasks are'} not shown, ` +
            `as a comment is limited to ${COMMENT_LIMIT.toLocaleString('en-US')} characters. ` +
            (context.summaryWritten
                ? "The job summary of the workflow run shows more, and the step's log lists every task."
                : "The step's log lists every task.") +
            '\n\n'
        : '';
    return head + sections + note + foot;
}
/** One task: heading with state, model and duration, the prompt, the results or the failure. */
function renderSection(outcome, showPrompt) {
    const { record } = outcome;
    const lines = [
        `#### ${job_summary/* BADGES */.hc[outcome.kind]} <code>${(0,markdown/* escapeClipped */.R0)(outcome.taskId, 200)}</code> · ${(0,job_summary/* endingWords */.fg)(outcome)}`,
    ];
    const facts = [
        record?.model ? `Model: ${(0,markdown/* escapeClipped */.R0)(record.model, 200)}` : null,
        record && record.family !== 'market' ? `Family: ${(0,markdown/* escapeClipped */.R0)(record.family, 100)}` : null,
        (0,presentation/* taskDurationMs */.cz)(record) === null ? null : `Duration: ${(0,duration/* formatMs */._V)((0,presentation/* taskDurationMs */.cz)(record))}`,
        record?.creditsConsumed == null ? null : `Cost: ${(0,presentation/* creditsLabel */.bz)(record.creditsConsumed)}`,
    ].filter((fact) => fact !== null);
    if (facts.length > 0)
        lines.push(facts.join(' · '));
    const prompt = showPrompt ? (0,dist_prompt/* promptOf */.G)(record) : null;
    if (prompt !== null)
        lines.push(renderPrompt(prompt));
    if (outcome.kind === 'fail') {
        const code = record?.failCode ? `**${(0,markdown/* escapeClipped */.R0)(record.failCode, 100)}**: ` : '';
        lines.push(`Failed: ${code}${(0,markdown/* escapeMessage */.hC)(record?.failMsg ?? 'no failure message', MAX_MESSAGE_CHARS)}`);
    }
    else if (outcome.kind !== 'success') {
        lines.push((0,markdown/* escapeMessage */.hC)(outcome.error?.message ?? 'stopped', MAX_MESSAGE_CHARS));
    }
    const results = renderResults(record?.resultUrls ?? []);
    if (results)
        lines.push(results);
    return `${lines.join('\n\n')}\n\n`;
}
function renderPrompt(prompt) {
    if (prompt.length <= INLINE_PROMPT_CHARS && !/[\r\n]/.test(prompt)) {
        return `Prompt: ${(0,markdown/* escapeClipped */.R0)(prompt, MAX_PROMPT_CHARS)}`;
    }
    // Escaped text has no `<` of its own, so it cannot close the <details> block.
    return (`<details><summary>Prompt (${prompt.length.toLocaleString('en-US')} characters)</summary>\n\n` +
        `${(0,markdown/* escapeClipped */.R0)(prompt, MAX_PROMPT_CHARS)}\n\n</details>`);
}
/** Images embedded in one paragraph; video, audio and other files as links in another. */
function renderResults(urls) {
    const images = [];
    const links = [];
    urls.slice(0, job_summary/* MAX_RESULTS_PER_TASK */.gF).forEach((url, i) => {
        if (url.length > MAX_URL_CHARS)
            links.push(`result ${i + 1} (URL too long to show; see the step outputs)`);
        else if ((0,markdown/* mediaKind */.l4)(url) === 'image')
            images.push((0,markdown/* renderResult */.C8)(url, i, { imageWidth: IMAGE_WIDTH }));
        else
            links.push((0,markdown/* renderResult */.C8)(url, i, { icons: true }));
    });
    const more = urls.length - Math.min(urls.length, job_summary/* MAX_RESULTS_PER_TASK */.gF);
    if (more > 0)
        links.push(`+${more} more in the \`result-urls\` output`);
    return [images.join(' '), links.join(' · ')].filter((part) => part !== '').join('\n\n');
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+github@9.1.1/node_modules/@actions/github/lib/github.js + 20 modules
var github = __webpack_require__(1323);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-retry@8.1.1_@octokit+core@7.0.7/node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(6874);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-throttling@11.0.5_@octokit+core@7.0.7/node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(869);
;// CONCATENATED MODULE: ./src/comment/post.ts
/**
 * True when `comment` is ours: it starts with our marker (where we put it — a reply quoting our comment has it
 * further down) and was written by the identity behind the token. GraphQL leaves the `[bot]` suffix off an app's
 * login, so logins compare without it; ids decide when both are known.
 */
function isOurs(comment, marker, me) {
    if (typeof comment.body !== 'string' || !comment.body.startsWith(marker) || !comment.user)
        return false;
    if (me.id !== null && comment.user.id !== null)
        return me.id === comment.user.id;
    const bare = (login) => login.toLowerCase().replace(/\[bot\]$/, '');
    return bare(comment.user.login) === bare(me.login);
}
/**
 * Writes `body` (which starts with `marker`) on PR `issueNumber`, touching only our own comments ({@link isOurs}):
 * - `update`: edit the oldest of ours, or create one;
 * - `create`: always a new comment (no search);
 * - `recreate`: delete ours, then create one (so it is the newest on the PR).
 * When `me` is unknown (GitHub would not say who the token is), nothing is edited or deleted before creating: the
 * new comment's author tells who we are, and the clean-up below then keeps one comment of ours.
 *
 * Two runs with the same key can race (a re-run, two pushes): both find nothing and both create. After creating,
 * each looks again; the oldest comment carrying the marker wins, and a run whose new comment is not the oldest deletes
 * it and writes its body into the winner, so one comment remains whatever the timing.
 */
async function writeComment(api, issueNumber, body, marker, mode, me) {
    if (mode === 'create') {
        return { comment: await api.createComment(issueNumber, body), action: 'created', deleted: [] };
    }
    const deleted = [];
    if (me) {
        const ours = await findOurs(api, issueNumber, marker, me);
        if (mode === 'update' && ours[0]) {
            const updated = await updateOrNull(api, ours[0].id, body);
            if (updated)
                return { comment: updated, action: 'updated', deleted };
            // Deleted since we listed (a racing `recreate`): create instead.
        }
        if (mode === 'recreate') {
            for (const old of ours) {
                await api.deleteComment(old.id);
                deleted.push(old.id);
            }
        }
    }
    const created = await api.createComment(issueNumber, body);
    const identity = me ?? created.user;
    if (!identity)
        return { comment: created, action: 'created', deleted };
    if (mode === 'recreate' && !me) {
        // Learned who we are only now: remove our older comments.
        for (const old of await findOurs(api, issueNumber, marker, identity)) {
            if (old.id === created.id)
                continue;
            await api.deleteComment(old.id);
            deleted.push(old.id);
        }
    }
    const action = mode === 'recreate' && deleted.length > 0 ? 'recreated' : 'created';
    const now = await findOurs(api, issueNumber, marker, identity);
    const winner = now.find((c) => !deleted.includes(c.id));
    // Ours already removed by a racing `recreate`: theirs is the one that stays.
    if (!now.some((c) => c.id === created.id))
        return { comment: winner ?? created, action, deleted };
    if (!winner || winner.id === created.id)
        return { comment: created, action, deleted };
    // A racing run created one first: keep theirs (with our body, the latest results) and remove ours.
    await api.deleteComment(created.id);
    deleted.push(created.id);
    const kept = (await updateOrNull(api, winner.id, body)) ?? winner;
    return { comment: kept, action: 'updated', deleted };
}
/** Our comments carrying `marker`, oldest first. Plain string matching: the key may contain regex characters. */
async function findOurs(api, issueNumber, marker, me) {
    const comments = await api.listComments(issueNumber);
    return comments.filter((c) => isOurs(c, marker, me)).sort((a, b) => a.id - b.id);
}
async function updateOrNull(api, id, body) {
    try {
        return await api.updateComment(id, body);
    }
    catch (error) {
        if (statusOf(error) === 404)
            return null;
        throw error;
    }
}
/** The HTTP status of an Octokit RequestError, or null. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : null;
}

;// CONCATENATED MODULE: ./src/comment/github.ts
/**
 * The GitHub REST client: @actions/github's `getOctokit` (REST methods and pagination) with the retry plugin for
 * server errors and the throttling plugin, which waits out primary and secondary rate limits (Retry-After,
 * x-ratelimit-reset) a bounded number of times. Only loaded when `comment: true` (main.ts imports it lazily).
 * Every call, with all its retries and rate-limit waits, ends with the step's deadline: a rate-limit wait longer
 * than what is left is not started, and whatever is in flight when the deadline passes is given up at once.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 */




let clients = 0;
/** The comment endpoints of one repository over Octokit. */
function createCommentsApi(options) {
    const { owner, repo, logger, deadline } = options;
    const base = options.retryAfterBaseMs ?? 1000;
    const retries = options.rateLimitRetries ?? 2;
    const maxWait = options.maxRateLimitWaitSeconds ?? 60;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
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
    const octokit = (0,github.getOctokit)(options.token, {
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: 'kie-task-action',
        // Octokit merges `request` shallowly: a `request` without `fetch` would drop getOctokit's own fetch, so the
        // fetch is always passed along with the signal — the proxy-aware one the kie.ai requests use, or the global.
        request: { signal: deadline.signal, fetch: options.fetch ?? globalThis.fetch },
        // Octokit's own messages go through the Action's logger (neutralised, secrets redacted), not the console.
        log: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.debug(message),
            warn: (message) => logger.debug(message),
            error: (message) => logger.debug(message),
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
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
    // Wrapped last, so outermost: the deadline ends a call whatever the plugins inside still mean to wait for or retry.
    octokit.hook.wrap('request', (request, requestOptions) => untilDeadline(Promise.resolve(request(requestOptions)), deadline));
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
            }
            catch (error) {
                if (statusOf(error) !== 404)
                    throw error;
            }
        },
        // GraphQL's viewer works for every token kind (the job's GITHUB_TOKEN, an app's installation token, a PAT);
        // REST's GET /user only for a personal token. Neither answering means "unknown", never a guess.
        async whoAmI() {
            try {
                const { viewer } = await octokit.graphql('query { viewer { login databaseId } }');
                if (viewer && typeof viewer.login === 'string')
                    return { login: viewer.login, id: viewer.databaseId ?? null };
            }
            catch (error) {
                logger.debug(`GraphQL viewer query failed: ${error instanceof Error ? error.message : String(error)}`);
            }
            try {
                const { data } = await octokit.request('GET /user');
                return { login: data.login, id: Number(data.id) };
            }
            catch (error) {
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
    name = 'CommentDeadlineError';
}
/** `work`, or a rejection as soon as the deadline's signal aborts (the timeout, or the run's cancel). */
function untilDeadline(work, deadline) {
    const { signal } = deadline;
    const stopped = () => {
        if (deadline.timedOut) {
            return new CommentDeadlineError("GitHub did not answer before the step's timeout; raise timeout to leave time for the comment");
        }
        return signal.reason instanceof Error ? signal.reason : new CommentDeadlineError('the run was cancelled');
    };
    if (signal.aborted) {
        work.catch(() => undefined);
        return Promise.reject(stopped());
    }
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(stopped());
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
// Octokit types ids as number | bigint (it parses numbers past 2^53 as bigint); comment ids are far below that.
function pick(comment) {
    const user = comment.user
        ? { login: comment.user.login, id: Number(comment.user.id) }
        : null;
    return { id: Number(comment.id), body: comment.body, html_url: comment.html_url, user };
}

;// CONCATENATED MODULE: ./src/comment/target.ts
/**
 * Which pull request(s) to comment on, from the event that started the workflow and the `pr-number` input. Pure:
 * the event payload is passed in (main reads GITHUB_EVENT_PATH), and a push is answered with the commit to look up.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
 */
/** Events whose payload carries `pull_request`. */
const PULL_REQUEST_EVENTS = new Set([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
]);
/** Finds the pull request(s) for this run. `prNumber` (the input) wins over the event. */
function findTarget(context, prNumber) {
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
function none(why) {
    return {
        kind: 'none',
        reason: `Not commenting: ${why}. Comments go on pull requests from pull_request, pull_request_target, ` +
            'issue_comment (on a PR) and push (open PRs with that commit) events; elsewhere, pass `pr-number`.',
    };
}
/** A PR from a fork (or a deleted fork): its head repository is not its base repository. */
function isFork(pull) {
    const name = (side) => {
        const repo = isObject(side) ? side['repo'] : null;
        return isObject(repo) ? repo['full_name'] : null;
    };
    const head = name(pull['head']);
    const base = name(pull['base']);
    return base !== null && head !== base;
}
function positiveInteger(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/comment/pull-requests.ts





/** A push can belong to many PRs; comment on this many at most. */
const MAX_PULLS = 10;
/** Posts (or updates) the comment on every target PR. Resolves with the first comment written, or empty outputs. */
async function commentOnPullRequests(request) {
    const { inputs, context, logger } = request;
    const empty = { commentId: '', commentUrl: '' };
    const repository = repositoryOf(context);
    if (!repository) {
        logger.warning('Not commenting: GITHUB_REPOSITORY is not set to owner/repo (is this running on GitHub Actions?).');
        return empty;
    }
    const target = findTarget({ eventName: context.eventName ?? '', payload: context.payload, sha: context.sha }, inputs.prNumber);
    if (target.kind === 'none') {
        logger.notice(target.reason);
        return empty;
    }
    if (inputs.token === '') {
        logger.warning('Not commenting: the github-token input is empty. Leave it at its default (`${{ github.token }}`) or pass a ' +
            'token that may write pull-request comments.');
        return empty;
    }
    if (request.deadline.remainingMs() <= 0) {
        logger.warning('Not commenting: the timeout input was used up by the wait. Raise timeout to leave time for the comment. ' +
            'The wait and its outputs are unaffected.');
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
    let pulls;
    try {
        pulls = await pullsOf(target, api, logger);
    }
    catch (error) {
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
        logger.warning('Could not tell which GitHub account the github-token acts as, so no existing comment is edited or deleted ' +
            'before posting; the new comment tells, and older ones of ours are then tidied up.');
    }
    let first = null;
    for (const pull of pulls) {
        try {
            const result = await writeComment(api, pull, body, commentMarker(key), inputs.mode, me);
            me ??= result.comment.user;
            logger.info(`${writtenSentence(result)} on pull request #${pull}: ${result.comment.html_url}`);
            first ??= result;
        }
        catch (error) {
            logger.warning(explainFailure(error, { where, pull, fork: target.kind === 'pulls' && target.fork }));
            // Past the deadline every other pull request would fail the same way: one warning says it.
            if (request.deadline.signal.aborted)
                break;
        }
    }
    return first ? { commentId: String(first.comment.id), commentUrl: first.comment.html_url } : empty;
}
async function pullsOf(target, api, logger) {
    if (target.kind === 'pulls')
        return target.numbers;
    const open = await api.openPullsForCommit(target.sha);
    if (open.length === 0)
        logger.notice(`Not commenting: no open pull request contains commit ${target.sha.slice(0, 12)}.`);
    if (open.length > MAX_PULLS) {
        logger.info(`Commit ${target.sha.slice(0, 12)} is in ${open.length} open pull requests; commenting on the first ${MAX_PULLS}.`);
    }
    return open.slice(0, MAX_PULLS);
}
function writtenSentence(result) {
    const dropped = result.deleted.length > 0 ? ` (removed ${result.deleted.length} older)` : '';
    if (result.action === 'updated')
        return `Updated the comment${dropped}`;
    if (result.action === 'recreated')
        return `Re-posted the comment${dropped}`;
    return 'Posted a comment';
}
/** The default comment key: the workflow's name and the job's id. */
function defaultKey(context) {
    const parts = [context.workflow, context.job].filter((part) => part);
    return parts.length > 0 ? parts.join('/') : 'kie-task';
}
/** `context.repo`, which throws outside a runner, as owner and repo of safe characters, or null. */
function repositoryOf(context) {
    let repo;
    try {
        repo = context.repo;
    }
    catch {
        return null;
    }
    const safe = /^[\w.-]+$/;
    return safe.test(repo.owner ?? '') && safe.test(repo.repo ?? '')
        ? { owner: repo.owner, repo: repo.repo }
        : null;
}
/** The workflow run's page (this attempt's, after a re-run), or null outside a runner. */
function runUrl(context, repository) {
    const server = context.serverUrl || 'https://github.com';
    const id = context.runId;
    if (!Number.isSafeInteger(id) || id <= 0)
        return null;
    const attempt = context.runAttempt;
    const suffix = Number.isSafeInteger(attempt) && attempt > 1 ? `/attempts/${attempt}` : '';
    return `${server.replace(/\/+$/, '')}/${repository.owner}/${repository.repo}/actions/runs/${id}${suffix}`;
}
/**
 * The warning for a failed API call: what GitHub said and the fix. A fork PR's token is read-only whatever the
 * workflow asks for, so that case points to workflow_run + pr-number rather than to `permissions:`.
 */
function explainFailure(error, context) {
    const status = statusOf(error);
    const said = (0,workflow_commands/* oneLine */.T)(error instanceof Error ? error.message : String(error)).slice(0, 300);
    const what = context.pull === null
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
    if (status !== null)
        return `${what}: GitHub answered ${status} (${said}).${tail}`;
    return `${what}: ${said}.${tail}`;
}


/***/ })

};
