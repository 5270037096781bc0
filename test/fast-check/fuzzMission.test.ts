/**
 * The property helpers catch real bugs: planted missions that break a limit,
 * are nondeterministic, mutate their input or throw raw errors for some
 * inputs. Each is found, shrunk, reported with the broken invariant, and
 * replays from the reported seed and path (options or TIER2_FC_REPLAY).
 */
import fc from 'fast-check';
import { DefinitionError, createRegistry, defineMission, defineOperation, type MissionPlan, type StepDefinition } from 'tier2-harness';
import {
  MissionFuzzError,
  MissionInvariantError,
  REPLAY_ENV,
  checkMission,
  formatFuzzReport,
  fuzzMission,
  missionInput,
  missionPredicate,
  missionProperty,
  type FailedReport,
  type FuzzMissionOptions,
  type MissionFuzzReport,
} from 'tier2-harness/fast-check';
import { afterEach, describe, expect, it } from 'vitest';

function runtimeSteps(count: number, prefix = 's'): StepDefinition[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, kind: 'runtime' as const }));
}

// Breaks the step limit when n > 3.
const sixSteps = defineMission({
  name: 'six_steps',
  build: (params): MissionPlan => {
    const n = typeof params.n === 'number' ? params.n : 0;
    return { id: 'wf-six', steps: runtimeSteps(n > 3 ? 6 : Math.max(1, n)) };
  },
});

// One step per param key, plus one: breaks the limit from 5 keys on (found with the default generic params).
const perKey = defineMission({
  name: 'per_key',
  build: (params): MissionPlan => ({ id: 'wf-per-key', steps: runtimeSteps(Object.keys(params).length + 1) }),
});

// Nondeterministic when params.stamp is true: a module-level counter leaks into the step ids.
let counter = 0;
const stamped = defineMission({
  name: 'stamped',
  build: (params): MissionPlan => ({ id: 'wf-stamped', steps: [{ id: params.stamp === true ? `step-${counter++}` : 'step', kind: 'runtime' }] }),
});

// Nondeterministic through Math.random, only when params.shuffle is true.
const shuffled = defineMission({
  name: 'shuffled',
  build: (params): MissionPlan => ({
    id: 'wf-shuffled',
    steps: [{ id: 'pick', kind: 'runtime', payload: { description: params.shuffle === true ? `lucky ${Math.random()}` : 'fixed' } }],
  }),
});

// Tries to record a mark on its (frozen) params when a tag is given.
const marking = defineMission({
  name: 'marking',
  build: (params): MissionPlan => {
    if (typeof params.tag === 'string') (params as Record<string, unknown>).seen = true;
    return { id: 'wf-marking', steps: runtimeSteps(1) };
  },
});

// Throws a raw TypeError when label is not a string.
const trimming = defineMission({
  name: 'trimming',
  build: (params): MissionPlan => ({ id: 'wf-trim', steps: [{ id: (params.label as string).trim() || 'unnamed', kind: 'runtime' }] }),
});

// Names an unknown operation when asked to: an extension-rule breach.
const typo = defineMission({
  name: 'typo',
  build: (params): MissionPlan => ({ id: 'wf-typo', steps: [{ id: 'go', kind: 'runtime', payload: { operation: params.fast === true ? 'nop' : 'noop' } }] }),
});

// A correct custom mission: an operation, a human step, a documented error for bad params.
const counting = defineMission({
  name: 'counting',
  build: (params): MissionPlan => {
    const times = params.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times)) throw new DefinitionError("mission 'counting': params.times must be an integer", 'params.times');
    const steps: StepDefinition[] = [{ id: 'confirm', kind: 'human' }];
    for (let i = 0; i < Math.min(Math.max(times, 0), 4); i++) steps.push({ id: `count-${i}`, kind: 'runtime', payload: { operation: 'increment' } });
    return { id: 'wf-counting', steps };
  },
});
const increment = defineOperation('increment', (state) => ({ ...state, count: (typeof state.count === 'number' ? state.count : 0) + 1 }));

// An operation that writes into the (frozen) state it is given, when the state has a `log` array.
const scribble = defineOperation('scribble', (state) => {
  if (Array.isArray(state.log)) (state.log as unknown[]).push('seen');
  return state;
});
const scribbling = defineMission({
  name: 'scribbling',
  build: (): MissionPlan => ({ id: 'wf-scribble', steps: [{ id: 'write', kind: 'runtime', payload: { operation: 'scribble' } }] }),
});

const registry = createRegistry([sixSteps, perKey, stamped, shuffled, marking, trimming, typo, counting, increment, scribble, scribbling]);

