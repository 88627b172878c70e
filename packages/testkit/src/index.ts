// Public face of @kie-task/testkit: re-exports only.
export { startFakeKie } from './server.js';
export type { FakeKie, RequestCounts } from './server.js';
export type {
  CreateFault,
  CreateFaultAction,
  CreateTaskOptions,
  CreateWindowOptions,
  CreatedTask,
} from './create.js';
export { refusedUrl } from './refused.js';
export { seededRandom } from './random.js';
export { loadScenarioFile, validateOptions } from './options.js';
export type { FakeKieOptions, FileSpec, RateLimitOptions } from './options.js';
export type { RecordedRequest } from './recorded.js';
export { FAULT_KINDS, validateScenario } from './scenario.js';
export type { Fault, FaultAction, FaultWhen, PerTaskRateLimit, TaskScenario } from './scenario.js';
export { familyCreateExamples, familyTable } from './families.js';
export type { FamilyCreateExample, FamilyInfo } from './families.js';
export type { MarketShape, StateTable, TimeFormat, TimelineStep } from './types.js';
export { ScenarioError } from './validate.js';
export { demoScenario } from './demo.js';
export { startConnectProxy } from './proxy.js';
export type { ConnectProxy, ConnectProxyOptions } from './proxy.js';
