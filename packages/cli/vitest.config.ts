import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  globalSetup: ['test/build-once.ts'],
  // The bin tests start the CLI as a child process, several times in some tests: a loaded machine needs the time.
  testTimeout: 60_000,
  thresholds: { lines: 88, branches: 75 },
});
