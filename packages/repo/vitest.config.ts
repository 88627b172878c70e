import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  include: ['src/**/*.test.ts'],
  testTimeout: 60_000,
  thresholds: { lines: 93, branches: 84 },
});
