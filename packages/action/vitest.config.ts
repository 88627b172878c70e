import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // scripts/test-bundle-node24.mjs reruns the bundle suites on Node 24 into a report of their own.
    reporters: ['default', ['json', { outputFile: process.env['KIE_TEST_REPORT'] ?? '.test-results.json' }]],
    testTimeout: 20_000,
    // The end-to-end tests spawn node processes; on a 2-core machine more at once would skew other suites' timings.
    maxConcurrency: 2,
  },
});
