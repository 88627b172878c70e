import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 8074:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   De: () => (/* binding */ MERMAID_MAX_CHARS),
/* harmony export */   FT: () => (/* binding */ ANNOTATION_MAX_CHARS),
/* harmony export */   TL: () => (/* binding */ AnnotationBudget),
/* harmony export */   Un: () => (/* binding */ LATE_OUTPUTS_BYTES),
/* harmony export */   WK: () => (/* binding */ fitSections),
/* harmony export */   Xb: () => (/* binding */ SUMMARY_BUDGET_BYTES),
/* harmony export */   dq: () => (/* binding */ COMMENT_MAX_CHARS),
/* harmony export */   dy: () => (/* binding */ utf8Bytes),
/* harmony export */   eg: () => (/* binding */ JOB_OUTPUTS_MAX_BYTES),
/* harmony export */   gY: () => (/* binding */ fitOutputs),
/* harmony export */   r7: () => (/* binding */ foldLines)
/* harmony export */ });
/* unused harmony exports ANNOTATIONS_PER_KIND, outputBytes */
/**
 * GitHub's limits on what a step writes, in one place with where each number comes from, and the budgeting that keeps
 * every write within them whatever the batch: outputs (JSON ones stay valid JSON), the job summary's sections, the
 * annotations and the failure message. Over a limit GitHub does not trim: it drops the whole summary, fails the
 * job's outputs, or hides annotations without a word, so what does not fit is left out here, with a line that says
 * how much and where the rest is. Pure: no I/O.
 */
/**
 * The runner refuses a step summary file over 1 MiB and uploads none of it ("$GITHUB_STEP_SUMMARY upload aborted").
 * actions/runner src/Runner.Worker/FileCommandManager.cs, `CreateStepSummaryCommand.AttachmentSizeLimit = 1024 * 1024`
 * (bytes of the file).
 */
const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
/** What the job summary aims for: 5 % under {@link STEP_SUMMARY_MAX_BYTES}, room to spare for line endings. */
const SUMMARY_BUDGET_BYTES = Math.floor(STEP_SUMMARY_MAX_BYTES * 0.95);
/**
 * "Outputs can be a maximum of 1 MB per job. The total of all outputs in a workflow run can be a maximum of 50 MB.
 * Size is approximated based on UTF-16 encoding." (docs.github.com, data/reusables/actions/output-limitations.md).
 * Counted as the runner's expression memory counts a string: 26 bytes + 2 per UTF-16 code unit
 * (actions/runner src/Sdk/DTExpressions2/Expressions2/Sdk/MemoryCounter.cs, `CalculateSize`). 1 MB read as 10^6.
 */
const JOB_OUTPUTS_MAX_BYTES = 1_000_000;
const STRING_OVERHEAD_BYTES = 26;
/** Kept for the outputs written after the rest (`comment-id`, `comment-url`), whatever the batch. */
const LATE_OUTPUTS_BYTES = 8_000;
/**
 * Mermaid refuses a diagram over `maxTextSize` characters (default 50,000) and shows an error instead; front-matter
 * config cannot raise it on GitHub. https://mermaid.js.org/config/schema-docs/config.html#maxtextsize
 */
const MERMAID_MAX_CHARS = 50_000;
/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job); the rest are dropped
 * silently. actions/toolkit docs/problem-matchers.md, "Limitations".
 */
const ANNOTATIONS_PER_KIND = 10;
/**
 * The runner cuts an annotation's message at 4,096 characters; we clip before it, with a note.
 * actions/runner src/Runner.Worker/ExecutionContext.cs, `_maxIssueMessageLength = 4096`.
 */
const ANNOTATION_MAX_CHARS = 4_096;
/** GitHub's API refuses a comment body over 65,536 characters ("Body is too long (maximum is 65536 characters)"). */
const COMMENT_MAX_CHARS = 65_536;
// ── Outputs ───────────────────────────────────────────────────────────────────────────────────────────────────────
/** What one output costs against {@link JOB_OUTPUTS_MAX_BYTES}, as GitHub counts it: name and value as UTF-16. */
function outputBytes(name, value) {
    return 2 * STRING_OVERHEAD_BYTES + 2 * (name.length + value.length);
}
/**
 * Fits `outputs` into `maxBytes` together (as {@link outputBytes} counts). Small outputs are kept whole; the budget
 * left is shared fairly among the big ones, each getting at least an equal share. An output named in `json` that
 * must shrink drops whole elements from its end (array items, object members), so it stays valid JSON; any other is
 * cut between characters.
 */
function fitOutputs(outputs, json, maxBytes) {
    const names = Object.keys(outputs);
    const costs = names.map((name) => outputBytes(name, outputs[name]));
    const allowances = shareFairly(costs, maxBytes);
    const fitted = {};
    const warnings = [];
    names.forEach((name, i) => {
        const value = outputs[name];
        if (costs[i] <= allowances[i]) {
            fitted[name] = value;
            return;
        }
        const maxChars = Math.max(0, Math.floor((allowances[i] - outputBytes(name, '')) / 2));
        const shrunk = json.has(name) ? shrinkJson(value, maxChars) : null;
        if (shrunk) {
            fitted[name] = shrunk.text;
            warnings.push(`The ${name} output holds the first ${count(shrunk.kept)} of ${count(shrunk.total)} ${shrunk.unit} ` +
                "(whole ones, so it stays valid JSON): all of a job's outputs together are limited to 1 MB by GitHub. " +
                'The log lists every task and result.');
        }
        else {
            fitted[name] = cutText(value, maxChars);
            warnings.push(`The ${name} output was cut to ${count(fitted[name].length)} of ${count(value.length)} characters: all of a ` +
                "job's outputs together are limited to 1 MB by GitHub. The log shows the start of it.");
        }
    });
    return { outputs: fitted, warnings };
}
/**
 * Max-min fair shares of `total` for the given demands: every demand at or under an equal share of what is left is
 * met whole; the rest split what remains equally.
 */
function shareFairly(demands, total) {
    const order = demands.map((demand, index) => ({ demand, index })).sort((a, b) => a.demand - b.demand);
    const shares = new Array(demands.length).fill(0);
    let left = Math.max(0, total);
    order.forEach(({ demand, index }, i) => {
        const share = Math.min(demand, Math.floor(left / (order.length - i)));
        shares[index] = share;
        left -= share;
    });
    return shares;
}
/** A JSON array or object cut to its longest prefix of whole elements that fits `maxChars`, or null if not JSON. */
function shrinkJson(text, maxChars) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return null;
    }
    if (typeof value !== 'object' || value === null)
        return null;
    const isArray = Array.isArray(value);
    // Object.entries keeps a `__proto__` key as the data it is.
    const parts = isArray
        ? value.map((item) => JSON.stringify(item))
        : Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`);
    let used = 2;
    let kept = 0;
    for (const part of parts) {
        const next = used + part.length + (kept > 0 ? 1 : 0);
        if (next > maxChars)
            break;
        used = next;
        kept += 1;
    }
    const body = parts.slice(0, kept).join(',');
    return {
        text: isArray ? `[${body}]` : `{${body}}`,
        kept,
        total: parts.length,
        unit: isArray ? 'entries' : 'fields',
    };
}
/** `text` cut to `maxChars`, never between the halves of a surrogate pair. */
function cutText(text, maxChars) {
    if (text.length <= maxChars)
        return text;
    const cut = text.slice(0, maxChars);
    return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
/**
 * Renders `sections` within `maxBytes` (UTF-8) together. Heads and the longest "more" lines are counted first; the
 * rest is shared fairly (a section that needs little gets all it needs, the others split what is left equally), and
 * each section shows its first rows that fit, then its "more" line. Returns each section's text, in order.
 */
function fitSections(maxBytes, sections) {
    // `more(0)` is the longest note a section can need: it names the most rows left out.
    const fixed = sections.reduce((sum, s) => sum + utf8Bytes(s.head) + utf8Bytes(s.more(0)), 0);
    const room = Math.max(0, maxBytes - fixed);
    // Each section's rows, rendered until they alone would overflow the room (bounded work whatever the batch).
    const rendered = sections.map((section) => {
        const rows = [];
        let bytes = 0;
        for (const text of section.rows) {
            const size = utf8Bytes(text);
            if (bytes + size > room)
                break;
            rows.push({ text, bytes: size });
            bytes += size;
        }
        return { rows, bytes };
    });
    const shares = shareFairly(rendered.map((r) => r.bytes), room);
    return sections.map((section, i) => {
        let used = 0;
        let shown = 0;
        let text = section.head;
        for (const row of rendered[i].rows) {
            if (used + row.bytes > shares[i])
                break;
            text += row.text;
            used += row.bytes;
            shown += 1;
        }
        return text + section.more(shown);
    });
}
/** Bytes of `text` as UTF-8, which the runner's file size counts. */
function utf8Bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** The last annotation of a kind: it folds the ones not shown. */
const FOLD_SLOTS = 1;
/** Kept for the step's own end-of-run warnings (outputs that had to shrink), however many came before. */
const PRIORITY_SLOTS = 1;
/**
 * Decides which warnings and notices are shown as annotations: the first ones of each kind, with one slot kept for
 * priority ones and one for the annotation that folds the rest ({@link AnnotationBudget.folded}); the others belong
 * in the log only.
 */
class AnnotationBudget {
    #shown = { warning: 0, notice: 0 };
    #folded = { warning: 0, notice: 0 };
    /** True when this annotation may be shown as one; false when it belongs in the log and the folded count. */
    admit(kind, priority = false) {
        const limit = ANNOTATIONS_PER_KIND - FOLD_SLOTS - (priority ? 0 : PRIORITY_SLOTS);
        if (this.#shown[kind] < limit) {
            this.#shown[kind] += 1;
            return true;
        }
        this.#folded[kind] += 1;
        return false;
    }
    /** The annotations that fold the ones not shown, one per kind (none when everything was shown). */
    folded() {
        return ['warning', 'notice'].flatMap((kind) => {
            const left = this.#folded[kind];
            if (left === 0)
                return [];
            return [
                {
                    kind,
                    message: `… and ${count(left)} more ${kind}${left === 1 ? '' : 's'}; see the log (GitHub shows ` +
                        `${ANNOTATIONS_PER_KIND} ${kind}s per step).`,
                },
            ];
        });
    }
}
/**
 * The failure message's lines within `maxChars`: the first ones that fit, then "… and N more problems; see the log".
 * Every line is kept whole (a line longer than the budget alone is clipped by the log).
 */
function foldLines(lines, maxChars = ANNOTATION_MAX_CHARS) {
    const all = lines.join('\n');
    if (all.length <= maxChars)
        return all;
    const note = (left) => `… and ${count(left)} more ${left === 1 ? 'problem' : 'problems'}; see the log.`;
    const room = maxChars - note(lines.length).length - 1;
    const kept = [];
    let used = 0;
    for (const line of lines) {
        const next = used + line.length + (kept.length > 0 ? 1 : 0);
        if (next > room)
            break;
        kept.push(line);
        used = next;
    }
    // The first problem always, even when it alone is too long: the log clips it.
    if (kept.length === 0)
        kept.push(lines[0]);
    const left = lines.length - kept.length;
    return left === 0 ? kept.join('\n') : `${kept.join('\n')}\n${note(left)}`;
}
/** `1234` → `1,234`. */
function count(n) {
    return n.toLocaleString('en-US');
}


/***/ }),

/***/ 1345:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ abortOnSignals),
/* harmony export */   c: () => (/* binding */ CancelledError)
/* harmony export */ });
/** Cancelling the run: SIGINT/SIGTERM (what the runner sends when a run is cancelled) abort the wait at once. */
/** The abort reason when the process received a signal. */
class CancelledError extends Error {
    name = 'CancelledError';
    signalName;
    constructor(signalName) {
        super(`the run was cancelled (${signalName})`);
        this.signalName = signalName;
    }
}
/** Aborts `controller` with a CancelledError on the first SIGINT or SIGTERM; returns a function removing the handlers. */
function abortOnSignals(controller, target = process, names = ['SIGINT', 'SIGTERM']) {
    const handlers = names.map((name) => {
        const handler = () => controller.abort(new CancelledError(name));
        target.once(name, handler);
        return [name, handler];
    });
    return () => handlers.forEach(([name, handler]) => target.removeListener(name, handler));
}


/***/ }),

/***/ 7513:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  vg: () => (/* reexport */ inputNeedsYaml),
  Ko: () => (/* binding */ readInputs)
});

// UNUSED EXPORTS: InputError

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ../core/dist/families/index.js + 12 modules
var families = __nccwpck_require__(3184);
;// CONCATENATED MODULE: ../core/dist/task-inputs.js
/**
 * The create input of the Action (`input`) and the CLI (`--input`): JSON or YAML text holding one mapping (one
 * task) or a list of mappings (one task each). The YAML parser is passed in, so the core stays dependency-free and
 * the Action loads it only for text that is not JSON.
 */
/** Why a create input was refused; the message completes "Invalid input: …" in each face's own words. */
class TaskInputError extends Error {
    name = 'TaskInputError';
}
/** True when `text` is given and is not JSON, so reading it needs the YAML parser. */
function inputNeedsYaml(text) {
    if (text.trim() === '')
        return false;
    try {
        JSON.parse(text);
        return false;
    }
    catch {
        return true;
    }
}
/**
 * Reads a mapping or a list of mappings, as JSON or (with `parseYaml`) YAML.
 * @throws {TaskInputError} naming what was wrong and where (`item 2 of the list (input[1])`).
 */
function parseTaskInputs(text, parseYaml) {
    let value;
    if (!inputNeedsYaml(text))
        value = JSON.parse(text);
    else if (!parseYaml)
        throw new TaskInputError('it is not JSON.');
    else {
        try {
            value = parseYaml(text);
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new TaskInputError(`neither JSON nor YAML. ${message.replace(/\s*\n\s*/g, ' ')}`);
        }
    }
    if (isMapping(value))
        return [value];
    if (!Array.isArray(value)) {
        throw new TaskInputError(`expected a mapping (one task) or a list of mappings (one task each), got ${kindOf(value)}.`);
    }
    if (value.length === 0)
        throw new TaskInputError('the list is empty; give at least one mapping.');
    value.forEach((item, index) => {
        if (!isMapping(item)) {
            throw new TaskInputError(`item ${index + 1} of the list (input[${index}]) is ${kindOf(item)}, expected a mapping of the task's fields.`);
        }
    });
    return value;
}
function isMapping(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function kindOf(value) {
    if (value === null || value === undefined)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    return `a ${typeof value}`;
}
//# sourceMappingURL=task-inputs.js.map
// EXTERNAL MODULE: ../core/dist/untrusted-text.js
var untrusted_text = __nccwpck_require__(5184);
// EXTERNAL MODULE: ../core/dist/client-settings.js
var client_settings = __nccwpck_require__(6619);
// EXTERNAL MODULE: ../core/dist/redact.js
var redact = __nccwpck_require__(23);
// EXTERNAL MODULE: ../core/dist/duration.js
var duration = __nccwpck_require__(4526);
// EXTERNAL MODULE: ../node-io/dist/download/size.js
var size = __nccwpck_require__(9692);
// EXTERNAL MODULE: ../node-io/dist/paths.js
var paths = __nccwpck_require__(4744);
;// CONCATENATED MODULE: ./src/inputs.ts
/** Reading and validating the Action's inputs. Nothing is requested before every input has passed. */





/** A bad input: the message names the input and the accepted forms. */
class InputError extends Error {
    name = 'InputError';
}
/** True when `input` is given and is not JSON, so reading it needs the YAML parser (main.ts loads it then). */

/** Reads and validates every input. @throws {InputError} naming the first bad input. */
function readInputs(getInput, runner = {}, parsers = {}) {
    const create = readCreateInputs(getInput, parsers);
    const showPrompt = parseBoolean('show-prompt', getInput('show-prompt') || 'true');
    return {
        taskIds: create ? [] : parseTaskIds(getInput('task-id')),
        create,
        apiKey: parseApiKey(getInput('api-key')),
        family: parseFamily(getInput('family')),
        baseUrl: parseBaseUrl(getInput('base-url')),
        timeoutMs: parseTimeout(getInput('timeout')),
        pollInterval: parsePollInterval(getInput('poll-interval')),
        maxRequestsPerSecond: parseMaxRequestsPerSecond(getInput('max-requests-per-second')),
        failOnError: parseBoolean('fail-on-error', getInput('fail-on-error')),
        summary: parseBoolean('summary', getInput('summary')),
        showPrompt,
        download: parseBoolean('download', getInput('download') || 'false')
            ? readDownloadInputs(getInput, runner.workspace)
            : null,
        comment: parseBoolean('comment', getInput('comment') || 'false')
            ? readCommentInputs(getInput, showPrompt)
            : null,
    };
}
/**
 * `model`, `input`, `callback-url` and `family`; null when waiting for `task-id`. A market task is created from
 * `model` + `input`; another family's from `family` + `input`, the input being that family's request body.
 */
function readCreateInputs(getInput, parsers) {
    const model = getInput('model');
    const family = (getInput('family') || 'market').toLowerCase();
    const hasIds = getInput('task-id').trim() !== '';
    const hasInput = getInput('input').trim() !== '';
    const dedicated = family !== 'market' && families/* CREATABLE_FAMILY_NAMES */.Qt.includes(family);
    if (model !== '' && family !== 'market') {
        throw new InputError(`The model input is for market models (jobs/createTask), not family ${printable(getInput('family'))}. ` +
            (dedicated
                ? `To create a ${family} task, leave model empty and pass the family's whole request body as input, with ` +
                    'its model inside when it has one, e.g. `input: \'{"prompt": "…", "model": "…"}\'`.'
                : `Tasks can be created in: ${families/* CREATABLE_FAMILY_NAMES */.Qt.join(', ')}.`));
    }
    const creating = model !== '' || (dedicated && hasInput);
    if (creating && hasIds) {
        throw new InputError(`Both task-id and ${model !== '' ? 'model' : 'input'} are given: pass task-id to wait for tasks created ` +
            `elsewhere, or ${model !== '' ? 'model (with input)' : `input (family ${family})`} to create them in this ` +
            'step, not both.');
    }
    if (!creating) {
        if (!hasIds) {
            throw new InputError('Missing task-id or model input: pass model (a market model ID) with input to create and wait, family (' +
                `${families/* CREATABLE_FAMILY_NAMES */.Qt.filter((name) => name !== 'market').join(', ')}) with input to create in that ` +
                'family, or task-id (one kie.ai task ID, or several separated by newlines, commas or spaces) to wait for ' +
                'existing tasks.');
        }
        for (const name of ['input', 'callback-url', 'rerun-key']) {
            if (getInput(name) !== '') {
                throw new InputError(`The ${name} input needs model (market) or a family that can be created ` +
                    `(${families/* CREATABLE_FAMILY_NAMES */.Qt.filter((n) => n !== 'market').join(', ')}): it only applies when creating.`);
            }
        }
        return null;
    }
    if (model !== '' && !/^[\w.:/+-]{1,200}$/.test(model)) {
        throw new InputError(`Invalid model input "${printable(model)}": a market model ID such as google/imagen4-fast (letters, digits, ` +
            '_ - . : / +).');
    }
    return {
        family,
        model: model === '' ? null : model,
        inputs: readTaskInputs(getInput('input'), parsers),
        callBackUrl: parseCallbackUrl(getInput('callback-url')),
        rerun: { onRerun: parseOnRerun(getInput('on-rerun')), key: parseRerunKey(getInput('rerun-key')) },
    };
}
/** `reattach` (default) or `create`. */
function parseOnRerun(value) {
    const mode = (value || 'reattach').toLowerCase();
    if (mode === 'reattach' || mode === 'create')
        return mode;
    throw new InputError(`Invalid on-rerun input "${printable(value)}": use reattach (a re-run takes over the tasks an earlier attempt ` +
        'created) or create (a re-run creates every task again).');
}
/** Trimmed; up to 512 characters (it is hashed into the cache key, so any characters work). */
function parseRerunKey(value) {
    const key = value.trim();
    if (key.length > 512) {
        throw new InputError(`Invalid rerun-key input "${printable(key)}": at most 512 characters, e.g. \${{ strategy.job-index }}.`);
    }
    return key;
}
/** A mapping (one task) or a list of mappings (one task each), as JSON or YAML (core's one reader). */
function readTaskInputs(text, parsers) {
    if (text.trim() === '') {
        throw new InputError('Missing input input: with model, pass the model\'s input as JSON or YAML, e.g. `input: \'{"prompt": "a cat"}\'`.');
    }
    try {
        return parseTaskInputs(text, parsers.parseYaml);
    }
    catch (error) {
        if (!(error instanceof TaskInputError))
            throw error;
        throw new InputError(`Invalid input input: ${printable(error.message, 300)}`);
    }
}
/** Empty, or an absolute http(s) URL, checked on the raw text (`new URL` silently strips tabs and line breaks). */
function parseCallbackUrl(value) {
    if (value === '')
        return undefined;
    const control = (0,untrusted_text/* describeControlCharacter */.WK)(value);
    if (control) {
        throw new InputError(`Invalid callback-url input: it contains ${control}. Pass the URL on one line, with no tabs or control ` +
            'characters (check the secret or expression it comes from).');
    }
    let url = null;
    try {
        url = new URL(value);
    }
    catch {
        url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new InputError(`Invalid callback-url input "${printable((0,client_settings/* withoutCredentials */.ri)(value))}": use an absolute http(s) URL.`);
    }
    return value;
}
/** The comment inputs; defaults apply to empty values so that callers that predate them keep working. */
function readCommentInputs(getInput, showPrompt) {
    return {
        mode: parseCommentMode(getInput('comment-mode') || 'update'),
        key: getInput('comment-key'),
        showPrompt,
        prNumber: parsePrNumber(getInput('pr-number')),
        token: parseGitHubToken(getInput('github-token')),
    };
}
/** The download inputs; defaults apply to empty values, as for the comment inputs. */
function readDownloadInputs(getInput, workspace) {
    if (!workspace) {
        throw new InputError('Cannot download: GITHUB_WORKSPACE is not set, so download-dir has no workspace to stay inside.');
    }
    const root = (0,external_node_path_.resolve)(workspace);
    return {
        dir: parseDownloadDir(getInput('download-dir') || 'kie-results', root),
        workspace: root,
        maxBytes: parseMaxDownloadSize(getInput('max-download-size') || '500MB'),
    };
}
/** A folder inside the workspace (relative to it, or absolute), never the workspace itself or anything outside. */
function parseDownloadDir(value, workspace) {
    const folder = (0,paths/* resolveFolderInside */.xD)(workspace, value);
    if (!folder.ok) {
        const why = folder.why === 'is-root' ? 'it is the workspace itself' : 'it resolves outside the workspace';
        throw new InputError(`Invalid download-dir input "${printable(value)}": ${why}. Use a folder inside the workspace, relative to it, ` +
            'such as kie-results or out/media.');
    }
    return folder.dir;
}
/** `500MB`, `1.5GB`, `200kB`, `1GiB`, or a number of bytes. */
function parseMaxDownloadSize(value) {
    try {
        return (0,size/* parseSize */.DB)(value);
    }
    catch {
        throw new InputError(`Invalid max-download-size input "${printable(value)}": use a number of bytes (1048576) or a size with a unit, ` +
            'such as 200kB, 500MB, 1.5GB or 1GiB (kB, MB, GB are powers of 1000; KiB, MiB, GiB powers of 1024).');
    }
}
/** A family name, or `auto`; empty means `market`. The core's check, under this input's name. */
function parseFamily(value) {
    const family = value.toLowerCase() || 'market';
    const problem = (0,client_settings/* familyProblem */.cj)(family);
    if (problem)
        throw new InputError(`Invalid family input "${printable(value)}": ${problem}.`);
    return family;
}
const COMMENT_MODES = ['update', 'create', 'recreate'];
/** `update`, `create` or `recreate`. */
function parseCommentMode(value) {
    const mode = COMMENT_MODES.find((m) => m === value.toLowerCase());
    if (!mode) {
        throw new InputError(`Invalid comment-mode input "${printable(value)}": use update (one comment, edited in place), ` +
            'create (a new comment every run) or recreate (delete the old comment, post a new one).');
    }
    return mode;
}
/** A pull-request number, or null when empty. */
function parsePrNumber(value) {
    if (value === '')
        return null;
    const number = /^#?(\d{1,10})$/.exec(value)?.[1];
    if (number === undefined || Number(number) < 1) {
        throw new InputError(`Invalid pr-number input "${printable(value)}": use the pull request's number, e.g. ` +
            '`pr-number: ${{ github.event.workflow_run.pull_requests[0].number }}`, or leave it empty.');
    }
    return Number(number);
}
// Task IDs seen so far: 32-hex, UUIDs, task_<model>_<ms>, veo_task_… — no spaces, no control or markup characters.
const TASK_ID = /^[\w.:/+=-]{1,200}$/;
/** One task ID, or several separated by newlines, commas or spaces. */
function parseTaskIds(value) {
    const ids = value.split(/[\s,]+/).filter((id) => id !== '');
    if (ids.length === 0) {
        throw new InputError('Missing task-id input: pass one kie.ai task ID, or several separated by newlines, commas or spaces ' +
            '(for example the data.taskId of the createTask response).');
    }
    const seen = new Set();
    for (const id of ids) {
        if (!TASK_ID.test(id)) {
            throw new InputError(`Invalid task-id input "${printable(id)}": a task ID is 1 to 200 letters, digits or the characters _ - . : / + =.`);
        }
        if (seen.has(id))
            throw new InputError(`Invalid task-id input: "${id}" is listed twice; list each task ID once.`);
        seen.add(id);
    }
    return ids;
}
/** The API key: required, and usable by the core's client (its check, under this input's name). Never repeated. */
function parseApiKey(value) {
    if (value === '') {
        throw new InputError('Missing api-key input: pass your kie.ai API key from a secret, e.g. `api-key: ${{ secrets.KIE_API_KEY }}` ' +
            '(keys: https://kie.ai/api-key).');
    }
    const problem = (0,client_settings/* apiKeyProblem */.VW)(value);
    if (problem)
        throw new InputError(`Invalid api-key input: it ${problem}`);
    return value;
}
/** The token for the comment: empty (commenting then warns and skips) or a real token. Never repeated. */
function parseGitHubToken(value) {
    if (value !== '' && value.length < redact/* MIN_SECRET_LENGTH */.v) {
        throw new InputError(`Invalid github-token input: it is shorter than ${redact/* MIN_SECRET_LENGTH */.v} characters, too short to keep out of ` +
            'logs safely. Leave it at its default (`${{ github.token }}`) or pass a real token.');
    }
    return value;
}
/** https (http only on a loopback host), an origin and a path: the core's check, under this input's name. */
function parseBaseUrl(value) {
    const problem = (0,client_settings/* baseUrlProblem */.aS)(value);
    if (problem) {
        throw new InputError(`Invalid base-url input "${printable((0,client_settings/* withoutCredentials */.ri)(value))}": ${problem}.`);
    }
    return (0,client_settings/* checkBaseUrl */.xd)(value);
}
/** The deadline for the whole wait. */
function parseTimeout(value) {
    const ms = (0,duration/* parseDuration */.E9)(value);
    if (ms === null)
        throw new InputError(`Invalid timeout input "${printable(value)}": use ${duration/* DURATION_FORMS */.nv}.`);
    return ms;
}
/** `auto` or a fixed interval. */
function parsePollInterval(value) {
    if (value.toLowerCase() === 'auto')
        return 'auto';
    const ms = (0,duration/* parseDuration */.E9)(value);
    if (ms === null) {
        throw new InputError(`Invalid poll-interval input "${printable(value)}": use auto, or ${duration/* DURATION_FORMS */.nv}.`);
    }
    return ms;
}
/** A positive number (`2`, `0.5`), or null when empty: the rate then adapts to kie.ai's limit. */
function parseMaxRequestsPerSecond(value) {
    const text = value.trim();
    if (text === '')
        return null;
    const rate = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN;
    if (!(rate > 0) || !Number.isFinite(rate)) {
        throw new InputError(`Invalid max-requests-per-second input "${printable(value)}": use a positive number of status requests per ` +
            'second, such as 2 or 0.5 (matrix legs sharing one API key: divide its budget by the number of legs), ' +
            "or leave it empty to adapt to kie.ai's limit.");
    }
    return rate;
}
/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(name, value) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new InputError(`Invalid ${name} input "${printable(value)}": use true or false.`);
}
// Inputs are shown in messages; keep them short and on one line.
// Inputs are shown in messages: core's table of dangerous characters, one line, and short.
function printable(value, max = 80) {
    return (0,untrusted_text/* clipText */.gL)((0,untrusted_text/* replaceDangerous */.lu)(value).replace(/[\r\n\t]+/g, ' '), max);
}


/***/ }),

/***/ 1569:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Br: () => (/* binding */ renderSummary),
/* harmony export */   Pl: () => (/* binding */ headline),
/* harmony export */   XS: () => (/* binding */ EXPIRY_NOTE),
/* harmony export */   fg: () => (/* binding */ endingWords),
/* harmony export */   gF: () => (/* binding */ MAX_RESULTS_PER_TASK),
/* harmony export */   hc: () => (/* binding */ BADGES),
/* harmony export */   x6: () => (/* binding */ shortTaskId)
/* harmony export */ });
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1280);
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7458);
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4526);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8074);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6126);
/* harmony import */ var _outputs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7553);
/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */




/** Results shown per task before "+N more". */
const MAX_RESULTS_PER_TASK = 24;
/** Said under every list of result links. */
const EXPIRY_NOTE = 'kie.ai result links expire (after 24 hours for most models, 14 days at most): download the files you want to keep.';
/** Longest failure message shown. */
const MAX_MESSAGE_CHARS = 1_000;
/** Width of result images in pixels: one task's, and a batch's (rows stay short enough to fit a screen). */
const IMAGE_WIDTH = 160;
const BATCH_IMAGE_WIDTH = 96;
/** Longest prompt shown in the table; the comment shows more. */
const MAX_PROMPT_CHARS = 160;
/**
 * Renders the job summary for the outcomes of one run. Every section (tasks table, task IDs, timeline, downloads)
 * gets a fair share of the budget (budget.ts), so the summary stays under GitHub's 1 MiB whatever the batch; what
 * does not fit is summarised in one line that says where the rest is.
 */
function renderSummary(outcomes, options = {}) {
    const maxBytes = options.maxBytes ?? _budget_js__WEBPACK_IMPORTED_MODULE_0__/* .SUMMARY_BUDGET_BYTES */ .Xb;
    const inputFamily = options.family ?? 'market';
    const batch = outcomes.length > 1;
    // A batch with one model for every task (the usual) says it once above the table, not in every row.
    const models = new Set(outcomes.map((o) => modelLabel(o, inputFamily)));
    const sharedModel = batch && models.size === 1 ? [...models][0] : null;
    const prompts = options.showPrompt !== false && outcomes.some((o) => (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_3__/* .promptOf */ .G)(o.record) !== null);
    const columns = [
        ...(batch ? [{ title: '#', cell: (_, i) => String(i + 1) }] : []),
        { title: 'Task', cell: (o) => `<code>${batch ? shortIdCell(o.taskId) : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(o.taskId)}</code>` },
        ...(sharedModel === null
            ? [{ title: 'Model', cell: (o) => modelLabel(o, inputFamily) }]
            : []),
        { title: 'State', cell: endingLabel },
        { title: 'Duration', cell: (o) => durationCell(o) },
        {
            title: 'Credits',
            cell: (o) => (o.record?.creditsConsumed == null ? '—' : String(o.record.creditsConsumed)),
        },
        ...(prompts ? [{ title: 'Prompt', cell: (o) => promptCell(o) }] : []),
        // A batch's images are smaller, so that twelve rows fit on a screen; each links to the full size.
        { title: 'Results', cell: (o) => resultsCell(o, batch ? BATCH_IMAGE_WIDTH : IMAGE_WIDTH) },
    ];
    const about = [
        options.created ? `Created by this step (\`model\` input)` : null,
        sharedModel !== null && sharedModel !== '—' ? `model <code>${sharedModel}</code>` : null,
    ].filter((part) => part !== null);
    const head = `### kie.ai ${batch ? 'tasks' : 'task'}: ${headline(outcomes)}\n\n` +
        (about.length > 0 ? `${capitalise(about.join(' · '))}\n\n` : '') +
        reattachedNote(options.reattached ?? []);
    const anyResults = outcomes.some((o) => o.kind === 'success' && (o.record?.resultUrls.length ?? 0) > 0);
    // The expiry warning is worth its line only under links.
    const foot = anyResults ? `\n_${EXPIRY_NOTE}_\n` : '';
    const sections = [
        tasksSection(outcomes, columns),
        ...(batch ? [taskIdsSection(outcomes)] : []),
        timelineSection(options.timeline ?? ''),
        ...(options.downloads ? [downloadsSection(outcomes, options.downloads)] : []),
    ];
    return head + (0,_budget_js__WEBPACK_IMPORTED_MODULE_0__/* .fitSections */ .WK)(maxBytes - (0,_budget_js__WEBPACK_IMPORTED_MODULE_0__/* .utf8Bytes */ .dy)(head) - (0,_budget_js__WEBPACK_IMPORTED_MODULE_0__/* .utf8Bytes */ .dy)(foot), sections).join('') + foot;
}
function tasksSection(outcomes, columns) {
    return {
        head: `| ${columns.map((c) => c.title).join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |\n`,
        rows: (function* () {
            for (const [index, outcome] of outcomes.entries())
                yield `| ${columns.map((c) => c.cell(outcome, index)).join(' | ')} |\n`;
        })(),
        more: (shown) => {
            const left = outcomes.length - shown;
            return left > 0
                ? `\n_… and ${count(left)} more ${left === 1 ? 'task' : 'tasks'}; see the log (a job summary is limited to ` +
                    '1 MiB)._\n'
                : '';
        },
    };
}
/** A batch's full task IDs, folded under the table (the table shows `…c14862c`). */
function taskIdsSection(outcomes) {
    return {
        head: '\n<details><summary>Task IDs</summary>\n\n',
        rows: (function* () {
            for (const [i, o] of outcomes.entries())
                yield `${i > 0 ? '<br>' : ''}${i + 1}. <code>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(o.taskId)}</code>`;
        })(),
        more: (shown) => {
            const left = outcomes.length - shown;
            return `${left > 0 ? `<br>… and ${count(left)} more; see the log` : ''}\n\n</details>\n`;
        },
    };
}
// The chart is whole or not at all: half a Mermaid block would not render.
function timelineSection(timeline) {
    return {
        head: '',
        rows: timeline ? [timeline] : [],
        more: (shown) => timeline && shown === 0 ? '\n_The timeline is left out: a job summary is limited to 1 MiB._\n' : '',
    };
}
/** Which tasks a re-run took over: they were created (and paid for) by an earlier attempt. */
function reattachedNote(reattached) {
    if (reattached.length === 0)
        return '';
    const ids = reattached.slice(0, 50).map((id) => `<code>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(id)}</code>`);
    const more = reattached.length > 50 ? ` and ${reattached.length - 50} more` : '';
    const one = reattached.length === 1;
    return (`Re-run: ${one ? 'task' : 'tasks'} ${ids.join(', ')}${more} ${one ? 'was' : 'were'} taken over from an earlier ` +
        `attempt, not created or paid for again.\n\n`);
}
/** "2 succeeded, 1 failed": how many tasks ended each way. */
function headline(outcomes) {
    const count = (kind) => outcomes.filter((o) => o.kind === kind).length;
    const parts = [
        [count('success'), 'succeeded'],
        [count('fail'), 'failed'],
        [count('timeout'), 'timed out'],
        [count('error'), 'stopped by an error'],
        [count('cancelled'), 'cancelled'],
    ];
    const counts = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
    const credits = (0,_outputs_js__WEBPACK_IMPORTED_MODULE_2__/* .totalCredits */ .n3)(outcomes);
    return [...counts, ...(credits === '' ? [] : [(0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_4__/* .creditsLabel */ .bz)(Number(credits))])].join(', ');
}
/** The icon for each way a task can end. */
const BADGES = {
    success: '✅',
    fail: '❌',
    timeout: '⏱️',
    error: '⚠️',
    cancelled: '⏹️',
};
/** What happened to a task that did not finish. */
const UNFINISHED = {
    timeout: 'timed out',
    error: 'error',
    cancelled: 'cancelled',
};
/** How a task ended, with its badge, for a table cell: `✅ success`, `⏱️ timed out while generating`. */
function endingLabel(outcome) {
    return `${BADGES[outcome.kind]} ${endingWords(outcome)}`;
}
/**
 * How a task ended, in words, escaped: `success`, `fail (3)`, `timed out while generating`, `error` (no state
 * seen) — never a dash where a state is missing.
 */