function failed(report: MissionFuzzReport): FailedReport {
  if (report.status !== 'failed') throw new Error(`expected a failed report, got ${formatFuzzReport(report)}`);
  return report;
}

/** Replaying with the reported seed and path gives the same counterexample and invariant. */
function expectReplays(name: string, options: FuzzMissionOptions, report: FailedReport): void {
  const replayed = failed(checkMission(name, { ...options, ...report.replay.options }));
  expect(replayed.counterexample).toEqual(report.counterexample);
  expect(replayed.invariant).toBe(report.invariant);
  expect(replayed.replayedFrom).toBe('options');
}

afterEach(() => {
  delete process.env[REPLAY_ENV];
});

describe('checkMission finds planted bugs, shrinks them, and replays them', () => {
  it('a mission that plans 6 steps when n > 3: anti_failure_limits, shrunk to n = 4', () => {
    const options = { registry, params: fc.record({ n: fc.integer({ min: 0, max: 50 }) }), seed: 42 };
    const report = failed(checkMission('six_steps', options));
    expect(report.invariant).toBe('anti_failure_limits');
    expect(report.counterexample.params).toEqual({ n: 4 });
    expect(report.message).toMatch(/6 steps/);
    expect(report.details).toMatchObject({ error: 'AntiFailurePlanningError', rule: 'max_steps' });
    expectReplays('six_steps', options, report);
  });

  it('the default generic params find a limit breach too (5 keys), shrunk to exactly 5 keys', () => {
    const options = { registry, json: { maxKeys: 8, maxDepth: 1 }, seed: 7 };
    const report = failed(checkMission('per_key', options));
    expect(report.invariant).toBe('anti_failure_limits');
    expect(Object.keys(report.counterexample.params ?? {})).toHaveLength(5);
    expectReplays('per_key', options, report);
  });

  it('a module-level counter used when stamp is set: deterministic, shrunk to the smallest input', () => {
    const options = { registry, params: fc.record({ stamp: fc.boolean(), label: fc.string() }), seed: 3 };
    const report = failed(checkMission('stamped', options));
    expect(report.invariant).toBe('deterministic');
    expect(report.counterexample.params).toEqual({ stamp: true, label: '' });
    expect(report.details).toMatchObject({ path: 'value.executed_steps.0.id'.replace('value.', '') });
    expect(report.message).toMatch(/run 1 and run 2 of the same input differ at 'executed_steps\.0\.id'/);
    expectReplays('stamped', options, report);
  });

  it('Math.random used when shuffle is set: deterministic, and the report names the ambient source', () => {
    const options = { registry, params: fc.record({ shuffle: fc.boolean() }), initialState: fc.constant({}), seed: 5 };
    const report = failed(checkMission('shuffled', options));
    expect(report.invariant).toBe('deterministic');
    expect(report.counterexample).toEqual({ params: { shuffle: true }, initialState: {} });
    expect(report.ambient?.map((call) => call.source)).toContain('Math.random');
    expect(formatFuzzReport(report)).toMatch(/Ambient sources called: Math\.random ×\d+/);
    expectReplays('shuffled', options, report);
  });

  it('a mission that writes to its params: inputs_not_mutated', () => {
    const options = { registry, params: fc.record({ tag: fc.oneof(fc.integer(), fc.string()) }), seed: 9 };
    const report = failed(checkMission('marking', options));
    expect(report.invariant).toBe('inputs_not_mutated');
    expect(report.counterexample.params).toEqual({ tag: '' });
    expect(report.message).toMatch(/tried to mutate its input/);
    expectReplays('marking', options, report);
  });

  it('an operation that writes into its state for some initial state: inputs_not_mutated, shrunk to an empty log', () => {
    const options = { registry, initialState: fc.record({ log: fc.oneof(fc.constant(null), fc.array(fc.integer())) }), seed: 4 };
    const report = failed(checkMission('scribbling', options));
    expect(report.invariant).toBe('inputs_not_mutated');
    expect(report.counterexample.initialState).toEqual({ log: [] });
    expect(report.details).toMatchObject({ error: 'OperationError', cause: 'TypeError' });
    expectReplays('scribbling', options, report);
  });

  it('a raw TypeError for some input: documented_errors, with the raw error as the cause chain', () => {
    const options = { registry, params: fc.record({ label: fc.oneof(fc.string(), fc.integer()) }), seed: 11 };
    const report = failed(checkMission('trimming', options));
    expect(report.invariant).toBe('documented_errors');
    expect(report.counterexample.params).toEqual({ label: 0 });
    expect(report.message).toMatch(/threw a raw TypeError/);
    // MissionInvariantError → DefinitionError (runtime's wrapper) → TypeError (the mission's own).
    expect(report.error).toBeInstanceOf(MissionInvariantError);
    expect(((report.error.cause as Error).cause as Error).name).toBe('TypeError');
    expectReplays('trimming', options, report);
  });

  it('an unknown operation for some input: extension_rules', () => {
    const report = failed(checkMission('typo', { registry, params: fc.record({ fast: fc.boolean() }), seed: 1 }));
    expect(report.invariant).toBe('extension_rules');
    expect(report.counterexample.params).toEqual({ fast: true });
  });

  it('a correct custom mission passes, documented DefinitionErrors included', () => {
    const report = checkMission('counting', { registry, params: fc.record({ times: fc.oneof(fc.integer({ min: -2, max: 9 }), fc.double()) }), runs: 300 });
    expect(report).toMatchObject({ status: 'passed', numRuns: 300 });
  });
});

