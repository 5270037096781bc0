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
import { installMatchers } from './index.js';
import type { IsAsyncFunction, Tier2Matchers } from './types.js';

installMatchers(expect);

/**
 * What a sync matcher returns on the assertion `Self`: `void`, or
 * `Promise<void>` after `.resolves` / `.rejects`. Read from `toBe`, which
 * every supported Vitest types with exactly that.
 */
type SyncReturn<Self> = Self extends { toBe: (expected: never) => infer R } ? R : void;

/**
 * What `expect(received)` returns for a received value of type `X`: Vitest
 * 3.2–4.x `Assertion<X>`, Vitest 5 `Assertion<void, X>`. Read from `expect`'s
 * own signature (an instantiation expression) because naming `Assertion` with
 * one type argument means the received type on 3.2–4.x but the return type on 5,
 * and naming it with two does not compile on 3.2–4.x.
 */
type AssertionOf<X> = ReturnType<typeof expect<X>>;

/** The received value's type of the assertion `Self`, on every supported Vitest (`unknown` on `expect.toX()`). */
type ReceivedOn<Self> = Self extends AssertionOf<infer X> ? X : unknown;

/**
 * The matchers as Vitest sees them, typed from `this` (the assertion they
 * are called on) instead of from type parameters: Vitest 3.2–4.x declare
 * `Matchers<T = any>` and Vitest 5 `Matchers<R extends void | Promise<void>, T>`,
 * and only a declaration without type parameters merges with both.
 */
interface Tier2VitestMatchers {
  /** {@inheritDoc Tier2Matchers.toMeetExpectations} */
  toMeetExpectations(...args: Parameters<Tier2Matchers['toMeetExpectations']>): SyncReturn<this>;
  /** {@inheritDoc Tier2Matchers.toBeDeterministic} */
  toBeDeterministic(...args: Parameters<Tier2Matchers['toBeDeterministic']>): IsAsyncFunction<ReceivedOn<this>> extends true ? Promise<void> : SyncReturn<this>;
  /** {@inheritDoc Tier2Matchers.toMatchRunHash} */
  toMatchRunHash(...args: Parameters<Tier2Matchers['toMatchRunHash']>): SyncReturn<this>;
  /** {@inheritDoc Tier2Matchers.toRespectAntiFailureLimits} */
  toRespectAntiFailureLimits(...args: Parameters<Tier2Matchers['toRespectAntiFailureLimits']>): SyncReturn<this>;
  /** {@inheritDoc Tier2Matchers.toHaveExecutedSteps} */
  toHaveExecutedSteps(...args: Parameters<Tier2Matchers['toHaveExecutedSteps']>): SyncReturn<this>;
  /** {@inheritDoc Tier2Matchers.toFailAtStep} */
  toFailAtStep(...args: Parameters<Tier2Matchers['toFailAtStep']>): SyncReturn<this>;
}

declare module 'vitest' {
  // One augmentation types expect(x).toX(), expect.toX() and expect.extend, on Vitest 3.2 to 5.x.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers extends Tier2VitestMatchers {}
}
