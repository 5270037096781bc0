import { expectedLine, formatMessage, misuse, receivedLine } from './message.js';
import { orchestrationDict } from './result.js';
import type { MatcherContext, MatcherResult } from './types.js';

const NAME = 'toHaveExecutedSteps';

/**
 * `expect(result).toHaveExecutedSteps(stepIds)`: see {@link Tier2Matchers.toHaveExecutedSteps}.
 *
 * @example
 * ```ts
 * expect(runMission('echo')).toHaveExecutedSteps(['echo-step']);
 * ```
 */
export function toHaveExecutedSteps(this: MatcherContext, received: unknown, stepIds: readonly string[]): MatcherResult {
  if (!Array.isArray(stepIds) || !stepIds.every((id) => typeof id === 'string')) {
    throw misuse(NAME, `expected an array of step ids (strings) as the argument, e.g. toHaveExecutedSteps(['a', 'b'])`, toHaveExecutedSteps);
  }
  const dict = orchestrationDict(NAME, received, toHaveExecutedSteps);
  const executed = dict.executed_steps.map((step) => step.id);
  const pass = executed.length === stepIds.length && executed.every((id, index) => id === stepIds[index]);
  const message = (): string => {
    if (pass) {
      return formatMessage(this, {
        matcher: NAME,
        expectedArg: 'stepIds',
        sentence: `Expected workflow '${dict.id}' not to have executed exactly these steps, but it did.`,
        lines: [expectedLine('Expected not', stepIds), receivedLine('Executed', executed)],
      });
    }
    // When the executed steps are a prefix of the expected ones, they differ where the run stopped.
    const mismatch = executed.findIndex((id, index) => id !== stepIds[index]);
    const at = mismatch === -1 ? executed.length : mismatch;
    const why = dict.success || dict.failed_step_id === null ? '' : ` It stopped at the failing step '${dict.failed_step_id}': ${dict.error_message ?? ''}`;
    return formatMessage(this, {
      matcher: NAME,
      expectedArg: 'stepIds',
      sentence: `Expected workflow '${dict.id}' to have executed exactly these steps in order; they differ from position ${at}.${why}`,
      lines: [expectedLine('Expected', stepIds), receivedLine('Executed', executed)],
    });
  };
  return { pass, message, expected: [...stepIds], actual: executed };
}
