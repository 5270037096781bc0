import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Inside this repository, `tier2-harness` and its subpaths resolve to the
 * sources (as in tsconfig.json's `paths`); the built package resolves them
 * through its `exports`, so every entry point shares one runtime copy.
 */
export const aliases = [
  { find: /^tier2-harness$/, replacement: here('./src/index.ts') },
  { find: /^tier2-harness\/matchers$/, replacement: here('./matchers/index.ts') },
  { find: /^tier2-harness\/vitest$/, replacement: here('./matchers/vitest.ts') },
  { find: /^tier2-harness\/jest$/, replacement: here('./matchers/jest.ts') },
  { find: /^tier2-harness\/fast-check$/, replacement: here('./src/fast-check/index.ts') },
  { find: /^tier2-harness\/reporter$/, replacement: here('./src/report/vitest-reporter.ts') },
  { find: /^tier2-harness\/golden-reporter$/, replacement: here('./src/golden/reporter.ts') },
];

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'test/packaging/**'],
    // Many tests spawn the CLI, tsc, ESLint or Chromium; on a shared 2-core machine the
    // default 5 s is a bet on the machine's load, not a check of the code. Speed is
    // measured by `npm run bench`, never by a test's timeout.
    testTimeout: 30_000,
  },
});