function endingWords(outcome) {
    const { record } = outcome;
    const state = record?.state ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeClipped */ .R0)((0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_4__/* .stateLabel */ .UH)(record), 100) : null;
    if (outcome.kind === 'success' || outcome.kind === 'fail')
        return state ?? outcome.kind;
    return `${UNFINISHED[outcome.kind]}${state ? ` while ${state}` : ''}`;
}
/**
 * How a batch names a task in its table and timeline: the ID's last 7 characters after `…` (`…c14862c`), enough
 * to tell tasks apart at a glance; IDs of up to 12 characters whole. The full IDs are listed under the table.
 */
function shortTaskId(taskId) {
    return taskId.length <= 12 ? taskId : `…${taskId.slice(-7)}`;
}
/** The model, with the family when it is not the default (or `auto` never found one). */
function modelLabel(outcome, inputFamily) {
    const { record } = outcome;
    const family = record?.family ?? inputFamily;
    const model = record?.model ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(record.model) : '—';
    return family === 'market' ? model : `${model} (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(family)})`;
}
function durationCell(outcome) {
    const duration = (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_4__/* .taskDurationMs */ .cz)(outcome.record);
    return duration === null ? '—' : (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_5__/* .formatMs */ ._V)(duration);
}
function promptCell(outcome) {
    const prompt = (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_3__/* .promptOf */ .G)(outcome.record);
    return prompt === null ? '—' : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeClipped */ .R0)(prompt, MAX_PROMPT_CHARS);
}
/** `…c14862c`, with a word joiner after the ellipsis: a narrow column must not break the ID's tail from it. */
function shortIdCell(taskId) {
    const short = shortTaskId(taskId);
    return short.startsWith('…') ? `…&#8288;${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(short.slice(1))}` : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(short);
}
function resultsCell(outcome, imageWidth) {
    const { record } = outcome;
    if (outcome.kind === 'fail') {
        const code = record?.failCode ? `<b>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(record.failCode)}</b>: ` : '';
        return code + (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMessage */ .hC)(record?.failMsg ?? 'no failure message', MAX_MESSAGE_CHARS);
    }
    if (outcome.kind !== 'success')
        return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMessage */ .hC)(outcome.error?.message ?? '', MAX_MESSAGE_CHARS);
    const urls = record?.resultUrls ?? [];
    if (urls.length === 0)
        return 'no result URLs';
    const shown = urls.slice(0, MAX_RESULTS_PER_TASK).map((url, i) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .renderResult */ .C8)(url, i, { imageWidth }));
    const more = urls.length - shown.length;
    return shown.join(' ') + (more > 0 ? ` +${more} more (see the <code>result-urls</code> output)` : '');
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** Saved files shown per task before "+N more". */
const MAX_FILES_PER_TASK = 24;
/**
 * The saved files (paths relative to the workspace) and failed downloads, per task in input order; the files and
 * failures not shown are counted in one last line ("… and 180 more failed downloads; see the log").
 */
function downloadsSection(outcomes, report) {
    const saved = report.files.length;
    const failed = report.failures.length;
    const counts = [`${saved} ${saved === 1 ? 'file' : 'files'} saved`];
    if (failed > 0)
        counts.push(`${failed} failed`);
    if (report.stopped)
        counts.push(`stopped: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeClipped */ .R0)(report.stopped, MAX_MESSAGE_CHARS)}`);
    const files = groupByTask(report.files);
    const failures = groupByTask(report.failures);
    const tasks = outcomes.map((o) => o.taskId).filter((taskId) => files.has(taskId) || failures.has(taskId));
    // What row i shows of its task's files and failures (each capped per task).
    const shownIn = (taskId) => ({
        files: Math.min(files.get(taskId)?.length ?? 0, MAX_FILES_PER_TASK),
        failures: Math.min(failures.get(taskId)?.length ?? 0, MAX_FILES_PER_TASK),
    });
    return {
        head: `\n#### Downloads to <code>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(report.dir)}</code>: ${counts.join(', ')}\n\n` +
            (tasks.length > 0 ? '| Task | Files |\n| --- | --- |\n' : ''),
        rows: (function* () {
            for (const taskId of tasks)
                yield renderDownloadRow(taskId, files.get(taskId) ?? [], failures.get(taskId) ?? []);
        })(),
        more: (shown) => {
            let filesLeft = saved;
            let failuresLeft = failed;
            for (const taskId of tasks.slice(0, shown)) {
                filesLeft -= shownIn(taskId).files;
                failuresLeft -= shownIn(taskId).failures;
            }
            const parts = [
                ...(failuresLeft > 0
                    ? [
                        `${count(failuresLeft)} more failed ${failuresLeft === 1 ? 'download' : 'downloads'}; see the log`,
                    ]
                    : []),
                ...(filesLeft > 0
                    ? [
                        `${count(filesLeft)} more saved ${filesLeft === 1 ? 'file' : 'files'}; see the <code>files</code> output`,
                    ]
                    : []),
            ];
            return parts.length > 0 ? `\n_… and ${parts.join('; and ')}._\n` : '';
        },
    };
}
function renderDownloadRow(taskId, files, failures) {
    const cells = files.slice(0, MAX_FILES_PER_TASK).map((f) => `<code>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(f.shown)}</code>`);
    if (files.length > MAX_FILES_PER_TASK)
        cells.push(`+${files.length - MAX_FILES_PER_TASK} more (see the <code>files</code> output)`);
    for (const f of failures.slice(0, MAX_FILES_PER_TASK))
        cells.push(`⚠️ ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeClipped */ .R0)(f.message, MAX_MESSAGE_CHARS)}`);
    if (failures.length > MAX_FILES_PER_TASK)
        cells.push(`⚠️ +${failures.length - MAX_FILES_PER_TASK} more failed (see the log)`);
    return `| <code>${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(taskId)}</code> | ${cells.join('<br>')} |\n`;
}
function groupByTask(items) {
    const groups = new Map();
    for (const item of items) {
        const group = groups.get(item.taskId);
        if (group)
            group.push(item);
        else
            groups.set(item.taskId, [item]);
    }
    return groups;
}
function count(n) {
    return n.toLocaleString('en-US');
}


/***/ }),

/***/ 3273:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Sb: () => (/* binding */ Secrets),
/* harmony export */   hM: () => (/* binding */ createLog),
/* harmony export */   sN: () => (/* binding */ logSafe)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3960);
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(23);
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(5184);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8074);
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5257);
/**
 * The Action's log, on @actions/core. @actions/core writes the workflow commands; this layer adds what it lacks, in
 * this order, on every message: the registered secrets are removed from the raw text (before anything can change
 * their spelling), every line is neutralised (workflow-commands.ts) so text from kie.ai or GitHub can never become a workflow
 * command, long text is clipped with a note, and a last pass removes any secret the steps before assembled.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */




/** Longest log line or annotation: a multi-megabyte failMsg must not become a multi-megabyte line. */
const MAX_LOG_CHARS = _budget_js__WEBPACK_IMPORTED_MODULE_1__/* .ANNOTATION_MAX_CHARS */ .FT;
/** The secrets of one run: masked in the runner's log and removed from everything the Action writes. */
class Secrets {
    #redactor = new _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_2__/* .Redactor */ .p();
    /** Masks `secret` (`::add-mask::`) and removes it (and its encoded forms) from text; empty values are ignored. */
    add(secret) {
        if (!secret)
            return;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret);
        this.#redactor.add(secret);
    }
    /** `text` with every secret replaced by `***`. */
    remove(text) {
        return this.#redactor.redact(text);
    }
    /** A copy of a JSON-like value (records, outcomes) with every string redacted. */
    removeDeep(value) {
        return this.#redactor.redactDeep(value);
    }
    /** The error, redacted in place (message, cause chain). */
    removeFromError(error) {
        return this.#redactor.redactError(error);
    }
}
/** Makes one message safe for the log: secrets out, commands neutralised, clipped. */
function logSafe(message, secrets) {
    return secrets.remove((0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_3__/* .clipText */ .gL)((0,_workflow_commands_js__WEBPACK_IMPORTED_MODULE_4__/* .neutralizeCommands */ .K)(secrets.remove(message)), MAX_LOG_CHARS, 'the step outputs'));
}
/**
 * The runner's log through @actions/core, with secrets removed, commands neutralised and lines clipped. The first
 * warnings and notices are annotations; past GitHub's per-step limit (budget.ts) they are log lines, folded into one
 * annotation by `foldAnnotations`.
 */
function createLog(secrets) {
    const clean = (text) => logSafe(text, secrets);
    const annotations = new _budget_js__WEBPACK_IMPORTED_MODULE_1__/* .AnnotationBudget */ .TL();
    return {
        info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(clean(message)),
        debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(clean(message)),
        warning: (message) => annotations.admit('warning') ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(clean(message)) : _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Warning: ${clean(message)}`),
        priorityWarning: (message) => annotations.admit('warning', true)
            ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(clean(message))
            : _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Warning: ${clean(message)}`),
        notice: (message) => annotations.admit('notice') ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(clean(message)) : _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Notice: ${clean(message)}`),
        startGroup: (title) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(clean(title)),
        endGroup: () => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4(),
        foldAnnotations: () => {
            for (const { kind, message } of annotations.folded())
                (kind === 'warning' ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e : _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm)(message);
        },
    };
}


/***/ }),

/***/ 1490:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3960);
/* harmony import */ var _kie_task_node_io_deadline__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(8114);
/* harmony import */ var _kie_task_node_io_exit__WEBPACK_IMPORTED_MODULE_10__ = __nccwpck_require__(5858);
/* harmony import */ var _kie_task_node_io_proxy__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(2316);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8074);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1345);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(7513);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3273);
/* harmony import */ var _outputs_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(7553);
/* harmony import */ var _rerun_site_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(9367);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(4862);
/**
 * Entry point of the bundle the runner executes: read inputs, run, write outputs and the summary, fail if needed,
 * and exit. The only module that reads inputs, writes outputs and touches process; one catch fails the step.
 * The step's `timeout` and SIGINT/SIGTERM become one deadline here, once (node-io's `startDeadline`): the wait, the
 * downloads, the proxy and the comment all end with it.
 */











async function main() {
    const secrets = new _log_js__WEBPACK_IMPORTED_MODULE_4__/* .Secrets */ .Sb();
    const log = (0,_log_js__WEBPACK_IMPORTED_MODULE_4__/* .createLog */ .hM)(secrets);
    const controller = new AbortController();
    const stopListening = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .abortOnSignals */ .P)(controller);
    let deadline = null;
    // The outputs not yet written: whatever fails, the catch writes them (empty) before failing the step.
    let pending = (0,_outputs_js__WEBPACK_IMPORTED_MODULE_5__/* .emptyOutputs */ .q_)();
    // Secrets out first, then fitted to GitHub's per-job limit (budget.ts): the comment's two outputs, written last,
    // have their own small share.
    const setOutputs = (outputs, maxBytes) => {
        const redacted = Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, secrets.remove(value)]));
        const fitted = (0,_budget_js__WEBPACK_IMPORTED_MODULE_1__/* .fitOutputs */ .gY)(redacted, _outputs_js__WEBPACK_IMPORTED_MODULE_5__/* .JSON_OUTPUTS */ .id, maxBytes);
        // One annotation for all of them, kept however many warnings came before.
        if (fitted.warnings.length > 0)
            log.priorityWarning(fitted.warnings.join('\n'));
        for (const [name, value] of Object.entries(fitted.outputs))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
    };
    const WAIT_OUTPUTS_BYTES = _budget_js__WEBPACK_IMPORTED_MODULE_1__/* .JOB_OUTPUTS_MAX_BYTES */ .eg - _budget_js__WEBPACK_IMPORTED_MODULE_1__/* .LATE_OUTPUTS_BYTES */ .Un;
    try {
        // Masked before anything else is logged, even before the key is validated.
        secrets.add(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('api-key'));
        secrets.add(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('github-token'));
        // The YAML parser is loaded only for an `input` that is not JSON: start-up without it does not pay for it.
        const parseYaml = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .inputNeedsYaml */ .vg)(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('input')) ? (await __nccwpck_require__.e(/* import() */ 293).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8293, 19))).parse : undefined;
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .readInputs */ .Ko)((name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name), { workspace: process.env['GITHUB_WORKSPACE'] }, { parseYaml });
        pending = (0,_outputs_js__WEBPACK_IMPORTED_MODULE_5__/* .emptyOutputs */ .q_)(inputs.taskIds);
        deadline = (0,_kie_task_node_io_deadline__WEBPACK_IMPORTED_MODULE_7__/* .startDeadline */ .d)(inputs.timeoutMs, controller.signal);
        const proxy = (0,_kie_task_node_io_proxy__WEBPACK_IMPORTED_MODULE_8__/* .proxySettings */ .EM)(process.env);
        if (proxy)
            log.info(`Using proxy ${(0,_kie_task_node_io_proxy__WEBPACK_IMPORTED_MODULE_8__/* .describeProxy */ .GK)(proxy.httpsProxy ?? proxy.httpProxy ?? '')}`);
        // The proxy's connections end with the deadline: a CONNECT that is never answered cannot outlive the step.
        const fetch = proxy ? await (0,_kie_task_node_io_proxy__WEBPACK_IMPORTED_MODULE_8__/* .proxyAwareFetch */ .Fm)(process.env, { signal: deadline.signal }) : undefined;
        const result = await (0,_run_js__WEBPACK_IMPORTED_MODULE_6__/* .run */ .e)(inputs, {
            logger: log,
            signal: controller.signal,
            deadline,
            fetch,
            secrets,
            rerun: (0,_rerun_site_js__WEBPACK_IMPORTED_MODULE_9__/* .readRerunSite */ .y)(process.env),
        });
        // Outputs first: they must be there even when the step then fails. The comment's two follow once it is written.
        const { 'comment-id': noId, 'comment-url': noUrl, ...waitOutputs } = result.outputs;
        setOutputs(waitOutputs, WAIT_OUTPUTS_BYTES);
        pending = { 'comment-id': noId, 'comment-url': noUrl };
        const summaryWritten = inputs.summary && (await writeSummary(secrets.remove(result.summary)));
        const comment = inputs.comment && !controller.signal.aborted
            ? await runCommentPhase(log, inputs, result, { summaryWritten, deadline, fetch })
            : { 'comment-id': noId, 'comment-url': noUrl };
        pending = null;
        setOutputs(comment, _budget_js__WEBPACK_IMPORTED_MODULE_1__/* .LATE_OUTPUTS_BYTES */ .Un);
        if (result.failure)
            fail(result.failure.split('\n'), log, secrets);
    }
    catch (error) {
        if (pending)
            setOutputs(pending, WAIT_OUTPUTS_BYTES);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_log_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafe */ .sN)(error instanceof Error ? error.message : String(error), secrets));
    }
    finally {
        log.foldAnnotations();
        stopListening();
        deadline?.dispose();
    }
}
/**
 * Fails the step with one error annotation: the problems that fit in it, then "… and N more problems; see the log",
 * with every problem in the log first when some are folded. Untrusted text (failMsg): neutralised and clipped like
 * every log line.
 */
function fail(lines, log, secrets) {
    const message = (0,_budget_js__WEBPACK_IMPORTED_MODULE_1__/* .foldLines */ .r7)(lines);
    if (message !== lines.join('\n')) {
        log.startGroup(`Why the step failed: ${lines.length.toLocaleString('en-US')} problems`);
        for (const line of lines)
            log.info(line);
        log.endGroup();
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_log_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafe */ .sN)(message, secrets));
}
/** Appends to the job summary; false when the runner gave no summary file (a local run). */
async function writeSummary(markdown) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return false;
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(markdown).write();
    return true;
}
/**
 * Posts the pull-request comment. @actions/github and the comment code are imported only here, so runs without
 * `comment` never load them. Whatever happens, the job's result stays the wait's: problems are warnings.
 */
async function runCommentPhase(log, inputs, result, options) {
    try {
        const [{ commentOnPullRequests }, { context }] = await Promise.all([
            Promise.all(/* import() */[__nccwpck_require__.e(225), __nccwpck_require__.e(323), __nccwpck_require__.e(398), __nccwpck_require__.e(712)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5712)),
            Promise.all(/* import() */[__nccwpck_require__.e(225), __nccwpck_require__.e(323)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1323)),
        ]);
        const written = await commentOnPullRequests({
            inputs: inputs.comment,
            outcomes: result.outcomes,
            context,
            logger: log,
            ...options,
        });
        return { 'comment-id': written.commentId, 'comment-url': written.commentUrl };
    }
    catch (error) {
        log.warning(`Could not comment on the pull request: ${error instanceof Error ? error.message : String(error)}. ` +
            'The wait and its outputs are unaffected.');
        return { 'comment-id': '', 'comment-url': '' };
    }
}
await main();
// The outputs and the summary are written: exit with the step's result (setFailed set process.exitCode) at once,
// whatever sockets or timers a library left open — a proxy's CONNECT, Octokit's retry queue, or a cache call given up
// on at its deadline (rerun/memory.ts), which holds a socket for minutes.
await (0,_kie_task_node_io_exit__WEBPACK_IMPORTED_MODULE_10__/* .exitWhenFlushed */ .K)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6126:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C8: () => (/* binding */ renderResult),
/* harmony export */   Gj: () => (/* binding */ escapeAttribute),
/* harmony export */   R0: () => (/* binding */ escapeClipped),
/* harmony export */   X1: () => (/* binding */ escapeText),
/* harmony export */   hC: () => (/* binding */ escapeMessage),
/* harmony export */   l4: () => (/* binding */ mediaKind)
/* harmony export */ });
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5184);
/**
 * Escaping for GitHub-flavoured markdown, shared by the job summary and the pull-request comment. Text from the API
 * (failMsg, prompts, models, URLs) is untrusted: after escaping it is one line of plain text that cannot open HTML,
 * markdown blocks, links or images, cannot @mention anyone, and cannot reference (and so notify) an issue or a PR.
 * Only http(s) URLs are ever rendered as links or images, with attribute-escaped values.
 * https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls
 */

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;
const VIDEO_EXTENSIONS = /\.(mp4|webm|mov|m4v|mkv|avi)$/i;
const AUDIO_EXTENSIONS = /\.(mp3|wav|m4a|aac|ogg|oga|flac|opus|mid|midi)$/i;
/** A zero-width space as an entity: invisible, but it breaks mentions, references and autolinks. */
const ZWSP = '&#8203;';
/**
 * Escapes text for markdown and HTML: HTML specials and every character markdown treats specially become entities;
 * `@` and `#` get a zero-width space (no mentions, no `#1`/`owner/repo#1` references), as do `GH-1` references and
 * `://` / `www.` (no autolinked URLs, so no cross-references either); line breaks become `<br>`, other control
 * characters spaces. The result is one line, safe in a table cell, a paragraph or a `<details>` block.
 */
function escapeText(text) {
    // Core's table first: bidi overrides, zero-width and C1 characters never reach the page raw.
    return (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .replaceDangerous */ .lu)(text).replace(
    // eslint-disable-next-line no-control-regex -- control characters are escaped too
    /\r\n|:\/\/|www\.|GH-(?=\d)|[\r\n&<>"|`[\]*_~\\!$@#\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/gi, (c) => {
        if (c === '\r\n' || c === '\r' || c === '\n')
            return '<br>';
        if (c === '@' || c === '#')
            return `&#${c.charCodeAt(0)};${ZWSP}`;
        if (c.length > 1)
            return `${c.slice(0, -1)}${ZWSP}${c.slice(-1)}`;
        if (c < ' ' || c === '\u007f')
            return ' ';
        return ENTITIES[c] ?? `&#${c.charCodeAt(0)};`;
    });
}
/** kie.ai's own pages our messages point to (401 → api-key, 402 → billing, a lost create → logs). */
const OWN_PAGES = /https:\/\/kie\.ai\/(?:api-key|billing|logs|market)(?![\w/-]|\.\w)/g;
/**
 * Escapes a message like {@link escapeClipped}, but links kie.ai's own pages (`https://kie.ai/api-key`, …) that our
 * hints name: escaping would break them with a zero-width space, neither clickable nor safe to copy. Any other URL
 * stays unlinked text, and a message whose linked form does not fit `maxChars` is clipped as plain text (our hints
 * are short, so only a long untrusted message loses its links).
 */
function escapeMessage(text, maxChars) {
    if (text.length <= maxChars) {
        let linked = '';
        let last = 0;
        for (const match of text.matchAll(OWN_PAGES)) {
            linked += `${escapeText(text.slice(last, match.index))}<a href="${match[0]}">${match[0]}</a>`;
            last = match.index + match[0].length;
        }
        linked += escapeText(text.slice(last));
        if (linked.length <= maxChars)
            return linked;
    }
    return escapeClipped(text, maxChars);
}
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Escapes a value for a double-quoted HTML attribute, also inside a table cell (`|` would split the cell). */
function escapeAttribute(text) {
    return (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .replaceDangerous */ .lu)(text)
        .replace(/&/g, '&amp;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '&#124;');
}
/**
 * Escapes `text` with {@link escapeText} and keeps the result within `maxChars`, cutting only between entities and
 * tags (never inside `&…;` or `<br>`, never between the halves of a surrogate pair) and ending a cut with `…`.
 */
function escapeClipped(text, maxChars) {
    // Escaping at most multiplies the length by 13 (`@` → `&#64;&#8203;`): clip the input first to bound the work.
    const escaped = escapeText(text.length > maxChars ? text.slice(0, maxChars) : text);
    if (escaped.length <= maxChars && text.length <= maxChars)
        return escaped;
    let cut = escaped.slice(0, Math.max(0, maxChars - 1));
    const amp = cut.lastIndexOf('&');
    if (amp >= 0 && !cut.includes(';', amp))
        cut = cut.slice(0, amp);
    const lt = cut.lastIndexOf('<');
    if (lt >= 0 && !cut.includes('>', lt))
        cut = cut.slice(0, lt);
    if (/[\ud800-\udbff]$/.test(cut))
        cut = cut.slice(0, -1);
    return `${cut}…`;
}
/** The kind of media at an http(s) URL, or null when the URL is not http(s) (and so must not be linked). */
function mediaKind(url) {
    const parsed = httpUrl(url);
    if (!parsed)
        return null;
    if (IMAGE_EXTENSIONS.test(parsed.pathname))
        return 'image';
    if (VIDEO_EXTENSIONS.test(parsed.pathname))
        return 'video';
    if (AUDIO_EXTENSIONS.test(parsed.pathname))
        return 'audio';
    return 'file';
}
const ICONS = { video: '🎬', audio: '🎵', file: '📄' };
/**
 * One result: an http(s) image embedded (and linked) at `imageWidth`, other http(s) URLs as a link named after the
 * file, anything else (`javascript:`, `data:`, garbage) as escaped text, never a link.
 */
function renderResult(url, index, options = {}) {
    const parsed = httpUrl(url);
    if (!parsed)
        return escapeText(url);
    const href = escapeAttribute(parsed.href);
    const kind = mediaKind(url) ?? 'file';
    if (kind === 'image') {
        return `<a href="${href}"><img src="${href}" width="${options.imageWidth ?? 160}" alt="result ${index + 1}"></a>`;
    }
    const name = decodeSafely(parsed.pathname.split('/').pop() ?? '') || parsed.hostname;
    const label = escapeText(name.length > 60 ? `${name.slice(0, 57)}...` : name);
    return `${options.icons ? `${ICONS[kind]} ` : ''}<a href="${href}">${label}</a>`;
}
function httpUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return null;
    }
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
}
function decodeSafely(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ }),

/***/ 7553:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   JZ: () => (/* binding */ buildOutputs),
/* harmony export */   id: () => (/* binding */ JSON_OUTPUTS),
/* harmony export */   n3: () => (/* binding */ totalCredits),
/* harmony export */   q_: () => (/* binding */ emptyOutputs)
/* harmony export */ });
/* unused harmony export OUTPUT_NAMES */
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7458);

/** Every output, in action.yml order. */
const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'task-id',
    'created',
    'reattached',
    'state',
    'raw-state',
    'timed-out',
    'result-urls',
    'result-url',
    'files',
    'file',
    'result-json',
    'param',
    'model',
    'fail-code',
    'fail-msg',
    'create-time',
    'complete-time',
    'duration-ms',
    'credits',
    'tasks',
    'comment-id',
    'comment-url',
]));
/** The outputs that hold JSON: when one must shrink, it drops whole elements and stays valid JSON (budget.ts). */
const JSON_OUTPUTS = new Set([
    'result-urls',
    'files',
    'result-json',
    'param',
    'tasks',
]);
/** All outputs for a finished (or stopped) wait. */
function buildOutputs(outcomes, options = {}) {
    const first = outcomes[0]?.record ?? null;
    const failed = outcomes.find((o) => o.kind === 'fail')?.record ?? null;
    const urls = outcomes.flatMap((o) => o.record?.resultUrls ?? []);
    const duration = (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .taskDurationMs */ .cz)(first);
    const files = options.files ?? [];
    return {
        'task-id': outcomes.map((o) => o.taskId).join(','),
        created: String(options.created ?? false),
        reattached: (options.reattached ?? []).join(','),
        state: (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .combinedState */ .lR)(outcomes),
        'raw-state': first?.state ?? '',
        'timed-out': String(outcomes.some((o) => o.kind === 'timeout')),
        'result-urls': JSON.stringify(urls),
        'result-url': urls[0] ?? '',
        files: JSON.stringify(files),
        file: files[0] ?? '',
        'result-json': rawText(first?.raw.resultJson),
        // Decoded (real bodies double-encode `input`), so `fromJSON(…).input.prompt` works downstream.
        param: first?.param ? safeJson(first.param) : '',
        model: first?.model ?? '',
        'fail-code': failed?.failCode ?? '',
        'fail-msg': failed?.failMsg ?? '',
        'create-time': iso(first?.createTime) ?? '',
        'complete-time': iso(first?.completeTime) ?? '',
        'duration-ms': duration === null ? '' : String(duration),
        credits: totalCredits(outcomes),
        tasks: JSON.stringify(outcomes.map((outcome) => (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .summarizeOutcome */ .ww)(outcome, options.family))),
        // Filled in by main.ts once the comment is written (see comment/pull-requests.ts).
        'comment-id': '',
        'comment-url': '',
    };
}
/** The outputs of a run that stopped before waiting (bad inputs): empty, but every one present. */
function emptyOutputs(taskIds = []) {
    return { ...buildOutputs([]), 'task-id': taskIds.join(',') };
}
/**
 * The credits of every task together, or `''` when kie.ai reported none. Summed in thousandths: kie.ai's figures
 * are decimals (0.8, 5.5), and 0.1 + 0.2 must not print as 0.30000000000000004.
 */
function totalCredits(outcomes) {
    const known = outcomes.flatMap((o) => o.record?.creditsConsumed == null ? [] : [o.record.creditsConsumed]);
    if (known.length === 0)
        return '';
    return String(known.reduce((sum, n) => sum + Math.round(n * 1000), 0) / 1000);
}
// JSON text of a parsed object; an object too deep to serialise again becomes '' rather than failing every output.
function safeJson(value) {
    try {
        return JSON.stringify(value);
    }
    catch {
        return '';
    }
}
// The original string kie.ai sent; some kie-compatible proxies send an object instead.
function rawText(value) {
    if (value === undefined || value === null)
        return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
}
function iso(date) {
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}


/***/ }),

/***/ 9367:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ readRerunSite)
/* harmony export */ });
/** Where the step runs, for the re-run memory: read by main.ts (the memory itself is loaded only when creating). */
/** The runner's variables, or null outside a runner (nothing to remember across attempts there). */
function readRerunSite(env) {
    const runId = env['GITHUB_RUN_ID'] ?? '';
    const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '');
    const tempDir = env['RUNNER_TEMP'] ?? '';
    if (runId === '' || !Number.isSafeInteger(attempt) || attempt < 1 || tempDir === '')
        return null;
    return {
        runId,
        attempt,
        job: env['GITHUB_JOB'] ?? '',
        step: env['GITHUB_ACTION'] ?? '',
        tempDir,
        cacheMode: env['ACTIONS_CACHE_MODE'] ?? '',
    };
}


/***/ }),

/***/ 4862:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __nccwpck_require__(4713);
// EXTERNAL MODULE: ../core/dist/duration.js
var duration = __nccwpck_require__(4526);
// EXTERNAL MODULE: ../core/dist/abort.js
var abort = __nccwpck_require__(6066);
// EXTERNAL MODULE: ../core/dist/presentation.js
var presentation = __nccwpck_require__(7458);
// EXTERNAL MODULE: ../core/dist/retry-policy.js
var retry_policy = __nccwpck_require__(2417);
;// CONCATENATED MODULE: ../core/dist/cadence.js
/**
 * The poll-interval ramp. kie.ai's guidance (Market "Get Task Details"): every 2–3 s for the first 30 s,
 * 5–10 s until 2 min, then 15–30 s. Our defaults sit in the middle of each band and jitter ±20 %.
 */
/** kie.ai's recommended ramp. */
const DEFAULT_CADENCE = [
    { untilMs: 30_000, intervalMs: 2_500 },
    { untilMs: 120_000, intervalMs: 7_500 },
    { untilMs: Number.POSITIVE_INFINITY, intervalMs: 22_500 },
];
/** Default jitter: each sleep is the interval ±20 %, so many waiters do not poll in lock-step. */
const DEFAULT_JITTER = 0.2;
// Older than any record kie.ai keeps (14 days to 2 months): a createTime this far back is a parsing or clock error.
const MAX_PLAUSIBLE_AGE_MS = 366 * 24 * 3_600_000;
/**
 * The age the ramp is indexed by: now − `createTime` when the record carries a believable one, else the time since
 * the wait started. Never less than `elapsedMs` (a task is at least as old as our wait for it), never negative; a
 * `createTime` in the future (clock skew) or more than a year back is ignored.
 */
function taskAgeMs(createTime, now, elapsedMs) {
    const elapsed = Math.max(0, elapsedMs);
    if (createTime === null)
        return elapsed;
    const age = now - createTime.getTime();
    if (!Number.isFinite(age) || age < 0 || age > MAX_PLAUSIBLE_AGE_MS)
        return elapsed;
    return Math.max(age, elapsed);
}
/** The base interval (before jitter) for a task `elapsedMs` old (or a wait that has run that long). */
function baseInterval(interval, elapsedMs) {
    if (typeof interval === 'number')
        return interval;
    const steps = interval === 'auto' ? DEFAULT_CADENCE : interval;
    const step = steps.find((s) => elapsedMs < s.untilMs) ?? steps[steps.length - 1];
    return step?.intervalMs ?? DEFAULT_CADENCE[0].intervalMs;
}
/** Spreads `ms` uniformly over ±`jitter` (a fraction); `random` is injectable for tests. */
function jittered(ms, jitter, random = Math.random) {
    const spread = Math.min(Math.max(jitter, 0), 1);
    return Math.max(0, ms * (1 - spread + 2 * spread * random()));
}
//# sourceMappingURL=cadence.js.map
// EXTERNAL MODULE: ../core/dist/code-meanings.js
var code_meanings = __nccwpck_require__(888);
// EXTERNAL MODULE: ../core/dist/envelope.js
var dist_envelope = __nccwpck_require__(1942);
// EXTERNAL MODULE: ../core/dist/http.js
var http = __nccwpck_require__(7150);
// EXTERNAL MODULE: ../core/dist/families/index.js + 12 modules
var families = __nccwpck_require__(3184);
// EXTERNAL MODULE: ../core/dist/json.js
var json = __nccwpck_require__(832);
// EXTERNAL MODULE: ../core/dist/untrusted-text.js
var untrusted_text = __nccwpck_require__(5184);
;// CONCATENATED MODULE: ../core/dist/create.js
/**
 * One create, sent at most once unless nothing can exist: a market task (`POST /api/v1/jobs/createTask`, body
 * `{model, input, callBackUrl}`) or a dedicated family's (`POST` its family's create path, e.g.
 * `/api/v1/veo/generate`, whose body is the input itself). The endpoints live in the family table (`families/`).
 *
 * kie.ai has no idempotency key and no cancel (kie-api.md §13), so a create that may have reached it is never sent
 * again: only a 429 (the request was dropped) and a connection that was never established are retried. Everything
 * else that may have reached kie.ai — a reset or timeout after sending, any 5xx, envelope 500, an unreadable
 * answer — is a {@link CreateOutcomeUnknownError}.
 */









