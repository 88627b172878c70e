/**
 * Release tags for the Action. changesets does not create `v` tags in a multi-package workspace, so after a
 * publish this computes and pushes them: `vX.Y.Z` at the release commit (never moved once pushed), and the moving
 * major ref users pin (`v1` for 1.x). The Action's version line starts at 1.0.0 — every README example pins `@v1` —
 * so a 0.x version is refused; its first release is `v1.0.0` with `v1` at the same commit. The Action's version is
 * its own (packages/action/package.json), independent of the npm packages' versions.
 */

/** One change to a tag. */
export type TagAction =
  | { kind: 'create'; tag: string; sha: string }
  | { kind: 'move'; tag: string; from: string; sha: string }
  | { kind: 'keep'; tag: string; sha: string };

/** What to do for one release. */
export interface TagPlan {
  version: string;
  actions: TagAction[];
}

interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | null;
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** Parses `X.Y.Z` or `X.Y.Z-pre`; throws on anything else. */
export function parseVersion(text: string): Version {
  const match = SEMVER.exec(text);
  if (!match) throw new Error(`"${text}" is not a semantic version (X.Y.Z).`);
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ?? null,
  };
}

/** The moving ref users pin for a version: `v1` for 1.x, `v2` for 2.x. */
export function movingRef(version: Version): string {
  return `v${version.major}`;
}

/**
 * Plans the tags for releasing `version` at commit `head`, given the existing tags (name → commit).
 * @throws when `vX.Y.Z` already exists at another commit: a released version must never change; and for a 0.x
 * version: the Action starts at 1.0.0, so that `@v1` resolves from its first release.
 */
export function planActionTags(input: {
  version: string;
  head: string;
  tags: ReadonlyMap<string, string>;
}): TagPlan {
  const version = parseVersion(input.version);
  if (version.major === 0) {
    throw new Error(
      `The Action's version is ${input.version}, but its releases start at 1.0.0 (the README pins @v1). ` +
        'Add a changeset with "@kie-task/action": major for its first release.',
    );
  }
  const exact = `v${input.version}`;
  const actions: TagAction[] = [];

  const existing = input.tags.get(exact);
  if (existing && existing !== input.head) {
    throw new Error(
      `Tag ${exact} already exists at ${existing.slice(0, 12)}; a released version is never moved. Bump the version.`,
    );
  }
  actions.push(
    existing ? { kind: 'keep', tag: exact, sha: existing } : { kind: 'create', tag: exact, sha: input.head },
  );

  // Pre-releases never move the ref users pin.
  if (version.prerelease !== null) return { version: input.version, actions };

  const moving = movingRef(version);
  // A patch to an older line (1.2.4 after 1.3.0) must not pull the moving ref back.
  const newerInLine = [...input.tags.keys()].some((tag) => {
    const other = tag.startsWith('v') ? safeParse(tag.slice(1)) : null;
    return (
      other !== null &&
      other.prerelease === null &&
      movingRef(other) === moving &&
      compare(other, version) > 0
    );
  });
  if (!newerInLine) {
    const current = input.tags.get(moving);
    if (!current) actions.push({ kind: 'create', tag: moving, sha: input.head });
    else if (current === input.head) actions.push({ kind: 'keep', tag: moving, sha: current });
    else actions.push({ kind: 'move', tag: moving, from: current, sha: input.head });
  }
  return { version: input.version, actions };
}

function safeParse(text: string): Version | null {
  try {
    return parseVersion(text);
  } catch {
    return null;
  }
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
