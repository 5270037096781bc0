import { defineConfig } from 'tsup';

// One build for every public entry point, in ESM and CommonJS, with type
// declarations for both (`.d.ts` and `.d.cts`).
export default defineConfig({
  entry: { index: 'src/index.ts', 'fast-check': 'src/fast-check/index.ts' },
  // The fast-check entry imports the runtime as 'tier2-harness' (one shared copy) and fast-check as a peer.
  external: ['tier2-harness', 'fast-check'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
});