/** Checks a request and builds the body before anything is sent. @throws {TypeError} naming the bad field. */
function prepareCreate(request) {
    if (!(0,json/* isJsonObject */.OW)(request))
        throw new TypeError('createTask: the request must be an object { model, input } or { family, input }.');
    const family = (0,families/* getFamily */.nq)(request.family ?? 'market');
    if (family.createPath === undefined) {
        throw new TypeError(`createTask: tasks of family "${family.name}" cannot be created here. Families with a create endpoint: ` +
            `${families/* CREATABLE_FAMILY_NAMES */.Qt.join(', ')}.`);
    }
    if (request.callBackUrl !== undefined) {
        const control = (0,untrusted_text/* describeControlCharacter */.WK)(String(request.callBackUrl));
        if (control)
            throw new TypeError(`createTask: callBackUrl contains ${control}; remove it.`);
        if (!/^https?:\/\/\S+$/i.test(String(request.callBackUrl)))
            throw new TypeError('createTask: callBackUrl must be an http(s) URL.');
    }
    const callBack = request.callBackUrl === undefined ? {} : { callBackUrl: request.callBackUrl };
    if (family.name === 'market') {
        if (typeof request.model !== 'string' || request.model.trim() === '') {
            throw new TypeError('createTask: model is empty. Pass a market model ID such as "google/imagen4-fast".');
        }
        checkInput(request.input, 'an object of the model\'s fields, e.g. { "prompt": "…" }');
        const model = request.model.trim();
        const body = JSON.stringify({ model, input: request.input, ...callBack });
        return { family, path: family.createPath, body, model };
    }
    if (request.model !== undefined) {
        throw new TypeError(`createTask: model is for market models (jobs/createTask). A ${family.name} task is { family: ` +
            `"${family.name}", input } where input is the whole request body of ${family.createPath}, with the ` +
            'model inside it when the family has one, e.g. { "prompt": "…", "model": "…" }.');
    }
    checkInput(request.input, `the request body of ${family.createPath} as an object, e.g. { "prompt": "…" }`);
    const own = request.input.callBackUrl;
    if (request.callBackUrl !== undefined && own !== undefined && own !== request.callBackUrl) {
        throw new TypeError('createTask: callBackUrl is given twice, in input and beside it, with different values.');
    }
    const model = typeof request.input.model === 'string' && request.input.model ? request.input.model : family.name;
    // The input IS the body: nothing is added but callBackUrl when given.
    const body = JSON.stringify({ ...request.input, ...callBack });
    return { family, path: family.createPath, body, model };
}
function checkInput(input, expected) {
    if (!(0,json/* isJsonObject */.OW)(input))
        throw new TypeError(`createTask: input must be ${expected}.`);
}
/** Sends the create; resolves with the task ID. */
async function createTask(request, context, options = {}) {
    const { family, path, body, model } = prepareCreate(request);
    const { signal } = options;
    const named = { model, family: family.name };
    for (let retry = 1;; retry++) {
        const settle = await context.limiter.acquire(signal);
        // From here on an abort may cut a request kie.ai has received; before, nothing was sent.
        if (signal?.aborted) {
            settle();
            throw (0,abort/* abortError */.vt)(signal.reason);
        }
        const sentAt = new Date();
        let error;
        try {
            const response = await (0,http/* send */.t)(context.fetch, {
                url: `${context.baseUrl}${path}`,
                method: 'POST',
                headers: { ...context.headers, 'content-type': 'application/json' },
                body,
                signal,
                timeoutMs: context.requestTimeoutMs,
                maxResponseBytes: context.maxResponseBytes,
            }).finally(settle);
            try {
                // kie.ai's text is untrusted and could echo the key back: it goes nowhere unredacted.
                return readTaskId(context.redact(response.text), response.status, response.retryAfterMs, family);
            }
            catch (caught) {
                error = caught;
            }
        }
        catch (caught) {
            error = caught;
            if (error.name === 'AbortError') {
                throw new errors/* CreateOutcomeUnknownError */.dr({
                    ...named,
                    sentAt,
                    happened: error.cause instanceof abort/* DeadlineReached */.h_
                        ? 'no answer before the deadline'
                        : 'no answer before it was cancelled',
                    cause: error,
                });
            }
        }
        if (error instanceof errors/* KieApiError */.GT && error.kind === 'rate-limited') {
            // Dropped by kie.ai: nothing exists. The limiter holds every create until the window frees.
            context.limiter.throttled(error.retryAfterMs);
            if (retry > context.retry.maxRetries)
                throw error;
            options.onRetry?.({ ...named, error, retry, delayMs: error.retryAfterMs ?? 0 });
            continue;
        }
        if (error instanceof errors/* KieNetworkError */.KO && error.neverSent) {
            if (retry > context.retry.maxRetries)
                throw error;
            const delayMs = (0,retry_policy/* backoffDelay */.EY)(retry, context.retry);
            options.onRetry?.({ ...named, error, retry, delayMs });
            await (0,abort/* sleep */.yy)(delayMs, signal);
            continue;
        }
        throw unknownOrFatal(error, named, sentAt, context, family);
    }
}
function readTaskId(text, httpStatus, retryAfterMs, family) {
    const envelope = (0,dist_envelope/* openEnvelope */.h)(text, {
        httpStatus,
        retryAfterMs,
        endpoint: 'create',
        createCodes: family.createCodes,
    });
    const data = envelope.data;
    const taskId = (0,json/* isJsonObject */.OW)(data) ? data.taskId : undefined;
    if (typeof taskId !== 'string' || taskId.trim() === '') {
        throw new errors/* KieParseError */.Jv('data.taskId', 'expected the created task ID');
    }
    return taskId;
}
/** A fatal refusal as it is (kie.ai's message redacted), or "may have been created" for everything else. */
function unknownOrFatal(error, named, sentAt, context, family) {
    if (error instanceof errors/* KieApiError */.GT) {
        const meaning = error.code !== null
            ? (0,code_meanings/* meaningOfEnvelopeCode */.GY)(error.code, 'create', family.createCodes)
            : (0,code_meanings/* meaningOfHttpStatus */.LK)(error.httpStatus ?? 500, 'create');
        if (meaning.disposition !== 'outcome-unknown')
            return error;
        const said = error.apiMessage ? ` ("${error.apiMessage}")` : '';
        const http = error.httpStatus !== null && error.httpStatus !== 200 ? `HTTP ${error.httpStatus}` : null;
        const what = error.code === null
            ? `HTTP ${error.httpStatus ?? 'error'}`
            : `${http ? `${http} with ` : ''}envelope code ${error.code}${said}`;
        return new errors/* CreateOutcomeUnknownError */.dr({
            ...named,
            sentAt,
            happened: `${what}: ${meaning.advice.replace(/\.$/, '')}`,
            cause: error,
        });
    }
    const happened = error instanceof errors/* KieNetworkError */.KO
        ? error.code === 'TIMEOUT'
            ? error.message.replace(/^no answer from \S+/, 'no answer')
            : `no answer (${error.message.replace(/^request to \S+ failed: /, '')})`
        : error instanceof errors/* KieParseError */.Jv
            ? `an answer without a task ID (${error.message})`
            : `an unexpected error (${error.message})`;
    return new errors/* CreateOutcomeUnknownError */.dr({
        ...named,
        sentAt,
        happened: context.redact(happened),
        cause: error,
    });
}
//# sourceMappingURL=create.js.map
;// CONCATENATED MODULE: ../core/dist/create-limiter.js
/**
 * The create limiter: one per KieClient, shared by every createTask it sends. kie.ai allows 20 creates per 10 s per
 * key and answers 429 beyond that, dropping the request (kie-api.md §13), so creates wait here for a free slot in a
 * sliding window instead of being sent and refused. Waiting is first come, first served, and abortable.
 */

// Our times are not kie.ai's arrival times: a later request may travel faster than the one leaving the window,
// so a slot frees a little after the window says.
const MARGIN_MS = 250;
/**
 * A sliding-window limiter over creates, each counted from when its answer came back (from its start until then):
 * kie.ai received the request no later than it answered, so however slow the way there (a loaded machine, a slow
 * network), a slot never frees before kie.ai's own window does.
 */
class CreateLimiter {
    maxRequests;
    windowMs;
    starts = [];
    queue = [];
    blockedUntil = 0;
    timer;
    constructor(options = {}) {
        this.maxRequests = Math.max(1, Math.floor(options.maxRequests ?? 20));
        this.windowMs = Math.max(1, options.windowMs ?? 10_000);
    }
    /**
     * Resolves when a create may start (and counts it) with `settle`, to call once its answer (or failure) is back;
     * rejects with an AbortError when `signal` aborts first.
     */
    acquire(signal) {
        if (signal?.aborted)
            return Promise.reject((0,abort/* abortError */.vt)(signal.reason));
        return new Promise((resolve, reject) => {
            const waiter = {
                unsubscribe: undefined,
                grant: (settle) => {
                    waiter.unsubscribe?.();
                    resolve(settle);
                },
            };
            if (signal) {
                waiter.unsubscribe = (0,abort/* onAbort */.u7)(signal, () => {
                    const index = this.queue.indexOf(waiter);
                    if (index >= 0)
                        this.queue.splice(index, 1);
                    this.pump();
                    reject((0,abort/* abortError */.vt)(signal.reason));
                });
            }
            this.queue.push(waiter);
            this.pump();
        });
    }
    /**
     * kie.ai refused a create for the rate (another process may share the key): no create starts before
     * `retryAfterMs` (or, without one, before the oldest start leaves the window).
     */
    throttled(retryAfterMs) {
        const now = Date.now();
        const until = retryAfterMs !== null
            ? now + retryAfterMs
            : this.starts.length > 0
                ? this.starts[0].at + this.windowMs + MARGIN_MS
                : now + MARGIN_MS;
        this.blockedUntil = Math.max(this.blockedUntil, until);
        this.pump();
    }
    /** The create's answer is back: its slot counts from now, and the window stays ordered by time. */
    settle(slot) {
        slot.at = Math.max(slot.at, Date.now());
        this.starts.sort((a, b) => a.at - b.at);
        this.pump();
    }
    pump() {
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timer = undefined;
        while (this.queue.length > 0) {
            const now = Date.now();
            const window = this.windowMs + MARGIN_MS;
            while (this.starts.length > 0 && this.starts[0].at <= now - window)
                this.starts.shift();
            let wait = Math.max(0, this.blockedUntil - now);
            if (this.starts.length >= this.maxRequests) {
                wait = Math.max(wait, this.starts[this.starts.length - this.maxRequests].at + window - now);
            }
            if (wait > 0) {
                this.timer = setTimeout(() => this.pump(), wait);
                return;
            }
            const slot = { at: now };
            this.starts.push(slot);
            this.queue.shift().grant(() => this.settle(slot));
        }
    }
}
//# sourceMappingURL=create-limiter.js.map
// EXTERNAL MODULE: ../core/dist/timer-limit.js
var timer_limit = __nccwpck_require__(9371);
;// CONCATENATED MODULE: ../core/dist/check-options.js

/**
 * Returns `value` when it is a number that `rule` allows.
 * @throws {TypeError} naming the option, what it must be and what it was.
 */
function checkNumber(value, name, rule = {}) {
    if (typeof value === 'number' && allowed(value, rule))
        return value;
    const shown = typeof value === 'number' ? String(value) : typeof value;
    throw new TypeError(`${name} must be ${describe(rule)}, got ${shown}.`);
}
function allowed(value, rule) {
    if (Number.isNaN(value))
        return false;
    if (value === Number.POSITIVE_INFINITY)
        return rule.infinity === true;
    if (!Number.isFinite(value))
        return false;
    if (rule.integer && !Number.isInteger(value))
        return false;
    if (rule.min !== undefined && (rule.aboveMin ? value <= rule.min : value < rule.min))
        return false;
    return rule.max === undefined || value <= rule.max;
}
function describe(rule) {
    const parts = [rule.integer ? 'a whole number' : 'a finite number'];
    if (rule.min !== undefined)
        parts.push(rule.aboveMin ? `greater than ${rule.min}` : `at least ${rule.min}`);
    if (rule.max !== undefined)
        parts.push(`${rule.min === undefined ? '' : 'and '}at most ${rule.max}`);
    if (rule.unit)
        parts.push(`(${rule.unit})`);
    return parts.join(' ') + (rule.infinity ? ', or Infinity' : '');
}
/** Checks an optional value: `undefined` passes. */
function checkOptional(value, name, rule) {
    if (value !== undefined)
        checkNumber(value, name, rule);
}
const POSITIVE_MS = { min: 0, aboveMin: true, unit: 'milliseconds' };
const NON_NEGATIVE_MS = { min: 0, unit: 'milliseconds' };
/** The numeric options of KieClient's constructor. @throws {TypeError} naming the first bad one. */
function checkClientNumbers(options) {
    checkOptional(options.requestTimeoutMs, 'requestTimeoutMs', { ...POSITIVE_MS, max: timer_limit/* MAX_TIMER_MS */._ });
    checkOptional(options.maxResponseBytes, 'maxResponseBytes', { min: 0, aboveMin: true, unit: 'bytes' });
    checkRetryNumbers(options.retry);
    checkOptional(options.createRateLimit?.maxRequests, 'createRateLimit.maxRequests', {
        min: 1,
        integer: true,
    });
    checkOptional(options.createRateLimit?.windowMs, 'createRateLimit.windowMs', {
        ...POSITIVE_MS,
        max: timer_limit/* MAX_TIMER_MS */._,
    });
}
/** The numeric options of a wait (`waitForTask`, `waitForTasks`, `generate`). @throws {TypeError} naming the first bad one. */
function checkWaitNumbers(options) {
    // Timers cannot run longer than 2^31-1 ms: a longer finite deadline would silently be none.
    checkOptional(options.timeoutMs, 'timeoutMs', { ...POSITIVE_MS, max: timer_limit/* MAX_TIMER_MS */._, infinity: true });
    const { interval } = options;
    if (typeof interval === 'number')
        checkNumber(interval, 'interval', { ...POSITIVE_MS, max: timer_limit/* MAX_TIMER_MS */._ });
    else if (Array.isArray(interval)) {
        interval.forEach((step, i) => {
            checkNumber(step?.untilMs, `interval[${i}].untilMs`, { ...NON_NEGATIVE_MS, infinity: true });
            checkNumber(step?.intervalMs, `interval[${i}].intervalMs`, { ...POSITIVE_MS, max: timer_limit/* MAX_TIMER_MS */._ });
        });
    }
    else if (interval !== undefined && interval !== 'auto') {
        throw new TypeError(`interval must be 'auto', a number of milliseconds or a ramp, got ${typeof interval}.`);
    }
    checkOptional(options.jitter, 'jitter', { min: 0, max: 1 });
    checkOptional(options.notVisibleGraceMs, 'notVisibleGraceMs', { ...NON_NEGATIVE_MS, infinity: true });
    checkRetryNumbers(options.retry);
    checkOptional(options.concurrency, 'concurrency', { min: 1, integer: true });
    checkOptional(options.maxRequestsPerSecond, 'maxRequestsPerSecond', {
        min: 0,
        aboveMin: true,
        unit: 'requests per second',
    });
}
function checkRetryNumbers(retry) {
    if (retry === undefined)
        return;
    checkOptional(retry.maxRetries, 'retry.maxRetries', { min: 0, integer: true });
    checkOptional(retry.baseDelayMs, 'retry.baseDelayMs', { ...NON_NEGATIVE_MS, max: timer_limit/* MAX_TIMER_MS */._ });
    checkOptional(retry.maxDelayMs, 'retry.maxDelayMs', { ...NON_NEGATIVE_MS, max: timer_limit/* MAX_TIMER_MS */._ });
}
//# sourceMappingURL=check-options.js.map
// EXTERNAL MODULE: ../core/dist/auto-family.js
var auto_family = __nccwpck_require__(6534);
// EXTERNAL MODULE: ../core/dist/query.js + 1 modules
var dist_query = __nccwpck_require__(5427);
;// CONCATENATED MODULE: ../core/dist/typical-durations.js
/**
 * How long kie.ai tasks typically take, by model or by kind: the prior the learned cadence starts from before the
 * task itself (its progress) or its siblings (finished tasks of the same model) say more. Each entry is a log-normal
 * belief — a median and a spread (the standard deviation of ln duration) — and says where its number comes from.
 * A model matched by nothing here falls back to kie.ai's ramp until siblings teach the cadence something.
 */
const LOGGED = 'kie-api.md §13: durations in bodies logged from the live API by public clients';
/** Specific models first; the kinds (image, video, music) after them catch the rest of their family. */
const TYPICAL_DURATIONS = [
    { match: /^z-image/i, medianMs: 6_000, spread: 0.2, source: `${LOGGED} (z-image 5–7 s)` },
    {
        match: /nano-banana/i,
        medianMs: 14_000,
        spread: 0.35,
        source: `${LOGGED} (nano-banana-2-lite 14 s)`,
    },
    { match: /seedream/i, medianMs: 37_000, spread: 0.4, source: `${LOGGED} (seedream 5 lite i2i 37 s)` },
    { match: /^veo3(_|-|\.1)?fast/i, medianMs: 61_000, spread: 0.3, source: `${LOGGED} (veo3_fast 61 s)` },
    {
        match: /seedance/i,
        medianMs: 208_000,
        spread: 0.35,
        source: `${LOGGED} (seedance-2, 5 s at 720p, 208 s)`,
    },
    {
        match: /gpt-image/i,
        medianMs: 240_000,
        spread: 0.6,
        source: `${LOGGED} (a GPT Image 2 image-to-image task took over 300 s)`,
    },
    // Kinds: broad beliefs, so a wrong guess costs little; measured = the spread of the logged durations above.
    {
        match: /video|veo|kling|sora|hailuo|wan[-/]|runway|aleph|luma|seedance/i,
        medianMs: 120_000,
        spread: 0.8,
        source: `measured: videos in ${LOGGED} took 61–208 s; kie.ai's Veo quickstart: "usually takes a few minutes"`,
    },
    {
        match: /suno|music|song|audio|sound|mp4|wav|vocal|midi/i,
        medianMs: 90_000,
        spread: 0.7,
        source: 'measured: Suno tasks in public client logs take 1–3 minutes (unverified on kie.ai pages)',
    },
    {
        match: /image|banana|flux|imagen|ideogram|recraft|qwen|midjourney|mj|seedream|grok-imagine/i,
        medianMs: 15_000,
        spread: 0.8,
        source: `measured: images in ${LOGGED} took 5–37 s (one over 300 s)`,
    },
];
// Model IDs are untrusted text: only the start of one is looked at.
const MAX_MODEL_CHARS = 200;
/** The typical duration of `model` (or of `family` when the record names no model), or null when unknown. */
function typicalDuration(model, family) {
    for (const key of [model, family]) {
        if (!key)
            continue;
        const text = key.slice(0, MAX_MODEL_CHARS);
        const row = TYPICAL_DURATIONS.find((entry) => entry.match.test(text));
        if (row)
            return row;
    }
    return null;
}
//# sourceMappingURL=typical-durations.js.map
;// CONCATENATED MODULE: ../core/dist/pacing.js
/**
 * The learned poll cadence (`interval: 'auto'`): poll densely where a task is likely to finish and sparsely where
 * it is not, spending no more requests than kie.ai's ramp would.
 *
 * What is known about a task becomes a belief about its duration (log-normal, from its creation): the progress
 * kie.ai reports (extrapolated where it moves), else what finished siblings of the same model took in this batch,
 * combined with the built-in table of typical durations (typical-durations.ts). Given a belief, polls are spread
 * with density ∝ √hazard — the optimal inspection schedule for a detection delay paid per second and a cost per
 * request (Keller, "Optimum checking schedules", 1974) — scaled so the expected number of requests matches what
 * kie.ai's ramp would make. Guard rails, whatever the belief:
 * - never two polls of one task closer than {@link MIN_POLL_GAP_MS};
 * - a budget: the n-th poll waits until kie.ai's ramp would have made n polls (on average) by that age, so at every
 *   moment of a task's life the requests made are at most the ramp's;
 * - no gap longer than a few ramp intervals, in case the belief is wrong;
 * - no belief (an unknown model and nothing learned yet), or a task that has outlived its belief: the ramp itself.
 * Runtime-free and a pure function of the observations and the task's age, so it is tested without timers.
 */


/** The per-task floor: no two polls of one task closer than this. */
const MIN_POLL_GAP_MS = 2_000;
// No gap longer than this many ramp intervals at the task's age: a wrong belief costs at most this much lag.
const MAX_GAP_RAMP_INTERVALS = 3;
// A belief the task has outlived (less than this chance it is still running) is dropped.
const EXHAUSTED = 0.02;
const OVERDUE_FACTOR = 1.3;
const OVERDUE_SPREAD = 0.4;
// Siblings of one model in one batch usually differ by ±20 % (ln-spread) before their own spread is measured.
const SIBLING_SPREAD = 0.2;
const GRID = 96;
/** How many polls kie.ai's ramp makes (on average, after the first) by the time a task is `ageMs` old. */
function guidanceBudget(ageMs) {
    let polls = 0;
    let from = 0;
    for (const step of DEFAULT_CADENCE) {
        const until = Math.min(ageMs, step.untilMs);
        if (until > from)
            polls += (until - from) / step.intervalMs;
        if (ageMs <= step.untilMs)
            break;
        from = step.untilMs;
    }
    return polls;
}
/** The age at which kie.ai's ramp has made `polls` polls after the first: the inverse of {@link guidanceBudget}. */
function guidanceAge(polls) {
    let left = Math.max(0, polls);
    let from = 0;
    for (const step of DEFAULT_CADENCE) {
        const span = step.untilMs - from;
        const inBand = span / step.intervalMs;
        if (left <= inBand)
            return from + left * step.intervalMs;
        left -= inBand;
        from = step.untilMs;
    }
    return Number.POSITIVE_INFINITY;
}
/**
 * When to poll next, for a task `ageMs` old that has been polled `polls` times, given a belief about its duration
 * (null: none). Pure: the same inputs give the same plan.
 */
function planNextPoll(ageMs, polls, belief) {
    const age = Math.max(0, ageMs);
    const ramp = { delayMs: baseInterval('auto', age), planned: false };
    if (!belief || !(belief.medianMs > 0) || !(belief.spread > 0))
        return ramp;
    let mu = Math.log(belief.medianMs);
    let sigma = belief.spread;
    const survivalAt = (t) => (t <= 0 ? 1 : 1 - normalCdf((Math.log(t) - mu) / sigma));
    let alive = survivalAt(age);
    if (alive < EXHAUSTED) {
        // The task has outlived its belief: it is late, not lost. Expect it within the next half of its age or so.
        mu = Math.log(age * OVERDUE_FACTOR);
        sigma = Math.max(sigma, OVERDUE_SPREAD);
        alive = survivalAt(age);
    }
    // Plan up to where the task is all but surely done.
    const end = Math.exp(mu + sigma * normalQuantile(1 - 0.01 * alive));
    const step = (end - age) / GRID;
    if (!(step > 0))
        return ramp;
    // Requests the ramp would make (beyond those made) if the task ends as believed — the first poll, one every
    // interval, and on average half an interval's worth past the end — and √hazard on a grid.
    let budget = 1.5 - polls;
    let weight = 0;
    const root = [];
    const survival = [];
    for (let i = 0; i < GRID; i++) {
        const t = age + (i + 0.5) * step;
        const s = survivalAt(t) / alive;
        const f = lognormalDensity(t, mu, sigma) / alive;
        budget += guidanceBudget(t) * f * step;
        const h = s > 1e-9 ? f / s : 0;
        root.push(Math.sqrt(h));
        survival.push(s);
        weight += Math.sqrt(h) * s * step;
    }
    budget += guidanceBudget(end) * 0.01;
    // Density c·√h spends c·weight requests while the task runs, plus the one that sees it done. Where the floor
    // caps the density, the requests saved go to the rest of the window (a few rounds of water-filling).
    const spend = Math.max(0, budget - 1);
    let scale = weight > 0 ? spend / weight : 0;
    for (let round = 0; round < 4 && scale > 0; round++) {
        let capped = 0;
        let free = 0;
        for (let i = 0; i < GRID; i++) {
            const d = scale * root[i];
            if (d >= 1 / MIN_POLL_GAP_MS)
                capped += (survival[i] * step) / MIN_POLL_GAP_MS;
            else
                free += root[i] * survival[i] * step;
        }
        if (free <= 0 || capped >= spend)
            break;
        scale = (spend - capped) / free;
    }
    let next = end;
    let spent = 0;
    for (let i = 0; i < GRID; i++) {
        const density = Math.min(scale * root[i], 1 / MIN_POLL_GAP_MS);
        if (spent + density * step >= 1) {
            next = age + i * step + (1 - spent) / density;
            break;
        }
        spent += density * step;
    }
    next = Math.min(next, age + MAX_GAP_RAMP_INTERVALS * baseInterval('auto', age));
    next = Math.max(next, age + MIN_POLL_GAP_MS, guidanceAge(polls));
    return { delayMs: next - age, planned: true };
}
/**
 * Where moving progress says the task ends (its age then), or null: the last reading against an earlier, lower one
 * (or against 0 % at creation when there is only one).
 */
function progressEnd(samples) {
    const last = samples.at(-1);
    if (!last || !(last.percent > 0) || last.percent >= 100)
        return null;
    const first = samples.find((s) => s.percent < last.percent) ?? { ageMs: 0, percent: 0 };
    const rate = (last.percent - first.percent) / (last.ageMs - first.ageMs);
    if (!(rate > 0) || !Number.isFinite(rate))
        return null;
    return last.ageMs + (100 - last.percent) / rate;
}
/**
 * Combines a prior (the table's, or none) with durations measured in this batch: a normal update of the log-mean,
 * with the siblings' own spread once there are enough of them to measure it. Siblings still running (`runningMs`:
 * their ages) are censored observations — the first to finish are the quick ones, and a belief from them alone would
 * expect every sibling too early — so each counts as its expected log-duration given that it is still running (and
 * that expectation's variance), refined over a few rounds (EM for a censored normal).
 */
