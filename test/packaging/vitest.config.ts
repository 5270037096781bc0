/**
 * The packaging tests: `npm pack` once (global-setup.ts), then fresh projects
 * under the OS temp dir with the tarball installed beside each runner major
 * the peer ranges claim (matrix.test.ts), and beside this repository's locked
 * toolchain for plain Node, every TypeScript resolution mode and ts-jest
 * (packaging.test.ts). Not part of the main `vitest run` (it needs
 * `npm run build` first); `npm test` runs it after the build,
 * `npm run test:packaging` alone.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/packaging/**/*.test.ts'],
    // The fixture is the user's project, run by its own Vitest and Jest inside the temporary directories.
    exclude: ['test/packaging/fixture/**'],
    globalSetup: ['test/packaging/global-setup.ts'],
    // The two files install their projects at the same time: most of an install is waiting on disk and npm.
    fileParallelism: true,
    maxWorkers: 2,
    // Installing and starting runners in child processes is slow but bounded; these are limits, not expectations.
    // A test waits for its project's install, which may queue behind others.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
