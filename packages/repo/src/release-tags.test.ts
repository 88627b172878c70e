import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('uses v0.Y while the major is 0, and never moves refs for pre-releases', () => {
    expect(movingRef(parseVersion('0.3.1'))).toBe('v0.3');
    expect(planActionTags({ version: '0.3.1', head: A, tags: new Map() }).actions.map((a) => a.tag)).toEqual([
      'v0.3.1',
      'v0.3',
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
