/** Expressing any family's state in the market vocabulary, for outputs that promise it (the Action's `state`). */
import type { TaskStatus } from '../types.js';

/** Market states in the order a task passes through them. */
export const MARKET_PENDING_ORDER = ['waiting', 'queuing', 'generating'] as const;

/** True for the pending market states kie.ai documents (anything else pending is an unknown state). */
export function isKnownPendingState(state: string): boolean {
  return (MARKET_PENDING_ORDER as readonly string[]).includes(state);
}

/**
 * The market-vocabulary state of a record: a market record keeps its own state; other families map to
 * `success`, `fail`, or `generating` while pending.
 */
export function toMarketState(record: { family: string; state: string; status: TaskStatus }): string {
  if (record.family === 'market') return record.state;
  if (record.status === 'success') return 'success';
  if (record.status === 'failed') return 'fail';
  return 'generating';
}
