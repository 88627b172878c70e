/* global console, process */
// Benchmark: waitForTasks(ids) with default options against a rate-limited fake kie.ai, versus an ideal scheduler.
//
// Grid: N ∈ {10, 50, 200} tasks × L ∈ {5, 20, 50} requests per second. The testkit's fake kie.ai (on 127.0.0.1)
// answers 429 + Retry-After (the seconds until a slot frees) beyond L requests in any sliding 1 s window (rejected
// requests do not count), and each task succeeds after its duration, spread evenly over 2–8 s. The client runs the real default cadence (the learned one:
// kie.ai's ramp, ±20 % jitter, until siblings of the model finish). "Ideal" is simulated in this run: a scheduler
// that knows L, starts requests exactly 1/L apart, serves the most overdue poll first and paces every task by the
// library's own cadence (mean over 40 jitter seeds).
//
// Also: single-task detection lag and request count (12 independent waitForTask calls) versus the old behaviour for
// one task (poll, then sleep the jittered ramp interval; no rate limit), simulated.
//
// Usage: pnpm --filter @kie-task/core... run build && pnpm --filter @kie-task/core run bench [-- --write] [--quick]
//   (then pnpm exec prettier --write docs/benchmarks.md: the table is written unaligned)
//   --write  replaces the "Waiting for many tasks" section of docs/benchmarks.md
//   --quick  one repetition per cell and N ∈ {10, 50} only (a smoke run)
import os from 'node:os';
import { seededRandom, startFakeKie } from '@kie-task/testkit';
import { KieClient } from '../dist/index.js';
import { baseInterval, DEFAULT_JITTER } from '../dist/cadence.js';
import { PaceBook } from '../dist/pacing.js';
import { writeBenchmarkSection } from '../../../scripts/benchmarks-doc.mjs';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const SIZES = QUICK ? [10, 50] : [10, 50, 200];
const LIMITS = [5, 20, 50];
const MIN_MS = 2_000;
const MAX_MS = 8_000;
// Repetitions per cell: small batches are dominated by the jitter of the last task's poll, so average a few.
const repsFor = (n) => (QUICK ? 1 : n <= 10 ? 4 : 1);
const IDEAL_SEEDS = 40;
// Every loop here is bounded: a batch that has not finished by then is reported as failed.
const BATCH_TIMEOUT_MS = 120_000;

const warnings = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

function durations(n) {
  return Array.from({ length: n }, (_, i) => (n === 1 ? MAX_MS : MIN_MS + ((MAX_MS - MIN_MS) * i) / (n - 1)));
}

const API_KEY = 'bench-key-not-secret';

/** The testkit's fake kie.ai, limited to `limit` requests in any sliding 1 s window (none for Infinity). */
const startFake = (limit) =>
  startFakeKie({
    apiKey: API_KEY,
    ...(limit === Infinity ? {} : { rateLimit: { maxRequests: limit, windowMs: 1_000 } }),
  });

/** Adds a market task of the model 'bench' that succeeds `durationMs` from now (the testkit's clock starts here). */
function addTask(fake, taskId, durationMs) {
  fake.addTask({
    taskId,
    model: 'bench',
    timeline: [{ state: 'generating' }, { state: 'success', afterMs: durationMs }],
  });
  return Date.now();
}

/** One measured batch: wall − slowest, the mean detection lag, and the server's counts. */
async function measure(n, limit) {
  const fake = await startFake(limit);
  try {
    const ds = durations(n);
    const ids = ds.map((_, i) => `t${i}`);
    const doneAt = ids.map((id, i) => addTask(fake, id, ds[i]) + ds[i]);
    const client = new KieClient({ apiKey: API_KEY, baseUrl: fake.url });
    const started = Date.now();
    let lagSum = 0;
    const results = await client.waitForTasks(ids, {
      timeoutMs: BATCH_TIMEOUT_MS,
      // Per-task detection lag: lower variance than the batch's wall − slowest.
      onProgress: (p) => {
        if (p.record && p.record.status !== 'pending')
          lagSum += Date.now() - doneAt[Number(p.taskId.slice(1))];
      },
    });
    const wall = Date.now() - started;
    const failed = results.filter((r) => r.kind !== 'success').length;
    const counts = fake.counts();
    return {
      lagMs: wall - MAX_MS,
      meanLagMs: lagSum / n,
      total: counts.statusAccepted + counts.statusRejected,
      rejected: counts.statusRejected,
      failed,
    };
  } finally {
    await fake.close();
  }
}

const jittered = (ms, random) => ms * (1 - DEFAULT_JITTER + 2 * DEFAULT_JITTER * random());

