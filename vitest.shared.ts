// The vitest settings every package shares; each package's vitest.config.ts adds what is its own.
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;
type CoverageOptions = NonNullable<TestOptions['coverage']>;

/** What a package adds to the shared settings; `coverage` is merged into the shared coverage settings. */
interface PackageTestOptions extends Omit<TestOptions, 'coverage'> {
  /**
   * The package's floor, per cent: `pnpm coverage` fails below it. Set a point or so under what it measured (a few
   * branches depend on timing); raise it when tests are added.
   */
  thresholds: { lines: number; branches: number };
  coverage?: Partial<CoverageOptions>;
}

/**
 * Four workers on two cores, on purpose: the suites mostly wait (on loopback HTTP, child processes, timers), so
 * vitest's default (available cores − 1, i.e. one worker here) leaves the CPU idle. Every server listens on port 0,
 * so files never share a port.
 */
const WORKERS = 4;

/**
 * A package's vitest config: tests beside the sources and under test/, the JSON report scripts/test-summary.mjs
 * counts, four workers, and coverage (`pnpm coverage`) of src/ with the package's floor; coverage-summary.json is
 * what scripts/coverage-summary.mjs reads.
 */
export function packageConfig({ thresholds, coverage, ...test }: PackageTestOptions): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // KIE_TEST_REPORT: a run of a package's own (the Action's time-bound tests) reports beside the main one.
      reporters: ['default', ['json', { outputFile: process.env.KIE_TEST_REPORT ?? '.test-results.json' }]],
      testTimeout: 20_000,
      // expect.poll waits for something to happen: give a loaded machine time (vitest's default is 1 s).
      expect: { poll: { timeout: 10_000 } },
      maxWorkers: WORKERS,
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts'],
        reporter: ['text', 'json-summary', 'html'],
        thresholds,
        ...coverage,
      } as CoverageOptions,
      ...test,
    },
  });
}
