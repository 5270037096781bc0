/**
 * The pieces of an expectation's verdict that every renderer shows, written once: the CLI's text report, JUnit,
 * GitHub annotations and summary, `describeSuite`'s ExpectationFailure, and the `toMeetExpectations` matcher. Each
 * renderer lays them out its own way (a table row, an XML element, indented lines); what the pieces say is decided
 * here. The paths they show come from `path-text.ts`.
 *
 * Internal: not an entry point of the package.
 */
import { hasOwn } from './common.js';

/** The part of a verdict's details the pieces read: the reason and its message (own properties only). */
interface ReasonDetails {
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
}

/** True for the operators that compare against an expected value (not `exists` and `absent`, which only test the path). */
export function expectsValue(op: string): boolean {
  return op !== 'exists' && op !== 'absent';
}

/** What an expectation expected, for people: a sentence for `exists`/`absent`, else the value as `show` renders it. */
export function expectedText<T>(op: string, expected: T, show: (value: T) => string): string {
  if (op === 'exists') return 'the path to exist';
  if (op === 'absent') return 'the path not to resolve';
  return show(expected);
}

/**
 * The reason of a failed expectation (`eq_mismatch`, ...), `failed` when it gives none. An own property only: a
 * `reason` inherited from a polluted `Object.prototype` is not part of the verdict.
 */
export function failureReason(details: ReasonDetails): string {
  return (hasOwn(details, 'reason') ? details.reason : undefined) ?? 'failed';
}

/** The reason with the verdict's message, when it has one: `type_error (Cannot compare types)`. */
export function reasonWithMessage(details: ReasonDetails): string {
  const message = hasOwn(details, 'message') ? details.message : undefined;
  return message === undefined ? failureReason(details) : `${failureReason(details)} (${message})`;
}

/** How many verdicts passed, failed, and were not evaluated (a mission of their scenario raised). */
export interface VerdictCounts {
  readonly passed: number;
  readonly failed: number;
  readonly notEvaluated: number;
}

/** Counts verdicts by status (`passed`, `failed`; anything else was not evaluated). */
export function countVerdicts(verdicts: readonly { readonly status: string }[]): VerdictCounts {
  let passed = 0;
  let failed = 0;
  for (const verdict of verdicts) {
    if (verdict.status === 'passed') passed++;
    else if (verdict.status === 'failed') failed++;
  }
  return { passed, failed, notEvaluated: verdicts.length - passed - failed };
}