function beliefFromSiblings(prior, durationsMs, runningMs = []) {
    const logs = durationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
    if (logs.length === 0)
        return prior;
    const censored = runningMs.filter((a) => a > 0 && Number.isFinite(a)).map(Math.log);
    let belief = fitLogNormal(prior, logs, []);
    for (let round = 0; round < 3 && censored.length > 0; round++) {
        const mu = Math.log(belief.medianMs);
        const sigma = belief.spread;
        const imputed = censored.map((c) => {
            // The normal's mean and variance above c: the inverse Mills ratio λ.
            const z = Math.min((c - mu) / sigma, 8);
            const tail = Math.max(1 - normalCdf(z), 1e-12);
            const lambda = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / tail;
            return { mean: mu + sigma * lambda, variance: sigma ** 2 * Math.max(0, 1 + z * lambda - lambda ** 2) };
        });
        belief = fitLogNormal(prior, logs, imputed);
    }
    return belief;
}
function fitLogNormal(prior, logs, imputed) {
    const k = logs.length + imputed.length;
    const mean = (logs.reduce((a, b) => a + b, 0) + imputed.reduce((a, b) => a + b.mean, 0)) / k;
    const squares = logs.reduce((a, x) => a + (x - mean) ** 2, 0) +
        imputed.reduce((a, x) => a + (x.mean - mean) ** 2 + x.variance, 0);
    // Shrunk towards the usual spread: two measurements do not make a spread.
    const within = Math.min(1, Math.max(0.05, Math.sqrt((2 * SIBLING_SPREAD ** 2 + squares) / (2 + k - 1))));
    let mu = mean;
    let variance = within ** 2 / k;
    if (prior) {
        const priorPrecision = 1 / prior.spread ** 2;
        const precision = priorPrecision + k / within ** 2;
        mu = (Math.log(prior.medianMs) * priorPrecision + (mean * k) / within ** 2) / precision;
        variance = 1 / precision;
    }
    return { medianMs: Math.exp(mu), spread: Math.sqrt(variance + within ** 2) };
}
/** What one wait (one task or a batch) learns as its tasks finish: the durations of each model. */
class PaceBook {
    #finished = new Map();
    // Tasks still running, with their model key and the age they were last seen at.
    #running = new Map();
    /** Starts pacing one task of this batch. */
    track(hint) {
        return new TaskPace(this, hint);
    }
    /** Durations measured so far for a model key. */
    durations(key) {
        return this.#finished.get(key) ?? [];
    }
    /** The ages of the other tasks of a model key still running, when last seen. */
    running(key, except) {
        const ages = [];
        for (const [pace, seen] of this.#running)
            if (pace !== except && seen.key === key)
                ages.push(seen.ageMs);
        return ages;
    }
    /** Notes that a task of `key` was still running at `ageMs` (null: it is not running any more). */
    seen(pace, key, ageMs) {
        if (ageMs === null)
            this.#running.delete(pace);
        else
            this.#running.set(pace, { key, ageMs });
    }
    /** Records one finished task's duration. */
    learn(key, durationMs) {
        if (!(durationMs > 0) || !Number.isFinite(durationMs))
            return;
        const list = this.#finished.get(key) ?? [];
        list.push(durationMs);
        this.#finished.set(key, list);
    }
}
// Model IDs are untrusted: a bounded key.
const MAX_KEY_CHARS = 200;
/** The pace of one task: what it has reported, turned into its next poll. */
class TaskPace {
    #book;
    #family;
    #model;
    #progress = [];
    #finished = false;
    constructor(book, hint) {
        this.#book = book;
        this.#family = hint.family;
        this.#model = hint.model ?? null;
    }
    get #key() {
        return `${this.#family}:${this.#model ?? ''}`.slice(0, MAX_KEY_CHARS);
    }
    /** Takes in one record, seen when the task was `ageMs` old; a success teaches its siblings. */
    observe(record, ageMs) {
        this.#family = record.family;
        if (record.model)
            this.#model = record.model;
        if (record.progress !== null && Number.isFinite(record.progress)) {
            const last = this.#progress.at(-1);
            // Only changes carry information about the rate.
            if (!last || last.percent !== record.progress)
                this.#progress.push({ ageMs, percent: record.progress });
        }
        if (record.status === 'success' && !this.#finished) {
            this.#finished = true;
            const created = record.createTime?.getTime();
            const completed = record.completeTime?.getTime();
            const measured = created !== undefined && completed !== undefined && completed > created ? completed - created : ageMs;
            this.#book.learn(this.#key, measured);
        }
        this.#book.seen(this, this.#key, record.status === 'pending' ? ageMs : null);
    }
    /** The belief the next poll is planned from, or null (the ramp). */
    belief(ageMs) {
        const end = progressEnd(this.#progress);
        const last = this.#progress.at(-1);
        if (end !== null && last && end > ageMs) {
            // Extrapolation sharpens as the task nears its end.
            return { medianMs: end, spread: 0.08 + 0.2 * (1 - last.percent / 100) };
        }
        const prior = typicalDuration(this.#model, this.#family);
        return beliefFromSiblings(prior, this.#book.durations(this.#key), this.#book.running(this.#key, this));
    }
    /** When to poll next: the task is `ageMs` old and has been polled `polls` times. */
    next(ageMs, polls) {
        return planNextPoll(ageMs, polls, this.belief(ageMs));
    }
}
function lognormalDensity(t, mu, sigma) {
    if (t <= 0)
        return 0;
    const z = (Math.log(t) - mu) / sigma;
    return Math.exp(-0.5 * z * z) / (t * sigma * Math.sqrt(2 * Math.PI));
}
/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z) {
    const x = Math.abs(z) / Math.SQRT2;
    const t = 1 / (1 + 0.3275911 * x);
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
/** Φ⁻¹(p) by bisection on {@link normalCdf}: 60 halvings of [-9, 9] are exact to double precision. */
function normalQuantile(p) {
    let low = -9;
    let high = 9;
    for (let i = 0; i < 60; i++) {
        const mid = (low + high) / 2;
        if (normalCdf(mid) < p)
            low = mid;
        else
            high = mid;
    }
    return (low + high) / 2;
}
//# sourceMappingURL=pacing.js.map
;// CONCATENATED MODULE: ../core/dist/scheduler.js
/**
 * One scheduler shared by every request of a wait (or of many waits): it decides which request starts next and when.
 *
 * - Order: the request whose poll has been due longest goes first (ties: arrival order), so a retry keeps its place
 *   and no task starves.
 * - Rate: starts are spaced evenly (`1 / rate` apart) and never exceed `rate` within any window, because kie.ai
 *   answers 429 beyond a sliding-window limit it does not publish. The rate adapts like the AWS SDK's adaptive retry
 *   mode (a CUBIC congestion controller, RFC 8312): it doubles quickly while the demand exceeds it and nothing was
 *   rejected (a batch lasts seconds, additive increase would be too slow); on a 429 it drops to a fraction of the
 *   *measured* admitted rate (the starts the server accepted in the window before the rejected one), then grows back
 *   along a cubic curve that flattens near that rate, so probing above it — the only source of 429s — is rare.
 *   The rate only ever caps the demand: it grows only while requests wait on it, so it never creates traffic, and
 *   only while the tasks' cadence or a backlog asks for more, not for one burst (see {@link BACKLOG_MS}): a small
 *   batch's first polls go out at the starting rate (5 a second) instead of probing above it for a 429.
 * - Slots sit on a grid `1 / rate` apart (a timer that fires late does not push every later start back). The count
 *   per window takes each request from the latest moment the server can have seen it, over a window a little longer
 *   than the server's: the way to the server varies.
 * - Concurrency follows latency (enough in flight to sustain the rate), so it never becomes the cap.
 */


const REAL_CLOCK = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle),
};
// The default ceiling, per second: above what 200 tasks on kie.ai's fastest band ask for (80/s), low enough that a
// tiny interval cannot flood. The start rate is low because slow start finds a higher limit within a second.
const DEFAULT_MAX_RATE = 100;
const INITIAL_RATE = 5;
/**
 * The rate grows only for demand: the tasks' own cadence asking for more than it allows (the sum of each task's
 * requests a second, from the gap it will leave before its next poll), or a backlog — a queue that stays busy longer than this, counting the
 * time it has been busy and the time what waits in it will take at the current rate. A shorter one is a burst — the
 * first polls of a batch, all due at once — that drains before any task polls again (kie.ai's ramp polls a young task
 * every 2.5 s), so speeding it up would buy nothing and probing the limit for it would cost a 429: the first polls of
 * a dozen tasks on the ramp (4.8 a second) go out at the starting rate.
 */
const BACKLOG_MS = 2_500;
// The way to the server and back need not take the same time (estimates of when the server saw a request can be a
// little early): requests are counted over a window this much longer than the server's, so requests spaced exactly at
// its limit do not arrive a hair too close together.
const WINDOW_GUARD_MS = 20;
// After a 429 the rate drops to BETA × the measured admitted rate (AWS SDK uses 0.7; the measurement is good, so
// less margin is needed), and the cubic curve takes K seconds of waiting demand to climb back to it: at least
// CUBIC_K_S, and at least PROBE_EVERY requests' worth, since each climb past the limit costs about one 429
// (so a low limit is probed less often in time, and rejections stay near 1 in PROBE_EVERY).
const BETA = 0.9;
const CUBIC_K_S = 8;
const PROBE_EVERY = 75;
// …but a tiny measured rate must not take minutes to climb back.
const MAX_K_S = 20;
// Slow start: the rate doubles every this many ms of waiting demand, or every two round trips if longer (TCP
// doubles per round trip; waiting for two lets the first 429 arrive before the rate has overshot far).
const DOUBLING_MS = 250;
const MIN_RATE = 0.1;
/** Shares request capacity between tasks, adapting the request rate to the server's limit. */
class Scheduler {
    fixedConcurrency;
    ceiling;
    windowMs;
    adaptive;
    rate;
    slowStart = true;
    // Cubic state: the rate at the last decrease, and seconds of waiting demand since.
    wMax = 0;
    cubicS = 0;
    cubicK = CUBIC_K_S;
    // Requests the server admitted in the window before its last 429.
    windowAdmitted = 0;
    lastDecreaseAt = Number.NEGATIVE_INFINITY;
    latencyMs;
    // The quickest round trip seen: an answer comes at least half of it after the server counted the request.
    minLatencyMs = Number.POSITIVE_INFINITY;
    active = 0;
    seq = 0;
    queue = [];
    starts = [];
    // The slot the last start took on the grid of 1 / rate (not when it happened: a late timer is not carried forward).
    lastSlot = Number.NEGATIVE_INFINITY;
    // What the tasks ask for, by stream key.
    streams = new Map();
    // Set while the head of the queue waits for the rate (not for a slot or a cool-down): growth is measured then.
    rateBoundSince;
    // Since when the queue has not been empty: how long a backlog has lasted.
    backlogSince;
    timer;
    clock;
    constructor(options = {}) {
        this.fixedConcurrency = options.concurrency === undefined ? undefined : Math.max(1, options.concurrency);
        this.windowMs = Math.max(1, options.windowMs ?? 1_000);
        this.adaptive = options.adaptive ?? true;
        this.clock = options.clock ?? REAL_CLOCK;
        this.ceiling =
            options.maxRequests === undefined
                ? this.adaptive
                    ? DEFAULT_MAX_RATE
                    : Number.POSITIVE_INFINITY
                : Math.max(MIN_RATE, (options.maxRequests * 1_000) / this.windowMs);
        this.rate = this.adaptive
            ? Math.min(this.ceiling, Math.max(MIN_RATE, options.initialRate ?? INITIAL_RATE))
            : this.ceiling;
    }
    /** The current request rate, per second. */
    get requestsPerSecond() {
        return this.rate;
    }
    /** Requests allowed in flight now. */
    get concurrency() {
        if (this.fixedConcurrency !== undefined)
            return this.fixedConcurrency;
        // Little's law: rate × latency are in flight on average; twice that leaves room for slow answers.
        const latency = this.latencyMs ?? 100;
        return Math.min(256, Math.max(4, Math.ceil((2 * this.rate * latency) / 1_000) + 1));
    }
    /**
     * Runs `fn` when its turn comes: a free slot, the rate allows, no cool-down. `fn` gets a {@link RequestSlot} to
     * report a 429 with. Accepts a signal as the second argument, for compatibility.
     */
    async run(fn, options) {
        const opts = options instanceof AbortSignal ? { signal: options } : (options ?? {});
        const start = await this.acquire(opts);
        const slot = { startedAt: start.at, throttled: () => this.throttled(start) };
        try {
            return await fn(slot);
        }
        finally {
            start.answeredAt = this.clock.now();
            this.observeLatency(start.answeredAt - start.at);
            this.active -= 1;
            this.pump();
        }
    }
    acquire(options) {
        const { signal } = options;
        if (signal?.aborted)
            return Promise.reject((0,abort/* abortError */.vt)(signal.reason));
        return new Promise((resolve, reject) => {
            const waiter = {
                dueAt: options.dueAt ?? this.clock.now(),
                seq: this.seq++,
                stream: options.stream && this.joinStream(options.stream.key, options.stream.intervalMs),
                unsubscribe: undefined,
                grant: (start) => {
                    waiter.unsubscribe?.();
                    resolve(start);
                },
            };
            if (signal) {
                waiter.unsubscribe = (0,abort/* onAbort */.u7)(signal, () => {
                    const index = this.queue.indexOf(waiter);
                    if (index >= 0)
                        this.queue.splice(index, 1);
                    if (waiter.stream)
                        this.leaveStream(waiter.stream);
                    this.pump();
                    reject((0,abort/* abortError */.vt)(signal.reason));
                });
            }
            this.enqueue(waiter);
            this.pump();
        });
    }
    // Sorted by (dueAt, seq); binary search, since most arrivals are due now and land near the end.
    enqueue(waiter) {
        let low = 0;
        let high = this.queue.length;
        while (low < high) {
            const mid = (low + high) >>> 1;
            const other = this.queue[mid];
            if (other.dueAt < waiter.dueAt || (other.dueAt === waiter.dueAt && other.seq < waiter.seq))
                low = mid + 1;
            else
                high = mid;
        }
        this.queue.splice(low, 0, waiter);
    }
    // Grants as many queued requests as the limits allow; otherwise arms one timer for the earliest change.
    pump() {
        this.clearTimer();
        while (this.queue.length > 0 && this.active < this.concurrency) {
            const now = this.clock.now();
            const rateWait = this.rateDelay(now);
            if (rateWait > 0) {
                this.rateBoundSince ??= now;
                this.backlogSince ??= now;
                // Capped: longer timers fire at once in Node (a tiny rate would spin); pump() re-arms if needed.
                this.timer = this.clock.setTimeout(() => this.pump(), Math.min(rateWait, timer_limit/* MAX_TIMER_MS */._));
                return;
            }
            this.grow(now);
            const waiter = this.queue.shift();
            if (waiter.stream)
                this.leaveStream(waiter.stream);
            const start = { at: now, rejected: false };
            this.starts.push(start);
            this.prune(now);
            this.active += 1;
            // On the grid while the queue keeps the rate busy; a start after a pause longer than a slot begins a new grid.
            const slot = this.lastSlot + 1_000 / this.rate;
            this.lastSlot = now - slot < 1_000 / this.rate ? slot : now;
            waiter.grant(start);
        }
        if (this.queue.length === 0)
            this.backlogSince = undefined;
    }
    // How long until the rate allows a start: even spacing at the rate, and never more admitted starts in one window
    // than the server admitted before its last 429 (its window is still full of them: a start now would be rejected
    // too). So a 429 holds the others back only until one admitted request leaves the window, not for a Retry-After.
    // The window counts each request from the latest moment the server can have seen it, not from its start: a first
    // request slowed by opening the connection reaches the server late, and the sixth of five a second sent 1 s after
    // it would reach the server less than 1 s after it.
    rateDelay(now) {
        const spacing = Math.max(0, this.lastSlot + 1_000 / this.rate - now);
        const cap = Math.max(1, Math.ceil((this.rate * this.windowMs) / 1_000 - 1e-9), this.windowAdmitted);
        const admitted = [];
        // Rejected starts count too: some servers count every arrival, and then a retry into a window full of
        // rejections would be rejected again (and again).
        const span = this.windowMs + WINDOW_GUARD_MS;
        // A request started now reaches the server half the quickest round trip from now, at the earliest.
        const arrives = now + this.halfTripMs();
        for (const start of this.starts) {
            const seenBy = this.seenBy(start, now);
            if (seenBy > arrives - span)
                admitted.push(seenBy);
        }
        if (admitted.length < cap)
            return spacing;
        admitted.sort((a, b) => b - a);
        // admitted is newest first: once the cap-th newest leaves, there is room for one more.
        return Math.max(spacing, admitted[cap - 1] + span - arrives);
    }
    joinStream(key, intervalMs) {
        let stream = this.streams.get(key);
        if (!stream) {
            stream = { intervalMs, waiting: 0, lastAt: this.clock.now() };
            this.streams.set(key, stream);
        }
        stream.intervalMs = Math.max(1, intervalMs);
        stream.waiting += 1;
        return stream;
    }
    leaveStream(stream) {
        stream.waiting -= 1;
        stream.lastAt = this.clock.now();
    }
    // Requests a second the streams ask for, each at its cadence while it keeps to it (one neither waiting nor back
    // within two of its intervals has finished, and is forgotten).
    demand(now) {
        let perSecond = 0;
        for (const [key, stream] of this.streams) {
            if (stream.waiting === 0 && now - stream.lastAt > 2 * stream.intervalMs)
                this.streams.delete(key);
            else
                perSecond += 1_000 / stream.intervalMs;
        }
        return perSecond;
    }
    // The latest the server can have counted a request: half the quickest round trip before its answer, or before now
    // while it is in flight (now itself before any answer has come: nothing is known of the way yet).
    seenBy(start, now) {
        return Math.max(start.at, (start.answeredAt ?? now) - this.halfTripMs());
    }
    halfTripMs() {
        return Number.isFinite(this.minLatencyMs) ? this.minLatencyMs / 2 : 0;
    }
    // Grows the rate by the time the queue waited on it since the last start.
    grow(now) {
        const since = this.rateBoundSince;
        this.rateBoundSince = undefined;
        if (!this.adaptive || since === undefined || this.rate >= this.ceiling)
            return;
        // A burst that drains before anyone polls again is no reason to probe for more (see BACKLOG_MS): the backlog is
        // how long the queue has been busy plus how long the requests behind this one will take at the current rate.
        const backlogMs = now - (this.backlogSince ?? since) + ((this.queue.length - 1) * 1_000) / this.rate;
        if (backlogMs <= BACKLOG_MS && this.demand(now) <= this.rate)
            return;
        const dtMs = Math.min(now - since, 1_000);
        if (this.slowStart) {
            const doubling = Math.max(DOUBLING_MS, 2 * (this.latencyMs ?? 0));
            this.rate *= 2 ** (dtMs / doubling);
        }
        else {
            this.cubicS += dtMs / 1_000;
            // Relative CUBIC (C scaled by wMax): the same shape, in seconds, whatever the limit.
            const t = this.cubicS - this.cubicK;
            this.rate = Math.max(this.rate, this.wMax * (1 + ((1 - BETA) * t ** 3) / this.cubicK ** 3));
        }
        this.rate = Math.min(this.rate, this.ceiling);
    }
    throttled(start) {
        if (start.rejected)
            return;
        start.rejected = true;
        // Requests that started before the last decrease were sent at the old rate: one decrease per congestion event.
        if (!this.adaptive || start.at < this.lastDecreaseAt)
            return;
        const now = this.clock.now();
        // The admitted rate: what the server accepted in the window before it rejected this one.
        let admitted = 0;
        for (const s of this.starts)
            if (!s.rejected && s.at >= start.at - this.windowMs && s.at < start.at)
                admitted++;
        const measured = (admitted * 1_000) / this.windowMs;
        if (now - this.lastDecreaseAt < this.windowMs) {
            // The same congestion event (the server's window has not turned over): refine, do not compound. Each 429
            // in it bounds the limit by what was admitted before it.
            this.windowAdmitted = Math.min(this.windowAdmitted, admitted);
            this.wMax = Math.max(MIN_RATE, Math.min(this.wMax, measured));
            this.rate = Math.max(MIN_RATE, Math.min(this.rate, this.wMax * BETA));
        }
        else {
            this.windowAdmitted = admitted;
            this.wMax = Math.min(this.ceiling, measured > 0 ? Math.min(measured, this.rate) : this.rate);
            this.rate = Math.max(MIN_RATE, this.wMax * BETA);
            this.lastDecreaseAt = now;
        }
        this.slowStart = false;
        this.cubicS = 0;
        this.cubicK = Math.max(CUBIC_K_S, Math.min(PROBE_EVERY / this.wMax, MAX_K_S));
        this.pump();
    }
    observeLatency(ms) {
        this.minLatencyMs = Math.min(this.minLatencyMs, ms);
        this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs * 0.8 + ms * 0.2;
    }
    // Keeps two windows of starts: the admitted-rate measurement looks back one window from a start up to a round trip old.
    prune(now) {
        const keepFrom = now - 2 * this.windowMs - (this.latencyMs ?? 0);
        let drop = 0;
        while (drop < this.starts.length - 1 && (this.starts[drop].answeredAt ?? now) < keepFrom)
            drop++;
        if (drop > 0)
            this.starts.splice(0, drop);
    }
    clearTimer() {
        if (this.timer !== undefined)
            this.clock.clearTimeout(this.timer);
        this.timer = undefined;
    }
}
//# sourceMappingURL=scheduler.js.map
// EXTERNAL MODULE: ../core/dist/redact.js
var redact = __nccwpck_require__(23);
// EXTERNAL MODULE: ../core/dist/client-settings.js
var client_settings = __nccwpck_require__(6619);
;// CONCATENATED MODULE: ../core/dist/outcome.js
/**
 * How a wait ended, for every task: the one model `waitForTask` and `waitForTasks` resolve with, like
 * `Promise.allSettled`. A task succeeded, failed (kie.ai's `fail`), timed out, was stopped by an API error, or was
 * cancelled — always with the last record seen, the polls made and the time waited. Presenters (the Action's log,
 * outputs, summary and comment; the CLI's progress, `--json` and exit codes) all read this, so they cannot disagree.
 */


/**
 * For callers who want an exception: the record kie.ai finished the task with (`success` or `failed` — a failed
 * generation is kie.ai's answer, not an error), or the outcome's error thrown: WaitTimeoutError, the API error, or
 * the AbortError.
 * @example
 * const record = recordOrThrow(await kie.waitForTask(taskId));
 */
function recordOrThrow(outcome) {
    if (outcome.kind === 'success' || outcome.kind === 'fail')
        return outcome.record;
    throw outcome.error;
}
/** Turns how a wait ended into its outcome: by the record's status, or by the error's kind. */
function settleOutcome(end) {
    const { taskId, attempts, waitedMs, record, error } = end;
    const base = { taskId, attempts, waitedMs };
    if (error === null && record && record.status !== 'pending') {
        return record.status === 'success'
            ? { ...base, kind: 'success', record, error: null }
            : { ...base, kind: 'fail', record, error: null };
    }
    const why = error ?? new Error(`The wait for task ${taskId} ended without a final state`);
    if (why instanceof errors/* WaitTimeoutError */.Do)
        return { ...base, kind: 'timeout', record: why.lastRecord ?? record, error: why };
    if ((0,abort/* isAbortError */.zf)(why))
        return { ...base, kind: 'cancelled', record, error: why };
    return { ...base, kind: 'error', record, error: why };
}
//# sourceMappingURL=outcome.js.map
;// CONCATENATED MODULE: ../core/dist/wait.js
/** Polling one task until it is done: cadence, the not-visible grace window, the deadline and aborts. */






/**
 * Polls until the task is terminal and resolves with the terminal record. Every sleep and request ends when
 * `query.signal` aborts; an abort caused by the deadline becomes a WaitTimeoutError carrying the last record, the
 * elapsed time and the poll count. `seen` is kept up to date as it goes.
 */
async function pollUntilDone(taskId, query, settings, startedAt = Date.now(), seen = { attempts: 0, record: null }) {
    let polls = 0;
    let lastRecord = null;
    let lastError;
    let candidates = settings.probe ? [...settings.probe] : null;
    const context = {
        ...query,
        onRetry: (event) => {
            lastError = event.error;
            query.onRetry?.(event);
        },
    };
    // When each poll became due: the shared scheduler serves the most overdue poll first.
    let dueAt = Date.now();
    // The gap before the next poll, told to the scheduler as this task's demand: the ramp's first until one is chosen.
    let cadenceMs = Math.max(baseInterval(settings.interval, 0), context.family.minPollIntervalMs ?? 0);
    const pace = settings.pacing?.book.track({ family: context.family.name, model: settings.pacing.model });
    try {
        // A model known from the create call: no need to ask before it can be done.
        const first = settings.pacing?.model ? pace?.next(Date.now() - startedAt, 0) : undefined;
        if (first?.planned) {
            dueAt += first.delayMs;
            await (0,abort/* sleep */.yy)(first.delayMs, query.signal);
        }
        for (;;) {
            polls += 1;
            seen.attempts = polls;
            const pollContext = { ...context, dueAt, cadenceMs };
            // Until a probe finds the family, each poll is a round over the candidates.
            const outcome = candidates
                ? await (0,auto_family/* probeRound */.r)(taskId, pollContext, candidates)
                : await (0,dist_query/* queryTask */.e)(taskId, pollContext);
            const polledAt = Date.now();
            const elapsedMs = polledAt - startedAt;
            lastError = undefined;
            if (outcome.kind === 'record') {
                lastRecord = outcome.record;
                seen.record = lastRecord;
                pace?.observe(lastRecord, taskAgeMs(lastRecord.createTime, polledAt, elapsedMs));
                if (candidates) {
                    context.family = (0,families/* getFamily */.nq)(lastRecord.family);
                    candidates = null;
                }
                settings.onProgress?.({ taskId, attempt: polls, elapsedMs, record: lastRecord });
                if (lastRecord.status !== 'pending')
                    return lastRecord;
            }
            else {
                // Right after createTask the record may not exist yet; the grace window starts at the first poll.
                if (elapsedMs >= settings.notVisibleGraceMs)
                    throw outcome.error;
                lastError = outcome.error;
                settings.onProgress?.({
                    taskId,
                    attempt: polls,
                    elapsedMs,
                    record: lastRecord,
                    notVisible: outcome.error,
                });
            }
            // The ramp follows the task's age, not the wait's: a task re-attached long after creation is in the slow band.
            const now = Date.now();
            const age = taskAgeMs(lastRecord?.createTime ?? null, now, now - startedAt);
            const plan = pace?.next(age, polls) ?? {
                delayMs: baseInterval(settings.interval, age),
                planned: false,
            };
            // A planned poll is placed where the task is likely to end: jitter would only add lag.
            const interval = plan.planned ? plan.delayMs : jittered(plan.delayMs, settings.jitter, query.random);
            const delay = Math.max(interval, context.family.minPollIntervalMs ?? 0);
            cadenceMs = delay;
            dueAt = now + delay;
            await (0,abort/* sleep */.yy)(delay, query.signal);
        }
    }
    catch (error) {
        if ((0,abort/* isDeadlineAbort */.jd)(error)) {
            throw new errors/* WaitTimeoutError */.Do({ taskId, lastRecord, elapsedMs: Date.now() - startedAt, polls, lastError });
        }
        throw error;
    }
}
//# sourceMappingURL=wait.js.map
;// CONCATENATED MODULE: ../core/dist/client.js
/** KieClient: the public entry point for querying and waiting. */




















const DEFAULT_BASE_URL = 'https://api.kie.ai';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
// Account-level failures: once one task sees them, every other task would too.
const STOPS_EVERYONE = new Set(['auth', 'credits', 'usage-limit', 'forbidden', 'disabled']);
/** A kie.ai API client. Holds no timers or connections between calls. */
class KieClient {
    /** The API origin requests go to (no trailing slash). */
    baseUrl;
    // A private field: the key stays out of console.log, JSON.stringify and error objects.
    #headers;
    #fetch;
    #requestTimeoutMs;
    #retry;
    #maxResponseBytes;
    // Removes the key from every API-derived string the client puts into an error (a server may echo it back).
    #redactor;
    #createLimiter;
    constructor(options) {
        const problem = (0,client_settings/* apiKeyProblem */.VW)(options.apiKey);
        if (problem)
            throw new TypeError(`KieClient: apiKey ${problem}`);
        checkClientNumbers(options);
        this.#redactor = new redact/* Redactor */.p([options.apiKey.trim()]);
        this.baseUrl = (0,client_settings/* checkBaseUrl */.xd)(options.baseUrl ?? DEFAULT_BASE_URL);
        const fetchImpl = options.fetch ?? globalThis.fetch;
        if (typeof fetchImpl !== 'function')
            throw new TypeError('KieClient: no fetch available; pass options.fetch.');
        this.#fetch = fetchImpl;
        this.#headers = { authorization: `Bearer ${options.apiKey.trim()}`, accept: 'application/json' };
        if (options.userAgent)
            this.#headers['user-agent'] = options.userAgent;
        this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
        this.#retry = (0,retry_policy/* resolveRetry */.lz)(options.retry);
        this.#createLimiter = new CreateLimiter(options.createRateLimit);
        this.#maxResponseBytes = options.maxResponseBytes ?? http/* DEFAULT_MAX_RESPONSE_BYTES */.f;
    }
    // Every public method's errors leave through here, so none carries the key whatever kie.ai echoed.
    async #guard(work) {
        try {
            return await work();
        }
        catch (error) {
            throw this.#redactor.redactError(error);
        }
    }
    // The caller's callbacks see redacted errors too.
    #redactedCallbacks(options) {
        const { onRetry, onProgress } = options;
        const redactor = this.#redactor;
        return {
            ...(onRetry
                ? { onRetry: (event) => onRetry({ ...event, error: redactor.redactError(event.error) }) }
                : {}),
            ...(onProgress
                ? {
                    onProgress: (event) => onProgress(event.notVisible ? { ...event, notVisible: redactor.redactError(event.notVisible) } : event),
                }
                : {}),
        };
    }
    /**
     * Creates a task and resolves with its ID: a market model's (`POST /api/v1/jobs/createTask`, `{ model, input }`)
     * or a dedicated family's (`{ family: 'veo', input }`, POSTed to the family's create endpoint with the input as the
     * body). Never sends the same create twice unless nothing can exist: only a 429 (kie.ai dropped it) and a
     * connection that was never established are retried. Every create of this client, whatever the family, waits for
     * a slot in one shared window (20 per 10 s by default).
     * @throws {CreateOutcomeUnknownError} when the request may have reached kie.ai but no task ID came back.
     * @throws {KieApiError} when kie.ai refused it (422 unknown model or validation, 401, 402 credits, 433, 455, 505, …).
     * @throws {TypeError} for a bad request, before anything is sent.
     * @throws AbortError when `options.signal` aborts before the request is sent.
     */
    async createTask(request, options = {}) {
        const redactor = this.#redactor;
        const onRetry = options.onRetry;
        return this.#guard(() => createTask(request, {
            fetch: this.#fetch,
            baseUrl: this.baseUrl,
            headers: this.#headers,
            requestTimeoutMs: this.#requestTimeoutMs,
            maxResponseBytes: this.#maxResponseBytes,
            retry: this.#retry,
            limiter: this.#createLimiter,
            redact: (text) => redactor.redact(text),
        }, {
            ...options,
            ...(onRetry
                ? { onRetry: (event) => onRetry({ ...event, error: redactor.redactError(event.error) }) }
                : {}),
        }));
    }
    /**
     * Creates a task and waits for it on its family's status endpoint: {@link createTask}, then {@link waitForTask},
     * under one deadline (`timeoutMs` counts from the call). The family is `request.family` (default market). Resolves
     * with the task's outcome, as waitForTask does (`taskId` is the new task's ID).
     * @throws what createTask throws: no task exists then. A deadline or abort before the create was sent rejects
     *   with an `Error` saying nothing was created.
     */
    async generate(request, options = {}) {
        const prepared = prepareCreate(request);
        const family = prepared.family.name;
        if (options.family !== undefined && options.family !== family) {
            throw new TypeError(`generate: options.family "${options.family}" differs from the request's family "${family}"; ` +
                'set the family on the request.');
        }
        // Before the create: a wait that cannot start must not pay for a task.
        checkWaitNumbers(options);
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const startedAt = Date.now();
        const deadline = (0,abort/* linkSignals */.w4)([options.signal], timeoutMs);
        let taskId;
        try {
            taskId = await this.createTask(request, { signal: deadline.signal, onRetry: options.onCreateRetry });
        }
        catch (error) {
            if (error instanceof Error && error.name === 'AbortError' && error.cause instanceof abort/* DeadlineReached */.h_) {
                throw new Error(`Timed out after ${(0,duration/* formatMs */._V)(timeoutMs)} before the createTask request could be sent: nothing was created.`);
            }
            throw error;
        }
        finally {
            deadline.dispose();
        }
        options.onCreated?.(taskId);
        const left = Number.isFinite(timeoutMs) ? Math.max(1, timeoutMs - (Date.now() - startedAt)) : timeoutMs;
        // A fresh task answers "not visible" for a while; waitForTask's grace window covers it. The model paces it.
        return this.#waitForOne(taskId, { ...options, family, timeoutMs: left }, prepared.model);
    }
    /**
     * Queries a task once (retrying transient failures). A generation failure (envelope 501/408/451) resolves with
     * a failed record.
     * @throws {KieApiError} for request and account problems, including 404/422 (no grace window here).
     */
    async getTask(taskId, options = {}) {
        checkTaskId(taskId);
        return this.#guard(async () => {
            const context = this.#queryContext(options.family, new Scheduler(), options.signal, {});
            const outcome = options.family === auto_family/* AUTO_FAMILY */.X
                ? await (0,auto_family/* probeRound */.r)(taskId, context, [...(0,families/* allFamilies */.qS)()])
                : await (0,dist_query/* queryTask */.e)(taskId, context);
            if (outcome.kind === 'not-visible')
                throw outcome.error;
            return outcome.record;
        });
    }
    /**
     * Waits until the task is settled and resolves with its outcome: `success` or `fail` with the terminal record;
     * `timeout` (a WaitTimeoutError) when `timeoutMs` passes first; `error` for request and account problems (401,
     * 402, 404/422 after the grace window, …); `cancelled` when `options.signal` aborts. Every outcome carries the
     * last record seen, the polls made and the time waited. Use {@link recordOrThrow} to get an exception instead.
     * @throws {TypeError | RangeError} only for invalid arguments (an empty task ID, a bad `timeoutMs`).
     */
    async waitForTask(taskId, options = {}) {
        return this.#waitForOne(taskId, options, undefined);
    }
    async #waitForOne(taskId, options, model) {
        const [outcome] = await this.#waitAll([taskId], options, new Scheduler({ concurrency: 1 }), model);
        return outcome;
    }
    /**
     * Waits for several tasks through one shared scheduler: the most overdue poll goes first, and the request rate
     * adapts to the server's limit (a 429 lowers it for everyone and pauses no one). Resolves with one outcome per
     * task, in input order, like `Promise.allSettled`: a failed task, the deadline or an abort of `options.signal`
     * settle the tasks still waiting, they never reject. An authentication or account error stops every task.
     * @throws {TypeError | RangeError} only for invalid arguments.
     */
    async waitForTasks(taskIds, options = {}) {
        checkWaitNumbers(options);
        const scheduler = new Scheduler({
            ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
            ...(options.maxRequestsPerSecond === undefined ? {} : { maxRequests: options.maxRequestsPerSecond }),
            windowMs: 1_000,
        });
        return this.#waitAll(taskIds, options, scheduler);
    }
    /**
     * Reads the account's remaining credits (`GET /api/v1/chat/credit`); also a cheap check of the key.
     * @throws {KieApiError} on a rejected key or any other API error.
     */
    async getCredits(options = {}) {
        return this.#guard(() => this.#readCredits(options.signal));
    }
    async #readCredits(signal) {
        const response = await (0,http/* send */.t)(this.#fetch, {
            url: `${this.baseUrl}/api/v1/chat/credit`,
            headers: this.#headers,
            signal,
            timeoutMs: this.#requestTimeoutMs,
            maxResponseBytes: this.#maxResponseBytes,
        });
        const envelope = (0,dist_envelope/* openEnvelope */.h)(response.text, { httpStatus: response.status });
        if (envelope.disposition !== 'ok' || typeof envelope.data !== 'number') {
            throw new errors/* KieParseError */.Jv('data', 'expected the number of credits');
        }
        return envelope.data;
    }
    /**
     * Asks kie.ai for a fresh, temporary link (valid about 20 minutes) to a file it generated
     * (`POST /api/v1/common/download-url`): the way to fetch a result whose link has expired.
     * @throws {KieApiError} e.g. 422 for a URL kie.ai did not generate, 401 for a rejected key.
     * @throws {KieParseError} when the answer carries no http(s) link.
     */
    async getDownloadUrl(url, options = {}) {
        return this.#guard(() => this.#freshLink(url, options.signal));
    }
    async #freshLink(url, signal) {
        const response = await (0,http/* send */.t)(this.#fetch, {
            url: `${this.baseUrl}/api/v1/common/download-url`,
            method: 'POST',
            headers: { ...this.#headers, 'content-type': 'application/json' },
            body: JSON.stringify({ url }),
            signal,
            timeoutMs: this.#requestTimeoutMs,
            maxResponseBytes: this.#maxResponseBytes,
        });
        const envelope = (0,dist_envelope/* openEnvelope */.h)(response.text, { httpStatus: response.status });
        const link = envelope.data;
        if (envelope.disposition !== 'ok' || typeof link !== 'string' || !/^https?:\/\//i.test(link)) {
            throw new errors/* KieParseError */.Jv('data', 'expected an http(s) download link');
        }
        return link;
    }
    async #waitAll(taskIds, options, scheduler, model) {
        taskIds.forEach(checkTaskId);
        checkWaitNumbers(options);
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const startedAt = Date.now();
        // One signal for the group: the caller's abort, the deadline, or an account error seen by any task.
        const group = (0,abort/* linkSignals */.w4)([options.signal], timeoutMs);
        const callbacks = this.#redactedCallbacks(options);
        const interval = options.interval ?? 'auto';
        const settings = {
            interval,
            // 'auto' learns: one book for the whole batch, so siblings of a model pace each other.
            pacing: interval === 'auto' ? { book: new PaceBook(), model } : undefined,
            jitter: options.jitter ?? DEFAULT_JITTER,
            notVisibleGraceMs: options.notVisibleGraceMs ?? 90_000,
            onProgress: callbacks.onProgress,
            probe: options.family === auto_family/* AUTO_FAMILY */.X ? (0,families/* allFamilies */.qS)() : undefined,
        };
        const context = this.#queryContext(options.family, scheduler, group.signal, { ...options, ...callbacks });
        let stopper;
        try {
            return await Promise.all(taskIds.map(async (taskId) => {
                const seen = { attempts: 0, record: null };
                const end = (error) => settleOutcome({ taskId, ...seen, waitedMs: Date.now() - startedAt, error });
                try {
                    seen.record = await pollUntilDone(taskId, context, settings, startedAt, seen);
                    return end(null);
                }
                catch (error) {
                    if (error instanceof errors/* KieApiError */.GT && STOPS_EVERYONE.has(error.kind) && !stopper) {
                        stopper = error;
                        group.abort(error);
                    }
                    const reported = stopper && isAbortBy(error, stopper) ? stopper : toError(error);
                    return end(this.#redactor.redactError(reported));
                }
            }));
        }
        finally {
            group.dispose();
        }
    }
    #queryContext(family, scheduler, signal, options) {
        return {
            fetch: this.#fetch,
            baseUrl: this.baseUrl,
            headers: this.#headers,
            family: (0,families/* getFamily */.nq)(family === auto_family/* AUTO_FAMILY */.X ? undefined : family),
            requestTimeoutMs: this.#requestTimeoutMs,
            maxResponseBytes: this.#maxResponseBytes,
            retry: options.retry ? (0,retry_policy/* resolveRetry */.lz)({ ...this.#retry, ...options.retry }) : this.#retry,
            scheduler,
            signal: signal ?? new AbortController().signal,
            random: Math.random,
            onRetry: options.onRetry,
        };
    }
}
function toError(error) {
    return error instanceof Error ? error : new Error(String(error));
}
function isAbortBy(error, reason) {
    return error instanceof Error && error.name === 'AbortError' && error.cause === reason;
}
function checkTaskId(taskId) {
    if (typeof taskId !== 'string' || taskId.trim() === '')
        throw new TypeError('Task ID is empty.');
}
//# sourceMappingURL=client.js.map
;// CONCATENATED MODULE: ../node-io/dist/download/refresh.js
/**
 * Fresh links for expired results, through the core's `KieClient.getDownloadUrl`
 * (`POST /api/v1/common/download-url`, links valid about 20 minutes). The API key goes to kie.ai only — never to
 * the file host.
 */

/**
 * Returns a `refresh` function for `downloadResults`/`downloadFile` that asks kie.ai for a fresh link.
 * It rejects with core's `KieApiError` (e.g. 422 for URLs kie.ai did not generate, 401 for a bad key),
 * `KieNetworkError`, or `KieParseError` when the answer has no http(s) link.
 */
