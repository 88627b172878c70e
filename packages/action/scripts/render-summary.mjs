// `pnpm --filter @kie-task/action run render-summary [out.png]`: what the job summary of a 12-task batch looks like.
// The committed bundle waits for 12 tasks with real-looking 32-hex IDs on the testkit's fake kie.ai (nine succeed,
// two fail, one is still generating at the step's timeout); the summary markdown it writes is rendered the way
// GitHub does — GitHub-flavoured markdown, ```mermaid blocks drawn by Mermaid — in headless Chromium, and screenshot
// to docs/job-summary.png (shown in the README). Run by hand after changing the summary or the timeline, then look at
// the picture; not part of the tests (it needs Debian's chromium: apt-get install chromium).
//
// Mermaid, marked and playwright-core are installed on first use into a cache folder (KIE_RENDER_DIR, default
// <tmp>/kie-task-render), not into the workspace: only this script needs them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeKie } from '@kie-task/testkit';
import { repoRoot, runAction } from './runner.mjs';

const TOOLS = { mermaid: '11.12.3', marked: '18.3.0', 'playwright-core': '1.65.2' };
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const out = process.argv[2] || join(repoRoot, 'docs', 'job-summary.png');

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM to a Chromium binary).`);
  process.exit(1);
}
const tools = process.env.KIE_RENDER_DIR || join(tmpdir(), 'kie-task-render');
const need = Object.keys(TOOLS).filter(
  (name) => !existsSync(join(tools, 'node_modules', name, 'package.json')),
);
if (need.length > 0) {
  mkdirSync(tools, { recursive: true });
  if (!existsSync(join(tools, 'package.json')))
    writeFileSync(join(tools, 'package.json'), '{"private":true}\n');
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--engine-strict=false', ...need.map((n) => `${n}@${TOOLS[n]}`)],
    { cwd: tools, stdio: 'inherit' },
  );
}
const load = (name, file) => import(pathToFileURL(join(tools, 'node_modules', name, file)).href);
const { chromium } = await load('playwright-core', 'index.mjs');
const { marked } = await load('marked', 'lib/marked.esm.js');

// ── 1. A real run of the bundle against the fake ─────────────────────────────────────────────────────────────
const API_KEY = 'render-key-not-a-real-secret';
const MODEL = 'google/imagen4-fast';
const PROMPTS = [
  'A lighthouse at sunset, watercolor',
  'A fox in the snow, soft morning light',
  'A red bicycle against a blue wall',
  'Isometric tiny house with a garden',
  'A bowl of ramen, studio photo',
  'Paper boats on a rainy street',
  'A cat astronaut floating above Earth',
  'Mountain lake at dawn, mist, 35mm',
  'A vintage robot reading a newspaper',
  'Macro shot of a dew drop on a leaf',
  'A city skyline made of books',
  'Neon koi fish in a dark pond',
];
// Seconds until each task generates, and until it ends; null: still generating at the step's timeout.
const PLAN = [
  [2, 9],
  [3, 14],
  [2, 6],
  [4, 19],
  [3, 11],
  [5, 'fail', 8],
  [2, 16],
  [6, 22],
  [3, 12],
  [4, null],
  [2, 7],
  [3, 'fail', 13],
];
const ids = PROMPTS.map((_, i) => createHash('md5').update(`kie-task render ${i}`).digest('hex'));
const fake = await startFakeKie({
  apiKey: API_KEY,
  tasks: ids.map((taskId, i) => {
    const [generating, end, failAt] = PLAN[i];
    const failed = end === 'fail';
    const timeline = [
      { state: 'waiting' },
      { state: 'queuing', afterMs: 800 },
      { state: 'generating', afterMs: generating * 1000 },
    ];
    if (failed) timeline.push({ state: 'fail', afterMs: failAt * 1000 });
    else if (end !== null) timeline.push({ state: 'success', afterMs: end * 1000 });
    return {
      taskId,
      model: MODEL,
      param: { model: MODEL, input: { prompt: PROMPTS[i], aspect_ratio: '1:1' } },
      timeline,
      creditsConsumed: 0.8,
      ...(failed
        ? { failCode: '400', failMsg: 'Your prompt was flagged by the content filter. Please rephrase it.' }
        : { resultJson: { resultUrls: [`{{url}}/files/${taskId}-1.png`] } }),
    };
  }),
});
console.log(`Running the bundle on 12 tasks against ${fake.url} (about 25 s)…`);
let summary;
try {
  const result = await runAction({
    inputs: {
      'task-id': ids.join('\n'),
      'api-key': API_KEY,
      'base-url': fake.url,
      'poll-interval': '1s',
      timeout: '25s',
      'fail-on-error': 'false',
    },
  });
  summary = result.summary;
} finally {
  await fake.close();
}
if (!summary) throw new Error('the run wrote no job summary');
const markdownCopy = join(tools, 'job-summary.md');
writeFileSync(markdownCopy, summary);

// ── 2. Rendered as GitHub renders it ──────────────────────────────────────────────────────────────────────────
// GitHub turns ```mermaid blocks into diagrams; marked gives them as <pre><code class="language-mermaid">.
const body = marked
  .parse(summary, { gfm: true })
  .replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, code) => `<pre class="mermaid">${code}</pre>`,
  );
const page = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #fff; }
  .summary { box-sizing: border-box; width: 1012px; padding: 16px 24px; color: #1f2328;
    font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  h3 { font-size: 1.25em; margin: 8px 0 16px; } h4 { font-size: 1em; margin: 24px 0 16px; }
  table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
  tr:nth-child(2n) { background: #f6f8fa; } th { font-weight: 600; }
  code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; padding: .2em .4em;
    border-radius: 6px; }
  details summary { cursor: pointer; } pre.mermaid { background: none; margin: 0; }
  em { color: #59636e; }
</style></head><body><div class="summary">${body}</div></body></html>`;

const profile = mkdtempSync(join(tmpdir(), 'kie-render-profile-'));
try {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1012, height: 800 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  // The result images: a small coloured square per task instead of the fake's placeholder bytes.
  await tab.route('**/files/**', (route) => {
    const hue = parseInt(createHash('md5').update(route.request().url()).digest('hex').slice(0, 2), 16) * 1.4;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"><defs><linearGradient id="g"
      x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,70%)"/><stop offset="1"
      stop-color="hsl(${hue + 60},60%,45%)"/></linearGradient></defs><rect width="160" height="160" fill="url(#g)"/></svg>`;
    return route.fulfill({ contentType: 'image/svg+xml', body: svg });
  });
  await tab.setContent(page, { waitUntil: 'load' });
  await tab.addScriptTag({ path: join(tools, 'node_modules/mermaid/dist/mermaid.min.js') });
  await tab.evaluate(async () => {
    const { mermaid } = /** @type {any} */ (globalThis);
    mermaid.initialize({ startOnLoad: false, theme: 'default' });
    await mermaid.run({ querySelector: 'pre.mermaid' });
  });
  const errors = await tab.locator('.error-text, [id^="dmermaid"]').count();
  if (errors > 0) throw new Error('Mermaid could not draw the timeline');
  await tab.locator('.summary').screenshot({ path: out });
  await context.close();
} finally {
  rmSync(profile, { recursive: true, force: true });
}
console.log(`Wrote ${out} (from the markdown in ${markdownCopy})`);
