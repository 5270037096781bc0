/**
 * One Anti-Failure rule set (#16): `antiFailureBreaches` says which rules a
 * list of steps breaks, and the four places that judge steps — workflow
 * validation, mission planning, the `toRespectAntiFailureLimits` matcher and
 * the fast-check invariants — give the same verdict for every generated list.
 */
import fc from 'fast-check';
import {
  AntiFailurePlanningError,
  AntiFailureViolation,
  EnvelopeViolation,
  MAX_HUMAN_STEPS,
  MAX_TOTAL_STEPS,
  STEP_KINDS,
  createRegistry,
  defineMission,
  defineWorkflow,
} from 'tier2-harness';
import { missionPredicate, MissionInvariantError } from 'tier2-harness/fast-check';
import 'tier2-harness/vitest';
import { describe, expect, it } from 'vitest';
import {
  ANTI_FAILURE_RULES,
  MAX_HUMAN_STEPS as RULE_MAX_HUMAN_STEPS,
  MAX_TOTAL_STEPS as RULE_MAX_TOTAL_STEPS,
  STEP_KINDS as RULE_STEP_KINDS,
  antiFailureBreaches,
  type AntiFailureBreach,
  type AntiFailureRule,
} from '../../src/runtime/anti-failure.js';
import { limitsBreach } from '../../src/fast-check/_internals/mission.js';

const MISSING = Symbol('no kind');
type GivenKind = unknown;

/** Steps with unique ids and the given kinds (`MISSING`: the step has no `kind` field). */
function stepsOf(kinds: readonly GivenKind[]): { id: string; kind?: unknown }[] {
  return kinds.map((kind, index) => (kind === MISSING ? { id: `s${index}` } : { id: `s${index}`, kind }));
}

