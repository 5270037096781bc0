/**
 * `tier2-harness/vitest`: list it in Vitest's `setupFiles` to register the
 * matchers on Vitest's `expect` and bring their types.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['tier2-harness/vitest'] } });
 * ```
 * @packageDocumentation
 */
import { expect } from 'vitest';
import { installMatchers, type Tier2Matchers } from 'tier2-harness/matchers';

installMatchers(expect);

declare module 'vitest' {
  // One augmentation types expect(x).toX(), expect.toX() and expect.extend (Vitest >= 3.2).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends Tier2Matchers<void, T> {}
}
