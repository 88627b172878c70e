// A fake GitHub REST API on loopback, enough for the comment code: issue comments (list with pagination and a Link
// header, create, update, delete) and the pull requests of a commit. Checks the token, records every request, and
// injects faults (a fork's 403, primary and secondary rate limits) for the next matching requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stored comment, as the API returns it. */
interface FakeComment {
  id: number;
  issue: number;
  body: string;
  html_url: string;
  user: { login: string; id: number; type: string };
  created_at: string;
  updated_at: string;
}

/** One request as received. */
interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

/** A canned answer for the next `times` requests matching `method` and `path` (a substring of the path). */
export interface Fault {
  method?: string;
  path?: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  times?: number;
  /** Never answer (the connection stays open until the client gives up or the fake closes). */
  hang?: boolean;
}

/** The fault GitHub answers when a token may not write (a fork PR's read-only GITHUB_TOKEN). */
export const FORBIDDEN: Fault = {
  method: 'POST',
  status: 403,
  body: {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    status: '403',
  },
};

/** A secondary rate limit, as GitHub sends it (403 or 429 with this message and Retry-After). */
export function secondaryLimit(status: 403 | 429 = 403, retryAfter = '1'): Omit<Fault, 'method' | 'path'> {
  return {
    status,
    headers: { 'retry-after': retryAfter },
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
    },
  };
}

/** A primary rate limit: 429 with x-ratelimit-remaining 0 and a reset time `inSeconds` from now. */
export function primaryLimit(inSeconds = 0): Omit<Fault, 'method' | 'path'> {
  return {
    status: 429,
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + inSeconds),
    },
    body: { message: 'API rate limit exceeded for installation ID 1.' },
  };
}

export interface FakeGitHub {
  /** The base URL, for GITHUB_API_URL. */
  url: string;
  token: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** Comments on `issue` (all issues when omitted), oldest first. */
  comments(issue?: number): FakeComment[];
  /** Adds comments written by someone else (or by us, with a body containing our marker). */
  addComment(issue: number, body: string, login?: string): FakeComment;
  /** The pull requests GET /commits/{sha}/pulls answers for `sha`. */
  setPullsForCommit(sha: string, pulls: { number: number; state: 'open' | 'closed' }[]): void;
  fault(fault: Fault): void;
  /** Runs `hook` on each request before it is answered (to simulate a racing run). */
  onRequest(hook: (request: RecordedRequest) => void): void;
  close(): Promise<void>;
}

/** Who a token acts as. */
interface FakeIdentity {
  login: string;
  id: number;
}

/** The workflow's GITHUB_TOKEN acts as the GitHub Actions app's bot. */
const ACTIONS_BOT: FakeIdentity = { login: 'github-actions[bot]', id: 41898282 };