/** A record as the library reads it, for the ideal's pacer: the fields the cadence looks at. */
const recordAt = (durationMs, t) => ({
  family: 'market',
  model: 'bench',
  status: t >= durationMs ? 'success' : 'pending',
  createTime: new Date(0),
  completeTime: t >= durationMs ? new Date(durationMs) : null,
  progress: null,
});

/**
 * The ideal: starts exactly 1/L apart, most overdue first, each task paced by the library's own cadence (the
 * learned one: kie.ai's ramp until siblings finish, then what they took), so only the scheduling differs.
 */
function idealOnce(ds, limit, random) {
  const spacing = limit === Infinity ? 0 : 1_000 / limit;
  const book = new PaceBook();
  const paces = ds.map(() => book.track({ family: 'market', model: 'bench' }));
  const polls = ds.map(() => 0);
  const due = ds.map(() => 0);
  const done = ds.map(() => false);
  let remaining = ds.length;
  let nextFree = 0;
  let last = 0;
  let requests = 0;
  let lagSum = 0;
  for (let guard = 0; remaining > 0 && guard < 1_000_000; guard++) {
    let pick = -1;
    for (let i = 0; i < ds.length; i++) if (!done[i] && (pick < 0 || due[i] < due[pick])) pick = i;
    const t = Math.max(nextFree, due[pick]);
    nextFree = t + spacing;
    requests += 1;
    polls[pick] += 1;
    paces[pick].observe(recordAt(ds[pick], t), t);
    if (t >= ds[pick]) {
      done[pick] = true;
      remaining -= 1;
      last = Math.max(last, t);
      lagSum += t - ds[pick];
    } else {
      const plan = paces[pick].next(t, polls[pick]);
      due[pick] = t + (plan.planned ? plan.delayMs : jittered(plan.delayMs, random));
    }
  }
  return { lagMs: last - MAX_MS, meanLagMs: lagSum / ds.length, requests };
}

function ideal(n, limit) {
  let lag = 0;
  let meanLag = 0;
  let requests = 0;
  for (let seed = 1; seed <= IDEAL_SEEDS; seed++) {
    const once = idealOnce(durations(n), limit, seededRandom(seed * 7919 + n * 31 + limit));
    lag += once.lagMs;
    meanLag += once.meanLagMs;
    requests += once.requests;
  }
  return { lagMs: lag / IDEAL_SEEDS, meanLagMs: meanLag / IDEAL_SEEDS, requests: requests / IDEAL_SEEDS };
}

/** One task alone, the way the old core paced it (and the new one does for one task): poll, sleep, repeat. */
function oldSingle(durationMs, random) {
  let t = 0;
  let polls = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    polls += 1;
    if (t >= durationMs) return { lagMs: t - durationMs, polls };
    t += jittered(baseInterval('auto', t), random);
  }
  return { lagMs: Number.NaN, polls };
}

async function singleTask() {
  const ds = Array.from({ length: 12 }, (_, i) => MIN_MS + ((MAX_MS - MIN_MS) * i) / 11);
  const fake = await startFake(Infinity);
  try {
    const client = new KieClient({ apiKey: API_KEY, baseUrl: fake.url });
    const lags = await Promise.all(
      ds.map(async (d, i) => {
        const doneAt = addTask(fake, `s${i}`, d) + d;
        await client.waitForTask(`s${i}`, { timeoutMs: BATCH_TIMEOUT_MS });
        return Date.now() - doneAt;
      }),
    );
    let oldLag = 0;
    let oldPolls = 0;
    const seeds = 200;
    for (let seed = 1; seed <= seeds; seed++) {
      const random = seededRandom(seed);
      for (const d of ds) {
        const once = oldSingle(d, random);
        oldLag += once.lagMs;
        oldPolls += once.polls;
      }
    }
    return {
      lagMs: lags.reduce((a, b) => a + b, 0) / ds.length,
      polls: fake.counts().statusAccepted / ds.length,
      oldLagMs: oldLag / (seeds * ds.length),
      oldPolls: oldPolls / (seeds * ds.length),
    };
  } finally {
    await fake.close();
  }
}

const s1 = (ms) => `${(ms / 1_000).toFixed(1)} s`;
const pct = (x) => `${(100 * x).toFixed(1)} %`;