function createDownloadUrlRefresher(options) {
    const client = new KieClient(options);
    return (url, signal) => client.getDownloadUrl(url, { signal });
}
//# sourceMappingURL=refresh.js.map
;// CONCATENATED MODULE: ../node-io/dist/wait-session/history.js
/** State changes kept per task; later ones replace the last (a server could change state on every poll). */
const MAX_CHANGES_PER_TASK = 50;
/** Every task's history, in input order. Feed it every {@link WaitProgress}. */
class WaitHistory {
    /** Epoch ms when the wait started: progress times are counted from it. */
    startedAt;
    #tasks;
    constructor(taskIds, startedAt = Date.now()) {
        this.startedAt = startedAt;
        this.#tasks = new Map(taskIds.map((taskId) => [taskId, { taskId, changes: [], last: null, polls: 0, finishedAt: null }]));
    }
    /** Notes a poll; returns the record seen before it (null for the first). */
    observe(progress) {
        const task = this.#tasks.get(progress.taskId);
        if (!task)
            return null;
        const previous = task.last;
        // Core stops polling a finished task; anything after its end is not part of its life.
        if (task.finishedAt !== null)
            return previous;
        task.polls += 1;
        const { record } = progress;
        if (!record || progress.notVisible)
            return previous;
        task.last = record;
        const at = this.startedAt + progress.elapsedMs;
        if (record.status !== 'pending' && task.finishedAt === null)
            task.finishedAt = at;
        if (task.changes.at(-1)?.record.state !== record.state) {
            if (task.changes.length >= MAX_CHANGES_PER_TASK)
                task.changes.pop();
            task.changes.push({ at, record });
        }
        return previous;
    }
    /** The last record seen of a task, or null. */
    lastSeen(taskId) {
        return this.#tasks.get(taskId)?.last ?? null;
    }
    /** The histories, in input order. */
    tasks() {
        return [...this.#tasks.values()];
    }
}
//# sourceMappingURL=history.js.map
;// CONCATENATED MODULE: ../node-io/dist/wait-session/session.js
/**
 * One wait, run the same way for the GitHub Action and the CLI: the client from options, one history of every task
 * ({@link WaitHistory}), each task's results downloaded as soon as it succeeds, and the outcomes core settles. The
 * faces only present what this returns (run.ts in the Action, commands/wait.ts in the CLI).
 */



/**
 * Builds the client and the link refresher from one set of options.
 * @throws {TypeError} for a key or base URL the client refuses (see core's client-settings checks)
 */
function connect(options) {
    const settings = {
        apiKey: options.apiKey,
        baseUrl: options.baseUrl,
        userAgent: options.userAgent,
        ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    return {
        client: new KieClient({
            ...settings,
            ...(options.retry ? { retry: options.retry } : {}),
            ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        }),
        refresh: createDownloadUrlRefresher(settings),
        ...(options.fetch ? { fetch: options.fetch } : {}),
    };
}
/** Waits for every task, downloading as they succeed, and settles. Rejects only for invalid options. */
async function runWaitSession(options) {
    const { taskIds, connection } = options;
    const history = new WaitHistory(taskIds);
    const signal = options.wait.signal;
    const downloads = options.downloads ? new Downloads(options.downloads, connection, taskIds, signal) : null;
    const outcomes = await connection.client.waitForTasks(taskIds, {
        ...options.wait,
        onProgress: (progress) => {
            const previous = history.observe(progress);
            options.onProgress?.(progress, previous, history);
            const { record } = progress;
            if (record?.status === 'success')
                downloads?.add(progress.taskId, record.resultUrls);
        },
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
    // After a cancel with no download started there is nothing to report, as before any task succeeded.
    const report = downloads && (!signal?.aborted || downloads.started) ? await downloads.finish(outcomes) : null;
    return { outcomes, history, downloads: report };
}
/** The downloads of one session: each task queued once, in order, after `prepare`. */
class Downloads {
    #options;
    #connection;
    // Each task's place in the input, for sorting the report: a Map, so a batch of thousands sorts in n log n.
    #order;
    #signal;
    #queued = new Set();
    #arrived = [];
    #failed = [];
    #queue = null;
    #prepared = null;
    #unusableFolder = null;
    // Adds run in order, each after `prepare`; a folder that cannot be used stops every add.
    #chain = Promise.resolve();
    constructor(options, connection, taskIds, signal) {
        this.#options = options;
        this.#connection = connection;
        this.#order = new Map(taskIds.map((id, i) => [id, i]));
        this.#signal = signal;
    }
    /** True once a task was queued. */
    get started() {
        return this.#queued.size > 0;
    }
    add(taskId, resultUrls) {
        if (this.#queued.has(taskId))
            return;
        this.#queued.add(taskId);
        this.#chain = this.#chain
            .then(async () => {
            if (this.#unusableFolder !== null)
                return;
            await this.#prepare();
            if (this.#signal?.aborted)
                return;
            const queue = await this.#open();
            this.#options.onQueued?.(taskId, resultUrls);
            queue.add({ taskId, resultUrls });
        })
            .catch((error) => {
            this.#unusableFolder ??= error instanceof Error ? error : new Error(String(error));
        });
    }
    /** Queues every successful task not seen yet, waits for every download, and reports. */
    async finish(outcomes) {
        for (const o of outcomes)
            if (o.kind === 'success')
                this.add(o.taskId, o.record.resultUrls);
        await this.#chain;
        const report = (stopped) => ({
            files: this.#arrived.sort((a, b) => this.#compare(a, b)),
            failures: this.#failed.sort((a, b) => this.#compare(a, b)),
            stopped,
            unusableFolder: this.#unusableFolder,
        });
        if (this.#unusableFolder !== null)
            return report(null);
        try {
            await this.#prepare();
        }
        catch (error) {
            this.#unusableFolder = error instanceof Error ? error : new Error(String(error));
            return report(null);
        }
        try {
            await (await this.#open()).done();
            return report(null);
        }
        catch (error) {
            if (!(error instanceof Error && error.name === 'AbortError'))
                throw error;
            const reason = this.#signal?.reason;
            return report(reason instanceof Error ? reason.message : 'the run was cancelled');
        }
    }
    #prepare() {
        return (this.#prepared ??= this.#options.prepare?.() ?? Promise.resolve());
    }
    // Opened at the first task: a deadline counted from then (the CLI's --download-timeout) starts there. The
    // downloader is loaded only then, so a wait without downloads never pays for it.
    #open() {
        return (this.#queue ??= __nccwpck_require__.e(/* import() */ 703).then(__nccwpck_require__.bind(__nccwpck_require__, 703)).then(({ startResultDownloads }) => startResultDownloads({
            dir: this.#options.dir,
            maxBytes: this.#options.maxBytes,
            deadline: this.#options.deadline(),
            refresh: this.#connection.refresh,
            ...(this.#connection.fetch ? { fetch: this.#connection.fetch } : {}),
            ...(this.#signal ? { signal: this.#signal } : {}),
            onFile: (file) => {
                this.#arrived.push(file);
                this.#options.onFile?.(file);
            },
            onFailure: (failure) => {
                this.#failed.push(failure);
                this.#options.onFailure?.(failure);
            },
        })));
    }
    // Input order of the tasks, then the order of each task's result URLs.
    #compare(a, b) {
        return (this.#order.get(a.taskId) ?? 0) - (this.#order.get(b.taskId) ?? 0) || a.index - b.index;
    }
}
//# sourceMappingURL=session.js.map
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __nccwpck_require__(1345);
// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __nccwpck_require__(5257);
// EXTERNAL MODULE: ./src/job-summary.ts
var job_summary = __nccwpck_require__(1569);
// EXTERNAL MODULE: ./src/log.ts
var log = __nccwpck_require__(3273);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __nccwpck_require__(7553);
// EXTERNAL MODULE: ../core/dist/families/market-state.js
var market_state = __nccwpck_require__(8765);
;// CONCATENATED MODULE: ./src/progress-log.ts
/**
 * The progress log: one line per state change with the elapsed time, a heartbeat at most every 30 s while nothing
 * changes, every poll under debug. It reads the wait session's one history; it keeps no copy of its own.
 */



/** Progress (percent) a task must gain since its last line before it gets a new one. */
const PROGRESS_STEP = 10;
/** How long the log may stay silent while tasks are pending. */
const HEARTBEAT_MS = 30_000;
/** Follows the wait of one or more tasks and logs it. */
class ProgressLog {
    #logger;
    #now;
    #startedAt;
    #taskIds;
    #warned = new Set();
    #lastLineAt;
    constructor(taskIds, logger, now = Date.now) {
        this.#taskIds = taskIds;
        this.#logger = logger;
        this.#now = now;
        this.#startedAt = now();
        this.#lastLineAt = this.#startedAt;
    }
    /** Time since the wait started. */
    get elapsedMs() {
        return this.#now() - this.#startedAt;
    }
    /** Feed every WaitProgress here, once `history` has it; `previous` is the record seen before this poll. */
    onProgress(progress, previous, history) {
        const { taskId, record, attempt } = progress;
        const elapsed = (0,duration/* formatMs */._V)(progress.elapsedMs);
        if (progress.notVisible) {
            this.#logger.debug(`poll ${attempt} ${taskId}: not visible yet (${progress.notVisible.message})`);
            this.#once(`${taskId}:not-visible`, () => this.#line(`${taskId}  not visible yet (kie.ai answered ${progress.notVisible?.code ?? progress.notVisible?.httpStatus}); still asking`));
        }
        else if (record) {
            this.#logger.debug(`poll ${attempt} ${taskId}: ${record.state} after ${elapsed}`);
            const progressed = advancedBy(previous?.progress ?? null, record.progress, PROGRESS_STEP);
            if (previous?.state !== record.state || progressed)
                this.#line(`${taskId}  ${stateChangeText(record)}`);
            for (const warning of record.warnings) {
                this.#once(`${taskId}:${warning}`, () => this.#logger.warning(`Task ${taskId}: ${(0,workflow_commands/* oneLine */.T)(warning)}`));
            }
        }
        if (this.#now() - this.#lastLineAt >= HEARTBEAT_MS)
            this.#heartbeat(history);
    }
    /** Feed every RetryEvent here. */
    onRetry(event) {
        this.#line(`${event.taskId}  retry ${event.retry} in ${(0,duration/* formatMs */._V)(event.delayMs)}: ${(0,workflow_commands/* oneLine */.T)(event.error.message)}`);
    }
    #heartbeat(history) {
        const stateOf = (taskId) => {
            const record = history.lastSeen(taskId);
            return record ? (0,presentation/* stateLabel */.UH)(record) : 'not seen yet';
        };
        const pending = this.#taskIds.filter((id) => {
            const status = history.lastSeen(id)?.status;
            return status === undefined || status === 'pending';
        });
        if (pending.length === 0)
            return;
        if (pending.length === 1) {
            const id = pending[0];
            const progress = history.lastSeen(id)?.progress ?? null;
            const percent = progress === null ? '' : `, ${Math.round(progress)}%`;
            this.#line(`still waiting for ${id} (${stateOf(id)}${percent})`);
            return;
        }
        const counts = new Map();
        for (const id of pending) {
            const state = stateOf(id);
            counts.set(state, (counts.get(state) ?? 0) + 1);
        }
        const detail = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
        this.#line(`still waiting for ${pending.length} tasks: ${detail}`);
    }
    #line(text) {
        this.#lastLineAt = this.#now();
        this.#logger.info(`${(0,duration/* formatMs */._V)(this.elapsedMs).padStart(7)}  ${(0,workflow_commands/* oneLine */.T)(text)}`);
    }
    #once(key, log) {
        if (this.#warned.has(key))
            return;
        this.#warned.add(key);
        log();
    }
}
// True when `now` has gained at least `step` points since the last line; `before` is the progress last logged.
function advancedBy(before, now, step) {
    if (now === null)
        return false;
    return before === null ? false : Math.floor(now / step) > Math.floor(before / step);
}
function stateChangeText(record) {
    if (record.status === 'success') {
        const n = record.resultUrls.length;
        return `success (${n} ${n === 1 ? 'result' : 'results'})`;
    }
    if (record.status === 'failed')
        return `${(0,presentation/* failLabel */.f3)(record)}: ${record.failMsg ?? ''}`;
    // Other families' unknown states come with a record warning, logged once.
    const progress = record.progress === null ? '' : ` ${Math.round(record.progress)}%`;
    if (record.family !== 'market')
        return (0,presentation/* stateLabel */.UH)(record) + progress;
    const known = (0,market_state/* isKnownPendingState */.Iz)(record.state);
    return known
        ? record.state + progress
        : `${record.state} (state unknown to kie-task; still waiting)${progress}`;
}

// EXTERNAL MODULE: ./src/budget.ts
var budget = __nccwpck_require__(8074);
;// CONCATENATED MODULE: ./src/timeline.ts



/** Tasks drawn at most: the slowest, since they are the ones worth looking at. */
const MAX_TIMELINE_TASKS = 50;
/**
 * Characters of Mermaid source at most: under Mermaid's limit (budget.ts), with room for the fence and the note, and
 * a small part of the 1 MiB summary.
 */
const MAX_TIMELINE_CHARS = budget/* MERMAID_MAX_CHARS */.De - 10_000;
/** Longest label, in characters. */
const MAX_LABEL_CHARS = 40;
/**
 * Each task's track, in input order, from the wait session's history: the first poll that saw it pending, the first
 * that saw it generating, and the one that saw it end.
 */
function timelineTracks(history) {
    return history.map(({ taskId, changes, finishedAt }) => {
        const pending = changes.filter((change) => change.record.status === 'pending');
        return {
            taskId,
            seenAt: pending[0]?.at ?? null,
            generatingAt: pending.find((change) => isGenerating(change.record))?.at ?? null,
            finishedAt,
        };
    });
}
/** Generating, or a pending state kie-task does not know (the task exists and is not queued). */
function isGenerating(record) {
    const market = (0,market_state/* toMarketState */.de)(record);
    return market !== 'waiting' && market !== 'queuing';
}
/**
 * `#3 …c14862c`, as the summary's table names the task: our own `#`, number and `…` (no `;` can follow, so Mermaid
 * reads no entity), then the ID's characters through {@link mermaidLabel}.
 */
function rowLabel(index, taskId) {
    const short = (0,job_summary/* shortTaskId */.x6)(taskId);
    const tail = short.startsWith('…') ? `…${mermaidLabel(short.slice(1))}` : mermaidLabel(short);
    return `#${index + 1} ${tail}`;
}
/**
 * Makes untrusted text (task IDs, states from kie.ai) safe as a Mermaid gantt label or section name. This is about
 * Mermaid's syntax, not markdown: inside a ```mermaid block markdown escaping (markdown.ts) does not apply, and
 * Mermaid reads `:` (task data), `;` and newlines (end of statement), `#` (entity codes), `%%` (comments and
 * directives) and `<`/`>` (HTML labels). So only letters, digits, space and `_-.` are kept; anything else becomes
 * `_`. The result is one line, at most `maxChars` long, never empty.
 */
function mermaidLabel(text, maxChars = MAX_LABEL_CHARS) {
    const safe = text
        .replace(/[^A-Za-z0-9 _.-]/g, '_')
        .replace(/ {2,}/g, ' ')
        .trim();
    const clipped = safe.length > maxChars ? `${safe.slice(0, maxChars - 3).trimEnd()}...` : safe;
    return clipped === '' ? '_' : clipped;
}
/**
 * How each ending is drawn: the word after the label and the bar's tag, from Mermaid's own task styles (grey for
 * done, red for crit), so the chart reads in light and dark themes.
 */
const ENDINGS = {
    success: { word: 'success', tag: 'done' },
    fail: { word: 'fail', tag: 'crit' },
    timeout: { word: 'timed out', tag: 'crit' },
    error: { word: 'error', tag: 'crit' },
    cancelled: { word: 'cancelled', tag: 'crit' },
};
/**
 * Axis ticks on whole units, chosen from the chart's length: d3 otherwise picks sub-second ticks for a short run,
 * and `%H:%M:%S` repeats the same second under several of them. About 4 to 12 ticks across the chart.
 */
const TICKS = [
    { upToMs: 20_000, interval: '2second', format: '%H:%M:%S' },
    { upToMs: 60_000, interval: '5second', format: '%H:%M:%S' },
    { upToMs: 3 * 60_000, interval: '15second', format: '%H:%M:%S' },
    { upToMs: 10 * 60_000, interval: '1minute', format: '%H:%M' },
    { upToMs: 30 * 60_000, interval: '5minute', format: '%H:%M' },
    { upToMs: 2 * 3_600_000, interval: '15minute', format: '%H:%M' },
    { upToMs: 6 * 3_600_000, interval: '1hour', format: '%H:%M' },
];
/**
 * The job summary's timeline section: a heading and a ```mermaid gantt block with one row per task — a bar from
 * the poll that first saw it generating to the poll that saw it end, labelled like the table (`#3 …c14862c fail`) —
 * or '' for fewer than two tasks. Over `maxTasks` tasks (or `maxChars` of chart), only the slowest are drawn, in
 * input order, and a note says how many were left out.
 */
function renderTimeline(tracks, outcomes, options) {
    if (tracks.length < 2)
        return '';
    const maxTasks = options.maxTasks ?? MAX_TIMELINE_TASKS;
    const maxChars = options.maxChars ?? MAX_TIMELINE_CHARS;
    const kinds = new Map(outcomes.map((o) => [o.taskId, o.kind]));
    const rows = tracks.map((track, index) => ({
        track,
        index,
        start: track.generatingAt ?? track.seenAt ?? options.startedAt,
        end: track.finishedAt ?? options.endAt,
    }));
    const first = Math.min(...rows.map((row) => row.start));
    const last = Math.max(...rows.map((row) => row.end));
    const ticks = TICKS.find((t) => last - first <= t.upToMs) ?? { interval: '1day', format: '%b %d %H:%M' };
    const header = 'gantt\n  dateFormat x\n' +
        `  axisFormat ${ticks.format}\n  tickInterval ${ticks.interval}\n  todayMarker off\n`;
    // Slowest first (stable: input order among equals); then drawn in input order.
    const order = [...rows].sort((a, b) => b.end - a.end || a.index - b.index);
    const chosen = [];
    let used = header.length;
    for (const { track, index, start, end } of order) {
        if (chosen.length >= maxTasks)
            break;
        const ending = ENDINGS[kinds.get(track.taskId) ?? 'cancelled'];
        // A bar needs a length to be drawn.
        const text = `  ${rowLabel(index, track.taskId)} ${ending.word} :${ending.tag}, ${start}, ${Math.max(end, start + 1)}\n`;
        if (used + text.length > maxChars)
            continue;
        chosen.push({ index, text });
        used += text.length;
    }
    const body = chosen
        .sort((a, b) => a.index - b.index)
        .map((c) => c.text)
        .join('');
    const left = tracks.length - chosen.length;
    const note = left > 0
        ? `\n_The ${chosen.length} slowest of ${tracks.length} tasks; ${left} ${left === 1 ? 'task is' : 'tasks are'} ` +
            "left out to keep the chart readable. The step's log lists every task._\n"
        : '';
    const legend = '\n_Each bar runs from the poll that first saw the task generating to the one that saw it end; the gap before ' +
        'it is time spent waiting or queued. Grey: succeeded; red: failed, timed out or stopped._\n';
    return `\n#### Timeline\n\n\`\`\`mermaid\n${header}${body}\`\`\`\n${legend}${note}`;
}

;// CONCATENATED MODULE: ./src/run.ts
/**
 * The Action's presenter, without the runner: creates the tasks when asked, runs the wait session of
 * @kie-task/node-io (client, one history, downloads as each task succeeds, core's settled outcomes) and turns what it
 * returns into the log, the outputs, the job summary and the failure message (if the step should fail). Never
 * touches process or env.
 */










/** Waits for every task of `inputs` and reports. Rejects only on unexpected errors. */
async function run(inputs, context) {
    const { logger } = context;
    const connection = connect({
        apiKey: inputs.apiKey,
        baseUrl: inputs.baseUrl,
        userAgent: 'kie-task-action',
        fetch: context.fetch,
    });
    // One deadline for the step: creating, waiting, and downloads get what is left of it.
    const deadline = context.deadline.at;
    let taskIds = inputs.taskIds;
    let createFailure = null;
    let reattached = [];
    if (inputs.create) {
        const memory = context.rerun
            ? await openMemory(inputs, context.rerun, {
                client: connection.client,
                logger,
                signal: context.signal,
                deadline,
            })
            : null;
        const created = await createTasks(connection.client, inputs.create, logger, context.signal, deadline, memory);
        taskIds = created.taskIds;
        createFailure = created.failure;
        reattached = created.reattached;
        if (taskIds.length === 0) {
            return {
                outcomes: [],
                outputs: (0,outputs/* buildOutputs */.JZ)([], { family: inputs.family }),
                summary: '',
                failure: createFailure,
            };
        }
    }
    const progress = new ProgressLog(taskIds, logger, context.now);
    const count = taskIds.length;
    const cadence = inputs.pollInterval === 'auto' ? 'auto' : `every ${(0,duration/* formatMs */._V)(inputs.pollInterval)}`;
    const family = inputs.family === 'market' ? '' : `family ${inputs.family}, `;
    logger.info(`Waiting for ${count === 1 ? `kie.ai task ${taskIds[0]}` : `${count} kie.ai tasks`} ` +
        `(${family}timeout ${(0,duration/* formatMs */._V)(inputs.timeoutMs)}, polling ${cadence})`);
    // The downloads' presenter is loaded only when downloading: runs without downloads never pay for it.
    const downloads = inputs.download
        ? (await __nccwpck_require__.e(/* import() */ 251).then(__nccwpck_require__.bind(__nccwpck_require__, 251))).actionDownloads(inputs.download, count, deadline, logger)
        : null;
    const session = await runWaitSession({
        connection,
        taskIds,
        wait: {
            family: inputs.family,
            timeoutMs: Math.max(1, deadline - Date.now()),
            // A fixed interval means fixed: no jitter. `auto` keeps the core's ±20 %.
            ...(inputs.pollInterval === 'auto'
                ? { interval: 'auto' }
                : { interval: inputs.pollInterval, jitter: 0 }),
            ...(inputs.maxRequestsPerSecond === null ? {} : { maxRequestsPerSecond: inputs.maxRequestsPerSecond }),
            ...(context.signal ? { signal: context.signal } : {}),
        },
        downloads: downloads?.settings ?? null,
        onProgress: (event, previous, history) => progress.onProgress(event, previous, history),
        onRetry: (event) => progress.onRetry(event),
    });
    // Redacted once, raw, before any presenter escapes, serialises or clips them (a server may echo the key).
    const secrets = context.secrets ?? new log/* Secrets */.Sb();
    const cancelled = cancelReason(context.signal);
    const outcomes = session.outcomes.map((outcome) => redactOutcome(outcome, secrets, cancelled));
    const chart = renderTimeline(secrets.removeDeep(timelineTracks(session.history.tasks())), outcomes, {
        startedAt: session.history.startedAt,
        endAt: Date.now(),
    });
    logResults(outcomes, logger);
    const lines = failureLines(outcomes, inputs.failOnError, progress.elapsedMs);
    // The create's failure comes first: it is why some tasks are missing.
    const allLines = createFailure ? new Set([createFailure, ...lines]) : lines;
    let report = null;
    if (downloads && session.downloads) {
        try {
            report = downloads.report(session.downloads);
        }
        catch (error) {
            // The folder could not be used: like a bad input, this fails the step whatever fail-on-error says.
            allLines.add(error instanceof Error ? error.message : String(error));
        }
    }
    if (report)
        downloadFailures(report, inputs.failOnError, logger).forEach((line) => allLines.add(line));
    return {
        outcomes,
        outputs: (0,outputs/* buildOutputs */.JZ)(outcomes, {
            family: inputs.family,
            files: report?.files.map((file) => file.path) ?? [],
            created: inputs.create !== null,
            reattached,
        }),
        summary: (0,job_summary/* renderSummary */.Br)(outcomes, {
            family: inputs.family,
            downloads: report,
            timeline: chart,
            showPrompt: inputs.showPrompt,
            created: inputs.create !== null,
            reattached,
        }),
        failure: allLines.size > 0 ? [...allLines].join('\n') : null,
    };
}
/**
 * Opens the re-run memory (rerun/, with @actions/cache: loaded only now, so runs that only wait never pay for it).
 * Never rejects: a memory that cannot work warns once and remembers nothing.
 */
async function openMemory(inputs, site, step) {
    const create = inputs.create;
    let openRerunMemory;
    try {
        ({ openRerunMemory } = await Promise.all(/* import() */[__nccwpck_require__.e(225), __nccwpck_require__.e(618), __nccwpck_require__.e(927)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1927)));
    }
    catch (error) {
        step.logger.warning(`Re-run memory: could not load it (${(0,workflow_commands/* oneLine */.T)(error instanceof Error ? error.message : String(error))}). ` +
            'A re-run of this step may create (and pay for) its tasks again; this run goes on.');
        return null;
    }
    return openRerunMemory({
        site,
        step: {
            family: inputs.family,
            model: create.model,
            inputs: create.inputs,
            callBackUrl: create.callBackUrl,
            rerunKey: create.rerun.key,
        },
        onRerun: create.rerun.onRerun,
        ...step,
    });
}
/**
 * Creates one task per input, in order, through the client's create window. The first create that fails — fatal
 * or "may have been created" — stops the rest: they are reported as not sent, and the tasks already created are
 * still waited for. With a re-run memory, an item whose task an earlier attempt created is taken over instead, and
 * each create is remembered at once.
 */
async function createTasks(client, create, logger, signal, deadline, memory) {
    const total = create.inputs.length;
    const which = (i) => (total === 1 ? 'the task' : `task ${i + 1} of ${total}`);
    const reattached = (memory?.reattached ?? []).filter((id) => id !== null);
    const toCreate = total - reattached.length;
    const what = create.model === null ? `in family ${create.family}` : `with model ${create.model}`;
    if (toCreate > 0)
        logger.info(`Creating ${toCreate === 1 ? 'a task' : `${toCreate} tasks`} ${what}`);
    const taskIds = [];
    // The step's cancel and its deadline: a create still waiting for a slot is then never sent.
    const stop = (0,abort/* linkSignals */.w4)([signal], Math.max(0, deadline - Date.now()));
    try {
        for (const [i, input] of create.inputs.entries()) {
            const kept = memory?.reattached[i];
            if (kept) {
                taskIds.push(kept);
                continue;
            }
            try {
                const taskId = await client.createTask(create.model === null
                    ? { family: create.family, input, callBackUrl: create.callBackUrl }
                    : { model: create.model, input, callBackUrl: create.callBackUrl }, {
                    signal: stop.signal,
                    onRetry: ({ error, delayMs }) => logger.info(`Creating ${which(i)}: ${(0,workflow_commands/* oneLine */.T)(error.message)}; sending again in ${(0,duration/* formatMs */._V)(delayMs)}`),
                });
                taskIds.push(taskId);
                memory?.remember(i, taskId);
                logger.info(`Created ${which(i)}: ${taskId}`);
            }
            catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                const reason = error instanceof Error && error.name === 'AbortError'
                    ? `Stopped before creating ${which(i)}: ${stop.signal.reason instanceof abort/* DeadlineReached */.h_ ? 'the timeout passed' : 'the run was cancelled'}; it was not sent.`
                    : total === 1
                        ? `Could not create the task: ${message}`
                        : `Could not create ${which(i)}: ${message}`;
                const notSent = total - i - 1;
                const rest = total === 1
                    ? ''
                    : ` Created before it: ${taskIds.length === 0 ? 'none' : taskIds.join(', ')}.` +
                        (notSent > 0
                            ? ` Not sent: ${notSent === 1 ? `task ${total}` : `tasks ${i + 2} to ${total}`}.`
                            : '');
                if (error instanceof errors/* CreateOutcomeUnknownError */.dr)
                    logger.warning((0,workflow_commands/* oneLine */.T)(error.message));
                return { taskIds, failure: `${reason}${rest}`, reattached };
            }
        }
        return { taskIds, failure: null, reattached };
    }
    finally {
        stop.dispose();
        // Remembered before waiting: a re-run must find every task created, even if this run is then cancelled.
        await memory?.settle();
    }
}
/**
 * Failure lines for the downloads: a cancel always; each failed file (host and reason, never the signed URL) when
 * `failOnError`, else a warning per file.
 */
function downloadFailures(report, failOnError, logger) {
    const lines = [];
    if (report.stopped) {
        const saved = report.files.length;
        lines.push(`Stopped downloading: ${report.stopped}. ${saved} ${saved === 1 ? 'file was' : 'files were'} saved.`);
    }
    for (const failure of report.failures) {
        if (failOnError)
            lines.push(failure.message);
        else
            logger.warning(failure.message);
    }
    return lines;
}
/** The outcome with the run's secrets removed; a cancelled task says why the run was cancelled (SIGINT, SIGTERM). */
function redactOutcome(outcome, secrets, cancelled) {
    const error = outcome.kind === 'cancelled' && cancelled ? cancelled : outcome.error;
    return {
        ...outcome,
        taskId: secrets.remove(outcome.taskId),
        record: outcome.record && secrets.removeDeep(outcome.record),
        error: error && secrets.removeFromError(error),
    };
}
function cancelReason(signal) {
    if (!signal?.aborted)
        return null;
    return signal.reason instanceof Error ? signal.reason : new cancel/* CancelledError */.c(String(signal.reason));
}
/**
 * Why the step fails, one line per problem: API errors (with what they mean and the fix), timeouts (last state, time
 * waited), a cancel, and — when `failOnError` — failed tasks as `Task <id> failed (<failCode>): <failMsg>`.
 */
function failureLines(outcomes, failOnError, elapsedMs) {
    const lines = new Set();
    const cancelled = outcomes.filter((o) => o.kind === 'cancelled');
    if (cancelled.length > 0) {
        const reason = cancelled[0].error?.message ?? 'the run was cancelled';
        const states = cancelled
            .map((o) => `${o.taskId} ${o.record ? (0,presentation/* stateLabel */.UH)(o.record) : 'not seen yet'}`)
            .join(', ');
        lines.add(`Stopped waiting after ${(0,duration/* formatMs */._V)(elapsedMs)}: ${reason}. Last state: ${states}.`);
    }
    for (const outcome of outcomes) {
        if (outcome.kind === 'error' || outcome.kind === 'timeout')
            lines.add(outcome.error?.message ?? 'unknown error');
        if (outcome.kind === 'fail' && failOnError) {
            const record = outcome.record;
            // One line per problem: the full failMsg, line breaks included, is in the fail-msg output.
            lines.add(`Task ${outcome.taskId} failed (${record?.failCode ?? 'no code'}): ${(0,workflow_commands/* oneLine */.T)(record?.failMsg ?? 'no message')}`);
        }
    }
    return lines;
}
function logResults(outcomes, logger) {
    // Each task's final state was logged once already, when a poll saw it (progress-log.ts), and a failure is the
    // step's error: here only the result URLs, which the state line does not list.
    const withUrls = outcomes.filter((o) => (o.record?.resultUrls.length ?? 0) > 0);
    if (withUrls.length === 0)
        return;
    const urls = withUrls.reduce((n, o) => n + o.record.resultUrls.length, 0);
    const grouped = outcomes.length > 1 || urls > 3;
    if (grouped)
        logger.startGroup(`Results: ${outcomes.length} ${outcomes.length === 1 ? 'task' : 'tasks'}, ${urls} result URLs`);
    for (const outcome of withUrls) {
        logger.info(`${outcome.taskId} result URLs:`);
        for (const url of outcome.record.resultUrls)
            logger.info(`  ${(0,workflow_commands/* oneLine */.T)(url)}`);
    }
    if (grouped)
        logger.endGroup();
}


/***/ }),

/***/ 5257:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ neutralizeCommands),
/* harmony export */   T: () => (/* binding */ oneLine)
/* harmony export */ });
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5184);
/**
 * Keeping untrusted text from becoming a workflow command: one neutraliser for every line of untrusted text the Action writes, checked against
 * the runner's real parser (actions/runner `ActionCommand.TryParseV2`/`TryParse`, emulated in
 * test/runner-parser.ts). The runner treats a line as a command when
 * - after .NET's `TrimStart()` (which also removes U+0085 NEL, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 *   U+202F, U+205F, U+3000) it starts with `::`, or
 * - it contains `##[` anywhere (the legacy form; only the first occurrence counts).
 * The runner matches culture-sensitively (ICU), which skips invisible characters: a zero-width space inside `::`
 * does not break it. So the fix is a visible, non-ignorable look-alike, and the dangerous characters of core's table
 * (controls, bidi, zero-width) are replaced first.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

// .NET's Char.IsWhiteSpace set, which TrimStart removes before the runner looks for `::`.
const RUNNER_LEADING_SPACE = 
// eslint-disable-next-line no-control-regex -- VT and FF are in that set
/^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
/** U+A789 MODIFIER LETTER COLON: reads as a colon, is a letter to ICU, so `꞉:` is no command prefix. */
const COLON_LOOKALIKE = '\ua789';
/** U+FF03 FULLWIDTH NUMBER SIGN: `#＃[` reads as `##[` and is not the legacy prefix. */
const HASH_LOOKALIKE = '\uff03';
/**
 * Makes text safe for the runner's log: dangerous characters become U+FFFD; on every line that would start a
 * command, the first `:` of the leading `::` becomes a look-alike; every `##[` becomes `#＃[`. Line breaks are kept.
 */
function neutralizeCommands(text) {
    return (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .replaceDangerous */ .lu)(text)
        .split(/\r\n|\r|\n/)
        .map((line) => {
        const lead = RUNNER_LEADING_SPACE.exec(line)?.[0] ?? '';
        const rest = line.slice(lead.length);
        const safe = rest.startsWith('::') ? COLON_LOOKALIKE + rest.slice(1) : rest;
        return (lead + safe).replace(/##\[/g, `#${HASH_LOOKALIKE}[`);
    })
        .join('\n');
}
/** Collapses text to one line (`⏎` marks the breaks), for log lines that must stay one line. */
function oneLine(text) {
    return text.replace(/\r\n|\r|\n/g, ' ⏎ ');
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3960:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ core_debug),
  N4: () => (/* binding */ endGroup),
  z3: () => (/* binding */ error),
  V4: () => (/* binding */ getInput),
  pq: () => (/* binding */ info),
  _o: () => (/* binding */ isDebug),
  lm: () => (/* binding */ notice),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ core_setSecret),
  Oh: () => (/* binding */ startGroup),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, exportVariable, getBooleanInput, getIDToken, getMultilineInput, getState, group, markdownSummary, platform, saveState, setCommandEcho, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/oidc-utils.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return __awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return __awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+exec@3.0.0/node_modules/@actions/exec/lib/exec.js + 3 modules
var lib_exec = __nccwpck_require__(4363);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+core@3.0.1/node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    command_issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 4363:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec)
});

// UNUSED EXPORTS: getExecOutput

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+io@3.0.2/node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(3517);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+io@3.0.2/node_modules/@actions/io/lib/io-util.js
var io_util = __nccwpck_require__(2458);
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+exec@3.0.0/node_modules/@actions/exec/lib/toolrunner.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!io_util/* isRooted */.Qh(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield io/* which */.K7(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield io_util/* exists */.t2(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ../../node_modules/.pnpm/@actions+exec@3.0.0/node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 2458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   H8: () => (/* binding */ IS_WINDOWS),
/* harmony export */   Qh: () => (/* binding */ isRooted),
/* harmony export */   rm: () => (/* binding */ rm),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   vr: () => (/* binding */ tryGetExecutablePath)
/* harmony export */ });
/* unused harmony exports chmod, copyFile, lstat, open, readdir, rename, rmdir, stat, symlink, unlink, readlink, UV_FS_O_EXLOCK, READONLY, isDirectory, getCmdPath */
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9896);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs__WEBPACK_IMPORTED_MODULE_0__.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = path__WEBPACK_IMPORTED_MODULE_1__.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path__WEBPACK_IMPORTED_MODULE_1__.dirname(filePath);
                        const upperName = path__WEBPACK_IMPORTED_MODULE_1__.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path__WEBPACK_IMPORTED_MODULE_1__.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map

/***/ }),

/***/ 3517:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ which),
/* harmony export */   U$: () => (/* binding */ mkdirP),
/* harmony export */   Yz: () => (/* binding */ rmRF)
/* harmony export */ });
/* unused harmony exports cp, mv, findInPath */
/* harmony import */ var assert__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2613);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
/* harmony import */ var _io_util_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2458);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter(this, void 0, void 0, function* () {
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        (0,assert__WEBPACK_IMPORTED_MODULE_0__.ok)(fsPath, 'a path argument must be provided');
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .mkdir */ .Ck(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .isRooted */ .Qh(tool)) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(path__WEBPACK_IMPORTED_MODULE_1__.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return __awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function copyFile(srcFile, destFile, force) {
    return __awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map

/***/ }),

/***/ 6066:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   h_: () => (/* binding */ DeadlineReached),
/* harmony export */   jd: () => (/* binding */ isDeadlineAbort),
/* harmony export */   u7: () => (/* binding */ onAbort),
/* harmony export */   vt: () => (/* binding */ abortError),
/* harmony export */   w4: () => (/* binding */ linkSignals),
/* harmony export */   yy: () => (/* binding */ sleep),
/* harmony export */   zf: () => (/* binding */ isAbortError)
/* harmony export */ });
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9371);
/**
 * Everything about aborting, in one module: the AbortError every aborted operation rejects with, one listener per
 * signal however many wait on it, a signal linked to parents and a deadline, and the abortable sleep. Every timer
 * and listener is cleared on every path.
 */

/** Creates the error an aborted operation rejects with: `name === 'AbortError'`, the signal's reason as `cause`. */
function abortError(reason) {
    const error = new Error(reason instanceof Error && reason.message ? `Aborted: ${reason.message}` : 'The operation was aborted', { cause: reason });
    error.name = 'AbortError';
    return error;
}
/** The reason a deadline's signal aborts with (the core turns it into a WaitTimeoutError). */
class DeadlineReached extends Error {
    name = 'DeadlineReached';
}
const hubs = new WeakMap();
/**
 * Calls `callback` once when `signal` aborts (not if it has already aborted: check `aborted` first); returns the
 * unsubscribe. However many subscribe, the signal carries one listener, removed when the last subscriber leaves.
 */
