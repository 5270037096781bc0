import { defineConfig } from 'tsup';

// One build for every public entry point, in ESM and CommonJS, with type
// declarations for both (`.d.ts` and `.d.cts`).
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'fast-check': 'src/fast-check/index.ts',
      matchers: 'matchers/index.ts',
      vitest: 'matchers/vitest.ts',
      jest: 'matchers/jest.ts',
      reporter: 'src/reporter/vitest.ts',
      'golden-reporter': 'src/reporter/golden.ts',
    },
    // Every entry but the runtime imports it (and the other entries) by package name, so the built package has
    // one runtime copy; fast-check, vitest and jest are peers, never bundled.
    external: [/^tier2-harness(?:\/|$)/, 'fast-check'],
    format: ['esm', 'cjs'],
    dts: true,
    // Clean dist/ except the CLI's files: the two configs build in parallel, and a late clean would delete them.
    clean: ['!cli.js', '!cli.js.map'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
  },
  // The `tier2` command: ESM only, one runtime copy (it imports the package itself).
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    external: ['tier2-harness'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
