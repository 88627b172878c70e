// vitest globalSetup: the end-to-end suites run the bundle on the Node that action.yml declares (node24), while
// vitest itself and the in-process suites run on the Node of the machine (20 here). Each suite runs once.
// The binary comes from scripts/node24.mjs (shared with the core's package test); ACTION_NODE=/path/to/node
// overrides it. Where there is none (not Linux x64), the bundle runs on this Node, and the run says so.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export default async function setup(): Promise<void> {
  const { node24 } = (await import(pathToFileURL(join(repoRoot, 'scripts/node24.mjs')).href)) as {
    node24: () => string | null;
  };
  const node = process.env['ACTION_NODE'] || node24();
  if (!node) {
    console.log(
      `No Node 24 for ${process.platform}-${process.arch}: the bundle runs on this Node, ${process.version}.`,
    );
    return;
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${node} is ${version}, not Node 24`);
  // The workers inherit it; scripts/runner.mjs runs the bundle with it.
  process.env['ACTION_NODE'] = node;
  console.log(`The bundle's end-to-end suites run on Node ${version} (${node})`);
}
