import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.test-results.json' }]],
    testTimeout: 20_000,
    // The end-to-end tests spawn node processes; on a 2-core machine more at once would skew other suites' timings.
    maxConcurrency: 2,
  },
});
