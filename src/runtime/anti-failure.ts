/**
 * The Anti-Failure rule set, in one place: the step kinds of the execution
 * envelope, the limits on a workflow's steps, and the one function that says
 * which of those rules a list of steps breaks. Workflow validation, mission
 * planning, the `toRespectAntiFailureLimits` matcher and the fast-check
 * invariants all judge steps with {@link antiFailureBreaches}, so they cannot
 * disagree; each only words the verdict its own way.
 *
 * This module imports nothing, so the matchers and fast-check entry points may
 * carry their own copy of it without carrying a copy of the runtime.
 */

/** The execution envelope: the only step kinds a Tier-2 workflow may use. */
export const STEP_KINDS = Object.freeze(['runtime', 'human'] as const);
/** Anti-Failure limit: steps per workflow. */
export const MAX_TOTAL_STEPS = 5;
/** Anti-Failure limit: human steps per workflow. */
export const MAX_HUMAN_STEPS = 2;

/** A step kind. */
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * The Anti-Failure rules, in the order {@link antiFailureBreaches} reports
 * them (and workflow validation raises them): a kind outside the envelope,
 * more than {@link MAX_TOTAL_STEPS} steps, more than {@link MAX_HUMAN_STEPS} human steps.
 * The codes are those of `AntiFailurePlanningError.rule`.
 */
export const ANTI_FAILURE_RULES = Object.freeze(['step_kind', 'max_steps', 'max_human_steps'] as const);

/** The code of an Anti-Failure rule. */
export type AntiFailureRule = (typeof ANTI_FAILURE_RULES)[number];

/** Some steps have a kind outside {@link STEP_KINDS}. */
export interface StepKindBreach {
  readonly rule: 'step_kind';
  /** The allowed kinds. */
  readonly limit: readonly StepKind[];
  /** The kinds found outside the envelope, one per offending step (any value: a definition may hold anything). */
  readonly actual: readonly unknown[];
  /** The indexes of the offending steps, ascending. */
  readonly steps: readonly number[];
}

/** Too many steps, or too many human steps. */
export interface StepCountBreach {
  readonly rule: 'max_steps' | 'max_human_steps';
  /** The most the rule allows. */
  readonly limit: number;
  /** How many there are. */
  readonly actual: number;
  /** The indexes of the steps past the limit (for `max_human_steps`: the human steps after the first {@link MAX_HUMAN_STEPS}). */
  readonly steps: readonly number[];
}

/** One broken Anti-Failure rule, as data. */
export type AntiFailureBreach = StepKindBreach | StepCountBreach;

/** True for a kind inside the execution envelope. */
export function isStepKind(kind: unknown): kind is StepKind {
  return (STEP_KINDS as readonly unknown[]).includes(kind);
}

/** How many of the kinds are `human`. */
export function countHumanSteps(kinds: readonly unknown[]): number {
  let human = 0;
  for (const kind of kinds) if (kind === 'human') human += 1;
  return human;
}

/**
 * The Anti-Failure rules a list of steps breaks, given as the kind of each
 * step in order (read by the caller, once, however its steps are shaped; a
 * missing kind is `undefined`). Returns one frozen breach per broken rule, in
 * the order of {@link ANTI_FAILURE_RULES}, or an empty list when the steps
 * keep every rule. Every step counts towards `max_steps`, whatever its kind;
 * only a kind that is exactly `'human'` counts towards `max_human_steps`.
 *
 * @example
 * ```ts
 * antiFailureBreaches(['human', 'human', 'human']);
 * // [{ rule: 'max_human_steps', limit: 2, actual: 3, steps: [2] }]
 * ```
 */
export function antiFailureBreaches(kinds: readonly unknown[]): readonly AntiFailureBreach[] {
  const badKinds: number[] = [];
  const humans: number[] = [];
  kinds.forEach((kind, index) => {
    if (!isStepKind(kind)) badKinds.push(index);
    else if (kind === 'human') humans.push(index);
  });
  const breaches: AntiFailureBreach[] = [];
  if (badKinds.length > 0) {
    breaches.push(
      Object.freeze({
        rule: 'step_kind' as const,
        limit: STEP_KINDS,
        actual: Object.freeze(badKinds.map((index) => kinds[index])),
        steps: Object.freeze(badKinds),
      }),
    );
  }
  if (kinds.length > MAX_TOTAL_STEPS) {
    const past = Object.freeze(Array.from({ length: kinds.length - MAX_TOTAL_STEPS }, (_, offset) => MAX_TOTAL_STEPS + offset));
    breaches.push(Object.freeze({ rule: 'max_steps' as const, limit: MAX_TOTAL_STEPS, actual: kinds.length, steps: past }));
  }
  if (humans.length > MAX_HUMAN_STEPS) {
    breaches.push(
      Object.freeze({ rule: 'max_human_steps' as const, limit: MAX_HUMAN_STEPS, actual: humans.length, steps: Object.freeze(humans.slice(MAX_HUMAN_STEPS)) }),
    );
  }
  return Object.freeze(breaches);
}
