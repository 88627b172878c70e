// The market record's shape choices (kie-api.md §13): the live API's bodies by default, the older documented
// shape as a preset, single aspects overridable per scenario.
import type { TaskScenario } from './scenario.js';
import type { MarketShape, ResolvedMarketShape } from './types.js';

const PRESETS: Readonly<Record<MarketShape, Omit<ResolvedMarketShape, 'resultJsonBlank'>>> = {
  live: {
    liveFields: true,
    paramInput: 'string',
    costTimeUnit: 'seconds',
    creditFields: 'creditsConsumed',
    updateTimeFrom: 'createTime',
  },
  docs: {
    liveFields: false,
    paramInput: 'object',
    costTimeUnit: 'ms',
    creditFields: 'none',
    updateTimeFrom: 'stateChange',
  },
};

/** The market shape of a scenario: its `marketShape` preset (default live) with its single overrides. */
export function marketShapeOf(scenario: Omit<TaskScenario, 'taskId'>): ResolvedMarketShape {
  const shape = scenario.marketShape ?? 'live';
  const preset = PRESETS[shape];
  // Live bodies carry resultJson "" while pending; an explicit nullsWhilePending: true still asks for null.
  const resultJsonBlank =
    scenario.nullsWhilePending === false
      ? ''
      : scenario.nullsWhilePending === true || shape === 'docs'
        ? null
        : '';
  return {
    liveFields: preset.liveFields,
    paramInput: scenario.paramInput ?? preset.paramInput,
    costTimeUnit: scenario.costTimeUnit ?? preset.costTimeUnit,
    creditFields: scenario.creditFields ?? preset.creditFields,
    updateTimeFrom: scenario.updateTimeFrom ?? preset.updateTimeFrom,
    resultJsonBlank,
  };
}

/**
 * A createTask body as the `param` JSON string. `'string'`: top-level keys sorted (as the live API sends them)
 * and `input` itself a JSON string (double-encoded); `'object'`: stringified as given.
 */
export function encodeParam(param: Record<string, unknown>, paramInput: 'string' | 'object'): string {
  if (paramInput === 'object') return JSON.stringify(param);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(param).sort()) {
    const value = param[key];
    sorted[key] = key === 'input' && typeof value !== 'string' ? JSON.stringify(value ?? {}) : value;
  }
  return JSON.stringify(sorted);
}
