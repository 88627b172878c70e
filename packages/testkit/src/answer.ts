// What the server does with a request, as data: handlers decide, server.ts carries it out. Keeping the
// decision pure makes every route testable without sockets.

/** The server's reaction to one request. */
export type Answer =
  | { type: 'send'; status: number; headers: Record<string, string>; body: string | Buffer }
  /**
   * Send `length` bytes (`body`, or zeros when null) with the status and headers, in chunks; with `stallAfter`,
   * stop after that many bytes and keep the connection open without ending the response.
   */
  | {
      type: 'stream';
      status: number;
      headers: Record<string, string>;
      body: Buffer | null;
      length: number;
      stallAfter?: number;
    }
  /** Destroy the socket without a response. */
  | { type: 'reset' }
  /** Never respond. */
  | { type: 'hang' }
  /** Wait `ms`, then carry out `then()` (computed late, so the record reflects the time it is sent). */
  | { type: 'delay'; ms: number; then: () => Answer };

/** A JSON answer. */
export function jsonAnswer(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return { type: 'send', status, headers: { 'content-type': 'application/json', ...headers }, body };
}
