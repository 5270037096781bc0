import { readFileSync, rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// One build of every public entry point, in ESM and CommonJS, with type declarations for both (`.d.ts` and
// `.d.cts`). Code splitting puts each module in one shared chunk per format, so the entries import each other's
// code by relative path and a process that loads several entries still has one runtime copy per format.
// fast-check, vitest and jest are peers: tsup leaves them (and every dependency) outside the bundle.

// The two formats build in parallel: dist/ is emptied once, here, before either starts.
rmSync('dist', { recursive: true, force: true });

const entries = {
  index: 'src/index.ts',
  'fast-check': 'src/fast-check/index.ts',
  matchers: 'matchers/index.ts',
  vitest: 'matchers/vitest.ts',
  jest: 'matchers/jest.ts',
  reporter: 'src/report/vitest-reporter.ts',
  'golden-reporter': 'src/golden/reporter.ts',
};

// The package version, written into the build as a literal (src/data/version.ts): copies of one version
// share what they validated, and a copy of another version is told apart (src/data/brand.ts).
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const common: Options = {
  define: { __TIER2_VERSION__: JSON.stringify(version) },
  external: ['fast-check'],
  dts: true,
  clean: false,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
};

export default defineConfig([
  // ESM, with the `tier2` command (its entry keeps its `#!/usr/bin/env node` line): ESM only, it awaits at the top level.
  { ...common, entry: { ...entries, cli: 'src/cli/main.ts' }, dts: { entry: entries }, format: ['esm'] },
  { ...common, entry: entries, format: ['cjs'] },
]);
