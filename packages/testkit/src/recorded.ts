/** One request the fake server received, as recorded in {@link FakeKie.requests}. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/jobs/recordInfo`. */
  path: string;
  /** Query parameters (the first value of each). */
  query: Record<string, string>;
  /** `taskId` query parameter; for a create request, the id of the created task; otherwise null. */
  taskId: string | null;
  /** The `Authorization` header as sent, or null. */
  authorization: string | null;
  /** Request body as text ('' for none). */
  body: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** HTTP status sent; 0 if none was (reset, hang, or the server closed first). */
  status: number;
  /**
   * 1-based index of this status query among those that reached the task (passed auth and rate limiting);
   * null for other requests. This is the index faults' `on` refers to.
   */
  poll: number | null;
  /**
   * 1-based number of this create request (createTask or a family's) among those that passed auth, the rate limit and the create
   * window (what create faults' `on` counts); null for other requests.
   */
  createAttempt: number | null;
  /**
   * Which limit refused the request, if one did: the server-wide `rateLimit`, a task's `perTaskRateLimit`, or
   * createTask's window; null otherwise.
   */
  limitedBy: 'rate-limit' | 'per-task' | 'create-window' | null;
}