describe('replay through TIER2_FC_REPLAY', () => {
  const options = { registry, params: fc.record({ n: fc.integer({ min: 0, max: 50 }) }) };

  it('replays the reported counterexample without seed or path in the code (JSON form)', () => {
    const report = failed(checkMission('six_steps', { ...options, seed: 1234 }));
    process.env[REPLAY_ENV] = report.replay.env;
    const replayed = failed(checkMission('six_steps', options));
    expect(replayed.replayedFrom).toBe(REPLAY_ENV);
    expect(replayed.counterexample).toEqual(report.counterexample);
    expect(replayed.seed).toBe(report.seed);
    expect(JSON.parse(report.replay.env)).toEqual({ mission: 'six_steps', seed: report.seed, path: report.path });
  });

  it('accepts the short seed:path form, and ignores a value aimed at another mission', () => {
    const report = failed(checkMission('six_steps', { ...options, seed: -77 }));
    process.env[REPLAY_ENV] = `${report.seed}:${report.path}`;
    expect(failed(checkMission('six_steps', options)).counterexample).toEqual(report.counterexample);
    process.env[REPLAY_ENV] = JSON.stringify({ mission: 'echo', seed: 1, path: '0' });
    expect(checkMission('six_steps', { ...options, seed: -77 }).replayedFrom).toBeUndefined();
  });

  it('rejects a malformed value, naming the variable', () => {
    process.env[REPLAY_ENV] = 'seed=12';
    expect(() => checkMission('echo')).toThrow(/^TIER2_FC_REPLAY: it is neither JSON nor <seed>:<path>/);
    process.env[REPLAY_ENV] = '{"seed":"12"}';
    expect(() => checkMission('echo')).toThrow(/^TIER2_FC_REPLAY: "seed" must be an integer/);
  });
});