/** Options of {@link startFakeGitHub}. */
export interface FakeGitHubOptions {
  token: string;
  /** The only owner/repo it knows. Default `Codertocat/Hello-World`. */
  repository?: string;
  /** Who the token acts as (the author of the comments it writes). Default {@link ACTIONS_BOT}. */
  identity?: FakeIdentity;
  /**
   * What `GET /user` does: an installation token (GITHUB_TOKEN, app tokens) gets 403 "Resource not accessible by
   * integration"; a personal token gets its user. Default `installation`.
   */
  tokenKind?: 'installation' | 'personal';
  /** `POST /graphql` answers `viewer` (default) or fails, to exercise the REST fallback. */
  graphql?: 'ok' | 'fail';
}

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const identity = options.identity ?? ACTIONS_BOT;
  const repository = options.repository ?? 'Codertocat/Hello-World';
  const comments: FakeComment[] = [];
  const pulls = new Map<string, { number: number; state: string }[]>();
  const faults: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const hooks: ((request: RecordedRequest) => void)[] = [];
  let nextId = 1000;
  let url = '';

  const add = (issue: number, body: string, login = identity.login): FakeComment => {
    const id = nextId++;
    const now = new Date().toISOString();
    const comment = {
      id,
      issue,
      body,
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}`,
      user: {
        login,
        id: login === identity.login ? identity.id : idOf(login),
        type: login.endsWith('[bot]') ? 'Bot' : 'User',
      },
      created_at: now,
      updated_at: now,
    };
    comments.push(comment);
    return comment;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = new URL(req.url ?? '/', url);
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: at.pathname,
      query: at.searchParams,
      authorization: req.headers.authorization,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
    };
    requests.push(record);
    for (const hook of hooks) hook(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };

    const auth = /^(?:token|bearer) (.+)$/i.exec(record.authorization ?? '')?.[1];
    if (auth !== options.token) return send(401, { message: 'Bad credentials' });
    // A fault without a path hits the REST endpoints the tests name, not the identity lookups.
    const identityLookup = record.path === '/graphql' || record.path === '/user';
    const fault = faults.findIndex(
      (f) =>
        (!f.method || f.method === record.method) &&
        (f.path ? record.path.includes(f.path) : !identityLookup),
    );
    if (fault >= 0) {
      const f = faults[fault]!;
      if ((f.times ?? 1) <= 1) faults.splice(fault, 1);
      else f.times = (f.times ?? 1) - 1;
      if (f.hang) return;
      return send(f.status, f.body, f.headers);
    }

    if (record.path === '/graphql' && record.method === 'POST') {
      const query = (record.body as { query?: unknown } | undefined)?.query;
      if (options.graphql === 'fail' || typeof query !== 'string' || !query.includes('viewer')) {
        return send(200, { data: null, errors: [{ message: 'Something went wrong' }] });
      }
      // GraphQL leaves the [bot] suffix off an app's login, as the real API does.
      return send(200, {
        data: { viewer: { login: identity.login.replace(/\[bot\]$/, ''), databaseId: identity.id } },
      });
    }
    if (record.path === '/user' && record.method === 'GET') {
      if ((options.tokenKind ?? 'installation') === 'installation') {
        return send(403, { message: 'Resource not accessible by integration', status: '403' });
      }
      return send(200, { login: identity.login, id: identity.id, type: 'User' });
    }

    const prefix = `/repos/${repository}`;
    if (!record.path.startsWith(`${prefix}/`)) return send(404, { message: 'Not Found' });
    const rest = record.path.slice(prefix.length);
    let m: RegExpExecArray | null;
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      if (record.method === 'GET') {
        const all = comments.filter((c) => c.issue === issue);
        const perPage = Math.min(100, Number(at.searchParams.get('per_page') ?? 30));
        const page = Math.max(1, Number(at.searchParams.get('page') ?? 1));
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string): string => {
          const next = new URL(at);
          next.searchParams.set('page', String(p));
          next.searchParams.set('per_page', String(perPage));
          return `<${next.href}>; rel="${rel}"`;
        };
        const links = [
          ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
          ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
        ];
        return send(
          200,
          all.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(', ') } : {},
        );
      }
      if (record.method === 'POST') {
        const body = (record.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string') return send(422, { message: 'Invalid request: body is missing' });
        if (body.length > 65_536) return send(422, { message: 'Validation Failed: body is too long' });
        return send(201, add(issue, body));
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const index = comments.findIndex((c) => c.id === Number(m![1]));
      if (index < 0) return send(404, { message: 'Not Found' });
      if (record.method === 'PATCH') {
        const body = (record.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string' || body.length > 65_536)
          return send(422, { message: 'Validation Failed' });
        const comment = comments[index]!;
        comment.body = body;
        comment.updated_at = new Date().toISOString();
        return send(200, comment);
      }
      if (record.method === 'DELETE') {
        comments.splice(index, 1);
        res.writeHead(204).end();
        return;
      }
    }
    if ((m = /^\/commits\/([0-9a-f]{40})\/pulls$/.exec(rest)) && record.method === 'GET') {
      return send(
        200,
        (pulls.get(m[1]!) ?? []).map((p) => ({
          ...p,
          html_url: `https://github.com/${repository}/pull/${p.number}`,
        })),
      );
    }
    return send(404, { message: 'Not Found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token: options.token,
    requests,
    comments: (issue) => comments.filter((c) => issue === undefined || c.issue === issue),
    addComment: add,
    setPullsForCommit: (sha, list) => pulls.set(sha, list),
    fault: (fault) => faults.push({ ...fault }),
    onRequest: (hook) => hooks.push(hook),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A stable id per login; the token's own identity keeps its id.
function idOf(login: string): number {
  if (login === ACTIONS_BOT.login) return ACTIONS_BOT.id;
  let hash = 7;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return 1_000_000 + hash;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
