import { MAX_HUMAN_STEPS, MAX_TOTAL_STEPS, STEP_KINDS } from 'tier2-harness';
import { describeReceived, formatMessage, misuse, rawLine } from './message.js';
import type { MatcherContext, MatcherResult } from './types.js';

const NAME = 'toRespectAntiFailureLimits';

/** An own property's value; never one inherited from a (possibly polluted) prototype. */
const own = (value: object, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined);

/**
 * `expect(workflow).toRespectAntiFailureLimits()`: see {@link Tier2Matchers.toRespectAntiFailureLimits}.
 * Judges the definition as written, so a workflow `defineWorkflow` would reject can be inspected.
 *
 * @example
 * ```ts
 * expect(buildWorkflow({ type: 'daily_loop', params: {} })).toRespectAntiFailureLimits();
 * ```
 */
export function toRespectAntiFailureLimits(this: MatcherContext, received: unknown): MatcherResult {
  const steps = typeof received === 'object' && received !== null ? own(received, 'steps') : undefined;
  if (!Array.isArray(steps))
    throw misuse(NAME, `expected a workflow definition ({ id, steps }), got ${describeReceived(received)}`, toRespectAntiFailureLimits);
  const workflow = received as object;
  const givenId = own(workflow, 'id');
  const givenName = own(workflow, 'name');
  const id = typeof givenId === 'string' ? givenId : typeof givenName === 'string' ? givenName : '?';
  const label = `workflow '${id}'`;
  const kinds = steps.map((step: unknown) => (typeof step === 'object' && step !== null ? own(step, 'kind') : undefined));
  const humans = kinds.filter((kind) => kind === 'human').length;
  const broken: string[] = [];
  if (steps.length > MAX_TOTAL_STEPS) broken.push(`${steps.length} steps, more than the limit of ${MAX_TOTAL_STEPS}`);
  if (humans > MAX_HUMAN_STEPS) broken.push(`${humans} human steps, more than the limit of ${MAX_HUMAN_STEPS}`);
  const badKinds: string[] = [];
  kinds.forEach((kind, index) => {
    if (!(STEP_KINDS as readonly unknown[]).includes(kind)) {
      badKinds.push(`steps[${index}]: ${JSON.stringify(kind) ?? 'undefined'}`);
      broken.push(
        `steps[${index}] has kind ${JSON.stringify(kind) ?? 'undefined'}; allowed kinds are ${STEP_KINDS.map((known) => `'${known}'`).join(' and ')}`,
      );
    }
  });
  const pass = broken.length === 0;
  const counts = `${steps.length} step${steps.length === 1 ? '' : 's'}, ${humans} human`;
  const limits = `at most ${MAX_TOTAL_STEPS} steps, at most ${MAX_HUMAN_STEPS} human, kinds ${STEP_KINDS.join('/')}`;
  const message = (): string =>
    pass
      ? formatMessage(this, {
          matcher: NAME,
          expectedArg: '',
          sentence: `Expected ${label} to break an Anti-Failure limit, but it keeps all of them.`,
          lines: [rawLine('Limits', limits), rawLine('Received', counts)],
        })
      : formatMessage(this, {
          matcher: NAME,
          expectedArg: '',
          sentence: `Expected ${label} to respect the Anti-Failure limits, but it breaks ${broken.length === 1 ? 'one' : broken.length}:`,
          lines: [rawLine('Limits', limits), rawLine('Received', counts)],
          detail: broken.map((problem) => `  - ${problem}`).join('\n'),
        });
  // The diff shows each limit as the nearest allowed value against the received one.
  const expected = { steps: Math.min(steps.length, MAX_TOTAL_STEPS), humanSteps: Math.min(humans, MAX_HUMAN_STEPS), invalidKinds: [] };
  const actual = { steps: steps.length, humanSteps: humans, invalidKinds: badKinds };
  return { pass, message, expected, actual };
}
