import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  include: ['src/**/*.test.ts'],
  testTimeout: 60_000,
  thresholds: { lines: 0, branches: 0 },
});
