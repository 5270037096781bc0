import { defineConfig } from 'tsup';

// One build for every public entry point, in ESM and CommonJS, with type
// declarations for both (`.d.ts` and `.d.cts`).
export default defineConfig({
  entry: { index: 'src/index.ts', matchers: 'matchers/index.ts', vitest: 'matchers/vitest.ts', jest: 'matchers/jest.ts' },
  // The plugin entries import the runtime (and each other) by package name, so the built package has one runtime copy.
  external: [/^tier2-harness(?:\/|$)/],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
});
