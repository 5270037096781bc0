/**
 * `tier2-harness/jest`: list it in Jest's `setupFilesAfterEnv` to register the
 * matchers on Jest's `expect` and bring their types, both for
 * `import { expect } from '@jest/globals'` and for the global `expect` of `@types/jest`.
 *
 * @example
 * ```js
 * // jest.config.js
 * export default { setupFilesAfterEnv: ['tier2-harness/jest'] };
 * ```
 * @packageDocumentation
 */
import { expect } from '@jest/globals';
import { installMatchers } from './index.js';
import type { Tier2AsymmetricMatchers, Tier2Matchers } from './types.js';

installMatchers(expect);

declare module 'expect' {
  // @jest/globals' expect.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends Tier2Matchers<R, T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchers extends Tier2AsymmetricMatchers {}
}

declare global {
  // The global expect of @types/jest.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends Tier2Matchers<R, T> {}
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Expect extends Tier2AsymmetricMatchers {}
  }
}
