// End-to-end: `download: true` through the committed bundle, against the testkit's files and download-url routes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction, type RunOptions, type RunOutcome } from '../scripts/runner.mjs';
import { AT_ONCE_MS, expectNoKey as expectKeyNowhere, withDefaults } from './harness.js';

const KEY = 'sk-e2e-Download-Key-0123456789abcdef';

let fake: FakeKie;
let root: string;
beforeAll(async () => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
  root = mkdtempSync(join(tmpdir(), 'kie-action-dl-'));
  fake = await startFakeKie({
    apiKey: KEY,
    files: {
      'alpha.png': { body: 'alpha-bytes' },
      'clip.mp4': { body: 'video-bytes' },
      track: { body: 'audio-bytes', contentType: 'audio/mpeg' },
      'big.mp4': { sizeBytes: 2_000_000 },
      'stall.mp4': { sizeBytes: 1_000_000, stallAfterBytes: 1_000 },
      'old.png': { body: 'old-but-fresh' },
      'named.png': {
        body: 'named-bytes',
        headers: {
          'content-disposition': `attachment; filename="../../../outside.sh"; filename*=UTF-8''..%2F..%2Foutside.sh`,
        },
      },
    },
    expiredFiles: ['old.png'],
  });
});
afterAll(async () => {
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh workspace inside `root`, so a test can see whatever was written next to it. */
function workspace(): { dir: string; parent: string } {
  const parent = join(root, `case-${++counter}`);
  const dir = join(parent, 'workspace');
  mkdirSync(dir, { recursive: true });
  return { dir, parent };
}

/** Adds a market task whose results are `paths` under the fake's /files/, and runs the Action with downloads on. */
async function runDownload(
  taskId: string,
  paths: readonly string[],
  options: RunOptions & { workspace: string },
): Promise<RunOutcome> {
  fake.addTask({ taskId, resultJson: { resultUrls: paths.map((p) => `{{url}}/files/${p}`) } });
  const result = await runAction(
    withDefaults(
      { ...options, inputs: { download: 'true', ...options.inputs } },
      { taskId, apiKey: KEY, baseUrl: fake.url },
    ),
  );
  expectNoKey(result);
  return result;
}

const expectNoKey = (result: RunOutcome): void => expectKeyNowhere(result, KEY);

/** Every file under `dir`, as paths relative to it with forward slashes. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

const host = (): string => new URL(fake.url).host;
const errorLines = (stdout: string): string[] =>
  stdout.split(/\r?\n/).filter((l) => l.startsWith('::error::'));

describe.concurrent('download: true', () => {
  it('saves every result as <taskId>-<n>.<ext>, lists them in files/file and the summary', async () => {
    const ws = workspace();
    const id = 'dl-many';
    const r = await runDownload(id, ['alpha.png', 'clip.mp4', 'track'], { workspace: ws.dir });
    expect(r.code).toBe(0);
    const dir = join(ws.dir, 'kie-results');
    const expected = [`${id}-1.png`, `${id}-2.mp4`, `${id}-3.mp3`].map((name) => join(dir, name));
    expect(JSON.parse(r.outputs.files!)).toEqual(expected);
    expect(r.outputs.file).toBe(expected[0]);
    expect(expected.map((path) => readFileSync(path, 'utf8'))).toEqual([
      'alpha-bytes',
      'video-bytes',
      'audio-bytes',
    ]);
    expect(tree(ws.parent)).toEqual([
      `workspace/kie-results/${id}-1.png`,
      `workspace/kie-results/${id}-2.mp4`,
      `workspace/kie-results/${id}-3.mp3`,
    ]);
    expect(r.stdout).toContain('Downloading 3 results to kie-results (at most 500 MB each)');
    expect(r.stdout).toContain(`  saved kie-results/${id}-2.mp4 (11 B)`);
    expect(r.summary).toContain('#### Downloads to <code>kie-results</code>: 3 files saved');
    expect(r.summary).toContain(
      `| <code>${id}</code> | <code>kie-results/${id}-1.png</code><br><code>kie-results/${id}-2.mp4</code><br><code>kie-results/${id}-3.mp3</code> |`,
    );
  });

  it('several tasks, into a custom folder: files task by task in URL order; the key never goes to the file host', async () => {
    const ws = workspace();
    fake.addTask({ taskId: 'dl-first', resultJson: { resultUrls: ['{{url}}/files/clip.mp4'] } });
    fake.addTask({
      taskId: 'dl-second',
      resultJson: { resultUrls: ['{{url}}/files/alpha.png', '{{url}}/files/track'] },
    });
    const r = await runAction({
      workspace: ws.dir,
      inputs: {
        'task-id': 'dl-first dl-second',
        'api-key': KEY,
        'base-url': fake.url,
        'poll-interval': '50ms',
        download: 'true',
        'download-dir': 'out/media',
      },
    });
    expectNoKey(r);
    expect(r.code).toBe(0);
    const dir = join(ws.dir, 'out', 'media');
    expect(JSON.parse(r.outputs.files!)).toEqual(
      ['dl-first-1.mp4', 'dl-second-1.png', 'dl-second-2.mp3'].map((name) => join(dir, name)),
    );
    const fileRequests = fake.requests.filter((request) => request.path.startsWith('/files/'));
    expect(fileRequests.length).toBeGreaterThanOrEqual(3);
    for (const request of fileRequests) expect(request.authorization).toBeNull();
  });

  it('a file over max-download-size fails the step with the host and the reason; the others are listed', async () => {
    const ws = workspace();
    const id = 'dl-big';
    const r = await runDownload(id, ['alpha.png', 'big.mp4', 'clip.mp4'], {
      workspace: ws.dir,
      inputs: { 'max-download-size': '1MB' },
    });
    expect(r.code).toBe(1);
    const dir = join(ws.dir, 'kie-results');
    expect(JSON.parse(r.outputs.files!)).toEqual([join(dir, `${id}-1.png`), join(dir, `${id}-3.mp4`)]);
    expect(r.outputs.state).toBe('success');
    const errors = errorLines(r.stdout);
    expect(errors).toEqual([
      `::error::Download of result 2 of task ${id} from ${host()} failed: the file is larger than the 1 MB limit (Content-Length 2 MB)`,
    ]);
    expect(errors[0]).not.toContain('/files/');
    expect(tree(dir)).toEqual([`${id}-1.png`, `${id}-3.mp4`]);
    expect(r.summary).toContain('2 files saved, 1 failed');
  });

  it('with fail-on-error: false a failed download is a warning and the step stays green', async () => {
    const ws = workspace();
    const r = await runDownload('dl-big-ok', ['big.mp4', 'alpha.png'], {
      workspace: ws.dir,
      inputs: { 'max-download-size': '1MB', 'fail-on-error': 'false' },
    });
    expect(r.code).toBe(0);
    expect(errorLines(r.stdout)).toEqual([]);
    expect(r.stdout).toMatch(
      /^::warning::Download of result 1 of task dl-big-ok from .* failed: the file is larger/m,
    );
    expect(JSON.parse(r.outputs.files!)).toEqual([join(ws.dir, 'kie-results', 'dl-big-ok-2.png')]);
  });

  it('nothing is written outside download-dir: not via the task ID, the URL path or Content-Disposition', async () => {
    const ws = workspace();
    const id = '../../dl-trav';
    const r = await runDownload(
      id,
      ['%2Fetc%2Fcron.d%2Fkie.sh', 'C%3A%5CWindows%5Cevil.dll', 'named.png', '..%2F..%2F..%2Fup.png'],
      { workspace: ws.dir, inputs: { 'fail-on-error': 'false' } },
    );
    expect(r.code).toBe(0);
    const safe = '___.._dl-trav';
    const dir = join(ws.dir, 'kie-results');
    expect(JSON.parse(r.outputs.files!)).toEqual(
      [`${safe}-1.sh`, `${safe}-2.dll`, `${safe}-3.png`].map((n) => join(dir, n)),
    );
    // The whole case folder: the three files, and nothing else anywhere (no outside.sh, no partial files).
    expect(tree(ws.parent)).toEqual(
      [`${safe}-1.sh`, `${safe}-2.dll`, `${safe}-3.png`].map((n) => `workspace/kie-results/${n}`),
    );
    expect(readFileSync(join(dir, `${safe}-3.png`), 'utf8')).toBe('named-bytes');
    // The encoded `..` path is refused by the file host (also through a fresh link): a warning naming the host.
    expect(r.stdout).toContain(
      `::warning::Download of result 4 of task ${id} from ${host()} failed: HTTP 404 (also with a fresh link)`,
    );
  });

  it('an expired link (403) is refreshed once through download-url, with the key sent to kie.ai only', async () => {
    const ws = workspace();
    const before = fake.requests.length;
    const r = await runDownload('dl-expired', ['old.png'], { workspace: ws.dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws.dir, 'kie-results', 'dl-expired-1.png'), 'utf8')).toBe('old-but-fresh');
    const requests = fake.requests.slice(before).filter((q) => q.path !== '/api/v1/jobs/recordInfo');
    // Other tests run at the same time: keep this one's requests.
    const refreshes = requests.filter(
      (q) => q.path === '/api/v1/common/download-url' && q.body.includes('old.png'),
    );
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ method: 'POST', authorization: `Bearer ${KEY}`, status: 200 });
    expect(JSON.parse(refreshes[0]!.body)).toEqual({ url: `${fake.url}/files/old.png` });
    const files = requests.filter((q) => q.path.startsWith('/files/') && q.path.includes('old.png'));
    expect(files.map((q) => [q.path, q.status, q.authorization])).toEqual([
      ['/files/old.png', 403, null],
      ['/files/fresh/old.png', 200, null],
    ]);
  });

  it('refuses a download-dir outside the workspace before any request', async () => {
    const ws = workspace();
    for (const dir of ['../outside', join(root, 'elsewhere')]) {
      fake.addTask({ taskId: 'dl-escape' });
      const r = await runAction({
        workspace: ws.dir,
        inputs: {
          'task-id': 'dl-escape',
          'api-key': KEY,
          'base-url': fake.url,
          download: 'true',
          'download-dir': dir,
        },
      });
      expect(r.code).toBe(1);
      expect(errorLines(r.stdout)).toEqual([
        `::error::Invalid download-dir input "${dir}": it resolves outside the workspace. Use a folder inside the workspace, relative to it, such as kie-results or out/media.`,
      ]);
      expect(fake.requestsFor('dl-escape')).toEqual([]);
    }
    expect(tree(ws.parent)).toEqual([]);
    expect(existsSync(join(root, 'elsewhere'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a download-dir that leads outside the workspace through a symbolic link',
    async () => {
      const ws = workspace();
      const outside = join(ws.parent, 'outside');
      mkdirSync(outside);
      symlinkSync(outside, join(ws.dir, 'link'));
      const r = await runDownload('dl-link', ['alpha.png'], {
        workspace: ws.dir,
        inputs: { 'download-dir': 'link/media', 'fail-on-error': 'false' },
      });
      expect(r.code).toBe(1);
      expect(errorLines(r.stdout)).toEqual([
        `::error::Refusing to download into link/media: through a symbolic link it leads to ${outside}, outside the workspace.`,
      ]);
      expect(r.outputs).toMatchObject({ state: 'success', files: '[]' });
      // Not even the folder was created through the link.
      expect(readdirSync(outside)).toEqual([]);
    },
  );

  it("downloads a task's files as soon as it succeeds, not after the slowest task", async () => {
    const ws = workspace();
    fake.addTask({ taskId: 'dl-quick', resultJson: { resultUrls: ['{{url}}/files/alpha.png'] } });
    // Seconds after it is added: on a loaded machine the Action itself may take a few to start.
    fake.addTask({
      taskId: 'dl-slow',
      timeline: [{ state: 'generating' }, { state: 'success', afterMs: 10_000 }],
      resultJson: { resultUrls: ['{{url}}/files/clip.mp4'] },
    });
    const r = await runAction(
      withDefaults(
        { workspace: ws.dir, inputs: { 'task-id': 'dl-slow dl-quick', download: 'true' } },
        { taskId: 'dl-slow', apiKey: KEY, baseUrl: fake.url },
      ),
    );
    expectNoKey(r);
    expect(r.code).toBe(0);
    const lines = r.stdout.split(/\r?\n/);
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const quickSaved = at(/^ {2}saved kie-results\/dl-quick-1\.png \(11 B\)$/);
    const slowSucceeded = at(/^ +\S+ {2}dl-slow {2}success \(1 result\)$/);
    expect(at(/^Downloading 1 result of dl-quick to kie-results \(at most 500 MB each\)$/)).toBeGreaterThan(
      0,
    );
    expect(quickSaved).toBeGreaterThan(0);
    expect(slowSucceeded).toBeGreaterThan(quickSaved);
    // The end report is task by task in input order, whatever order the files arrived in.
    const dir = join(ws.dir, 'kie-results');
    expect(JSON.parse(r.outputs.files!)).toEqual([join(dir, 'dl-slow-1.mp4'), join(dir, 'dl-quick-1.png')]);
    expect(r.summary).toContain('#### Downloads to <code>kie-results</code>: 2 files saved');
  });

  it('SIGTERM while a slow task still runs keeps the files already saved and says downloading stopped', async () => {
    const ws = workspace();
    fake.addTask({ taskId: 'dl-early', resultJson: { resultUrls: ['{{url}}/files/alpha.png'] } });
    fake.addTask({ taskId: 'dl-never', timeline: [{ state: 'generating' }] });
    const r = await runAction(
      withDefaults(
        {
          workspace: ws.dir,
          inputs: { 'task-id': 'dl-early dl-never', download: 'true' },
          signal: { name: 'SIGTERM', when: (out) => out.includes('saved kie-results/dl-early-1.png') },
        },
        { taskId: 'dl-early', apiKey: KEY, baseUrl: fake.url },
      ),
    );
    expect(r.signalledAt).not.toBeNull();
    expect(r.code).toBe(1);
    const saved = join(ws.dir, 'kie-results', 'dl-early-1.png');
    expect(r.outputs).toMatchObject({ files: JSON.stringify([saved]), file: saved });
    expect(readFileSync(saved, 'utf8')).toBe('alpha-bytes');
    expect(errorLines(r.stdout).join('\n')).toMatch(
      /Stopped waiting after .*: the run was cancelled \(SIGTERM\)[\s\S]*Stopped downloading: the run was cancelled \(SIGTERM\)\. 1 file was saved\./,
    );
    expect(r.summary).toContain('1 file saved, stopped: the run was cancelled (SIGTERM)');
  });

  it('SIGTERM during a stalled download stops at once and deletes the partial file', async () => {
    const ws = workspace();
    const r = await runDownload('dl-stall', ['stall.mp4'], {
      workspace: ws.dir,
      signal: { name: 'SIGTERM', when: (out) => out.includes('Downloading 1 result'), delayMs: 300 },
    });
    expect(r.signalledAt).not.toBeNull();
    expect(r.code).toBe(1);
    expect(r.exitedAt - r.signalledAt!).toBeLessThan(AT_ONCE_MS);
    expect(r.outputs).toMatchObject({ state: 'success', files: '[]', file: '' });
    expect(errorLines(r.stdout)).toEqual([
      '::error::Stopped downloading: the run was cancelled (SIGTERM). 0 files were saved.',
    ]);
    expect(tree(ws.parent)).toEqual([]);
  });
});
