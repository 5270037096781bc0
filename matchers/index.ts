/**
 * `tier2-harness/matchers`: the raw matchers, free of side effects. Register
 * them with `installMatchers(expect)` or `expect.extend(matchers)`; the
 * `tier2-harness/vitest` and `tier2-harness/jest` entries do it for you.
 *
 * @packageDocumentation
 */
import { toBeDeterministic } from './toBeDeterministic.js';
import { toFailAtStep } from './toFailAtStep.js';
import { toHaveExecutedSteps } from './toHaveExecutedSteps.js';
import { toMatchRunHash } from './toMatchRunHash.js';
import { toMeetExpectations } from './toMeetExpectations.js';
import { toRespectAntiFailureLimits } from './toRespectAntiFailureLimits.js';
import type { Tier2RawMatchers } from './types.js';
import { isRecordingRunHashes, recordRunHash } from '../src/golden/journal.js';

export { toBeDeterministic, toFailAtStep, toHaveExecutedSteps, toMatchRunHash, toMeetExpectations, toRespectAntiFailureLimits };
export { goldenFileOf } from './toMatchRunHash.js';
export type {
  ExpectationsInput,
  MatcherContext,
  MatcherHintOptions,
  MatcherResult,
  RawMatcher,
  Tier2AsymmetricMatchers,
  Tier2Matchers,
  Tier2RawMatchers,
  ToBeDeterministicOptions,
  ToMeetExpectationsOptions,
} from './types.js';

/**
 * Every tier2-harness matcher by name, for `expect.extend(matchers)`.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { matchers } from 'tier2-harness/matchers';
 * expect.extend(matchers);
 * ```
 */
export const matchers: Tier2RawMatchers = Object.freeze({
  toBeDeterministic,
  toFailAtStep,
  toHaveExecutedSteps,
  toMatchRunHash,
  toMeetExpectations,
  toRespectAntiFailureLimits,
});

/** Anything with an `extend` like Vitest's and Jest's `expect` (and, optionally, their `getState`). */
export interface ExtensibleExpect {
  extend(matchers: Tier2RawMatchers): void;
  getState?: () => { readonly testPath?: string | undefined };
}

/**
 * Registers every tier2-harness matcher on a runner's `expect`.
 *
 * @example
 * ```ts
 * import { expect } from '@jest/globals';
 * import { installMatchers } from 'tier2-harness/matchers';
 * installMatchers(expect);
 * ```
 */
export function installMatchers(expect: ExtensibleExpect): void {
  if (typeof expect !== 'function' && (typeof expect !== 'object' || expect === null)) {
    throw new TypeError(`installMatchers: expected the test runner's expect (with an extend method), got ${expect === null ? 'null' : typeof expect}`);
  }
  if (typeof expect.extend !== 'function') throw new TypeError("installMatchers: the value given has no extend method; pass the test runner's expect");
  expect.extend(matchers);
  // Called from a setup file, once per test file: tell the golden-file reporter (if any) that this file's
  // toMatchRunHash calls are recorded, so it may judge the file's entries (docs/matchers.md, obsolete entries).
  if (!isRecordingRunHashes() || typeof expect.getState !== 'function') return;
  let testPath: unknown;
  try {
    testPath = expect.getState().testPath;
  } catch {
    // Outside a test file (Vitest's expect imported in plain Node throws here) there is no file to mark.
    return;
  }
  if (typeof testPath === 'string' && testPath !== '') recordRunHash({ testPath, key: '', outcome: 'installed' });
}