function onAbort(signal, callback) {
    let hub = hubs.get(signal);
    if (!hub) {
        const callbacks = new Set();
        const fire = () => {
            hubs.delete(signal);
            for (const cb of [...callbacks])
                cb();
            callbacks.clear();
        };
        hub = { callbacks, fire };
        hubs.set(signal, hub);
        signal.addEventListener('abort', fire, { once: true });
    }
    const own = hub;
    // A fresh function per subscription, so the same callback can subscribe twice.
    const entry = () => callback();
    own.callbacks.add(entry);
    return () => {
        if (!own.callbacks.delete(entry) || own.callbacks.size > 0)
            return;
        signal.removeEventListener('abort', own.fire);
        if (hubs.get(signal) === own)
            hubs.delete(signal);
    };
}
/** Links to `parents` and, when `timeoutMs` is finite, aborts with DeadlineReached after it. */
function linkSignals(parents, timeoutMs) {
    const controller = new AbortController();
    const cleanups = [];
    for (const parent of parents) {
        if (!parent)
            continue;
        if (parent.aborted) {
            controller.abort(parent.reason);
            break;
        }
        // Through the hub: many waits sharing the caller's signal add one listener to it, not one each.
        cleanups.push(onAbort(parent, () => controller.abort(parent.reason)));
    }
    if (timeoutMs !== undefined &&
        Number.isFinite(timeoutMs) &&
        timeoutMs <= _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_TIMER_MS */ ._ &&
        !controller.signal.aborted) {
        const timer = setTimeout(() => controller.abort(new DeadlineReached()), Math.max(0, timeoutMs));
        cleanups.push(() => clearTimeout(timer));
    }
    return {
        signal: controller.signal,
        abort: (reason) => controller.abort(reason),
        dispose: () => cleanups.splice(0).forEach((cleanup) => cleanup()),
    };
}
/** True for an AbortError, ours or the runtime's. */
function isAbortError(error) {
    return error instanceof Error && error.name === 'AbortError';
}
/** True when `error` is the AbortError of a signal aborted by a deadline. */
function isDeadlineAbort(error) {
    return error instanceof Error && error.name === 'AbortError' && error.cause instanceof DeadlineReached;
}
/** Resolves after `ms` (at most ~24.8 days); rejects with an AbortError as soon as `signal` aborts. */
function sleep(ms, signal) {
    if (signal?.aborted)
        return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            unsubscribe?.();
            resolve();
        }, Math.min(Math.max(0, ms), _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_TIMER_MS */ ._));
        const unsubscribe = signal
            ? onAbort(signal, () => {
                clearTimeout(timer);
                reject(abortError(signal.reason));
            })
            : undefined;
    });
}
//# sourceMappingURL=abort.js.map

/***/ }),

/***/ 6534:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ AUTO_FAMILY),
/* harmony export */   r: () => (/* binding */ probeRound)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4713);
/* harmony import */ var _query_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5427);
/**
 * `family: 'auto'`: task IDs do not reveal their family, so ask each family's status endpoint in turn. A fresh
 * market task may answer 422 for a while, so one round of "not found" rules nothing out. An endpoint that refuses
 * the request outright (400, 403, 405, 505, …: gone, disabled, or not for this ID) is ruled out; only account
 * errors (401, 402) stop the probe. The first family that returns a record wins and is kept.
 */


/** The family name that asks for probing. */
const AUTO_FAMILY = 'auto';
// Problems with the key or the account answer the same on every endpoint: no point asking the others.
const ACCOUNT_ERRORS = new Set(['auth', 'credits']);
/** Asks every candidate once, in order; removes candidates whose endpoint refuses the request. */
async function probeRound(taskId, context, candidates) {
    let notVisible;
    let refused;
    // "Generation failed" with no record (envelope 501/408/451) does not prove the family: keep asking, and use it
    // only if no endpoint returns a real record this round.
    let bareFailure;
    for (const family of [...candidates]) {
        try {
            const outcome = await (0,_query_js__WEBPACK_IMPORTED_MODULE_0__/* .queryTask */ .e)(taskId, { ...context, family });
            if (outcome.kind === 'record' && Object.keys(outcome.record.raw).length === 0)
                bareFailure ??= outcome;
            else if (outcome.kind === 'record')
                return outcome;
            else
                notVisible ??= outcome.error;
        }
        catch (error) {
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieApiError */ .GT) || error.retryable || ACCOUNT_ERRORS.has(error.kind))
                throw error;
            refused = error;
            candidates.splice(candidates.indexOf(family), 1);
        }
    }
    if (bareFailure)
        return bareFailure;
    // Every endpoint refused: that refusal is the answer (an IP allow-list answers 403 everywhere, for one).
    if (candidates.length === 0 && refused)
        throw refused;
    return {
        kind: 'not-visible',
        error: new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieApiError */ .GT({
            kind: 'not-found',
            code: notVisible?.code ?? null,
            httpStatus: notVisible?.httpStatus ?? null,
            retryable: false,
            taskId,
            advice: `no task family knows this task (asked: ${candidates.map((f) => f.name).join(', ')}). Check the task ID, or set the family explicitly.`,
        }),
    };
}
//# sourceMappingURL=auto-family.js.map

/***/ }),

/***/ 6619:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   VW: () => (/* binding */ apiKeyProblem),
/* harmony export */   aS: () => (/* binding */ baseUrlProblem),
/* harmony export */   cj: () => (/* binding */ familyProblem),
/* harmony export */   ri: () => (/* binding */ withoutCredentials),
/* harmony export */   xd: () => (/* binding */ checkBaseUrl)
/* harmony export */ });
/* harmony import */ var _families_index_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3184);
/* harmony import */ var _auto_family_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6534);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(23);
/**
 * The checks of a client's settings — the API key, the base URL, the task family — written once. KieClient enforces
 * them; the Action and the CLI ask the same functions and put the reason under their own input or flag name, so no
 * face re-implements a rule or reads meaning back out of a message.
 */



const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
/**
 * Why an API key cannot be used, or null: empty, whitespace inside, or shorter than {@link MIN_SECRET_LENGTH} (too
 * short to remove from text without mangling it). A phrase that follows "the key" (`is empty. …`); it never repeats
 * the key.
 */
function apiKeyProblem(key) {
    if (typeof key !== 'string' || key.trim() === '')
        return 'is empty. Pass your kie.ai API key (https://kie.ai/api-key).';
    if (/\s/.test(key.trim()))
        return 'contains whitespace. Paste the key alone, without spaces or newlines.';
    if (key.trim().length < _redact_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_SECRET_LENGTH */ .v) {
        return `is shorter than ${_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_SECRET_LENGTH */ .v} characters, too short to keep out of logs safely. Pass the whole key (kie.ai keys are 32 characters).`;
    }
    return null;
}
/**
 * Why a base URL cannot be used, or null. It must be absolute, https (plain http only on a loopback host), and
 * nothing but an origin and a path — no user name or password, no query, no fragment (they would end up in every
 * request URL), no `/api/v1` (the client adds it). The reason is a phrase that follows the URL (`Invalid base URL "…": <reason>.`) and never repeats it.
 */
function baseUrlProblem(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return 'expected an absolute URL such as https://api.kie.ai';
    }
    if (url.username || url.password)
        return 'it must not contain a user name or password';
    const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
    if (url.protocol !== 'https:' && !loopbackHttp) {
        return 'it must use https (plain http is allowed only for localhost, 127.x.x.x and [::1]), so the API key is never sent in clear text';
    }
    if (url.search || url.hash || /[?#]/.test(value)) {
        return 'it must not have a query (?…) or a fragment (#…); use the origin, such as https://api.kie.ai';
    }
    // Endpoint paths start with /api/v1/…: a base URL ending there would ask for /api/v1/api/v1/… and every answer
    // would be a 404 ("task not found"). Any other path stays a prefix (a proxy that serves kie.ai under /kie).
    if (/\/api(\/v\d+)?\/*$/i.test(url.pathname)) {
        return 'give the origin only, such as https://api.kie.ai — kie-task adds the /api/v1/… paths itself (a path is kept only as the prefix of a proxy)';
    }
    return null;
}
/**
 * The base URL without a trailing slash.
 * @throws {TypeError} with {@link baseUrlProblem}'s reason, showing the URL with any credentials removed.
 */
function checkBaseUrl(value) {
    const problem = baseUrlProblem(value);
    if (problem)
        throw new TypeError(`Invalid base URL "${withoutCredentials(value)}": ${problem}.`);
    return new URL(value).href.replace(/\/+$/, '');
}
/**
 * Why `name` is not a family the client waits in, or null: one of FAMILY_NAMES, or `auto` (probe every family).
 * The reason names every accepted value.
 */
function familyProblem(name) {
    if (name === _auto_family_js__WEBPACK_IMPORTED_MODULE_1__/* .AUTO_FAMILY */ .X || _families_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FAMILY_NAMES */ .ME.includes(name))
        return null;
    return `use one of ${_families_index_js__WEBPACK_IMPORTED_MODULE_2__/* .FAMILY_NAMES */ .ME.join(', ')}, or ${_auto_family_js__WEBPACK_IMPORTED_MODULE_1__/* .AUTO_FAMILY */ .X} (asks each family in turn until one knows the task)`;
}
/** A URL for messages: `scheme://user:pass@host` becomes `scheme://host`, even when the URL does not parse. */
function withoutCredentials(value) {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}
//# sourceMappingURL=client-settings.js.map

/***/ }),

/***/ 888:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GY: () => (/* binding */ meaningOfEnvelopeCode),
/* harmony export */   LK: () => (/* binding */ meaningOfHttpStatus),
/* harmony export */   wW: () => (/* binding */ DEDICATED_CREATE_CODES)
/* harmony export */ });
const ENVELOPE_CODES = {
    200: { disposition: 'ok', kind: 'unexpected', advice: 'success' },
    400: {
        disposition: 'fatal',
        kind: 'bad-request',
        advice: 'the request was rejected as malformed; check the task ID and the task family.',
    },
    401: {
        disposition: 'fatal',
        kind: 'auth',
        advice: 'the API key was rejected. Check that it is a current kie.ai API key (https://kie.ai/api-key).',
    },
    402: {
        disposition: 'fatal',
        kind: 'credits',
        advice: 'the account has insufficient credits. Top up at https://kie.ai/billing.',
    },
    403: {
        disposition: 'fatal',
        kind: 'forbidden',
        advice: 'access was refused. If the key has an IP allow-list, add this machine or remove the list.',
    },
    404: {
        disposition: 'not-visible',
        kind: 'not-found',
        advice: 'the task was not found. Check the task ID and that the family matches the endpoint that created it.',
    },
    // Envelope 408: "no result for more than 10 minutes" upstream — the generation is over, and failed.
    408: {
        disposition: 'generation-failed',
        kind: 'generation-failed',
        advice: 'the generation timed out upstream.',
    },
    // "recordInfo is null" is also kie.ai's answer for an ID that never existed (kie-api.md §13): after the grace
    // window it cannot mean "not visible yet" any more.
    422: {
        disposition: 'not-visible',
        kind: 'not-found',
        advice: 'kie.ai does not know this task ("recordInfo is null" is also its answer for an ID that never existed). Check ' +
            'the task ID and the family, and that the API key belongs to the account that created the task; records older ' +
            'than 14 days are gone too.',
    },
    429: {
        disposition: 'retry',
        kind: 'rate-limited',
        advice: 'rate limited; retrying after a pause. Lower the polling rate if this persists.',
    },
    // The key's own usage cap (hourly, daily or total), set per key: waiting minutes will not lift it.
    433: {
        disposition: 'fatal',
        kind: 'usage-limit',
        advice: 'the API key\'s usage limit was reached (kie.ai: "the subkey usage exceeded the limit"). Raise the key\'s ' +
            'hourly, daily or total limit at https://kie.ai/api-key, or use another key.',
    },
    451: {
        disposition: 'generation-failed',
        kind: 'generation-failed',
        advice: 'kie.ai could not fetch an input file of the task.',
    },
    455: {
        disposition: 'retry',
        kind: 'unavailable',
        advice: 'kie.ai is under maintenance; retrying. See https://kie.ai for status.',
    },
    500: { disposition: 'retry', kind: 'server', advice: 'kie.ai had an internal error; retrying.' },
    501: { disposition: 'generation-failed', kind: 'generation-failed', advice: 'the generation failed.' },
    505: {
        disposition: 'fatal',
        kind: 'disabled',
        advice: 'this feature is disabled for the account. Contact kie.ai support.',
    },
};
// The same codes on POST /api/v1/jobs/createTask, where they differ (everything else reads as in ENVELOPE_CODES,
// except that nothing there is "not visible yet" or a generation failure: see meaningOfEnvelopeCode).
const CREATE_CODES = {
    400: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'kie.ai refused the createTask request as malformed; check the model and its input fields.',
    },
    404: {
        disposition: 'fatal',
        kind: 'not-found',
        advice: 'the createTask endpoint was not found; check the base URL. No task was created.',
    },
    // "The page does not exist or is not published" is the answer for a model ID kie.ai does not accept (§13).
    422: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'kie.ai refused the request: the model is unknown or unavailable, or the input failed validation. Check the ' +
            'model ID and its input fields on https://kie.ai/market. No task was created.',
    },
    429: {
        disposition: 'retry',
        kind: 'rate-limited',
        advice: 'kie.ai refused the create for the rate (20 creates per 10 s per key); nothing was created.',
    },
    455: {
        disposition: 'fatal',
        kind: 'unavailable',
        advice: 'kie.ai is under maintenance; try again later (status: https://kie.ai). No task was created.',
    },
    // "This field is required" comes as envelope 500 (§13), and so can an internal error after the task was made.
    500: {
        disposition: 'outcome-unknown',
        kind: 'server',
        advice: 'createTask answers 500 both for validation errors and for internal errors, so the task may or may not exist.',
    },
};
const UNKNOWN_AFTER_5XX = {
    disposition: 'outcome-unknown',
    kind: 'server',
    advice: 'a server error after the request arrived says nothing about whether the task was made.',
};
/**
 * What the dedicated families' create endpoints (`/api/v1/veo/generate`, …) document beyond createTask: their 400
 * and 422 are about the request body (not a model ID), 451 means kie.ai could not fetch an input URL (Runway, Aleph,
 * Suno), and 501 (Veo, Flux Kontext) and 550 (4o image) are 5xx answers that say nothing sure about a task that may
 * have been made, so the request is never sent again.
 */
const DEDICATED_CREATE_CODES = {
    400: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'kie.ai refused the request body as malformed or against its content policy. No task was created.',
    },
    422: {
        disposition: 'fatal',
        kind: 'validation',
        advice: "kie.ai refused the request body: check its fields on the family's documentation page. No task was created.",
    },
    451: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'kie.ai could not fetch a file the input points to; make the URL public. No task was created.',
    },
    501: UNKNOWN_AFTER_5XX,
    550: UNKNOWN_AFTER_5XX,
};
/**
 * Meaning of an envelope `code`, on the status endpoints (default) or on createTask. Unknown 5xx codes are treated
 * as server errors; anything else unknown is fatal. On a create, `createCodes` (a family's own) come first.
 */
function meaningOfEnvelopeCode(code, context = 'status', createCodes) {
    if (context === 'create')
        return createCodes?.[code] ?? meaningOnCreate(code);
    const known = ENVELOPE_CODES[code];
    if (known)
        return known;
    if (code >= 500 && code < 600)
        return ENVELOPE_CODES[500];
    return {
        disposition: 'fatal',
        kind: 'unexpected',
        advice: `unexpected code ${code}; this client does not know what it means.`,
    };
}
function meaningOnCreate(code) {
    const own = CREATE_CODES[code];
    if (own)
        return own;
    const shared = ENVELOPE_CODES[code];
    // A create's answer is never about a task's generation or visibility: any other known code is a refusal.
    if (shared) {
        if (shared.disposition === 'ok' || shared.disposition === 'fatal')
            return shared;
        return { disposition: 'fatal', kind: 'unexpected', advice: `unexpected code ${code} from createTask.` };
    }
    if (code >= 500 && code < 600)
        return UNKNOWN_AFTER_5XX;
    return meaningOfEnvelopeCode(code);
}
/**
 * Meaning of an HTTP status when the body carries no envelope code (proxies, gateways, HTML error pages), on the
 * status endpoints (default) or on createTask.
 */
function meaningOfHttpStatus(status, context = 'status') {
    if (context === 'create') {
        if (status >= 200 && status < 300)
            return ENVELOPE_CODES[200];
        // A gateway's 5xx or 408 says nothing about whether kie.ai behind it made the task.
        if (status === 408 || status >= 500) {
            return {
                disposition: 'outcome-unknown',
                kind: 'server',
                advice: 'an error page from a server or gateway says nothing about whether the task was made.',
            };
        }
        return meaningOnCreate(status);
    }
    if (status >= 200 && status < 300)
        return ENVELOPE_CODES[200];
    // At the HTTP layer, 408 is "request timeout": the request may simply be sent again.
    if (status === 408)
        return { disposition: 'retry', kind: 'server', advice: 'the request timed out; retrying.' };
    if (status === 429 || status >= 500)
        return meaningOfEnvelopeCode(status === 429 ? 429 : 500);
    return meaningOfEnvelopeCode(status);
}
//# sourceMappingURL=code-meanings.js.map

/***/ }),

/***/ 4526:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   _V: () => (/* binding */ formatMs),
/* harmony export */   nv: () => (/* binding */ DURATION_FORMS)
/* harmony export */ });
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9371);
/** Human durations, as the Action's inputs and the CLI's flags take them: `500ms`, `90s`, `15m`, `1h30m`, `90`. */

/** The accepted forms, for error messages. */
const DURATION_FORMS = '500ms, 90s, 15m (or 15min, 15 minutes), 1h, 1h30m, or a number of seconds';
const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const ORDER = ['h', 'm', 's', 'ms'];
/** The spellings people type, longest first where one is a prefix of another (`ms` before `m`, `min` before `m`). */
const UNITS = [
    [/^(milliseconds?|msecs?|ms)$/, 'ms'],
    [/^(hours?|hrs?|h)$/, 'h'],
    [/^(minutes?|mins?|m)$/, 'm'],
    [/^(seconds?|secs?|s)$/, 's'],
];
/** A number and a unit, spaces allowed around both: `5m`, `5 m`, `5min`, `1h 30m`. */
const PART = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)\s*/gy;
/**
 * Parses a duration into milliseconds (rounded). A bare number is seconds; units go largest first, each at most once
 * (`1h30m`, not `30m1h`), spelled short or long (`5m`, `5min`, `5 minutes`), with or without spaces. Returns null
 * for anything else, for zero, and for more than 24 days.
 */
function parseDuration(text) {
    const input = String(text).trim().toLowerCase();
    if (input === '')
        return null;
    let ms = 0;
    if (/^(\d+(\.\d+)?|\.\d+)$/.test(input)) {
        ms = Number(input) * 1000;
    }
    else {
        let lastRank = -1;
        let end = 0;
        PART.lastIndex = 0;
        for (let match = PART.exec(input); match; match = PART.exec(input)) {
            const unit = UNITS.find(([spellings]) => spellings.test(match[2]))?.[1];
            if (unit === undefined)
                return null;
            const rank = ORDER.indexOf(unit);
            if (rank <= lastRank)
                return null;
            lastRank = rank;
            ms += Number(match[1]) * UNIT_MS[unit];
            end = PART.lastIndex;
        }
        if (end !== input.length)
            return null;
    }
    const rounded = Math.round(ms);
    return rounded > 0 && rounded <= _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_TIMER_MS */ ._ ? rounded : null;
}
/** Formats a duration for humans: `850ms`, `12.3s`, `4m05s`, `1h02m`. */
function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const totalSeconds = Math.round(ms / 1000);
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    if (hours > 0)
        return `${hours}h${String(minutes).padStart(2, '0')}m`;
    return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
//# sourceMappingURL=duration.js.map

/***/ }),

/***/ 1942:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ openEnvelope),
/* harmony export */   s: () => (/* binding */ isNotVisible)
/* harmony export */ });
/* harmony import */ var _code_meanings_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(888);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4713);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(832);
/**
 * kie.ai wraps every answer in `{ code, msg | message, data }`, often with HTTP 200 even when `code` is an error.
 * openEnvelope reads both layers and throws a KieApiError for anything that is not success or a generation failure.
 */



/**
 * Reads an envelope from response text or parsed JSON.
 * @throws {KieApiError} when the code (or, without one, the HTTP status) says the request failed.
 * @throws {KieParseError} when there is no envelope and the HTTP status says success.
 */
function openEnvelope(body, context = {}) {
    const httpStatus = context.httpStatus ?? null;
    const httpFailed = httpStatus !== null && (httpStatus < 200 || httpStatus >= 300);
    let parsed = body;
    if (typeof body === 'string') {
        try {
            parsed = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJsonText */ .lk)(body, '$');
        }
        catch (error) {
            // An HTML error page from a gateway says nothing the status does not.
            if (httpFailed)
                throw httpError(httpStatus, context);
            throw error;
        }
    }
    const code = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(parsed) ? readCode(parsed.code) : null;
    if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(parsed) || code === null) {
        if (httpFailed)
            throw httpError(httpStatus, context);
        if (!(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(parsed))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieParseError */ .Jv('$', `expected a JSON object, got ${(0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .typeOf */ .QP)(parsed)}`);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieParseError */ .Jv('code', parsed.code === undefined ? 'missing' : `not a number: ${JSON.stringify(parsed.code)}`);
    }
    const apiMessage = readMessage(parsed.msg) ?? readMessage(parsed.message);
    const meaning = (0,_code_meanings_js__WEBPACK_IMPORTED_MODULE_2__/* .meaningOfEnvelopeCode */ .GY)(code, context.endpoint, context.createCodes);
    if (meaning.disposition === 'ok' || meaning.disposition === 'generation-failed') {
        return { code, disposition: meaning.disposition, apiMessage, data: parsed.data };
    }
    const data = parsed.data;
    const dataTaskId = (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(data) && typeof data.taskId === 'string' && data.taskId ? data.taskId : null;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieApiError */ .GT({
        kind: meaning.kind,
        code,
        httpStatus,
        retryable: meaning.disposition === 'retry',
        apiMessage,
        taskId: dataTaskId ?? context.taskId ?? null,
        retryAfterMs: context.retryAfterMs ?? null,
        advice: meaning.advice,
    });
}
/** True when a KieApiError means "no such task (yet)": 404/422, which a fresh task may answer for a while. */
function isNotVisible(error) {
    return error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieApiError */ .GT && error.kind === 'not-found';
}
function httpError(httpStatus, context) {
    const meaning = (0,_code_meanings_js__WEBPACK_IMPORTED_MODULE_2__/* .meaningOfHttpStatus */ .LK)(httpStatus, context.endpoint);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KieApiError */ .GT({
        kind: meaning.kind,
        code: null,
        httpStatus,
        retryable: meaning.disposition === 'retry',
        taskId: context.taskId ?? null,
        retryAfterMs: context.retryAfterMs ?? null,
        advice: meaning.advice,
    });
}
function readCode(code) {
    if (typeof code === 'number' && Number.isInteger(code))
        return code;
    if (typeof code === 'string' && /^\d+$/.test(code))
        return Number(code);
    return null;
}
function readMessage(value) {
    return typeof value === 'string' && value !== '' ? value : null;
}
//# sourceMappingURL=envelope.js.map

/***/ }),

/***/ 4713:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Do: () => (/* binding */ WaitTimeoutError),
/* harmony export */   GT: () => (/* binding */ KieApiError),
/* harmony export */   Jv: () => (/* binding */ KieParseError),
/* harmony export */   KO: () => (/* binding */ KieNetworkError),
/* harmony export */   dr: () => (/* binding */ CreateOutcomeUnknownError),
/* harmony export */   rW: () => (/* binding */ KieResponseError)
/* harmony export */ });
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4526);

/** kie.ai answered, and the answer says the request failed (HTTP status or envelope `code`). */
class KieApiError extends Error {
    name = 'KieApiError';
    kind;
    code;
    httpStatus;
    retryable;
    apiMessage;
    taskId;
    retryAfterMs;
    constructor(options) {
        const shown = options.code ?? options.httpStatus ?? 'unknown';
        const where = options.taskId ? ` for task ${options.taskId}` : '';
        const said = options.apiMessage ? ` ("${options.apiMessage}")` : '';
        super(`kie.ai answered ${shown}${where}${said}: ${options.advice}`);
        this.kind = options.kind;
        this.code = options.code;
        this.httpStatus = options.httpStatus;
        this.retryable = options.retryable;
        this.apiMessage = options.apiMessage ?? null;
        this.taskId = options.taskId ?? null;
        this.retryAfterMs = options.retryAfterMs ?? null;
    }
}
/** The body is not a valid kie.ai response; `path` names the part that was wrong (`$` is the whole body). */
class KieParseError extends Error {
    name = 'KieParseError';
    /** JSON path of the offending value, e.g. `data.state`. */
    path;
    constructor(path, problem) {
        super(`Unexpected kie.ai response at ${path}: ${problem}`);
        this.path = path;
    }
}
/** The request never got an answer: connection refused or reset, DNS failure, or the per-request timeout. */
class KieNetworkError extends Error {
    name = 'KieNetworkError';
    retryable = true;
    /** The system or fetch error code when the runtime gave one (`ECONNREFUSED`, `ENOTFOUND`, …), else `null`. */
    code;
    /**
     * True only when the connection was never established (DNS failure, refused, connect timeout, failed TLS
     * handshake), so the request cannot have reached kie.ai. False when unknown: the safe default.
     */
    neverSent;
    constructor(message, options) {
        super(message, options?.cause === undefined ? undefined : { cause: options.cause });
        this.code = options?.code ?? null;
        this.neverSent = options?.neverSent ?? false;
    }
}
/**
 * An answer the client refuses to read: larger than `maxResponseBytes` (counted after decompression), or a redirect
 * to another origin, to plain http, or of a POST. Not retried: the same request would get the same answer.
 */
class KieResponseError extends Error {
    name = 'KieResponseError';
    retryable = false;
    /** `too-large` or `redirect`. */
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
    }
}
/**
 * A createTask request may have reached kie.ai, but no task ID came back (a reset or timeout after sending, a 5xx,
 * envelope 500): the task may exist and be charged. kie.ai has no idempotency key, so it was not sent again.
 */
class CreateOutcomeUnknownError extends Error {
    name = 'CreateOutcomeUnknownError';
    model;
    /** The family whose create endpoint was called (`'market'` for createTask). */
    family;
    sentAt;
    constructor(details) {
        const family = details.family ?? 'market';
        const request = family === 'market'
            ? `the createTask request for model ${details.model}`
            : `the ${family} create request` + (details.model === family ? '' : ` (model ${details.model})`);
        super(`kie.ai may have created the task (and charged for it): ${request} sent at ` +
            `${utcSeconds(details.sentAt)} (UTC) got ${details.happened}. It was not sent again. Check ` +
            'https://kie.ai/logs before retrying.', details.cause === undefined ? undefined : { cause: details.cause });
        this.model = details.model;
        this.family = family;
        this.sentAt = details.sentAt;
    }
}
/** `2026-12-01T20:31:05Z`: an ISO time to the second. */
function utcSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** The deadline passed before the task reached a terminal state. */
class WaitTimeoutError extends Error {
    name = 'WaitTimeoutError';
    taskId;
    lastRecord;
    elapsedMs;
    polls;
    constructor(details) {
        const state = details.lastRecord ? `last state "${details.lastRecord.state}"` : 'no state seen yet';
        const lastError = details.lastError ? `; last error: ${details.lastError.message}` : '';
        // A task kie.ai never showed is more likely a wrong ID, family or key than a slow model.
        const neverFound = details.lastRecord === null &&
            details.lastError instanceof KieApiError &&
            details.lastError.kind === 'not-found';
        super(`Timed out waiting for task ${details.taskId} after ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMs */ ._V)(details.elapsedMs)} ` +
            `(${details.polls} ${details.polls === 1 ? 'poll' : 'polls'}, ${state}${lastError}). ` +
            (neverFound
                ? 'kie.ai never returned this task: check the task ID and the family, and that the API key belongs to ' +
                    'the account that created it.'
                : 'Raise the timeout if this model usually takes longer.'), details.lastError ? { cause: details.lastError } : undefined);
        this.taskId = details.taskId;
        this.lastRecord = details.lastRecord;
        this.elapsedMs = details.elapsedMs;
        this.polls = details.polls;
    }
}
//# sourceMappingURL=errors.js.map

/***/ }),

/***/ 3184:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qt: () => (/* binding */ CREATABLE_FAMILY_NAMES),
  ME: () => (/* binding */ FAMILY_NAMES),
  qS: () => (/* binding */ allFamilies),
  nq: () => (/* binding */ getFamily)
});

// EXTERNAL MODULE: ../core/dist/json.js
var json = __nccwpck_require__(832);
// EXTERNAL MODULE: ../core/dist/code-meanings.js
var code_meanings = __nccwpck_require__(888);
// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __nccwpck_require__(4713);
;// CONCATENATED MODULE: ../core/dist/time.js
/** Timestamps come as epoch milliseconds (market) or as strings in several formats (other families). */

// "2025-06-06 10:30:00" and "2025-06-06T10:30:00" carry no zone; kie.ai's servers report UTC, so we read them as UTC.
const NAIVE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
/**
 * Reads a kie.ai timestamp: epoch milliseconds (number or numeric string), ISO 8601 with a zone, or a date-time
 * without a zone, read as UTC. `""`, `0`, null and absent mean null.
 */
function parseTimestamp(value, path) {
    if (value === undefined || value === null || value === '' || value === 0)
        return null;
    if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
        const ms = Number(value);
        if (!Number.isFinite(ms) || ms <= 0)
            return null;
        return checked(new Date(ms), value, path);
    }
    if (typeof value !== 'string')
        throw new errors/* KieParseError */.Jv(path, `expected a timestamp, got ${typeof value}`);
    const naive = NAIVE_DATE_TIME.exec(value);
    if (naive) {
        const [, y, mo, d, h, mi, s, frac] = naive;
        const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((frac ?? '0').padEnd(3, '0')));
        return checked(new Date(ms), value, path);
    }
    return checked(new Date(value), value, path);
}
function checked(date, original, path) {
    if (Number.isNaN(date.getTime()))
        throw new errors/* KieParseError */.Jv(path, `not a timestamp: ${JSON.stringify(original)}`);
    return date;
}
//# sourceMappingURL=time.js.map
;// CONCATENATED MODULE: ../core/dist/families/fields.js
/** Field readers shared by the family modules. */


/** Reads the required state field as a string (numbers, as in `successFlag`, are stringified). */
function requiredState(data, field) {
    const value = data[field];
    if (typeof value === 'string' && value !== '')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    throw new errors/* KieParseError */.Jv(`data.${field}`, value === undefined ? 'missing' : `expected a state, got ${JSON.stringify(value)}`);
}
/** True for an absolute http(s) URL: anything else (javascript:, data:, relative paths) is never a result. */
function isHttpUrl(value) {
    return /^https?:\/\/[^\s]+$/i.test(value);
}
/**
 * Result URLs kept per record. kie.ai returns a handful; the 4 MiB answer cap still admits ~160,000, which would
 * flood the log, the outputs and the downloads. The rest are cut with a warning.
 */
const MAX_RESULT_URLS = 1_000;
/** Skipped entries named one by one in the warnings; the others are counted in one more line. */
const MAX_SKIP_WARNINGS = 10;
/**
 * Gathers result URLs in order, once each (a Set: linear, whatever the length), at most {@link MAX_RESULT_URLS};
 * names the first skipped entries in the warnings and counts the rest. Feed it with {@link add} while
 * {@link full} is false, then call {@link done}.
 */
class ResultUrls {
    #urls = new Set();
    #warnings;
    #skipped = 0;
    constructor(warnings) {
        this.#warnings = warnings;
    }
    /** True once {@link MAX_RESULT_URLS} are kept: stop feeding. */
    get full() {
        return this.#urls.size >= MAX_RESULT_URLS;
    }
    /** Keeps `value` if it is an http(s) URL string, else warns with `skipped(value)` (null: skip silently). */
    add(value, skipped) {
        if (typeof value === 'string' && isHttpUrl(value)) {
            this.#urls.add(value);
            return;
        }
        const warning = skipped(value);
        if (warning === null)
            return;
        this.#skipped += 1;
        if (this.#skipped <= MAX_SKIP_WARNINGS)
            this.#warnings.push(warning);
    }
    /** The URLs; `total` entries were offered at `path` (more than were read when {@link full} stopped it). */
    done(path, total, read) {
        const unnamed = this.#skipped - MAX_SKIP_WARNINGS;
        if (unnamed > 0)
            this.#warnings.push(`${path}: ${unnamed} more entries skipped`);
        if (read < total) {
            this.#warnings.push(`${path} has ${total} entries; kept the first ${MAX_RESULT_URLS} result URLs, the rest were cut`);
        }
        return [...this.#urls];
    }
}
/**
 * Collects the http(s) URL strings of an array in order, once each, at most {@link MAX_RESULT_URLS}; reports what
 * it skipped or cut.
 */
function urlList(value, path, warnings) {
    if (value === undefined || value === null)
        return [];
    const items = Array.isArray(value) ? value : [value];
    const urls = new ResultUrls(warnings);
    let index = 0;
    for (; index < items.length && !urls.full; index += 1) {
        urls.add(items[index], (item) => typeof item === 'string' && item !== ''
            ? `${path}[${index}] is not an http(s) URL; skipped`
            : `${path}[${index}] is not a URL string; skipped`);
    }
    return urls.done(path, items.length, index);
}
/** Parses an embedded JSON field (string or object), recording a warning instead of throwing. */
function embeddedObject(data, field, warnings) {
    const { value, problem } = (0,json/* readEmbeddedJson */.JU)(data[field], `data.${field}`, warnings);
    if (problem)
        warnings.push(problem);
    return value;
}
/**
 * The createTask request kept in `data[field]`. Real market bodies double-encode it: `param` is a JSON string whose
 * `input` is itself a JSON string (kie-api.md §13); older docs show `input` as an object. Both read as an object.
 */
function requestParam(data, field, warnings) {
    const param = embeddedObject(data, field, warnings);
    if (!param || typeof param.input !== 'string')
        return param;
    const { value, problem } = (0,json/* readEmbeddedJson */.JU)(param.input, `data.${field}.input`, warnings);
    if (problem)
        warnings.push(problem);
    return value ? { ...param, input: value } : param;
}
/**
 * Credits the task cost: `creditsConsumed` (a decimal, e.g. 0.8), or `consumeCredits` in older callback examples.
 * An unreadable value is a warning, not a failed record: the credits are a bonus.
 */
function creditsConsumed(data, warnings) {
    const field = data.creditsConsumed !== undefined && data.creditsConsumed !== null
        ? 'creditsConsumed'
        : 'consumeCredits';
    return lenientNumber(data[field], `data.${field}`, warnings, (n) => n >= 0);
}
/**
 * Progress in percent (0–100), when the family reports it: market sora2 tasks send 0–100, GPT-4o image sends
 * `"0.00"`–`"1.00"` (`fraction`). Out-of-range or unreadable values are dropped with a warning.
 */
function progressPercent(data, warnings, scale = 'percent') {
    const value = lenientNumber(data.progress, 'data.progress', warnings, (n) => n >= 0 && n <= (scale === 'fraction' ? 1 : 100));
    return value === null ? null : scale === 'fraction' ? Math.round(value * 10_000) / 100 : value;
}
/** Where kie.ai reports `costTime`: seconds in every real body (§13), although the OpenAPI says milliseconds. */
function costTimeSeconds(data, warnings) {
    return lenientNumber(data.costTime, 'data.costTime', warnings, (n) => n >= 0);
}
// A finite number (numeric strings too) that passes `valid`; `""`, null and absent are null; anything else warns.
function lenientNumber(value, path, warnings, valid) {
    if (value === undefined || value === null || value === '')
        return null;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n) && valid(n))
        return n;
    warnings.push(`${path} is not a usable number; ignored`);
    return null;
}
/** Reads `object.key` when `object` is an object. */
function child(object, key) {
    return (0,json/* isJsonObject */.OW)(object) ? object[key] : undefined;
}
//# sourceMappingURL=fields.js.map
;// CONCATENATED MODULE: ../core/dist/families/define-family.js
/**
 * The dedicated (non-market) families share one record layout: a state field (`successFlag` as an integer or a
 * string, or `status`), `errorCode`/`errorMessage`, a `response` object with the results, and string or epoch
 * timestamps. `defineFamily` turns a small spec into a TaskFamily.
 */





