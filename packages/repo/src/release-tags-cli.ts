/**
 * `node packages/repo/dist/release-tags-cli.js [--dry-run] [--remote origin]`: tags the current commit with the
 * Action's version from packages/action/package.json and pushes the tags. Run by release.yml after a publish.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { planActionTags, type TagAction } from './release-tags.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Tag name → commit, with annotated tags resolved to the commit they point at. */
function readTags(cwd: string): Map<string, string> {
  const lines = git(
    cwd,
    'for-each-ref',
    'refs/tags',
    '--format=%(refname:short) %(objectname) %(*objectname)',
  );
  const tags = new Map<string, string>();
  for (const line of lines.split('\n').filter(Boolean)) {
    const [name, object, peeled] = line.split(' ');
    if (name && object) tags.set(name, peeled || object);
  }
  return tags;
}

function apply(cwd: string, remote: string, action: TagAction): void {
  if (action.kind === 'keep') return;
  git(cwd, 'tag', '--force', action.tag, action.sha);
  git(cwd, 'push', ...(action.kind === 'move' ? ['--force'] : []), remote, `refs/tags/${action.tag}`);
}

/** Runs the release tagging in `cwd`; returns the log lines. */
export function releaseTags(cwd: string, options: { dryRun: boolean; remote: string }): string[] {
  if (git(cwd, 'status', '--porcelain', '--', 'packages/action/dist') !== '') {
    throw new Error(
      'packages/action/dist has uncommitted changes: the tag must hold the built bundle. Rebuild and commit first.',
    );
  }
  const version = (
    JSON.parse(readFileSync(join(cwd, 'packages/action/package.json'), 'utf8')) as { version: string }
  ).version;
  const plan = planActionTags({ version, head: git(cwd, 'rev-parse', 'HEAD'), tags: readTags(cwd) });
  const log: string[] = [];
  for (const action of plan.actions) {
    const what =
      action.kind === 'move'
        ? `move ${action.tag} ${action.from.slice(0, 7)} → ${action.sha.slice(0, 7)}`
        : `${action.kind} ${action.tag} at ${action.sha.slice(0, 7)}`;
    log.push(options.dryRun ? `(dry run) ${what}` : what);
    if (!options.dryRun) apply(cwd, options.remote, action);
  }
  return log;
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      remote: { type: 'string', default: 'origin' },
    },
  });
  try {
    for (const line of releaseTags(process.cwd(), { dryRun: values['dry-run'], remote: values.remote }))
      console.log(line);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
