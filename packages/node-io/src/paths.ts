/**
 * "Stays inside this folder": the path checks behind every file the CLI and the Action write. A result's file
 * name is one segment directly inside its folder; a download folder lies inside its root (the workspace), checked
 * as written and again with symbolic links resolved before anything is created through them.
 */
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `path` lies strictly below `root` (both absolute, compared as written). */
export function isStrictlyInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Resolves `name` inside `dir` and proves it stays there: a single path segment, not `.`/`..`, directly in `dir`.
 * @throws {Error} if it would not
 */
export function resolveInside(dir: string, name: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep) || rel.includes('/')) {
    throw new Error(`Refusing to write "${name}": the path is not inside ${root}.`);
  }
  return target;
}

/** Why a folder was refused by {@link resolveFolderInside}. */
export type FolderRefusal = 'is-root' | 'outside';

/**
 * Resolves `value` (relative to `root`, or absolute) as a folder strictly inside `root`.
 * @returns the absolute folder, or why it is refused (the root itself, or outside it)
 */
export function resolveFolderInside(
  root: string,
  value: string,
): { ok: true; dir: string } | { ok: false; why: FolderRefusal } {
  const base = resolve(root);
  const dir = resolve(base, value);
  if (isStrictlyInside(base, dir)) return { ok: true, dir };
  return { ok: false, why: relative(base, dir) === '' ? 'is-root' : 'outside' };
}

/** A path relative to `root`, with forward slashes: how logs and summaries show it. */
export function displayPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/**
 * Creates the download folder `dir` inside the workspace `root`, checking with symbolic links resolved that it
 * stays inside: first the deepest part that exists, so nothing is created through a link that leads out, then the
 * folder itself.
 * @throws {Error} when a link leads outside `root`, or the folder cannot be created
 */
export async function createDownloadFolder(root: string, dir: string): Promise<void> {
  const shown = displayPath(root, dir);
  const realRoot = await realpath(root);
  const checkInside = async (path: string): Promise<void> => {
    const real = await realpath(path);
    if (!isStrictlyInside(realRoot, real)) {
      throw new Error(
        `Refusing to download into ${shown}: through a symbolic link it leads to ${real}, outside the workspace.`,
      );
    }
  };
  let existing = dir;
  while (!(await exists(existing)) && dirname(existing) !== existing) existing = dirname(existing);
  // The root itself is fine as the deepest existing part; anything below it must stay inside.
  if (resolve(existing) !== resolve(root)) await checkInside(existing);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(
      `Cannot create download-dir ${shown} (${typeof code === 'string' ? code : String(error)}).`,
      {
        cause: error,
      },
    );
  }
  await checkInside(dir);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
