/** The timer constant every module below the client shares; imports nothing, so anything may import it. */

/** The longest delay a timer can wait (2^31-1 ms, ~24.8 days): Node fires longer ones at once, with a warning. */
export const MAX_TIMER_MS = 2_147_483_647;
