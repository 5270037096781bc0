import { MAX_HUMAN_STEPS, MAX_TOTAL_STEPS, STEP_KINDS, antiFailureBreaches, countHumanSteps } from '../src/runtime/anti-failure.js';
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
  const humans = countHumanSteps(kinds);
  // One verdict for the runtime and this matcher: the rule set's breaches, in its order (each bad kind, then the
  // limits), worded here.
  const broken: string[] = [];
  const badKinds: string[] = [];
  for (const breach of antiFailureBreaches(kinds)) {
    if (breach.rule === 'step_kind') {
      breach.steps.forEach((index, at) => {
        const shown = JSON.stringify(breach.actual[at]) ?? 'undefined';
        badKinds.push(`steps[${index}]: ${shown}`);
        broken.push(`steps[${index}] has kind ${shown}; allowed kinds are ${breach.limit.map((known) => `'${known}'`).join(' and ')}`);
      });
    } else broken.push(`${breach.actual} ${breach.rule === 'max_steps' ? 'steps' : 'human steps'}, more than the limit of ${breach.limit}`);
  }
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
