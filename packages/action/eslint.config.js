// The root config, plus Node's globals for the plain .mjs scripts (demo, bench, runner emulation, coverage).
import root from '../../eslint.config.js';

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'performance', 'setTimeout', 'clearTimeout', 'URL', 'Buffer'].map((name) => [
    name,
    'readonly',
  ]),
);

export default [
  ...root,
  { files: ['scripts/**/*.mjs', 'test/**/*.mjs'], languageOptions: { globals: nodeGlobals } },
];
