/**
 * The example suites (`examples/**`) under Vitest, written with the global
 * `describe`/`it`/`expect` so that the same files also run under Jest
 * (`jest.config.cjs`). `npm test` runs both.
 *
 * A user's config needs only `globals: true` and
 * `setupFiles: ['tier2-harness/vitest']`. Inside this repository the package
 * is not installed, and Vitest resolves `setupFiles` as paths, not through
 * `resolve.alias`, so the setup entry is the alias's target (the source file).
 *
 * `TIER2_EXAMPLES=failing` runs the suites that fail on purpose instead
 * (`npm run examples:failing`).
 */
import { defineConfig } from 'vitest/config';
import { aliases } from './vitest.config.js';

const setupEntry = aliases.find((alias) => alias.find.test('tier2-harness/vitest'))?.replacement;
if (setupEntry === undefined) throw new Error('vitest.examples.config.ts: vitest.config.ts has no alias for tier2-harness/vitest');

const failing = process.env.TIER2_EXAMPLES === 'failing';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    globals: true,
    setupFiles: [setupEntry],
    include: failing ? ['examples/failing/**/*.test.ts'] : ['examples/**/*.test.ts'],
    exclude: failing ? ['**/node_modules/**'] : ['**/node_modules/**', 'examples/failing/**'],
  },
});