const rows = [];
const benchStarted = Date.now();
for (const n of SIZES) {
  for (const limit of LIMITS) {
    const reps = repsFor(n);
    let lag = 0;
    let meanLag = 0;
    let total = 0;
    let rejected = 0;
    let failed = 0;
    const before = warnings.length;
    for (let r = 0; r < reps; r++) {
      const m = await measure(n, limit);
      lag += m.lagMs;
      meanLag += m.meanLagMs;
      total += m.total;
      rejected += m.rejected;
      failed += m.failed;
    }
    const best = ideal(n, limit);
    const row = {
      n,
      limit,
      reps,
      lagMs: lag / reps,
      idealMs: best.lagMs,
      ratio: lag / reps / best.lagMs,
      meanLagMs: meanLag / reps,
      idealMeanMs: best.meanLagMs,
      meanRatio: meanLag / reps / best.meanLagMs,
      share: rejected / total,
      requests: total / reps,
      idealRequests: best.requests,
      warnings: warnings.length - before,
      failed,
    };
    rows.push(row);
    console.log(
      `N=${n} L=${limit}: wall−slowest ${s1(row.lagMs)} (×${reps}), ideal ${s1(row.idealMs)}, ratio ${row.ratio.toFixed(2)}, ` +
        `mean lag ${s1(row.meanLagMs)} vs ${s1(row.idealMeanMs)} (${row.meanRatio.toFixed(2)}), 429 ${pct(row.share)}, requests ${row.requests.toFixed(0)} (ideal ${row.idealRequests.toFixed(0)}), ` +
        `warnings ${row.warnings}, failed ${failed}`,
    );
  }
}
const single = await singleTask();
console.log(
  `single task: lag ${s1(single.lagMs)} vs old ${s1(single.oldLagMs)}; requests ${single.polls.toFixed(2)} vs old ${single.oldPolls.toFixed(2)}`,
);
const elapsed = Date.now() - benchStarted;
console.log(`total ${s1(elapsed)}; process warnings: ${warnings.length ? warnings.join('; ') : 'none'}`);

const table = [
  '| tasks | L (req/s) | wall − slowest | ideal | ratio | mean lag a task | ideal | ratio | 429 share | requests (ideal) | warnings |',
  '| ----: | --------: | -------------: | ----: | ----: | --------------: | ----: | ----: | --------: | ---------------: | -------: |',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${r.limit} | ${s1(r.lagMs)}${r.reps > 1 ? ` (mean of ${r.reps})` : ''} | ${s1(r.idealMs)} | ${r.ratio.toFixed(2)}× | ${s1(r.meanLagMs)} | ${s1(r.idealMeanMs)} | ${r.meanRatio.toFixed(2)}× | ${pct(r.share)} | ${r.requests.toFixed(0)} (${r.idealRequests.toFixed(0)}) | ${r.warnings} |`,
  ),
].join('\n');
console.log(`\n${table}\n`);

if (args.has('--write') && !QUICK) {
  const start = '<!-- core-many-tasks:start -->';
  const end = '<!-- core-many-tasks:end -->';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = `${start}
## Waiting for many tasks: \`waitForTasks\` against a rate-limited server

Reproduce with \`pnpm --filter @kie-task/core... run build && pnpm --filter @kie-task/core run bench -- --write && pnpm exec prettier --write docs/benchmarks.md\`
(\`packages/core/bench/many-tasks.mjs\`; it rewrites only this section).

The real \`KieClient\`: \`waitForTasks(ids)\` with default options, over HTTP to the testkit's fake kie.ai
(\`startFakeKie\` with \`rateLimit\`) on 127.0.0.1, which answers 429 + \`Retry-After\` (the seconds until a slot
frees) beyond L requests in any sliding 1 s window; task durations spread evenly over 2–8 s; the default (learned)
cadence: kie.ai's ramp with ±20 % jitter until tasks of the model finish, then what they took.
"Ideal" is simulated in the same run: a scheduler that knows L, starts requests exactly 1/L apart, serves the most
overdue poll first and paces each task by the library's own cadence (mean of ${IDEAL_SEEDS} jitter seeds). Wall − slowest is the
time from the last task finishing (8 s) to the batch resolving: one draw of the jitter, so in small batches it swings
by a second either way (measured can come out below the ideal's mean); the mean detection lag a task is the steadier
comparison.

${table}

Before the rate grew only for a backlog (commit e265385, the same command; the bench's own fake server then): 10 tasks
at 5/s met one 429 in 32 requests (3.1 %), and 200 tasks at 50/s had a mean lag of 2.1 s, 1.84× the ideal's 1.1 s.

Single task (12 independent \`waitForTask\` calls, 2–8 s): mean detection lag ${s1(single.lagMs)} with
${single.polls.toFixed(2)} requests a task; the old pacing for one task (poll, sleep the jittered interval; simulated,
${200} seeds) gives ${s1(single.oldLagMs)} with ${single.oldPolls.toFixed(2)}. The whole run took ${s1(elapsed)}; process warnings:
${warnings.length ? warnings.join('; ') : 'none'}.

${cpu}, ${os.cpus().length} cores, Node ${process.version}. Measured ${new Date().toISOString().slice(0, 10)}.
${end}`;
  writeBenchmarkSection(section, start, end);
  console.log('Wrote the many-tasks section of docs/benchmarks.md');
}
