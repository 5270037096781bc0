import { expectedLine, formatMessage, misuse, rawLine, receivedLine } from './message.js';
import { orchestrationDict } from './result.js';
import type { MatcherContext, MatcherResult } from './types.js';

const NAME = 'toFailAtStep';

/**
 * `expect(result).toFailAtStep(stepId)`: see {@link Tier2Matchers.toFailAtStep}.
 *
 * @example
 * ```ts
 * expect(orchestrator.runWorkflow(workflow)).toFailAtStep('check');
 * ```
 */
export function toFailAtStep(this: MatcherContext, received: unknown, stepId: string): MatcherResult {
  if (typeof stepId !== 'string') throw misuse(NAME, `expected a step id (string) as the argument, e.g. toFailAtStep('check')`, toFailAtStep);
  const dict = orchestrationDict(NAME, received, toFailAtStep);
  const failedAt = dict.success ? null : dict.failed_step_id;
  const pass = failedAt === stepId;
  const message = (): string => {
    if (pass) {
      return formatMessage(this, {
        matcher: NAME,
        expectedArg: 'stepId',
        sentence: `Expected workflow '${dict.id}' not to fail at step '${stepId}', but it did.`,
        lines: [rawLine('Error', dict.error_message ?? '')],
      });
    }
    const sentence =
      failedAt === null
        ? `Expected workflow '${dict.id}' to fail at step '${stepId}', but it succeeded (executed: ${dict.executed_steps.map((step) => step.id).join(', ') || 'none'}).`
        : `Expected workflow '${dict.id}' to fail at step '${stepId}', but it failed at step '${failedAt}'.`;
    return formatMessage(this, {
      matcher: NAME,
      expectedArg: 'stepId',
      sentence,
      lines: [
        expectedLine('Expected failing step', stepId),
        receivedLine('Failed at', failedAt),
        ...(dict.error_message ? [rawLine('Error', dict.error_message)] : []),
      ],
    });
  };
  return { pass, message, expected: stepId, actual: failedAt };
}
