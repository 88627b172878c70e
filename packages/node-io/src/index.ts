/**
 * @kie-task/node-io — the Node-only I/O that the kie-task CLI and GitHub Action share: streaming, size-capped
 * result downloads (`./download`), a proxy-aware fetch (`./proxy`), the "stays inside this folder" path checks
 * (`./paths`), a run's one deadline (`./deadline`), the exit once the output is written (`./exit`), and one wait
 * session for both faces (`./wait-session`). Built on `@kie-task/core`, which stays free of Node built-ins.
 * @packageDocumentation
 */
export * from './download/index.js';
export * from './proxy.js';
export * from './paths.js';
export * from './deadline.js';
export * from './exit.js';
export * from './wait-session/index.js';
