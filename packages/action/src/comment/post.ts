/**
 * Writing the comment on one pull request: find ours by its marker, then update it, create a new one, or delete and
 * re-create it; after creating, look again and remove a duplicate a racing run made. Talks to GitHub only through
 * {@link CommentsApi}, so the policy is readable apart from the HTTP wiring (github.ts).
 */
import type { CommentMode } from '../inputs.js';

/** An issue comment as the REST API returns it (only what we use). */
export interface IssueComment {
  id: number;
  body?: string | null | undefined;
  html_url: string;
}

/** The four comment endpoints and the push lookup, bound to one repository. */
export interface CommentsApi {
  /** Every comment on the issue or PR, all pages, oldest first. */
  listComments(issueNumber: number): Promise<IssueComment[]>;
  createComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  /** Resolves also when the comment is already gone (404). */
  deleteComment(commentId: number): Promise<void>;
  /** The numbers of the open pull requests associated with a commit. */
  openPullsForCommit(sha: string): Promise<number[]>;
}

/** What was done. */
export interface WriteResult {
  comment: IssueComment;
  action: 'updated' | 'created' | 'recreated';
  /** Comments removed: earlier ones (`recreate`) and duplicates from a racing run. */
  deleted: number[];
}

/**
 * Writes `body` (which contains `marker`) on PR `issueNumber`:
 * - `update`: edit the oldest comment carrying the marker, or create one;
 * - `create`: always a new comment (no search);
 * - `recreate`: delete every comment carrying the marker, then create one (so it is the newest on the PR).
 *
 * Two runs with the same key can race (a re-run, two pushes): both find nothing and both create. After creating,
 * each looks again; the oldest comment carrying the marker wins, and a run whose new comment is not the oldest deletes
 * it and writes its body into the winner, so one comment remains whatever the timing.
 */
export async function writeComment(
  api: CommentsApi,
  issueNumber: number,
  body: string,
  marker: string,
  mode: CommentMode,
): Promise<WriteResult> {
  if (mode === 'create') {
    return { comment: await api.createComment(issueNumber, body), action: 'created', deleted: [] };
  }
  const ours = await findMarked(api, issueNumber, marker);
  const deleted: number[] = [];
  if (mode === 'update' && ours[0]) {
    const updated = await updateOrNull(api, ours[0].id, body);
    if (updated) return { comment: updated, action: 'updated', deleted };
    // Deleted since we listed (a racing `recreate`): create instead.
  }
  if (mode === 'recreate') {
    for (const old of ours) {
      await api.deleteComment(old.id);
      deleted.push(old.id);
    }
  }
  const created = await api.createComment(issueNumber, body);
  const action = mode === 'recreate' && deleted.length > 0 ? 'recreated' : 'created';

  const now = await findMarked(api, issueNumber, marker);
  const winner = now.find((c) => !deleted.includes(c.id));
  // Ours already removed by a racing `recreate`: theirs is the one that stays.
  if (!now.some((c) => c.id === created.id)) return { comment: winner ?? created, action, deleted };
  if (!winner || winner.id === created.id) return { comment: created, action, deleted };
  // A racing run created one first: keep theirs (with our body, the latest results) and remove ours.
  await api.deleteComment(created.id);
  deleted.push(created.id);
  const kept = (await updateOrNull(api, winner.id, body)) ?? winner;
  return { comment: kept, action: 'updated', deleted };
}

/** The comments carrying `marker`, oldest first. Plain substring matching: the key may contain regex characters. */
async function findMarked(api: CommentsApi, issueNumber: number, marker: string): Promise<IssueComment[]> {
  const comments = await api.listComments(issueNumber);
  return comments
    .filter((c) => typeof c.body === 'string' && c.body.includes(marker))
    .sort((a, b) => a.id - b.id);
}

async function updateOrNull(api: CommentsApi, id: number, body: string): Promise<IssueComment | null> {
  try {
    return await api.updateComment(id, body);
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** The HTTP status of an Octokit RequestError, or null. */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}
