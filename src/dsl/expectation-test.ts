/** The test of one expectation under `describeSuite`: its title, and the failure it throws with the verdict. */
import { brand, isBranded } from '../data/brand.js';
import { dottedPathLabel } from '../data/path-text.js';
import { reasonWithMessage } from '../data/verdict-text.js';
import { hasOwn } from '../data/json.js';
import { isPresenceOp, type ValidExpectation } from '../harness/expectations.js';
import type { ExpectationResult } from '../harness/expectations-result.js';

/** A failed expectation under {@link describeSuite}, with the verdict as the runner's diff. */
export class ExpectationFailure extends Error {
  /** The value the expectation compared against. */
  readonly expected: unknown;
  /** The value found at the path (null when it did not resolve). */
  readonly actual: unknown;
  /** Runners render a diff of `expected` and `actual` when this is set. */
  readonly showDiff: boolean;

  /** Not for users (kept in the declarations, so that `new` needs its arguments). */
  constructor(message: string, expected: unknown, actual: unknown, showDiff: boolean) {
    super(message);
    this.name = 'ExpectationFailure';
    this.expected = expected;
    this.actual = actual;
    this.showDiff = showDiff;
  }

  /** True for an ExpectationFailure from any copy of this version of the package. */
  static isExpectationFailure(value: unknown): value is ExpectationFailure {
    return isBranded(value, 'ExpectationFailure');
  }
}
brand(ExpectationFailure, 'ExpectationFailure');

/** The test title of an expectation: its id and what it checks. */
export function expectationTitle(expectation: ValidExpectation): string {
  const what = `${expectation.mission} ${dottedPathLabel(expectation.path)} ${expectation.op}`;
  return `${expectation.id}: ${what}${isPresenceOp(expectation.op) ? '' : ` ${JSON.stringify(expectation.expected)}`}`;
}

/**
 * Records the verdict in the test's `meta` (for the Vitest reporter) and throws
 * an {@link ExpectationFailure} when it failed, its stack starting at `callSite`.
 */
export function checkVerdict(
  expectation: ValidExpectation,
  verdict: ExpectationResult,
  meta: Record<string, unknown> | undefined,
  callSite: { readonly stack?: string },
): void {
  // Own properties only: a `reason` or `message` inherited from a polluted Object.prototype is not part of the verdict.
  const ownReason = hasOwn(verdict.details, 'reason') ? verdict.details.reason : undefined;
  if (meta) meta.tier2 = { expectation: verdict.id, passed: verdict.passed, ...(ownReason ? { reason: ownReason } : {}) };
  if (verdict.passed) return;
  const lines = [
    `expectation '${verdict.id}' failed: ${reasonWithMessage(verdict.details)}`,
    `  scenario: ${verdict.scenario}`,
    `  mission:  ${verdict.mission}`,
    `  path:     ${dottedPathLabel(expectation.path)}`,
    `  op:       ${verdict.op}`,
    `  expected: ${JSON.stringify(verdict.expected)}`,
    `  actual:   ${JSON.stringify(verdict.actual)}`,
  ];
  throw atCallSite(new ExpectationFailure(lines.join('\n'), verdict.expected, verdict.actual, verdict.op === 'eq'), callSite);
}

/**
 * The error with its stack replaced by the frames of `callSite`: a failure under
 * `describeSuite` points at the user's test file, where `describeSuite` was
 * called, instead of into this package (whose sources are not installed).
 */
export function atCallSite<E extends Error>(error: E, callSite: { readonly stack?: string }): E {
  const frames = (callSite.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  if (frames.length > 0) error.stack = [`${error.name}: ${error.message}`, ...frames].join('\n');
  return error;
}
