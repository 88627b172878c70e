import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { pendingChangesets, versionsAfterChangesets } from './changeset-sandbox.js';
import { releaseTags } from './release-tags-cli.js';
import { movingRef, parseVersion, planActionTags } from './release-tags.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('planActionTags', () => {
  it('creates vX.Y.Z and the major ref on a first release', () => {
    expect(planActionTags({ version: '1.0.0', head: A, tags: new Map() }).actions).toEqual([
      { kind: 'create', tag: 'v1.0.0', sha: A },
      { kind: 'create', tag: 'v1', sha: A },
    ]);
  });

  it('moves the major ref forward on the next release', () => {
    const tags = new Map([
      ['v1.0.0', A],
      ['v1', A],
    ]);
    expect(planActionTags({ version: '1.1.0', head: B, tags }).actions).toEqual([
      { kind: 'create', tag: 'v1.1.0', sha: B },
      { kind: 'move', tag: 'v1', from: A, sha: B },
    ]);
  });

  it('is idempotent when run again for the same release', () => {
    const tags = new Map([
      ['v1.1.0', B],
      ['v1', B],
    ]);
    expect(planActionTags({ version: '1.1.0', head: B, tags }).actions.every((a) => a.kind === 'keep')).toBe(
      true,
    );
  });

  it('refuses to move a released version', () => {
    expect(() => planActionTags({ version: '1.1.0', head: C, tags: new Map([['v1.1.0', B]]) })).toThrow(
      /never moved/,
    );
  });

  it('does not pull the major ref back for a patch to an older line', () => {
    const tags = new Map([
      ['v1.3.0', B],
      ['v1', B],
      ['v1.2.3', A],
    ]);
    expect(planActionTags({ version: '1.2.4', head: C, tags }).actions).toEqual([
      { kind: 'create', tag: 'v1.2.4', sha: C },
    ]);
  });

  it('refuses a 0.x version: the Action starts at 1.0.0 so that @v1 resolves', () => {
    expect(() => planActionTags({ version: '0.1.0', head: A, tags: new Map() })).toThrow(
      /start at 1\.0\.0.*"@kie-task\/action": major/,
    );
  });

  it('moves the ref of its own major only, and never moves refs for pre-releases', () => {
    expect(movingRef(parseVersion('2.3.1'))).toBe('v2');
    expect(planActionTags({ version: '2.0.0', head: B, tags: new Map([['v1', A]]) }).actions).toEqual([
      { kind: 'create', tag: 'v2.0.0', sha: B },
      { kind: 'create', tag: 'v2', sha: B },
    ]);
    expect(planActionTags({ version: '2.0.0-rc.1', head: A, tags: new Map() }).actions).toEqual([
      { kind: 'create', tag: 'v2.0.0-rc.1', sha: A },
    ]);
  });

  it('rejects a version that is not semver', () => {
    expect(() => planActionTags({ version: 'latest', head: A, tags: new Map() })).toThrow(
      /not a semantic version/,
    );
  });
});

describe("the Action's first release", () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const released = (
    JSON.parse(readFileSync(join(root, 'packages/action/package.json'), 'utf8')) as { version: string }
  ).version;

  it('is 1.0.0 from the pending changesets, tagged v1.0.0 with v1 at the same commit', () => {
    const next = versionsAfterChangesets(root, pendingChangesets(root)).get('action')!;
    if (released === '0.0.0') {
      // Not released yet: whatever else is pending, the first Version Packages PR makes it 1.0.0.
      expect(next).toBe('1.0.0');
      expect(planActionTags({ version: next, head: A, tags: new Map() }).actions).toEqual([
        { kind: 'create', tag: 'v1.0.0', sha: A },
        { kind: 'create', tag: 'v1', sha: A },
      ]);
    } else {
      // Released since: the line stays at 1.x or later.
      expect(parseVersion(next).major).toBeGreaterThanOrEqual(1);
    }
  });

  it.runIf(released === '0.0.0')(
    'would be 0.1.0 without the major changeset, which the tagger refuses',
    () => {
      const withoutMajor = new Map(
        [...pendingChangesets(root)].map(([name, text]) => [
          name,
          text.replace(/^(['"]?@kie-task\/action['"]?): major$/m, '$1: minor'),
        ]),
      );
      const next = versionsAfterChangesets(root, withoutMajor).get('action')!;
      expect(next).toBe('0.1.0');
      expect(() => planActionTags({ version: next, head: A, tags: new Map() })).toThrow(/start at 1\.0\.0/);
    },
  );
});

describe('releaseTags against real git repositories', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    }).trim();

  function repoWithRemote(version: string): { work: string; remote: string } {
    dir = mkdtempSync(join(tmpdir(), 'release-tags-'));
    const remote = join(dir, 'remote.git');
    const work = join(dir, 'work');
    git(dir, 'init', '--bare', '-q', remote);
    git(dir, 'init', '-q', '-b', 'main', work);
    mkdirSync(join(work, 'packages/action/dist'), { recursive: true });
    writeFileSync(join(work, 'packages/action/dist/index.js'), 'bundle\n');
    writeFileSync(join(work, 'packages/action/package.json'), JSON.stringify({ version }));
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'release');
    git(work, 'remote', 'add', 'origin', remote);
    return { work, remote };
  }

  it('pushes vX.Y.Z and moves v1 on the remote', () => {
    const { work, remote } = repoWithRemote('1.0.0');
    expect(releaseTags(work, { dryRun: false, remote: 'origin' })).toEqual([
      expect.stringMatching(/^create v1\.0\.0/) as unknown,
      expect.stringMatching(/^create v1 /) as unknown,
    ]);
    const first = git(work, 'rev-parse', 'HEAD');
    writeFileSync(join(work, 'packages/action/package.json'), JSON.stringify({ version: '1.1.0' }));
    git(work, 'commit', '-q', '-am', 'next');
    const log = releaseTags(work, { dryRun: false, remote: 'origin' });
    expect(log[1]).toMatch(/^move v1 /);
    const head = git(work, 'rev-parse', 'HEAD');
    expect(git(remote, 'rev-parse', 'v1^{commit}')).toBe(head);
    expect(git(remote, 'rev-parse', 'v1.0.0^{commit}')).toBe(first);
    expect(git(remote, 'rev-parse', 'v1.1.0^{commit}')).toBe(head);
  });

  it('changes nothing in a dry run, and refuses while the bundle is uncommitted', () => {
    const { work, remote } = repoWithRemote('2.0.0');
    expect(releaseTags(work, { dryRun: true, remote: 'origin' })[0]).toMatch(/^\(dry run\) create v2\.0\.0/);
    expect(git(remote, 'tag', '--list')).toBe('');
    writeFileSync(join(work, 'packages/action/dist/index.js'), 'changed\n');
    expect(() => releaseTags(work, { dryRun: false, remote: 'origin' })).toThrow(/uncommitted/);
  });
});
