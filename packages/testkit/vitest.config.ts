import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ thresholds: { lines: 93, branches: 88 } });
