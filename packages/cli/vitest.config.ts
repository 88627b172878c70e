import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ globalSetup: ['test/build-once.ts'] });