/** Builds a family from its spec. */
function defineFamily(spec) {
    const family = {
        name: spec.name,
        failedState: spec.failedState,
        statusPath: (taskId) => `${spec.path}?taskId=${encodeURIComponent(taskId)}`,
        read: (data) => readDedicated(spec, data),
        callbackUrls: (data, warnings) => urlsAt(data, spec.callbackUrlPaths ?? [], warnings),
    };
    const creatable = spec.createPath === undefined
        ? family
        : {
            ...family,
            createPath: spec.createPath,
            createCodes: { ...code_meanings/* DEDICATED_CREATE_CODES */.wW, ...spec.createCodes },
        };
    return spec.minPollIntervalMs === undefined
        ? creatable
        : { ...creatable, minPollIntervalMs: spec.minPollIntervalMs };
}
function readDedicated(spec, data) {
    const warnings = [];
    const state = readState(spec, data);
    const { resultUrls, result } = spec.results(data, warnings);
    let status = spec.resolve?.(state, data) ?? spec.states[state];
    if (status === undefined) {
        status = 'pending';
        warnings.push(`unknown ${spec.name} state "${state}"; treated as still pending`);
    }
    if (spec.successIfResults?.includes(state)) {
        const hasResults = spec.textOutput ? result !== null : resultUrls.length > 0;
        status = hasResults ? 'success' : 'failed';
        if (hasResults)
            warnings.push(`state ${state}: kie.ai could not deliver its callback, but the results exist`);
    }
    const param = spec.paramField ? requestParam(data, spec.paramField, warnings) : null;
    const failCode = (0,json/* optionalString */.sx)(data.errorCode ?? data.failCode, 'data.errorCode');
    return {
        state,
        status,
        model: (0,json/* optionalString */.sx)(data.model, 'data.model') ?? modelFrom(param),
        param,
        result,
        resultUrls: status === 'success' ? resultUrls : [],
        // kie sends errorCode 0 / "" with successful records: only a failure has a failure code.
        failCode: status === 'failed' || (failCode !== null && failCode !== '0') ? failCode : null,
        failMsg: (0,json/* optionalString */.sx)(data.errorMessage ?? data.failMsg ?? data.errorMsg, 'data.errorMessage'),
        createTime: parseTimestamp(data.createTime, 'data.createTime'),
        updateTime: parseTimestamp(data.updateTime, 'data.updateTime'),
        completeTime: parseTimestamp(data.completeTime, 'data.completeTime'),
        costTimeSeconds: costTimeSeconds(data, warnings),
        creditsConsumed: creditsConsumed(data, warnings),
        progress: progressPercent(data, warnings, spec.progressScale),
        warnings,
    };
}
function readState(spec, data) {
    for (const field of spec.stateFields) {
        const value = data[field];
        if (typeof value === 'string' && value !== '')
            return value;
        if (typeof value === 'number' && Number.isFinite(value))
            return String(value);
    }
    throw new errors/* KieParseError */.Jv(`data.${spec.stateFields.join('|')}`, 'missing');
}
function modelFrom(param) {
    const model = param?.model;
    return typeof model === 'string' && model !== '' ? model : null;
}
/** Reads URL strings at `paths` (dotted, `[]` maps over arrays) in order, once each, at most MAX_RESULT_URLS. */
function urlsAt(data, paths, warnings) {
    const urls = new ResultUrls(warnings);
    let total = 0;
    let read = 0;
    for (const path of paths) {
        const values = valuesAt(data, path);
        total += values.length;
        for (let i = 0; i < values.length && !urls.full; i += 1, read += 1) {
            urls.add(values[i], (value) => {
                if (typeof value === 'string' && value !== '')
                    return `data.${path} is not an http(s) URL; skipped`;
                if (value === null || value === undefined || value === '')
                    return null;
                return `data.${path} has a ${typeof value} where a URL was expected; skipped`;
            });
        }
    }
    return urls.done(`data.${paths.join(' | ')}`, total, read);
}
/** Values at a dotted path; a segment ending in `[]` maps over an array. A JSON-string array is parsed. */
function valuesAt(root, path) {
    let current = [root];
    for (const segment of path.split('.')) {
        const many = segment.endsWith('[]');
        const key = many ? segment.slice(0, -2) : segment;
        const next = [];
        for (const value of current) {
            let found = child(value, key);
            if (many && typeof found === 'string')
                found = parseArray(found);
            // A loop, not push(...found): spreading a huge array overflows the call stack.
            if (many && Array.isArray(found))
                for (const item of found)
                    next.push(item);
            else if (!many && found !== undefined)
                next.push(found);
        }
        current = next;
    }
    return current;
}
function parseArray(text) {
    try {
        const parsed = JSON.parse(text);
        return Array.isArray(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** The object at `key` if it is one. */
function objectAt(data, key) {
    const value = data[key];
    return (0,json/* isJsonObject */.OW)(value) ? value : null;
}
//# sourceMappingURL=define-family.js.map
;// CONCATENATED MODULE: ../core/dist/families/aleph.js
/**
 * Runway Aleph video. Status: https://docs.kie.ai/runway-api/get-aleph-video-details · create:
 * https://docs.kie.ai/runway-api/generate-aleph-video
 */


const aleph = defineFamily({
    name: 'aleph',
    createPath: '/api/v1/aleph/generate',
    path: '/api/v1/aleph/record-info',
    stateFields: ['successFlag'],
    states: { 0: 'pending', 1: 'success' },
    // Flag 0 means "failed or in progress": only an error code or message tells them apart.
    resolve: (state, data) => {
        if (state !== '0')
            return undefined;
        const code = data.errorCode;
        const failed = (code !== undefined && code !== null && code !== 0 && code !== '' && code !== '0') ||
            (typeof data.errorMessage === 'string' && data.errorMessage !== '');
        return failed ? 'failed' : 'pending';
    },
    paramField: 'paramJson',
    failedState: '0',
    callbackUrlPaths: ['result_video_url'],
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.resultVideoUrl'], warnings),
        result: (0,json/* isJsonObject */.OW)(data.response) ? objectAt(data, 'response') : null,
    }),
});
//# sourceMappingURL=aleph.js.map
;// CONCATENATED MODULE: ../core/dist/families/flags.js
/** Integer `successFlag`: 0 generating, 1 success, 2 create failed, 3 generation failed. */
const FLAG_0123 = {
    0: 'pending',
    1: 'success',
    2: 'failed',
    3: 'failed',
};
/** String `successFlag`/`status` of the Suno utilities; each adds its own `GENERATE_*_FAILED`. */
function sunoStates(...generateFailed) {
    const states = {
        PENDING: 'pending',
        SUCCESS: 'success',
        CREATE_TASK_FAILED: 'failed',
        // An error while calling back: the generation may have worked (see successIfResults).
        CALLBACK_EXCEPTION: 'failed',
    };
    for (const state of generateFailed)
        states[state] = 'failed';
    return states;
}
//# sourceMappingURL=flags.js.map
;// CONCATENATED MODULE: ../core/dist/families/flux-kontext.js
/**
 * Flux Kontext image. Status: https://docs.kie.ai/flux-kontext-api/get-image-details · create:
 * https://docs.kie.ai/flux-kontext-api/generate-or-edit-image
 */


const fluxKontext = defineFamily({
    name: 'flux-kontext',
    createPath: '/api/v1/flux/kontext/generate',
    path: '/api/v1/flux/kontext/record-info',
    stateFields: ['successFlag'],
    states: FLAG_0123,
    paramField: 'paramJson',
    failedState: '3',
    callbackUrlPaths: ['info.resultImageUrl'],
    // originImageUrl is the input; it stays in `result`.
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.resultImageUrl'], warnings),
        result: objectAt(data, 'response'),
    }),
});
//# sourceMappingURL=flux-kontext.js.map
;// CONCATENATED MODULE: ../core/dist/families/gpt4o-image.js
/**
 * GPT-4o image. Status: https://docs.kie.ai/4o-image-api/get-4-o-image-details · create:
 * https://docs.kie.ai/4o-image-api/generate-4-o-image
 */

const gpt4oImage = defineFamily({
    name: '4o-image',
    createPath: '/api/v1/gpt4o-image/generate',
    path: '/api/v1/gpt4o-image/record-info',
    // `status` names the failure; `successFlag` (0/1/2) is the fallback when it is absent.
    stateFields: ['status', 'successFlag'],
    states: {
        GENERATING: 'pending',
        SUCCESS: 'success',
        CREATE_TASK_FAILED: 'failed',
        GENERATE_FAILED: 'failed',
        0: 'pending',
        1: 'success',
        2: 'failed',
    },
    paramField: 'paramJson',
    progressScale: 'fraction',
    failedState: 'GENERATE_FAILED',
    callbackUrlPaths: ['info.result_urls[]', 'info.resultUrls[]'],
    // The OpenAPI says resultUrls, the quickstart result_urls.
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.resultUrls[]', 'response.result_urls[]'], warnings),
        result: objectAt(data, 'response'),
    }),
});
//# sourceMappingURL=gpt4o-image.js.map
;// CONCATENATED MODULE: ../core/dist/families/legacy.js
/**
 * Families kie.ai no longer lists (absent from the 2026-08 docs snapshot): supported on a best-effort basis.
 * Midjourney: https://docs.kie.ai/mj-api/get-mj-task-details, create https://docs.kie.ai/mj-api/generate-mj-image ·
 * Luma: https://docs.kie.ai/luma-api/get-luma-modify-details, create
 * https://docs.kie.ai/luma-api/generate-luma-modify-video (both pages still served in December 2026).
 */


const midjourney = defineFamily({
    name: 'midjourney',
    createPath: '/api/v1/mj/generate',
    path: '/api/v1/mj/record-info',
    stateFields: ['successFlag'],
    states: FLAG_0123,
    paramField: 'paramJson',
    failedState: '3',
    callbackUrlPaths: ['resultUrls[]'],
    // Objects, not strings: [{ resultUrl }].
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['resultInfoJson.resultUrls[].resultUrl'], warnings),
        result: objectAt(data, 'resultInfoJson'),
    }),
});
const luma = defineFamily({
    name: 'luma',
    createPath: '/api/v1/modify/generate',
    path: '/api/v1/modify/record-info',
    stateFields: ['successFlag'],
    states: FLAG_0123,
    // Flag 4: the callback failed but the generation succeeded.
    successIfResults: ['4'],
    paramField: 'paramJson',
    failedState: '3',
    callbackUrlPaths: ['info.resultUrls[]', 'resultUrls[]'],
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.resultUrls[]'], warnings),
        result: objectAt(data, 'response'),
    }),
});
//# sourceMappingURL=legacy.js.map
// EXTERNAL MODULE: ../core/dist/families/market-state.js
var market_state = __nccwpck_require__(8765);
;// CONCATENATED MODULE: ../core/dist/families/market.js
/**
 * The unified Market jobs API: `GET /api/v1/jobs/recordInfo?taskId=…`.
 * https://docs.kie.ai/market/common/get-task-detail
 */





const PENDING_STATES = new Set(market_state/* MARKET_PENDING_ORDER */.Mo);
/** Maps a market state to its status; anything not documented as terminal keeps the task pending. */
function marketStatus(state) {
    if (state === 'success')
        return 'success';
    if (state === 'fail')
        return 'failed';
    return 'pending';
}
const market = {
    name: 'market',
    failedState: 'fail',
    statusPath: (taskId) => `/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`,
    createPath: '/api/v1/jobs/createTask',
    read(data) {
        const warnings = [];
        const state = requiredState(data, 'state');
        const status = marketStatus(state);
        if (status === 'pending' && !PENDING_STATES.has(state)) {
            warnings.push(`unknown state "${state}"; treated as still pending`);
        }
        const model = (0,json/* optionalString */.sx)(data.model, 'data.model');
        const param = requestParam(data, 'param', warnings);
        const { result, resultUrls } = readResult(data, status, warnings);
        return {
            state,
            status,
            model,
            param,
            result,
            resultUrls,
            failCode: (0,json/* optionalString */.sx)(data.failCode, 'data.failCode'),
            failMsg: (0,json/* optionalString */.sx)(data.failMsg, 'data.failMsg'),
            createTime: parseTimestamp(data.createTime, 'data.createTime'),
            updateTime: parseTimestamp(data.updateTime, 'data.updateTime'),
            completeTime: parseTimestamp(data.completeTime, 'data.completeTime'),
            costTimeSeconds: costTimeSeconds(data, warnings),
            creditsConsumed: creditsConsumed(data, warnings),
            progress: progressPercent(data, warnings),
            warnings,
        };
    },
};
// resultJson is meaningful only on success: there, broken JSON is an error we report; elsewhere we only warn.
function readResult(data, status, warnings) {
    const { value: result, problem } = (0,json/* readEmbeddedJson */.JU)(data.resultJson, 'data.resultJson', warnings);
    if (problem) {
        if (status === 'success')
            throw new errors/* KieParseError */.Jv('data.resultJson', problem.replace('data.resultJson ', ''));
        warnings.push(problem);
    }
    if (status === 'success' && result === null)
        warnings.push('the task succeeded but resultJson is empty');
    if (!result)
        return { result: null, resultUrls: [] };
    const raw = result.resultUrls;
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
        warnings.push(`data.resultJson.resultUrls is a ${(0,json/* typeOf */.QP)(raw)}, not an array`);
    }
    // Watermarked copies and frame URLs stay in `result`: resultUrls holds the primary outputs only.
    return { result, resultUrls: urlList(raw, 'data.resultJson.resultUrls', warnings) };
}
//# sourceMappingURL=market.js.map
;// CONCATENATED MODULE: ../core/dist/families/runway.js
/**
 * Runway video. Status: https://docs.kie.ai/runway-api/get-ai-video-details · create:
 * https://docs.kie.ai/runway-api/generate-ai-video
 */

const runway = defineFamily({
    name: 'runway',
    createPath: '/api/v1/runway/generate',
    path: '/api/v1/runway/record-detail',
    stateFields: ['state'],
    // Runway spells its pending states `wait` and `queueing`, unlike the market's `waiting`/`queuing`.
    states: { wait: 'pending', queueing: 'pending', generating: 'pending', success: 'success', fail: 'failed' },
    paramField: 'generateParam',
    failedState: 'fail',
    // Runway's callback is snake_case.
    callbackUrlPaths: ['video_url'],
    // imageUrl is the cover frame of the video: a secondary output, kept in `result`.
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['videoInfo.videoUrl'], warnings),
        result: objectAt(data, 'videoInfo'),
    }),
});
//# sourceMappingURL=runway.js.map
;// CONCATENATED MODULE: ../core/dist/families/suno.js



// "Maximum 3 queries per second per task" (Get Music Details).
const SUNO_MIN_POLL_MS = 334;
const responseOf = (data) => objectAt(data, 'response');
// Generate Music documents its own codes. Older copies of the page say 405 and 430 for the rate and 429 for
// credits; the current one says 429 for the rate and 402 for credits. A 429 is retried either way (nothing was made,
// and a credits refusal then ends with kie.ai's message); 405/430 are the rate too.
const RATE = {
    disposition: 'retry',
    kind: 'rate-limited',
    advice: 'kie.ai refused the create for the rate; nothing was created.',
};
const SUNO_CREATE_CODES = {
    405: RATE,
    430: RATE,
    409: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'kie.ai reports a conflict with an existing record.',
    },
    413: {
        disposition: 'fatal',
        kind: 'validation',
        advice: 'the prompt, style or title is too long for the model. No task was created.',
    },
};
const suno = defineFamily({
    name: 'suno',
    createPath: '/api/v1/generate',
    createCodes: SUNO_CREATE_CODES,
    path: '/api/v1/generate/record-info',
    stateFields: ['status'],
    states: {
        ...sunoStates('GENERATE_AUDIO_FAILED', 'SENSITIVE_WORD_ERROR'),
        // Lyrics done, then the first track: progress, not the end.
        TEXT_SUCCESS: 'pending',
        FIRST_SUCCESS: 'pending',
    },
    successIfResults: ['CALLBACK_EXCEPTION'],
    paramField: 'param',
    failedState: 'GENERATE_AUDIO_FAILED',
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    // Suno calls back several times per task (callbackType text → first → complete), in snake_case.
    callbackUrlPaths: ['data[].audio_url'],
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.sunoData[].audioUrl'], warnings),
        result: responseOf(data),
    }),
});
const sunoLyrics = defineFamily({
    name: 'suno-lyrics',
    path: '/api/v1/lyrics/record-info',
    stateFields: ['status'],
    states: sunoStates('GENERATE_LYRICS_FAILED', 'SENSITIVE_WORD_ERROR'),
    successIfResults: ['CALLBACK_EXCEPTION'],
    paramField: 'param',
    failedState: 'GENERATE_LYRICS_FAILED',
    textOutput: true,
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    // Text, not media: the lyrics are in result.lyricsData.
    results: (data) => {
        const response = responseOf(data);
        const lyrics = response?.lyricsData;
        return { resultUrls: [], result: Array.isArray(lyrics) && lyrics.length > 0 ? response : null };
    },
});
const sunoWav = defineFamily({
    name: 'suno-wav',
    path: '/api/v1/wav/record-info',
    stateFields: ['successFlag'],
    states: sunoStates('GENERATE_WAV_FAILED'),
    successIfResults: ['CALLBACK_EXCEPTION'],
    failedState: 'GENERATE_WAV_FAILED',
    callbackUrlPaths: ['audio_wav_url', 'audioWavUrl'],
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.audioWavUrl'], warnings),
        result: responseOf(data),
    }),
});
// The documented stems, in the docs' order; originUrl is the input and stays in `result`.
const STEMS = [
    'vocalUrl',
    'instrumentalUrl',
    'backingVocalsUrl',
    'drumsUrl',
    'bassUrl',
    'guitarUrl',
    'keyboardUrl',
    'percussionUrl',
    'stringsUrl',
    'synthUrl',
    'fxUrl',
    'brassUrl',
    'woodwindsUrl',
];
const sunoVocalRemoval = defineFamily({
    name: 'suno-vocal-removal',
    path: '/api/v1/vocal-removal/record-info',
    stateFields: ['successFlag'],
    states: sunoStates('GENERATE_AUDIO_FAILED'),
    successIfResults: ['CALLBACK_EXCEPTION'],
    failedState: 'GENERATE_AUDIO_FAILED',
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    callbackUrlPaths: STEMS.map((stem) => `vocal_removal_info.${stem
        .replace(/Url$/, '_url')
        .replace(/([A-Z])/g, '_$1')
        .toLowerCase()}`),
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, STEMS.map((stem) => `response.${stem}`), warnings),
        result: responseOf(data),
    }),
});
const sunoMp4 = defineFamily({
    name: 'suno-mp4',
    path: '/api/v1/mp4/record-info',
    stateFields: ['successFlag'],
    states: sunoStates('GENERATE_MP4_FAILED'),
    failedState: 'GENERATE_MP4_FAILED',
    callbackUrlPaths: ['video_url', 'videoUrl'],
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.videoUrl'], warnings),
        result: responseOf(data),
    }),
});
const sunoMidi = defineFamily({
    name: 'suno-midi',
    path: '/api/v1/midi/record-info',
    stateFields: ['successFlag'],
    states: FLAG_0123,
    failedState: '3',
    textOutput: true,
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    // Notes as JSON, no URL.
    results: (data) => ({
        resultUrls: [],
        result: (0,json/* isJsonObject */.OW)(data.midiData) ? { midiData: data.midiData } : null,
    }),
});
const sunoCover = defineFamily({
    name: 'suno-cover',
    path: '/api/v1/suno/cover/record-info',
    stateFields: ['successFlag'],
    // The example sends an integer; the text lists PENDING/SUCCESS/…: accept both.
    states: { ...FLAG_0123, ...sunoStates('GENERATE_COVER_FAILED') },
    failedState: '3',
    minPollIntervalMs: SUNO_MIN_POLL_MS,
    callbackUrlPaths: ['images[]', 'data.images[]'],
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.images[]'], warnings),
        result: responseOf(data),
    }),
});
//# sourceMappingURL=suno.js.map
;// CONCATENATED MODULE: ../core/dist/families/veo.js
/**
 * Veo 3.x video. Status: https://docs.kie.ai/veo3-api/get-veo-3-video-details · create:
 * https://docs.kie.ai/veo3-api/generate-veo-3-video
 */


const veo = defineFamily({
    name: 'veo',
    createPath: '/api/v1/veo/generate',
    path: '/api/v1/veo/record-info',
    stateFields: ['successFlag'],
    states: FLAG_0123,
    paramField: 'paramJson',
    failedState: '3',
    callbackUrlPaths: ['info.resultUrls[]'],
    // After /veo/extend, fullResultUrls holds the stitched video, which is what users want: it comes first (§13).
    // The Veo quickstart's sample code reads a legacy top-level `resultUrls` JSON string: accept both.
    results: (data, warnings) => ({
        resultUrls: urlsAt(data, ['response.fullResultUrls[]', 'response.resultUrls[]', 'resultUrls[]'], warnings),
        result: objectAt(data, 'response'),
    }),
});
//# sourceMappingURL=veo.js.map
;// CONCATENATED MODULE: ../core/dist/families/index.js
/** The table of task families. Adding a family: write its module, add it here. Nothing else changes. */








// Documentation order, which is also the order `family: 'auto'` probes in: most used first, legacy last.
const FAMILIES = [
    market,
    veo,
    runway,
    suno,
    gpt4oImage,
    fluxKontext,
    aleph,
    sunoLyrics,
    sunoWav,
    sunoVocalRemoval,
    sunoMp4,
    sunoMidi,
    sunoCover,
    midjourney,
    luma,
];
/** Every family name, in documentation (and probing) order. */
const FAMILY_NAMES = FAMILIES.map((family) => family.name);
/** Families whose tasks can be created here (their definition names a create endpoint), market first. */
const CREATABLE_FAMILY_NAMES = FAMILIES.filter((family) => family.createPath !== undefined).map((family) => family.name);
const BY_NAME = new Map(FAMILIES.map((family) => [family.name, family]));
/** Looks a family up by name; throws a TypeError listing the accepted names. */
function getFamily(name = 'market') {
    const family = BY_NAME.get(name);
    if (!family)
        throw new TypeError(`Unknown task family "${name}". Use one of: ${FAMILY_NAMES.join(', ')}.`);
    return family;
}
/** Every family, in probing order. */
function allFamilies() {
    return FAMILIES;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 8765:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Iz: () => (/* binding */ isKnownPendingState),
/* harmony export */   Mo: () => (/* binding */ MARKET_PENDING_ORDER),
/* harmony export */   de: () => (/* binding */ toMarketState)
/* harmony export */ });
/** Market states in the order a task passes through them. */
const MARKET_PENDING_ORDER = ['waiting', 'queuing', 'generating'];
/** True for the pending market states kie.ai documents (anything else pending is an unknown state). */
function isKnownPendingState(state) {
    return MARKET_PENDING_ORDER.includes(state);
}
/**
 * The market-vocabulary state of a record: a market record keeps its own state; other families map to
 * `success`, `fail`, or `generating` while pending.
 */
function toMarketState(record) {
    if (record.family === 'market')
        return record.state;
    if (record.status === 'success')
        return 'success';
    if (record.status === 'failed')
        return 'fail';
    return 'generating';
}
//# sourceMappingURL=market-state.js.map

/***/ }),

/***/ 7150:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ DEFAULT_MAX_RESPONSE_BYTES),
/* harmony export */   t: () => (/* binding */ send)
/* harmony export */ });
/* harmony import */ var _retry_policy_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2417);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(4526);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4713);
/* harmony import */ var _abort_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6066);
/**
 * One HTTP request: per-request timeout, abort, network failures turned into KieNetworkError, a body read while
 * streaming with a size cap (counted after decompression), and redirects followed only within the same origin.
 */




/** kie.ai's answers are a few KiB; anything near this is not a status answer. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Same-origin redirects followed before giving up. */
const MAX_REDIRECTS = 3;
class RequestTimeout extends Error {
}
/** Sends one request and reads the whole body. */
async function send(fetchImpl, request) {
    const { signal } = request;
    if (signal?.aborted)
        throw (0,_abort_js__WEBPACK_IMPORTED_MODULE_0__/* .abortError */ .vt)(signal.reason);
    const controller = new AbortController();
    const unsubscribe = signal ? (0,_abort_js__WEBPACK_IMPORTED_MODULE_0__/* .onAbort */ .u7)(signal, () => controller.abort(signal.reason)) : undefined;
    const timer = setTimeout(() => controller.abort(new RequestTimeout()), request.timeoutMs);
    try {
        const init = {
            method: request.method ?? 'GET',
            headers: request.headers,
            signal: controller.signal,
        };
        if (request.body !== undefined)
            init.body = request.body;
        // Redirects are ours to judge: fetch would follow one to another host or to plain http with the API key.
        init.redirect = 'manual';
        let url = request.url;
        let response = await fetchImpl(url, init);
        for (let hops = 0; isRedirect(response); hops++) {
            const target = redirectTarget(url, response, request.method ?? 'GET', hops);
            await response.body?.cancel().catch(() => undefined);
            url = target;
            response = await fetchImpl(url, init);
        }
        const text = await readCapped(response, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
        return {
            status: response.status,
            text,
            retryAfterMs: (0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRetryAfter */ .mu)(response.headers.get('retry-after')),
        };
    }
    catch (error) {
        if (signal?.aborted)
            throw (0,_abort_js__WEBPACK_IMPORTED_MODULE_0__/* .abortError */ .vt)(signal.reason);
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW)
            throw error;
        // The host, so that a wrong base URL or a proxy in the way is plain from the message alone.
        const host = hostOf(request.url);
        if (controller.signal.reason instanceof RequestTimeout) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieNetworkError */ .KO(`no answer from ${host} within ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatMs */ ._V)(request.timeoutMs)}`, {
                code: 'TIMEOUT',
            });
        }
        const code = failureCode(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieNetworkError */ .KO(`request to ${host} failed: ${fetchFailureDetail(error)}`, {
            cause: error,
            code,
            neverSent: code !== null && NEVER_CONNECTED.has(code),
        });
    }
    finally {
        clearTimeout(timer);
        unsubscribe?.();
    }
}
function isRedirect(response) {
    return (response.type === 'opaqueredirect' ||
        (response.status >= 300 && response.status < 400 && response.status !== 304));
}
/**
 * Where a redirect may go: the same origin (scheme, host and port), for GET only, at most MAX_REDIRECTS times.
 * Anything else — another host, a downgrade to http, a POST — is refused with the target named.
 */
function redirectTarget(from, response, method, hops) {
    const location = response.headers.get('location');
    if (response.type === 'opaqueredirect' || !location) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('redirect', 'kie.ai answered with a redirect whose target is not visible; it is not followed.');
    }
    let target;
    try {
        target = new URL(location, from);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('redirect', 'kie.ai answered with a redirect to an unreadable location; it is not followed.');
    }
    const origin = new URL(from);
    const shown = `${target.protocol}//${target.host}`;
    if (target.protocol !== origin.protocol || target.host !== origin.host) {
        const why = origin.protocol === 'https:' && target.protocol === 'http:' ? 'plain http' : 'another origin';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('redirect', `kie.ai's answer redirected to ${shown} (${why}); the request is not followed there, so the API key stays here. Check base-url.`);
    }
    if (method !== 'GET') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('redirect', `kie.ai redirected a ${method} request (to ${shown}); it is not sent again.`);
    }
    if (hops >= MAX_REDIRECTS)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('redirect', `kie.ai redirected more than ${MAX_REDIRECTS} times.`);
    return target.href;
}
/** Reads the body as text, stopping (and cancelling the stream) once it passes `maxBytes`. */
async function readCapped(response, maxBytes) {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes && response.headers.get('content-encoding') === null) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
    }
    if (!response.body)
        return response.text();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let size = 0;
    let text = '';
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw tooLarge(maxBytes);
        }
        text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
}
function tooLarge(maxBytes) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KieResponseError */ .rW('too-large', `kie.ai's answer is larger than ${Math.round(maxBytes / 1024)} KiB (maxResponseBytes); reading stopped there.`);
}
// Codes (Node's fetch, undici) that mean the connection was never established, so no request reached the server:
// DNS failures, a refused or timed-out connect, a TLS handshake that failed before anything was sent. A reset or
// UND_ERR_SOCKET may come after the request was written, so they are not here.
const NEVER_CONNECTED = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
// The first string `code` down the cause chain (fetch's TypeError → undici's error → the socket's), read generically:
// other runtimes have no such codes, and then nothing counts as never sent.
function failureCode(error) {
    let current = error;
    for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
        const code = current.code;
        if (typeof code === 'string' && code !== '')
            return code;
        current = current.cause;
    }
    return null;
}
// fetch says only "fetch failed"; the useful part (ECONNRESET, ECONNREFUSED, …) is in its cause.
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return 'kie.ai';
    }
}
function fetchFailureDetail(error) {
    if (!(error instanceof Error))
        return String(error);
    const cause = error.cause;
    if (cause instanceof Error) {
        const code = cause.code;
        return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
    }
    return error.message;
}
//# sourceMappingURL=http.js.map

/***/ }),

/***/ 832:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $3: () => (/* binding */ tooDeepWarning),
/* harmony export */   JU: () => (/* binding */ readEmbeddedJson),
/* harmony export */   OW: () => (/* binding */ isJsonObject),
/* harmony export */   QP: () => (/* binding */ typeOf),
/* harmony export */   dP: () => (/* binding */ withinDepth),
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   sx: () => (/* binding */ optionalString)
/* harmony export */ });
/* unused harmony export MAX_JSON_DEPTH */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4713);
/** Small helpers for reading untrusted JSON without throwing anything but KieParseError. */

/** True for plain objects (not arrays, not null). */
function isJsonObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Parses JSON text, turning a syntax error into a KieParseError at `path`. */
function parseJsonText(text, path) {
    try {
        return JSON.parse(text);
    }
    catch {
        const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KieParseError */ .Jv(path, `not valid JSON (${JSON.stringify(preview)})`);
    }
}
/**
 * How deep a record may nest. kie.ai's records nest a handful of levels; a deeper part is left out (see
 * {@link withinDepth}) so that nothing downstream — JSON.stringify, a presenter's walk — can overflow the stack.
 */
const MAX_JSON_DEPTH = 64;
/**
 * A copy of `value` in which every array or object nested deeper than `maxDepth` levels is replaced by null, and
 * whether anything was. Iterative, so any depth is safe, and linear in the size of the value.
 */
