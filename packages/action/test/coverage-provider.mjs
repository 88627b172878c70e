// `pnpm coverage` for the Action: vitest's V8 coverage, plus the code the end-to-end suites run inside the bundle,
// in child processes vitest does not see (main.ts, run.ts, download.ts, cancel.ts run nowhere else).
//
// When coverage is on, this builds the bundle once more with the build script's own ncc command plus source maps
// (-s) into a temporary folder; scripts/runner.mjs runs that bundle (KIE_ACTION_BUNDLE) with NODE_V8_COVERAGE
// pointing at a folder of ours (KIE_ACTION_V8_COVERAGE). At the end, the children's V8 coverage of the bundle is
// merged, mapped back to src/ through the source maps by vitest's own remapping, and merged into the report.
// Plain .mjs (not TypeScript): @bcoe/v8-coverage ships no types.
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import v8 from '@vitest/coverage-v8';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Builds the bundle with source maps into `dir`: the build script's ncc arguments, another folder, plus -s. */
function buildMappedBundle(dir) {
  const script = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).scripts.build;
  const args = script.slice(script.indexOf('ncc build')).replace(/^ncc /, '').split(' ');
  args[args.indexOf('-o') + 1] = dir;
  const cli = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
  execFileSync(process.execPath, [cli, ...args, '-s'], { cwd: packageDir, stdio: 'inherit' });
}

/** The children's coverage of the files in `bundleDir`, merged across processes: V8's ScriptCoverage list. */
function childCoverage(coverageDir, bundleDir) {
  const prefix = pathToFileURL(bundleDir).href + '/';
  const processes = readdirSync(coverageDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const { result } = JSON.parse(readFileSync(join(coverageDir, name), 'utf8'));
      return { result: result.filter((script) => script.url.startsWith(prefix)) };
    });
  return processes.length ? mergeProcessCovs(processes).result : [];
}

/** The source map of one bundle file, its sources as file URLs (ncc writes them relative to packages/action/dist). */
function sourceMapOf(file) {
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const base = pathToFileURL(join(packageDir, 'dist') + '/');
  map.sources = map.sources.map((source) => new URL(source, base).href);
  return map;
}

export default {
  ...v8,
  async getProvider() {
    const provider = await v8.getProvider();
    const work = mkdtempSync(join(tmpdir(), 'kie-action-coverage-'));
    const bundleDir = join(work, 'bundle');
    const coverageDir = join(work, 'v8');
    let merged = false;

    const initialize = provider.initialize.bind(provider);
    provider.initialize = (ctx) => {
      initialize(ctx);
      buildMappedBundle(bundleDir);
      mkdirSync(coverageDir);
      // Read by scripts/runner.mjs in the workers, which inherit this process's environment.
      process.env.KIE_ACTION_BUNDLE = join(bundleDir, 'index.js');
      process.env.KIE_ACTION_V8_COVERAGE = coverageDir;
    };

    // Runs once per project before vitest adds the files no test loaded: the bundle's share goes in first, so a
    // file covered only through the bundle is not reported as untested.
    const convertCoverage = provider.convertCoverage.bind(provider);
    provider.convertCoverage = async (coverage, project, environment) => {
      const map = await convertCoverage(coverage, project, environment);
      if (merged || !existsSync(coverageDir)) return map;
      merged = true;
      for (const script of childCoverage(coverageDir, bundleDir)) {
        const file = fileURLToPath(script.url);
        const code = readFileSync(file, 'utf8');
        const remapped = await provider.remapCoverage(
          script.url,
          0,
          { code, map: sourceMapOf(file) },
          script.functions,
        );
        for (const [path, data] of Object.entries(remapped)) {
          if (provider.isIncluded(path)) map.merge({ [path]: data });
        }
      }
      rmSync(work, { recursive: true, force: true });
      return map;
    };
    return provider;
  },
};
