/**
 * The packaging test: `npm pack`, a fresh project under the OS temp dir, the
 * tarball installed there with Vitest and Jest, and suites run there under
 * both runners. Not part of the main `vitest run` (it needs `npm run build`
 * first); `npm test` runs it after the build, `npm run test:packaging` alone.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/packaging/**/*.test.ts'],
    // The fixture is the user's project, run by its own Vitest and Jest inside the temporary directory.
    exclude: ['test/packaging/fixture/**'],
    // Installing and starting runners in child processes is slow but bounded; these are limits, not expectations.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
