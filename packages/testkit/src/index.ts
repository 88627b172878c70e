// Public face of @kie-task/testkit: re-exports only.
export { startFakeKie } from './server.js';
export type { FakeKie } from './server.js';
export { loadScenarioFile, validateOptions } from './options.js';
export type { FakeKieOptions, RateLimitOptions } from './options.js';
export type { RecordedRequest } from './recorded.js';
export { FAULT_KINDS, validateScenario } from './scenario.js';
export type { Fault, FaultAction, FaultWhen, TaskScenario, TimelineStep } from './scenario.js';
export { ScenarioError } from './validate.js';
export { demoScenario } from './demo.js';
