import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ thresholds: { lines: 84, branches: 75 } });
