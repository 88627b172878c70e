/**
 * Writing the comment on one pull request: find ours by its marker, then update it, create a new one, or delete and
 * re-create it; after creating, look again and remove a duplicate a racing run made. Talks to GitHub only through
 * {@link CommentsApi}, so the policy is readable apart from the HTTP wiring (github.ts).
 */
import type { CommentMode } from '../inputs.js';

/** Who wrote a comment, or who the token acts as. */
export interface Identity {
  login: string;
  id: number | null;
}

/** An issue comment as the REST API returns it (only what we use). */
export interface IssueComment {
  id: number;
  body?: string | null | undefined;
  html_url: string;
  /** Null for a deleted ("ghost") account. */
  user: Identity | null;
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
  /** Who the token acts as, or null when GitHub will not say (see github.ts). */
  whoAmI(): Promise<Identity | null>;
}

/**
 * True when `comment` is ours: it starts with our marker (where we put it — a reply quoting our comment has it
 * further down) and was written by the identity behind the token. GraphQL leaves the `[bot]` suffix off an app's
 * login, so logins compare without it; ids decide when both are known.
 */
function isOurs(comment: IssueComment, marker: string, me: Identity): boolean {
  if (typeof comment.body !== 'string' || !comment.body.startsWith(marker) || !comment.user) return false;
  if (me.id !== null && comment.user.id !== null) return me.id === comment.user.id;
  const bare = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, '');
  return bare(comment.user.login) === bare(me.login);
}

/** What was done. */
export interface WriteResult {
  comment: IssueComment;
  action: 'updated' | 'created' | 'recreated';
  /** Comments removed: earlier ones (`recreate`) and duplicates from a racing run. */
  deleted: number[];
}

/**
 * Writes `body` (which starts with `marker`) on PR `issueNumber`, touching only our own comments ({@link isOurs}):
 * - `update`: edit the oldest of ours, or create one;
 * - `create`: always a new comment (no search);
 * - `recreate`: delete ours, then create one (so it is the newest on the PR).
 * When `me` is unknown (GitHub would not say who the token is), nothing is edited or deleted before creating: the
 * new comment's author tells who we are, and the clean-up below then keeps one comment of ours.
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
  me: Identity | null,
): Promise<WriteResult> {
  if (mode === 'create') {
    return { comment: await api.createComment(issueNumber, body), action: 'created', deleted: [] };
  }
  const deleted: number[] = [];
  if (me) {
    const ours = await findOurs(api, issueNumber, marker, me);
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
  }
  const created = await api.createComment(issueNumber, body);
  const identity = me ?? created.user;
  if (!identity) return { comment: created, action: 'created', deleted };
  if (mode === 'recreate' && !me) {
    // Learned who we are only now: remove our older comments.
    for (const old of await findOurs(api, issueNumber, marker, identity)) {
      if (old.id === created.id) continue;
      await api.deleteComment(old.id);
      deleted.push(old.id);
    }
  }
  const action = mode === 'recreate' && deleted.length > 0 ? 'recreated' : 'created';

  const now = await findOurs(api, issueNumber, marker, identity);
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

/** Our comments carrying `marker`, oldest first. Plain string matching: the key may contain regex characters. */
async function findOurs(
  api: CommentsApi,
  issueNumber: number,
  marker: string,
  me: Identity,
): Promise<IssueComment[]> {
  const comments = await api.listComments(issueNumber);
  return comments.filter((c) => isOurs(c, marker, me)).sort((a, b) => a.id - b.id);
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
