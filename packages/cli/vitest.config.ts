import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ globalSetup: ['test/build-once.ts'], thresholds: { lines: 0, branches: 0 } });
