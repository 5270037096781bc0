/**
 * Fuzzing missions with tier2-harness/fast-check: the built-in missions, a
 * custom one, a planted bug the fuzzer finds, and the arbitraries on their own.
 *
 * Written with the runner's globals (describe/it/expect), so it runs under
 * Vitest (`globals: true`) and Jest alike. To replay a failure, set the value
 * the report prints: TIER2_FC_REPLAY='{"mission":"…","seed":…,"path":"…"}'.
 */
import fc from 'fast-check';
import { DefinitionError, Orchestrator, createRegistry, defineMission, defineOperation, type WorkflowDefinition } from 'tier2-harness';
import { checkMission, formatFuzzReport, fuzzMission, invalidWorkflow, missionProperty } from 'tier2-harness/fast-check';

// Vitest and Jest both provide these globals, with different types; declare the little this file uses.
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => void) => void;
declare const expect: (actual: unknown) => {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toThrow(expected?: RegExp | string): void;
};

// A custom mission: confirm, then count `times` (at most 3) with a pure operation.
const increment = defineOperation('increment', (state) => ({ ...state, count: (typeof state.count === 'number' ? state.count : 0) + 1 }));
const tally = defineMission({
  name: 'tally',
  description: 'confirm, then count up to three times',
  build(params) {
    const times = params.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times)) {
      throw new DefinitionError(`mission 'tally': params.times must be an integer, got ${JSON.stringify(times)}`, 'params.times');
    }
    const counts = Array.from({ length: Math.max(0, Math.min(times, 3)) }, (_, i) => ({
      id: `count-${i}`,
      kind: 'runtime' as const,
      payload: { operation: 'increment' },
    }));
    return { id: 'wf-tally', steps: [{ id: 'confirm', kind: 'human' as const }, ...counts] };
  },
});

// The same mission with a bug: it forgets to clamp, so times > 4 plans more than 5 steps.
const leakyTally = defineMission({
  name: 'leaky_tally',
  build(params) {
    const times = typeof params.times === 'number' ? params.times : 1;
    const counts = Array.from({ length: Math.max(0, times) }, (_, i) => ({ id: `count-${i}`, kind: 'runtime' as const, payload: { operation: 'increment' } }));
    return { id: 'wf-leaky', steps: [{ id: 'confirm', kind: 'human' as const }, ...counts] };
  },
});

const registry = createRegistry([increment, tally, leakyTally]);
const times = fc.record({ times: fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double(), fc.string()) });

describe('fuzzing missions', () => {
  it('the built-in missions keep the Tier-2 invariants', () => {
    for (const name of ['daily_loop', 'run_tests', 'echo']) fuzzMission(name, { runs: 200 });
  });

  it('a custom mission keeps them too, invalid params included (they raise a documented DefinitionError)', () => {
    expect(fuzzMission('tally', { registry, params: times, runs: 300 })).toMatchObject({ status: 'passed', numRuns: 300 });
  });

  it('the fuzzer finds the missing clamp, shrinks it to times = 5, and says how to replay it', () => {
    const report = checkMission('leaky_tally', { registry, params: times, seed: 2026 });
    if (report.status !== 'failed') throw new Error(formatFuzzReport(report));
    expect(report.invariant).toBe('anti_failure_limits');
    expect(report.counterexample.params).toEqual({ times: 5 });
    // The report's replay recipe reproduces the same counterexample.
    const again = checkMission('leaky_tally', { registry, params: times, ...report.replay.options });
    expect(again.status === 'failed' && again.counterexample).toEqual(report.counterexample);
    // fuzzMission throws the same report as a readable message.
    expect(() => fuzzMission('leaky_tally', { registry, params: times, seed: 2026 })).toThrow(/invariant 'anti_failure_limits' broken[\s\S]*TIER2_FC_REPLAY=/);
  });

  it('the property form plugs into fc.assert', () => {
    fc.assert(missionProperty('tally', { registry, params: times }), { numRuns: 100 });
  });

  it('invalid workflows raise the error class they are labelled with', () => {
    fc.assert(
      fc.property(invalidWorkflow(), ({ workflow, error }) => {
        expect(() => new Orchestrator().runWorkflow(workflow as WorkflowDefinition)).toThrow();
        try {
          new Orchestrator().runWorkflow(workflow as WorkflowDefinition);
        } catch (thrown) {
          expect((thrown as Error).name).toBe(error);
        }
      }),
      { numRuns: 100 },
    );
  });
});
