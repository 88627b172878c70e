import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  // The end-to-end suites run dist/index.js on Node 24, what action.yml declares (test/node24.ts).
  globalSetup: ['test/node24.ts'],
  // Tests marked concurrent (the end-to-end ones) mostly wait on child processes: up to 8 at once per file.
  maxConcurrency: 8,
  // A test that runs the bundle three times in a row on a loaded 2-core machine can take tens of seconds.
  testTimeout: 60_000,
  // V8 coverage plus the bundle's own, from the child processes the end-to-end suites start.
  coverage: { provider: 'custom', customProviderModule: './test/coverage-provider.mjs' },
  thresholds: { lines: 93, branches: 83 },
});
