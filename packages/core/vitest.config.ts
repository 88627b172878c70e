import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ thresholds: { lines: 94, branches: 90 } });