describe('fuzzMission', () => {
  it('throws a MissionFuzzError whose message has the invariant, the pasteable counterexample and the replay recipe', () => {
    let thrown: unknown;
    try {
      fuzzMission('six_steps', { registry, params: fc.record({ n: fc.integer({ min: 0, max: 50 }) }), seed: 42 });
    } catch (error) {
      thrown = error;
    }
    expect(MissionFuzzError.isMissionFuzzError(thrown)).toBe(true);
    const error = thrown as MissionFuzzError;
    const report = failed(error.report);
    expect(error.message).toContain("mission 'six_steps': invariant 'anti_failure_limits' broken");
    expect(error.message).toContain(report.counterexampleText);
    expect(error.message).toContain(`${REPLAY_ENV}='${report.replay.env}'`);
    expect(error.message).toContain(`{ seed: ${report.seed}, path: '${report.path}' }`);
    expect(JSON.parse(report.counterexampleText)).toEqual({ initialState: report.counterexample.initialState, params: { n: 4 } });
    expect(error.cause).toBe(report.error);
    expect(error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '))).toContain('fuzzMission.test.ts');
  });

  it('returns the passing report', () => {
    expect(fuzzMission('echo', { runs: 50, seed: 1 })).toMatchObject({ status: 'passed', mission: 'echo', numRuns: 50, seed: 1 });
  });

  it('checks its options eagerly, with errors that start with the API name', () => {
    expect(() => fuzzMission('nope')).toThrow(/^fuzzMission: unknown mission "nope"; known missions: 'daily_loop', 'echo', 'run_tests'/);
    expect(() => fuzzMission('echo', { runs: 0 })).toThrow(/^fuzzMission: options\.runs must be an integer from 1 to 1000000, got 0/);
    expect(() => fuzzMission('echo', { path: '1:2' })).toThrow(/^fuzzMission: options\.path needs options\.seed/);
    expect(() => fuzzMission('echo', { seed: 1, path: 'a' })).toThrow(/^fuzzMission: options\.path must be a replay path/);
    expect(() => checkMission('echo', { params: { n: 1 } as never })).toThrow(/^checkMission: options\.params must be a fast-check arbitrary/);
    expect(() => missionProperty('echo', { determinismRuns: 1 })).toThrow(/^missionProperty: options\.determinismRuns must be an integer from 2 to 10/);
  });
});

describe('time limits', () => {
  // Each run spins until the clock has moved 3 ms, so a 1 ms limit always interrupts well before 1,000 runs.
  const slow = defineMission({
    name: 'slow',
    build: (): MissionPlan => {
      const start = Date.now();
      while (Date.now() - start < 3) {
        // spin
      }
      return { id: 'wf-slow', steps: runtimeSteps(1) };
    },
  });
  const slowRegistry = createRegistry([slow]);

  it('an interrupted run is a failure unless allowInterrupted is set', () => {
    // 1,000 inputs take over 6 s (two runs of 3 ms each); the first is tried long before 200 ms.
    const options = { registry: slowRegistry, runs: 1000, interruptAfterTimeLimit: 200 };
    const report = checkMission('slow', options);
    expect(report).toMatchObject({ status: 'interrupted', requestedRuns: 1000, allowed: false });
    expect(report.numRuns).toBeLessThan(1000);
    expect(() => fuzzMission('slow', options)).toThrow(/interrupted by the time limit after \d+ of 1000 runs.*\n.*counts as a failure/);
    const allowed = fuzzMission('slow', { ...options, allowInterrupted: true });
    expect(allowed).toMatchObject({ status: 'interrupted', allowed: true });
    expect(allowed.numRuns).toBeGreaterThan(0);
  });

  it('a run interrupted before its first input checked nothing: a failure even with allowInterrupted', () => {
    // Generating the first input takes 20 ms, past the 1 ms limit: no input is ever tried.
    const slowParams = fc.constant(null).map(() => {
      const start = Date.now();
      while (Date.now() - start < 20) {
        // spin
      }
      return {};
    });
    const options = { params: slowParams, runs: 10, interruptAfterTimeLimit: 1, allowInterrupted: true };
    expect(checkMission('echo', options)).toMatchObject({ status: 'interrupted', numRuns: 0, allowed: false });
    expect(() => fuzzMission('echo', options)).toThrow(
      /interrupted by the time limit after 0 of 10 runs.*\nThis counts as a failure, with allowInterrupted too: no input was tried, so nothing was checked\./,
    );
  });
});

describe('the built-in missions keep every invariant', () => {
  for (const name of ['daily_loop', 'run_tests', 'echo']) {
    it(`${name}: 1,000 runs, invalid params included`, () => {
      const report = checkMission(name, { runs: 1000 });
      expect(report.status === 'passed' ? report : formatFuzzReport(report)).toMatchObject({ status: 'passed', numRuns: 1000 });
    });
  }
});

describe('property forms', () => {
  it('missionProperty works with fc.assert, and fc.assert reports the invariant', () => {
    fc.assert(missionProperty('daily_loop'), { numRuns: 200 });
    let thrown: unknown;
    try {
      fc.assert(missionProperty('six_steps', { registry, params: fc.record({ n: fc.nat(20) }) }), { seed: 1 });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toMatch(/Counterexample: \[\{"params":\{"n":4\},"initialState":\{\}\}\]/);
    // fast-check keeps the predicate's error as the cause: it names the invariant.
    const cause = (thrown as Error).cause;
    expect(MissionInvariantError.isMissionInvariantError(cause)).toBe(true);
    expect((cause as Error).message).toMatch(/^invariant 'anti_failure_limits' broken: mission 'six_steps': template produced a workflow that has 6 steps/);
  });

  it('missionInput + missionPredicate compose with fc.property', () => {
    const input = missionInput('stamped', { registry, params: fc.record({ stamp: fc.boolean() }) });
    const predicate = missionPredicate('stamped', { registry });
    const details = fc.check(fc.property(input, predicate), { seed: 2 });
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0].params).toEqual({ stamp: true });
    expect(MissionInvariantError.isMissionInvariantError(details.errorInstance)).toBe(true);
    expect((details.errorInstance as MissionInvariantError).invariant).toBe('deterministic');
  });

  it('the predicate accepts a hand-written input and names the invariant for a bad one', () => {
    const predicate = missionPredicate('six_steps', { registry });
    expect(() => predicate({ params: { n: 2 }, initialState: {} })).not.toThrow();
    expect(() => predicate({ params: { n: 9 }, initialState: {} })).toThrow(MissionInvariantError);
  });
});