function withinDepth(value, maxDepth = MAX_JSON_DEPTH) {
    if (typeof value !== 'object' || value === null)
        return { value, cut: false };
    let cut = false;
    const copyOf = (source) => Array.isArray(source) ? new Array(source.length) : {};
    const root = copyOf(value);
    // Each entry: a container to copy, its copy, and its depth (the root is at 1).
    const stack = [
        { from: value, to: root, depth: 1 },
    ];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
        const { from, to, depth } = entry;
        for (const [key, child] of Object.entries(from)) {
            let copied = child;
            if (typeof child === 'object' && child !== null) {
                if (depth >= maxDepth) {
                    cut = true;
                    copied = null;
                }
                else {
                    const copy = copyOf(child);
                    stack.push({ from: child, to: copy, depth: depth + 1 });
                    copied = copy;
                }
            }
            // defineProperty: a `__proto__` key from the JSON stays an own property instead of setting the prototype.
            Object.defineProperty(to, key, { value: copied, enumerable: true, writable: true, configurable: true });
        }
    }
    return { value: root, cut };
}
/** The warning a record carries when {@link withinDepth} left part of `path` out. */
function tooDeepWarning(path) {
    return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels; the deeper parts were left out`;
}
/**
 * kie.ai sends some fields as JSON strings and some proxies as objects: accept both; `""` and null are absent. A
 * value nested too deeply keeps its first {@link MAX_JSON_DEPTH} levels, with a warning.
 */
function readEmbeddedJson(value, path, warnings) {
    if (value === undefined || value === null || value === '')
        return { value: null, problem: null };
    if (isJsonObject(value))
        return { value, problem: null };
    if (typeof value !== 'string')
        return { value: null, problem: `${path} is a ${typeOf(value)}, not a JSON string` };
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        return { value: null, problem: `${path} is not valid JSON` };
    }
    if (!isJsonObject(parsed))
        return { value: null, problem: `${path} is JSON but not an object` };
    const bounded = withinDepth(parsed);
    if (bounded.cut)
        warnings.push(tooDeepWarning(path));
    return { value: bounded.value, problem: null };
}
/** Reads an optional string: `""`, null and absent all mean null; numbers are stringified (kie sends failCode both ways). */
function optionalString(value, path) {
    if (value === undefined || value === null || value === '')
        return null;
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KieParseError */ .Jv(path, `expected a string, got ${typeOf(value)}`);
}
/** Names a JSON value's type for error messages. */
function typeOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    return typeof value;
}
//# sourceMappingURL=json.js.map

/***/ }),

/***/ 7458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   UH: () => (/* binding */ stateLabel),
/* harmony export */   bz: () => (/* binding */ creditsLabel),
/* harmony export */   cz: () => (/* binding */ taskDurationMs),
/* harmony export */   f3: () => (/* binding */ failLabel),
/* harmony export */   lR: () => (/* binding */ combinedState),
/* harmony export */   ww: () => (/* binding */ summarizeOutcome)
/* harmony export */ });
/* unused harmony export summarizeRecord */
/* harmony import */ var _families_market_state_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8765);
/**
 * How the Action and the CLI present outcomes, shared so they cannot disagree: a task flattened for JSON (the
 * Action's `tasks` output and the CLI's `--json` print exactly {@link TaskSummary}), state and failure labels for
 * people, the combined state of a batch, credits and durations. Presentation only: the outcome model itself is
 * outcome.ts. Shared through `@kie-task/core/internal`.
 */

/** How long kie.ai took: completeTime − createTime in ms, or null when either is unknown. */
function taskDurationMs(record) {
    const created = record?.createTime?.getTime();
    const completed = record?.completeTime?.getTime();
    if (created === undefined || completed === undefined || Number.isNaN(created) || Number.isNaN(completed)) {
        return null;
    }
    return Math.max(0, completed - created);
}
/** Credits for people: `0.8 credits`, `1 credit`. */
function creditsLabel(credits) {
    const rounded = Math.round(credits * 1000) / 1000;
    return `${rounded} ${rounded === 1 ? 'credit' : 'credits'}`;
}
/**
 * A record's state for people: the state itself for market tasks; for other families the market word with the
 * family's own value, `fail (3)` or `generating (PENDING)`, unless they read the same (`success`).
 */
function stateLabel(record) {
    const market = (0,_families_market_state_js__WEBPACK_IMPORTED_MODULE_0__/* .toMarketState */ .de)(record);
    return market.toLowerCase() === record.state.toLowerCase() ? market : `${market} (${record.state})`;
}
/** A failed record's state and code: `fail (400)` for market tasks, `fail (3), code 400` for other families. */
function failLabel(record) {
    const code = record.failCode ?? 'no code';
    return record.family === 'market' ? `${record.state} (${code})` : `${stateLabel(record)}, code ${code}`;
}
/**
 * A pending state's rank in the order tasks pass through (`waiting` < `queuing` < `generating`). An unknown state
 * ranks as `generating` (the task exists and is not finished); no state at all (`''`) ranks lowest.
 */
function pendingRank(state) {
    if (state === '')
        return -1;
    const order = _families_market_state_js__WEBPACK_IMPORTED_MODULE_0__/* .MARKET_PENDING_ORDER */ .Mo;
    const known = order.indexOf(state);
    return known >= 0 ? known : order.indexOf('generating');
}
/**
 * The combined state of several tasks: `success` only if all succeeded, `fail` if any failed, else the least
 * advanced state seen (see {@link pendingRank}), keeping an unknown state's own name; a task never seen counts as
 * least advanced, `''`. Ties go to the first task in input order.
 */
function combinedState(outcomes) {
    if (outcomes.length > 0 && outcomes.every((o) => o.kind === 'success'))
        return 'success';
    if (outcomes.some((o) => o.kind === 'fail'))
        return 'fail';
    let least = null;
    for (const outcome of outcomes) {
        if (outcome.kind === 'success')
            continue;
        const state = outcome.record ? (0,_families_market_state_js__WEBPACK_IMPORTED_MODULE_0__/* .toMarketState */ .de)(outcome.record) : '';
        const rank = pendingRank(state);
        if (least === null || rank < least.rank)
            least = { state, rank };
    }
    return least?.state ?? '';
}
/** Flattens an outcome; `family` names the family of a task never seen (the `family` option, e.g. `auto`). */
function summarizeOutcome(outcome, family = 'market') {
    const base = outcome.record ? summarizeRecord(outcome.record) : blankSummary(outcome.taskId, family);
    return {
        ...base,
        outcome: outcome.kind,
        timedOut: outcome.kind === 'timeout',
        error: outcome.error?.message ?? null,
    };
}
/** Flattens one record as a single query sees it (`pending` while the task runs). */
function summarizeRecord(record) {
    return {
        taskId: record.taskId,
        family: record.family,
        outcome: record.status === 'success' ? 'success' : record.status === 'failed' ? 'fail' : 'pending',
        model: record.model,
        state: (0,_families_market_state_js__WEBPACK_IMPORTED_MODULE_0__/* .toMarketState */ .de)(record),
        rawState: record.state,
        resultUrls: record.resultUrls,
        failCode: record.failCode,
        failMsg: record.failMsg,
        createTime: isoTime(record.createTime),
        completeTime: isoTime(record.completeTime),
        durationMs: taskDurationMs(record),
        costTimeSeconds: record.costTimeSeconds,
        creditsConsumed: record.creditsConsumed,
        progress: record.progress,
        timedOut: false,
        error: null,
    };
}
function blankSummary(taskId, family) {
    return {
        taskId,
        family,
        outcome: 'pending',
        model: null,
        state: null,
        rawState: null,
        resultUrls: [],
        failCode: null,
        failMsg: null,
        createTime: null,
        completeTime: null,
        durationMs: null,
        costTimeSeconds: null,
        creditsConsumed: null,
        progress: null,
        timedOut: false,
        error: null,
    };
}
function isoTime(date) {
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
//# sourceMappingURL=presentation.js.map

/***/ }),

/***/ 1280:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ promptOf)
/* harmony export */ });
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(832);
/** The prompt a task was created with, read from its `param` (the createTask request kie.ai keeps). */

/**
 * The prompt of a task: `param.prompt` (Veo, Runway, Suno, Flux Kontext, GPT-image) or `param.input.prompt` (market
 * models; the record has already decoded a double-encoded `input`). Null when there is none. Nothing else from
 * `param` (callBackUrl, URLs, keys) is ever read here. The prompt is untrusted text.
 */
function promptOf(record) {
    const param = record?.param ?? null;
    if (!param)
        return null;
    const input = param.input;
    const candidates = [param.prompt, (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .OW)(input) ? input.prompt : undefined];
    const prompt = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
    return prompt ?? null;
}
//# sourceMappingURL=prompt.js.map

/***/ }),

/***/ 5427:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ queryTask)
});

// EXTERNAL MODULE: ../core/dist/retry-policy.js
var retry_policy = __nccwpck_require__(2417);
// EXTERNAL MODULE: ../core/dist/envelope.js
var dist_envelope = __nccwpck_require__(1942);
// EXTERNAL MODULE: ../core/dist/abort.js
var abort = __nccwpck_require__(6066);
// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __nccwpck_require__(4713);
// EXTERNAL MODULE: ../core/dist/http.js
var http = __nccwpck_require__(7150);
// EXTERNAL MODULE: ../core/dist/families/index.js + 12 modules
var families = __nccwpck_require__(3184);
// EXTERNAL MODULE: ../core/dist/json.js
var json = __nccwpck_require__(832);
;// CONCATENATED MODULE: ../core/dist/record.js
/** parseTaskResponse: one kie.ai status response (or callback body) → one normalised TaskRecord. */




/**
 * Parses a status response (`GET /api/v1/jobs/recordInfo` and the other families' endpoints) or a callback body.
 *
 * `body` is the response text or the already-parsed JSON. Generation failures (envelope 501, 408, 451) are outcomes,
 * not request errors: they return a record with `status: 'failed'`, `failCode` = the code and `failMsg` = the message.
 *
 * @throws {KieApiError} when the envelope `code` (or, without one, the HTTP status) says the request failed.
 * @throws {KieParseError} when the body is not a valid record; `path` names the offending part.
 * Nothing else is ever thrown, whatever the input.
 */
function parseTaskResponse(body, options = {}) {
    const family = familyFor(options.family);
    const envelope = (0,dist_envelope/* openEnvelope */.h)(body, options);
    // Bounded first: nothing below (nor any caller walking the record) meets a structure too deep for the stack.
    const { value: data, cut } = (0,json/* withinDepth */.dP)(envelope.data);
    const depthWarnings = cut ? [(0,json/* tooDeepWarning */.$3)('data')] : [];
    if (envelope.disposition === 'generation-failed') {
        return failedRecord(family, envelope.code, envelope.apiMessage, data, { ...options, depthWarnings });
    }
    if (!(0,json/* isJsonObject */.OW)(data))
        throw new errors/* KieParseError */.Jv('data', `expected an object, got ${(0,json/* typeOf */.QP)(data)}`);
    return assemble(family.name, data, family.read(data), { ...options, depthWarnings });
}
function familyFor(name) {
    try {
        return (0,families/* getFamily */.nq)(name);
    }
    catch (error) {
        throw new errors/* KieParseError */.Jv('family', error.message);
    }
}
function taskIdOf(data) {
    const id = data.taskId ?? data.task_id;
    return typeof id === 'string' && id !== '' ? id : null;
}
function assemble(family, data, reading, options) {
    const taskId = taskIdOf(data) ?? options.taskId;
    if (!taskId)
        throw new errors/* KieParseError */.Jv('data.taskId', 'missing');
    const warnings = [...options.depthWarnings, ...reading.warnings];
    if (options.taskId && taskId !== options.taskId) {
        warnings.push(`asked for task ${options.taskId} but the record is for ${taskId}`);
    }
    return { taskId, ...reading, family, warnings, raw: data };
}
// A generation failure may come with a full record (callbacks do) or with none (status queries do).
function failedRecord(family, code, apiMessage, data, options) {
    const raw = (0,json/* isJsonObject */.OW)(data) ? data : {};
    let reading = null;
    try {
        reading = (0,json/* isJsonObject */.OW)(data) ? family.read(data) : null;
    }
    catch {
        // The record attached to a failure is a bonus: a malformed one must not hide the failure itself.
    }
    const base = reading ?? emptyReading(family.failedState);
    return assemble(family.name, raw, {
        ...base,
        state: base.status === 'failed' ? base.state : family.failedState,
        status: 'failed',
        failCode: base.failCode ?? String(code),
        failMsg: base.failMsg ?? apiMessage,
    }, options);
}
function emptyReading(state) {
    return {
        state,
        status: 'failed',
        model: null,
        param: null,
        result: null,
        resultUrls: [],
        failCode: null,
        failMsg: null,
        createTime: null,
        updateTime: null,
        completeTime: null,
        costTimeSeconds: null,
        creditsConsumed: null,
        progress: null,
        warnings: [],
    };
}
//# sourceMappingURL=record.js.map
;// CONCATENATED MODULE: ../core/dist/query.js
/** One status query of one task, with the per-request retry policy. */






/**
 * Queries a task's status, retrying transient failures with backoff. A 429 lowers the scheduler's shared rate but
 * pauses no other task; the rejected request keeps its place and is retried when the server's window frees.
 */
async function queryTask(taskId, context) {
    const url = context.baseUrl + context.family.statusPath(taskId);
    const dueAt = context.dueAt ?? Date.now();
    let throttles = 0;
    for (let retry = 1;; retry++) {
        try {
            const record = await context.scheduler.run(async (slot) => {
                const response = await (0,http/* send */.t)(context.fetch, {
                    url,
                    headers: context.headers,
                    signal: context.signal,
                    timeoutMs: context.requestTimeoutMs,
                    maxResponseBytes: context.maxResponseBytes,
                });
                try {
                    return parseTaskResponse(response.text, {
                        httpStatus: response.status,
                        family: context.family.name,
                        taskId,
                        retryAfterMs: response.retryAfterMs,
                    });
                }
                catch (error) {
                    if (isRateLimited(error))
                        slot.throttled();
                    throw error;
                }
            }, {
                signal: context.signal,
                dueAt,
                stream: context.cadenceMs === undefined ? undefined : { key: taskId, intervalMs: context.cadenceMs },
            });
            return { kind: 'record', record };
        }
        catch (error) {
            if ((0,dist_envelope/* isNotVisible */.s)(error))
                return { kind: 'not-visible', error };
            if (!isTransient(error) || retry > context.retry.maxRetries)
                throw error;
            const retryAfterMs = error instanceof errors/* KieApiError */.GT ? error.retryAfterMs : null;
            let delayMs;
            if (isRateLimited(error)) {
                // Retry-After says when the server's window frees. Without it the scheduler's lowered rate is the backoff;
                // only a request rejected again and again backs off on its own as well.
                throttles += 1;
                delayMs =
                    retryAfterMs ??
                        (throttles === 1 ? 0 : (0,retry_policy/* backoffDelay */.EY)(throttles - 1, context.retry, null, context.random));
                // A per-task limit (Suno: 3 queries a second) answers 429 too: never ask the same task faster than it allows.
                delayMs = Math.max(delayMs, context.family.minPollIntervalMs ?? 0);
            }
            else {
                delayMs = (0,retry_policy/* backoffDelay */.EY)(retry, context.retry, retryAfterMs, context.random);
            }
            context.onRetry?.({ taskId, error, retry, delayMs });
            if (delayMs > 0)
                await (0,abort/* sleep */.yy)(delayMs, context.signal);
            else if (context.signal.aborted)
                throw (0,abort/* abortError */.vt)(context.signal.reason);
        }
    }
}
function isRateLimited(error) {
    return error instanceof errors/* KieApiError */.GT && error.kind === 'rate-limited';
}
/** Worth sending again: network failures, retryable API codes, and bodies that were not JSON at all (truncated). */
function isTransient(error) {
    if (error instanceof errors/* KieNetworkError */.KO)
        return true;
    if (error instanceof errors/* KieApiError */.GT)
        return error.retryable;
    return error instanceof errors/* KieParseError */.Jv && error.path === '$';
}
//# sourceMappingURL=query.js.map

/***/ }),

/***/ 23:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ Redactor),
/* harmony export */   v: () => (/* binding */ MIN_SECRET_LENGTH)
/* harmony export */ });
/**
 * Removing secrets (the kie.ai API key, the GitHub token) from untrusted text — before any escaping, serialising,
 * folding or clipping, which would change the secret's spelling or cut it in half. Each secret is removed raw and in
 * the forms a server or a proxy might echo it in: JSON-string-escaped, URL-encoded, HTML-escaped, and base64 —
 * also inside a longer base64 text (`base64("Bearer " + key)`), at each of the three byte offsets the key can start
 * at, in standard and URL-safe (base64url) alphabets. The runner masks its log the same way
 * (actions/runner `ValueEncoders.Base64StringEscape`, `…Shift1`, `…Shift2`), but not the summary as a whole, the PR
 * comment or the outputs: this does, for all of them.
 *
 * Cost: each form is one linear scan (`includes`, then `split`/`join` only where it occurs), so redacting a text is
 * linear in its length, times the number of forms (about a dozen per secret).
 */
/** Secrets shorter than this cannot be removed without mangling ordinary text: inputs refuse them. */
const MIN_SECRET_LENGTH = 8;
/** What a secret becomes. */
const MASK = '***';
/** Removes registered secrets from text, errors and JSON-like values. */
class Redactor {
    #forms = [];
    constructor(secrets = []) {
        for (const secret of secrets)
            this.add(secret);
    }
    /** Registers a secret (and its encoded forms); empty and too-short values are ignored. */
    add(secret) {
        if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH)
            return;
        const forms = new Set([secret, ...encodedForms(secret)]);
        for (const form of forms)
            if (form.length >= MIN_SECRET_LENGTH && !this.#forms.includes(form))
                this.#forms.push(form);
        // Longest first, so a form containing another is removed whole.
        this.#forms.sort((a, b) => b.length - a.length);
    }
    /** True when a secret is registered. */
    get active() {
        return this.#forms.length > 0;
    }
    /** `text` with every registered secret (in every form) replaced by `***`. */
    redact(text) {
        let out = text;
        for (const form of this.#forms)
            if (out.includes(form))
                out = out.split(form).join(MASK);
        return out;
    }
    /**
     * A copy of `value` with every string redacted: arrays and plain objects are copied (iteratively, so hostile
     * nesting cannot overflow the stack), Dates and other objects are kept as they are.
     */
    redactDeep(value) {
        if (!this.active)
            return value;
        return mapStrings(value, (text) => this.redact(text));
    }
    /**
     * Redacts an error in place, with its `cause` chain: `message`, `stack`, and kie.ai's `apiMessage`. The error
     * keeps its class, so `instanceof` checks still work. Returns it.
     */
    redactError(error) {
        if (!this.active)
            return error;
        let current = error;
        for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
            const target = current;
            rewrite(target, 'message', (text) => this.redact(text));
            rewrite(target, 'stack', (text) => this.redact(text));
            rewrite(target, 'apiMessage', (text) => this.redact(text));
            if (target.lastError instanceof Error)
                this.redactError(target.lastError);
            if (typeof target.cause === 'string')
                rewrite(target, 'cause', (text) => this.redact(text));
            current = target.cause;
        }
        return error;
    }
}
function rewrite(target, key, change) {
    const value = target[key];
    if (typeof value !== 'string')
        return;
    const changed = change(value);
    if (changed !== value)
        Object.defineProperty(target, key, { value: changed, configurable: true, writable: true });
}
// The forms a secret takes when a server, a proxy or a serialiser writes it.
function encodedForms(secret) {
    const forms = [
        JSON.stringify(secret).slice(1, -1),
        encodeURIComponent(secret),
        secret
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;')
            .replace(/'/g, '&#39;'),
    ];
    const bytes = new TextEncoder().encode(secret);
    const whole = toBase64(bytes);
    if (whole === null)
        return forms;
    forms.push(whole, whole.replace(/=+$/, ''));
    for (const inner of base64Cores(bytes)) {
        const url = inner.replace(/\+/g, '-').replace(/\//g, '_');
        // Inside a URL, a base64 text's `+` and `/` are often percent-encoded.
        forms.push(inner, url, encodeURIComponent(inner));
    }
    return forms;
}
/**
 * The base64 characters that depend on the secret's bytes alone, for each byte offset (0, 1, 2) it can start at
 * inside a longer base64 text. Base64 turns 3 bytes into 4 characters, so a secret after `offset` other bytes
 * (mod 3) starts at bit `8 × offset` of its group: the characters from bit `⌈8 × offset / 6⌉ × 6` up to the last
 * whole 6 bits of the secret are its own, whatever comes before or after it. (The runner encodes the secret minus
 * its first 1 or 2 bytes, padding included, which matches only when the secret ends the encoded text.)
 */
function base64Cores(bytes) {
    const cores = [];
    for (let offset = 0; offset < 3; offset++) {
        const shifted = new Uint8Array(offset + bytes.length);
        shifted.set(bytes, offset);
        const encoded = toBase64(shifted);
        const start = Math.ceil((8 * offset) / 6);
        const end = Math.floor((8 * (offset + bytes.length)) / 6);
        cores.push(encoded.slice(start, end));
    }
    return cores;
}
function toBase64(bytes) {
    if (typeof btoa !== 'function')
        return null;
    let binary = '';
    for (const byte of bytes)
        binary += String.fromCharCode(byte);
    return btoa(binary);
}
/**
 * Copies arrays and plain objects with `change` applied to every string, without recursion. Every key becomes an
 * own data property, as JSON.parse made it: `__proto__`, `constructor` and `prototype` keys from kie.ai stay data
 * and never become a prototype.
 */
function mapStrings(root, change) {
    const copy = (value) => {
        if (typeof value === 'string')
            return change(value);
        if (Array.isArray(value))
            return new Array(value.length);
        if (isPlainObject(value))
            return {};
        return value;
    };
    const result = copy(root);
    const stack = [[root, result]];
    while (stack.length > 0) {
        const [source, target] = stack.pop();
        if (Array.isArray(source)) {
            const out = target;
            source.forEach((item, i) => {
                out[i] = copy(item);
                if (typeof item === 'object' && item !== null)
                    stack.push([item, out[i]]);
            });
        }
        else if (isPlainObject(source)) {
            const out = target;
            for (const [key, item] of Object.entries(source)) {
                const copied = copy(item);
                Object.defineProperty(out, key, {
                    value: copied,
                    enumerable: true,
                    writable: true,
                    configurable: true,
                });
                if (typeof item === 'object' && item !== null)
                    stack.push([item, copied]);
            }
        }
    }
    return result;
}
function isPlainObject(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
//# sourceMappingURL=redact.js.map

/***/ }),

/***/ 2417:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   lz: () => (/* binding */ resolveRetry),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/** The retry policy for one request: capped exponential backoff with full jitter, and Retry-After. */
/** Applies the defaults. */
function resolveRetry(options = {}) {
    return {
        maxRetries: options.maxRetries ?? 8,
        baseDelayMs: options.baseDelayMs ?? 1_000,
        maxDelayMs: options.maxDelayMs ?? 30_000,
    };
}
/**
 * Delay before retry number `retry` (1-based). Full jitter (AWS architecture blog, "Exponential Backoff and
 * Jitter") between half the ceiling and the ceiling, so retries never collapse to zero; at least `retryAfterMs`.
 */
function backoffDelay(retry, policy, retryAfterMs = null, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
    const delay = ceiling / 2 + (ceiling / 2) * random();
    return Math.max(delay, retryAfterMs ?? 0);
}
/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds; null when absent or unreadable. */
function parseRetryAfter(header, now = Date.now()) {
    if (header === null || header.trim() === '')
        return null;
    const value = header.trim();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    if (Number.isNaN(date))
        return null;
    return Math.max(0, date - now);
}
//# sourceMappingURL=retry-policy.js.map

/***/ }),

/***/ 9371:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ MAX_TIMER_MS)
/* harmony export */ });
/** The timer constant every module below the client shares; imports nothing, so anything may import it. */
/** The longest delay a timer can wait (2^31-1 ms, ~24.8 days): Node fires longer ones at once, with a warning. */
const MAX_TIMER_MS = 2_147_483_647;
//# sourceMappingURL=timer-limit.js.map

/***/ }),

/***/ 5184:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   WK: () => (/* binding */ describeControlCharacter),
/* harmony export */   gL: () => (/* binding */ clipText),
/* harmony export */   lu: () => (/* binding */ replaceDangerous)
/* harmony export */ });
/* unused harmony exports REPLACEMENT, hasDangerous, unicodeEscape */
/**
 * Text from outside — kie.ai answers, URLs, task IDs, GitHub answers, event payloads — is untrusted wherever it
 * goes. This is the one table of characters no presenter may pass through raw, and the helpers every presenter
 * (the Action's log, annotations, outputs, job summary and comment; the CLI's text and JSON) builds on. Each
 * presenter then adds only its own format's escaping (markdown, HTML attribute, terminal, JSON).
 */
/**
 * Every dangerous character, in one class:
 * - C0 controls except tab and the line breaks (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) and DEL: terminal
 *   escape sequences, bells, and characters the runner's ICU matching skips (NUL);
 * - C1 controls U+0080–U+009F, including U+0085 NEL, which .NET's TrimStart removes like a space;
 * - bidi marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069):
 *   they make text read differently from what it is;
 * - zero-width and invisible formatting characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064, U+206A–U+206F,
 *   U+FEFF): invisible in a log, and ignored by culture-sensitive matching such as the runner's `IndexOf("##[")`;
 * - line and paragraph separators U+2028, U+2029: line breaks to some readers and not to others.
 */
const DANGEROUS = 
// eslint-disable-next-line no-control-regex -- matching control characters is the point
/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
/** What a dangerous character becomes: visible, never removed (removing could join the halves of a secret). */
const REPLACEMENT = '\ufffd';
/** True when `text` holds at least one character of the table. */
function hasDangerous(text) {
    DANGEROUS.lastIndex = 0;
    const found = DANGEROUS.test(text);
    DANGEROUS.lastIndex = 0;
    return found;
}
/**
 * `text` with every dangerous character replaced by `replace(char)` (default U+FFFD). Tabs and `\r`/`\n` are not in
 * the table: presenters decide what a line break means in their format.
 */
function replaceDangerous(text, replace = () => REPLACEMENT) {
    return text.replace(DANGEROUS, replace);
}
/** `char` as a JSON/JS `\uXXXX` escape: how `--json` keeps dangerous characters without writing them raw. */
function unicodeEscape(char) {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/**
 * Clips untrusted text to `maxChars` (never between the halves of a surrogate pair), ending with a note that says
 * how much was left out and where the whole text is, e.g. `(+1,048,000 characters; the whole text is in fail-msg)`.
 */
function clipText(text, maxChars, whereWhole) {
    if (text.length <= maxChars)
        return text;
    let cut = text.slice(0, maxChars);
    if (/[\ud800-\udbff]$/.test(cut))
        cut = cut.slice(0, -1);
    const left = text.length - cut.length;
    const where = whereWhole ? `; the whole text is in ${whereWhole}` : '';
    return `${cut}… (+${left.toLocaleString('en-US')} characters${where})`;
}
const CONTROL_NAMES = {
    '\t': 'a tab',
    '\n': 'a line break (LF)',
    '\r': 'a carriage return (CR)',
    '\u0000': 'a NUL character',
};
/**
 * Names the first control character (C0, DEL or C1) in `text`, e.g. `a tab (U+0009) at position 9`, or null when
 * there is none. For inputs checked on the raw text the user gave: `new URL` silently strips tabs and line breaks,
 * so a URL check alone would accept a value that is not what was sent.
 */
function describeControlCharacter(text) {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const found = /[\u0000-\u001f\u007f-\u009f]/.exec(text);
    if (!found)
        return null;
    const char = found[0];
    const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `${CONTROL_NAMES[char] ?? 'a control character'} (${code}) at position ${found.index + 1}`;
}
//# sourceMappingURL=untrusted-text.js.map

/***/ }),

/***/ 8114:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ startDeadline)
/* harmony export */ });
/* harmony import */ var _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6066);
/**
 * A run's one deadline (`@kie-task/node-io/deadline`): the time limit (the Action's `timeout`, the CLI's `--timeout`)
 * and the cancel (SIGINT/SIGTERM, Ctrl-C) as one AbortSignal, created once at the entry point and passed down.
 * I/O without a clock of its own — the proxy's CONNECT and TLS handshake, the GitHub client with its retries and
 * rate-limit sleeps — takes the signal and stops with it. The wait and the downloads, which report a timeout
 * differently from a cancel, read the same deadline's `at`. The signal's reason tells which it was: core's
 * `DeadlineReached` for the time limit, the cancel's own reason otherwise.
 */

/**
 * Starts the clock: the deadline is `timeoutMs` from now (Infinity, or more than a timer can wait, for none), and
 * it also ends when `cancel` aborts.
 */
function startDeadline(timeoutMs, cancel) {
    if (!(timeoutMs > 0))
        throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}.`);
    const at = Date.now() + timeoutMs;
    const linked = (0,_kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .linkSignals */ .w4)([cancel], timeoutMs);
    return {
        signal: linked.signal,
        at,
        remainingMs: () => (linked.signal.aborted ? 0 : Math.max(0, at - Date.now())),
        get timedOut() {
            return linked.signal.reason instanceof _kie_task_core_internal__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineReached */ .h_;
        },
        dispose: () => linked.dispose(),
    };
}
//# sourceMappingURL=deadline.js.map

/***/ }),

/***/ 9692:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   fS: () => (/* binding */ DEFAULT_MAX_BYTES),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/** Byte sizes as people write them (`500MB`, `1.5GB`, `200kB`, `1024`), for `max-download-size`. */
const UNITS = {
    '': 1,
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    tib: 1024 ** 4,
};
const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
/** The default download size cap: 500 MB. */
const DEFAULT_MAX_BYTES = 500 * 1e6;
/**
 * Parses a size: a number of bytes (`1024`) or a number with a unit, case-insensitive: `B`, `kB`, `MB`, `GB`,
 * `TB` (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024). Fractions are allowed (`1.5GB`).
 * @returns the size in whole bytes (rounded down), at least 1
 * @throws {RangeError} naming the accepted forms
 */
function parseSize(text) {
    const match = SIZE.exec(String(text).trim());
    const multiplier = match ? UNITS[match[2].toLowerCase()] : undefined;
    const bytes = match && multiplier !== undefined ? Math.floor(Number(match[1]) * multiplier) : NaN;
    if (!Number.isSafeInteger(bytes) || bytes < 1) {
        throw new RangeError(`Invalid size "${String(text)}": use a number of bytes (1024) or a number with a unit, ` +
            'such as 200kB, 500MB or 1.5GB (kB/MB/GB/TB are powers of 1000; KiB/MiB/GiB/TiB powers of 1024).');
    }
    return bytes;
}
/** Formats a byte count for messages: `512 B`, `1.5 kB`, `500 MB`, `1.2 GB`. */
function formatBytes(bytes) {
    if (bytes < 1000)
        return `${bytes} B`;
    const units = ['kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 'B';
    for (const next of units) {
        if (value < 1000)
            break;
        value /= 1000;
        unit = next;
    }
    return `${Number(value.toFixed(1))} ${unit}`;
}
//# sourceMappingURL=size.js.map

/***/ }),

/***/ 5858:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ exitWhenFlushed)
/* harmony export */ });
/**
 * Ending the process when the work is done (`@kie-task/node-io/exit`): the Action and the CLI exit with their
 * result as soon as their output is written, whatever a library left open — a proxy's CONNECT never answered, an
 * HTTP client's keep-alive socket, a retry timer. Waiting for the event loop to drain could take minutes, or forever.
 */
/** How long a stream that does not drain (a pipe nobody reads) may delay the exit. */
const FLUSH_LIMIT_MS = 1_000;
/**
 * Exits with `code` (default: `process.exitCode`) once stdout and stderr have flushed what was written, or after
 * {@link FLUSH_LIMIT_MS} if they do not.
 */
async function exitWhenFlushed(code) {
    const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
    await Promise.race([
        Promise.all([flushed(process.stdout), flushed(process.stderr)]),
        new Promise((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS).unref()),
    ]);
    // Not process.exit(undefined): Node 20 exits 0 then, ignoring process.exitCode.
    return code === undefined ? process.exit() : process.exit(code);
}
//# sourceMappingURL=exit.js.map

/***/ }),

/***/ 4744:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gt: () => (/* binding */ displayPath),
/* harmony export */   LI: () => (/* binding */ resolveInside),
/* harmony export */   pw: () => (/* binding */ createDownloadFolder),
/* harmony export */   xD: () => (/* binding */ resolveFolderInside)
/* harmony export */ });
/* unused harmony export isStrictlyInside */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/**
 * "Stays inside this folder": the path checks behind every file the CLI and the Action write. A result's file
 * name is one segment directly inside its folder; a download folder lies inside its root (the workspace), checked
 * as written and again with symbolic links resolved before anything is created through them.
 */


/** True when `path` lies strictly below `root` (both absolute, compared as written). */
function isStrictlyInside(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`) && !(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel);
}
/**
 * Resolves `name` inside `dir` and proves it stays there: a single path segment, not `.`/`..`, directly in `dir`.
 * @throws {Error} if it would not
 */
function resolveInside(dir, name) {
    const root = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(dir);
    const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, name);
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, target);
    if (rel === '' || rel.startsWith('..') || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel) || rel.includes(node_path__WEBPACK_IMPORTED_MODULE_1__.sep) || rel.includes('/')) {
        throw new Error(`Refusing to write "${name}": the path is not inside ${root}.`);
    }
    return target;
}
/**
 * Resolves `value` (relative to `root`, or absolute) as a folder strictly inside `root`.
 * @returns the absolute folder, or why it is refused (the root itself, or outside it)
 */
function resolveFolderInside(root, value) {
    const base = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(base, value);
    if (isStrictlyInside(base, dir))
        return { ok: true, dir };
    return { ok: false, why: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(base, dir) === '' ? 'is-root' : 'outside' };
}
/** A path relative to `root`, with forward slashes: how logs and summaries show it. */
function displayPath(root, path) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, path).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
}
/**
 * Creates the download folder `dir` inside the workspace `root`, checking with symbolic links resolved that it
 * stays inside: first the deepest part that exists, so nothing is created through a link that leads out, then the
 * folder itself.
 * @throws {Error} when a link leads outside `root`, or the folder cannot be created
 */
async function createDownloadFolder(root, dir) {
    const shown = displayPath(root, dir);
    const realRoot = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(root);
    const checkInside = async (path) => {
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(path);
        if (!isStrictlyInside(realRoot, real)) {
            throw new Error(`Refusing to download into ${shown}: through a symbolic link it leads to ${real}, outside the workspace.`);
        }
    };
    let existing = dir;
    while (!(await exists(existing)) && (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(existing) !== existing)
        existing = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(existing);
    // The root itself is fine as the deepest existing part; anything below it must stay inside.
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(existing) !== (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root))
        await checkInside(existing);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
    }
    catch (error) {
        const code = error.code;
        throw new Error(`Cannot create download-dir ${shown} (${typeof code === 'string' ? code : String(error)}).`, {
            cause: error,
        });
    }
    await checkInside(dir);
}
async function exists(path) {
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(path).then(() => true, () => false);
}
//# sourceMappingURL=paths.js.map

/***/ }),

/***/ 2316:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EM: () => (/* binding */ proxySettings),
/* harmony export */   Fm: () => (/* binding */ proxyAwareFetch),
/* harmony export */   GK: () => (/* binding */ describeProxy)
/* harmony export */ });
/**
 * Proxy support for the CLI and the Action (`@kie-task/node-io/proxy`). Node's fetch ignores
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY, unlike curl and the Actions runner; when one of them is set we hand the core a
 * fetch that goes through undici's EnvHttpProxyAgent. undici is imported only then, so runs without a proxy do not
 * pay for loading it. (undici 7 needs Node ≥ 20.18.1; undici 8 needs Node 22.)
 *
 * Aborting one request does not stop undici's CONNECT to the proxy, nor the TLS handshake through the tunnel: they
 * belong to the connection, which outlives the request and would hold the process open for minutes behind a proxy
 * that never answers. So the fetch takes the run's signal too, and when it aborts every connection is destroyed.
 */
/** Reads the proxy variables; null when no proxy is configured. */
function proxySettings(env) {
    const pick = (name) => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
    const settings = {
        httpProxy: pick('http_proxy'),
        httpsProxy: pick('https_proxy'),
        noProxy: pick('no_proxy'),
    };
    return settings.httpProxy || settings.httpsProxy ? settings : null;
}
/** A proxy URL for the log: scheme, host and port only (never credentials). */
function describeProxy(value) {
    try {
        const url = new URL(value);
        return `${url.protocol}//${url.host}`;
    }
    catch {
        return '(unparsable proxy URL)';
    }
}
/** A proxy-aware fetch when a proxy variable is set, else undefined (use the global fetch). */
async function proxyAwareFetch(env = process.env, options = {}) {
    const settings = proxySettings(env);
    if (!settings)
        return undefined;
    const undici = await __nccwpck_require__.e(/* import() */ 275).then(__nccwpck_require__.t.bind(__nccwpck_require__, 9656, 19));
    const agentOptions = {};
    if (settings.httpProxy)
        agentOptions.httpProxy = settings.httpProxy;
    if (settings.httpsProxy)
        agentOptions.httpsProxy = settings.httpsProxy;
    if (settings.noProxy)
        agentOptions.noProxy = settings.noProxy;
    const dispatcher = new undici.EnvHttpProxyAgent(agentOptions);
    const { signal } = options;
    const destroy = () => void dispatcher.destroy().catch(() => undefined);
    if (signal?.aborted)
        destroy();
    else
        signal?.addEventListener('abort', destroy, { once: true });
    // undici's fetch, not the global one: a dispatcher from this undici copy must go with its own fetch.
    const proxied = (input, init) => undici.fetch(input, { ...init, dispatcher });
    return proxied;
}
//# sourceMappingURL=proxy.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(1490);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