/** The kinds as the rule function sees them: a missing kind is `undefined`. */
function kindsOf(kinds: readonly GivenKind[]): unknown[] {
  return kinds.map((kind) => (kind === MISSING ? undefined : kind));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Step lists around the limits: mostly valid kinds, sometimes a kind outside the envelope or none. */
const kindLists = fc.array(
  fc.oneof(
    { arbitrary: fc.constantFrom<GivenKind>(...STEP_KINDS), weight: 8 },
    { arbitrary: fc.constantFrom<GivenKind>('automated', 'Runtime', 'HUMAN', '', null, 0, true, MISSING), weight: 1 },
  ),
  { maxLength: MAX_TOTAL_STEPS + 4 },
);

describe('antiFailureBreaches', () => {
  it('the runtime exports the rule set’s constants', () => {
    expect([MAX_TOTAL_STEPS, MAX_HUMAN_STEPS, STEP_KINDS]).toEqual([RULE_MAX_TOTAL_STEPS, RULE_MAX_HUMAN_STEPS, RULE_STEP_KINDS]);
    expect(STEP_KINDS).toBe(RULE_STEP_KINDS);
  });

  it('returns no breach for steps within the limits', () => {
    expect(antiFailureBreaches([])).toEqual([]);
    expect(antiFailureBreaches(['human', 'human', 'runtime', 'runtime', 'runtime'])).toEqual([]);
  });

  it('returns each broken rule as data: code, limit, actual, offending steps', () => {
    expect(antiFailureBreaches(['human', 'runtime', 'human', 'human'])).toEqual([{ rule: 'max_human_steps', limit: 2, actual: 3, steps: [3] }]);
    expect(antiFailureBreaches(Array<string>(7).fill('runtime'))).toEqual([{ rule: 'max_steps', limit: 5, actual: 7, steps: [5, 6] }]);
    expect(antiFailureBreaches(['runtime', 'robot', undefined, 'human'])).toEqual([
      { rule: 'step_kind', limit: ['runtime', 'human'], actual: ['robot', undefined], steps: [1, 2] },
    ]);
  });

  it('reports every broken rule in the order of ANTI_FAILURE_RULES, deeply frozen', () => {
    const breaches = antiFailureBreaches(['human', 'human', 'human', 'robot', 'runtime', 'runtime']);
    expect(breaches.map((breach) => breach.rule)).toEqual(ANTI_FAILURE_RULES);
    expect(breaches[1]).toEqual({ rule: 'max_steps', limit: 5, actual: 6, steps: [5] });
    expect(breaches[2]).toEqual({ rule: 'max_human_steps', limit: 2, actual: 3, steps: [2] });
    expect(Object.isFrozen(breaches) && breaches.every((breach) => Object.isFrozen(breach) && Object.isFrozen(breach.steps))).toBe(true);
  });
});

/** What the matcher reported, as rules: read from its diff (`actual` against the allowed `expected`). */
function matcherVerdict(definition: object): { readonly rules: AntiFailureRule[]; readonly badKindSteps: number[] } {
  const error = thrown(() => expect(definition).toRespectAntiFailureLimits()) as
    { actual: { steps: number; humanSteps: number; invalidKinds: string[] }; expected: { steps: number; humanSteps: number } } | undefined;
  if (error === undefined) return { rules: [], badKindSteps: [] };
  const rules: AntiFailureRule[] = [];
  if (error.actual.invalidKinds.length > 0) rules.push('step_kind');
  if (error.actual.steps > error.expected.steps) rules.push('max_steps');
  if (error.actual.humanSteps > error.expected.humanSteps) rules.push('max_human_steps');
  return { rules, badKindSteps: error.actual.invalidKinds.map((entry) => Number(/^steps\[(\d+)\]/.exec(entry)?.[1])) };
}

describe('the four places that judge steps agree with antiFailureBreaches', () => {
  const kindStepsOf = (breaches: readonly AntiFailureBreach[]): readonly number[] => breaches.find((breach) => breach.rule === 'step_kind')?.steps ?? [];

  it('defineWorkflow: a kind breach is an EnvelopeViolation at the first bad step, else the first limit breach an AntiFailureViolation', () => {
    fc.assert(
      fc.property(kindLists, (kinds) => {
        const breaches = antiFailureBreaches(kindsOf(kinds));
        const error = thrown(() => defineWorkflow({ id: 'wf', steps: stepsOf(kinds) } as never));
        const [first] = breaches;
        if (first === undefined) {
          expect(error).toBeUndefined();
          return;
        }
        if (first.rule === 'step_kind') {
          expect(EnvelopeViolation.isEnvelopeViolation(error)).toBe(true);
          expect((error as Error).message).toContain(`(steps[${first.steps[0]}]) has kind`);
          return;
        }
        expect(AntiFailureViolation.isAntiFailureViolation(error)).toBe(true);
        const what = first.rule === 'max_steps' ? 'steps' : 'human steps';
        expect((error as Error).message).toBe(
          `defineWorkflow 'wf': has ${first.actual} ${what}; the Anti-Failure limit is ${first.limit} ${what} per workflow`,
        );
      }),
      { numRuns: 400 },
    );
  });

  it('mission planning: the AntiFailurePlanningError names the first broken rule', () => {
    fc.assert(
      fc.property(kindLists, (kinds) => {
        const registry = createRegistry([defineMission({ name: 'planned', build: () => ({ id: 'planned', steps: stepsOf(kinds) }) as never })]);
        const [first] = antiFailureBreaches(kindsOf(kinds));
        const error = thrown(() => registry.build('planned', {}));
        if (first === undefined) {
          expect(error).toBeUndefined();
          return;
        }
        expect(AntiFailurePlanningError.isAntiFailurePlanningError(error)).toBe(true);
        expect((error as AntiFailurePlanningError).rule).toBe(first.rule);
      }),
      { numRuns: 400 },
    );
  });

  it('toRespectAntiFailureLimits: fails exactly for the broken rules, listing each bad kind', () => {
    fc.assert(
      fc.property(kindLists, (kinds) => {
        const breaches = antiFailureBreaches(kindsOf(kinds));
        const verdict = matcherVerdict({ id: 'wf', steps: stepsOf(kinds) });
        expect(verdict.rules).toEqual(breaches.map((breach) => breach.rule));
        expect(verdict.badKindSteps).toEqual(kindStepsOf(breaches));
      }),
      { numRuns: 400 },
    );
  });

  it('fast-check: the anti_failure_limits invariant breaks exactly when a rule is broken, for plans and for runs', () => {
    fc.assert(
      fc.property(kindLists, (kinds) => {
        const breaches = antiFailureBreaches(kindsOf(kinds));
        // The check of a planned or executed workflow's kinds.
        const breach = limitsBreach('m', 'run', kindsOf(kinds) as string[]);
        expect(breach === undefined).toBe(breaches.length === 0);
        if (breach !== undefined) expect(breach.invariant).toBe('anti_failure_limits');
        // The public predicate on a mission whose template produces these steps (the runtime refuses the plan first).
        const registry = createRegistry([defineMission({ name: 'fuzzed', build: () => ({ id: 'fuzzed', steps: stepsOf(kinds) }) as never })]);
        const error = thrown(() => missionPredicate('fuzzed', { registry })({ initialState: {} }));
        if (breaches.length === 0) {
          expect(error).toBeUndefined();
          return;
        }
        expect(MissionInvariantError.isMissionInvariantError(error)).toBe(true);
        expect((error as MissionInvariantError).invariant).toBe('anti_failure_limits');
        expect((error as MissionInvariantError).details).toMatchObject({ rule: breaches[0]?.rule });
      }),
      { numRuns: 300 },
    );
  });

  it('fast-check reports the first broken rule in the rule set’s order (a bad kind before the count limits), with its limits', () => {
    expect(limitsBreach('m', 'run', ['human', 'human', 'human', 'odd'])?.message).toBe(
      "mission 'm': the run has a step of kind 'odd' (allowed: runtime, human)",
    );
    expect(limitsBreach('m', 'run', ['human', 'human', 'human'])?.message).toBe("mission 'm': the run has 3 human steps (limit 2)");
    expect(limitsBreach('m', 'run', Array<string>(6).fill('human'))?.message).toBe("mission 'm': the run has 6 steps (limit 5)");
    expect(limitsBreach('m', 'planned workflow', ['odd'])?.message).toBe(
      "mission 'm': the planned workflow has a step of kind 'odd' (allowed: runtime, human)",
    );
    expect(limitsBreach('m', 'run', Array<string>(6).fill('odd'))?.details).toEqual({ steps: 6, human: 0, kinds: Array<string>(6).fill('odd') });
  });
});
