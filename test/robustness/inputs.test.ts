/**
 * Inputs that used to pass by mistake (issue 11): an `expected` on `exists`,
 * misspelt fields dropped silently, `target: null`, definitions read twice
 * (getters answering differently to the checks and to the run), and lookups
 * that reached a polluted Object.prototype.
 */
import { describe, expect, it } from 'vitest';
import {
  AntiFailurePlanningError,
  AntiFailureViolation,
  DefinitionError,
  EnvelopeViolation,
  Orchestrator,
  UnknownMissionError,
  buildWorkflow,
  createRegistry,
  defineExpectations,
  defineMission,
  defineScenario,
  defineSuite,
  defineWorkflow,
  describeSuite,
  evaluateExpectations,
  mission,
  runDailyLoop,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  type Expectation,
} from '../../src/index.js';
import { expectTier2 } from './helpers.js';

const isDefinitionError = (value: unknown): value is DefinitionError => DefinitionError.isDefinitionError(value);

describe("op 'exists' takes no expected value; op 'absent'", () => {
  const suite = runSuite({ name: 'n', scenarios: [{ name: 's', missions: [{ mission: 'echo' }] }] });

  it.each([false, true, null, 0, 'x'])('an expected value (%j) on exists is a DefinitionError at its path that points to absent', (expected) => {
    const error = expectTier2(
      () => defineExpectations([{ id: 'e', scenario: 's', mission: 'echo', path: 'success', op: 'exists', expected } as unknown as Expectation]),
      isDefinitionError,
      "op 'exists' takes no expected value",
      "use op 'absent'",
    );
    expect(error.path).toBe('expectations[0].expected');
    expect(error.message.startsWith('defineExpectations: expectations[0].expected: ')).toBe(true);
    // ...at every entry point that takes expectations.
    expectTier2(
      () => evaluateExpectations(suite, [{ id: 'e', scenario: 's', mission: 'echo', path: 'success', op: 'exists', expected } as never]),
      isDefinitionError,
    );
  });

  it('an expected value on absent is refused too', () => {
    expectTier2(
      () => defineExpectations([{ id: 'e', scenario: 's', mission: 'echo', path: 'nope', op: 'absent', expected: null } as never]),
      isDefinitionError,
      "op 'absent' takes no expected value",
    );
  });

  it('absent passes when the path does not resolve and fails with absent_mismatch when it does', () => {
    const verdicts = evaluateExpectations(suite, [
      { id: 'gone', scenario: 's', mission: 'echo', path: 'final_state.token', op: 'absent' },
      { id: 'there', scenario: 's', mission: 'echo', path: 'success', op: 'absent' },
      { id: 'no-scenario', scenario: 'x', mission: 'echo', path: 'final_state.token', op: 'absent' },
      { id: 'exists', scenario: 's', mission: 'echo', path: 'success', op: 'exists' },
    ]);
    const byId = Object.fromEntries([...verdicts.results].map(([id, verdict]) => [id, [verdict.passed, verdict.actual, verdict.expected, verdict.details]]));
    expect(byId).toEqual({
      gone: [true, null, null, {}],
      there: [false, true, null, { reason: 'absent_mismatch' }],
      // The scenario and mission must exist: absent is about the path only.
      'no-scenario': [false, null, null, { reason: 'scenario_missing', scenario: 'x' }],
      exists: [true, true, null, {}],
    });
  });
});

describe('unknown fields are errors everywhere, with a suggestion', () => {
  const registry = createRegistry([defineMission({ name: 'custom', build: () => ({ id: 'wf-custom', steps: [{ id: 'a', kind: 'runtime' }] }) })]);

  it.each<[string, () => unknown, string, string]>([
    [
      'defineScenario initalState',
      () => defineScenario({ name: 's', initalState: { a: 1 }, missions: [] } as never),
      'initalState',
      "did you mean 'initialState'?",
    ],
    [
      'scenario initial_state (config spelling)',
      () => runScenario({ name: 's', initial_state: {}, missions: [] } as never),
      'initial_state',
      "did you mean 'initialState'?",
    ],
    [
      'mission call parms',
      () => defineScenario({ name: 's', missions: [{ mission: 'echo', parms: { x: 1 } }] } as never),
      'missions[0].parms',
      "did you mean 'params'?",
    ],
    ['suite scenarioes', () => defineSuite({ name: 'n', scenarios: [], scenarioes: [] } as never), 'scenarioes', "did you mean 'scenarios'?"],
    [
      'suite scenario field',
      () => defineSuite({ name: 'n', scenarios: [{ name: 's', missions: [], extra: 1 }] } as never),
      'scenarios[0].extra',
      'allowed fields',
    ],
    [
      'expectation expect',
      () => defineExpectations([{ id: 'a', scenario: 's', mission: 'e', path: '', op: 'eq', expect: 1 }] as never),
      'expectations[0].expect',
      "did you mean 'expected'?",
    ],
    [
      'expectation scenario_name',
      () => defineExpectations([{ id: 'a', scenario_name: 's', mission: 'e', path: '', op: 'exists' }] as never),
      'expectations[0].scenario_name',
      "did you mean 'scenario'?",
    ],
    ['expectations collection', () => defineExpectations({ expectations: [], expectation: [] } as never), 'expectation', "did you mean 'expectations'?"],
    ['workflow stepz', () => defineWorkflow({ id: 'w', steps: [], stepz: [] } as never), 'stepz', "did you mean 'steps'?"],
    ['step kynd', () => defineWorkflow({ id: 'w', steps: [{ id: 'a', kind: 'runtime', kynd: 'human' }] } as never), 'steps[0].kynd', "did you mean 'kind'?"],
    [
      'step paylaod',
      () => new Orchestrator().runWorkflow({ id: 'w', steps: [{ id: 'a', kind: 'runtime', paylaod: {} }] } as never),
      'steps[0].paylaod',
      "did you mean 'payload'?",
    ],
    [
      'run context',
      () => new Orchestrator().runWorkflow({ id: 'w', steps: [] }, { initalState: {} } as never),
      'context.initalState',
      "did you mean 'initialState'?",
    ],
    ['buildWorkflow spec', () => buildWorkflow({ type: 'echo', parmas: {} } as never), 'parmas', "did you mean 'params'?"],
    [
      'defineMission',
      () => defineMission({ name: 'm', build: () => ({ id: 'w', steps: [] }), descripton: 'x' } as never),
      'descripton',
      "did you mean 'description'?",
    ],
    ['runMission options', () => runMission('custom', {}, {}, { regsitry: registry } as never), 'regsitry', "did you mean 'registry'?"],
    ['runSuite options', () => runSuite({ name: 'n', scenarios: [] }, { registy: registry } as never), 'registy', "did you mean 'registry'?"],
    ['runScenario options', () => runScenario({ name: 's', missions: [] }, { registr: registry } as never), 'registr', "did you mean 'registry'?"],
    ['runTestRun options', () => runTestRun({ name: 'n', scenarios: [] }, [], { registery: registry } as never), 'registery', "did you mean 'registry'?"],
    ['runDailyLoop options', () => runDailyLoop({}, {}, { Registry: registry } as never), 'Registry', "did you mean 'registry'?"],
    ['createRegistry options', () => createRegistry([], { bsae: null } as never), 'bsae', "did you mean 'base'?"],
    ['Orchestrator options', () => new Orchestrator({ operatons: [] } as never), 'operatons', "did you mean 'operations'?"],
    ['defineWorkflow options', () => defineWorkflow({ id: 'w', steps: [] }, { operation: undefined } as never), 'operation', "did you mean 'operations'?"],
    ['mission() options', () => mission('echo', {}, { kye: 'k' } as never), 'kye', "did you mean 'key'?"],
    [
      'describeSuite options',
      () => describeSuite({ name: 'n', scenarios: [] }, [], { describe: () => {}, it: () => {}, registery: registry } as never),
      'registery',
      "did you mean 'registry'?",
    ],
  ])('%s', (_label, run, path, hint) => {
    const error = expectTier2(run, isDefinitionError, 'unknown field', hint);
    expect(error.path.endsWith(path)).toBe(true);
    expect(error.message).toContain(`${path}: unknown field`);
  });

  it('a template whose plan or steps carry an unknown field is a planning error (template_output)', () => {
    const withExtra = createRegistry([
      defineMission({ name: 'plan-extra', build: () => ({ id: 'w', steps: [], note: 'x' }) as never }),
      defineMission({ name: 'step-extra', build: () => ({ id: 'w', steps: [{ id: 'a', kind: 'runtime', knd: 'human' }] }) as never }),
    ]);
    for (const [name, where] of [
      ['plan-extra', 'note: unknown field'],
      ['step-extra', "steps[0].knd: unknown field; did you mean 'kind'?"],
    ] as const) {
      const error = expectTier2(
        () => runMission(name, {}, {}, { registry: withExtra }),
        (value): value is AntiFailurePlanningError => AntiFailurePlanningError.isAntiFailurePlanningError(value),
        where,
      );
      expect(error.rule).toBe('template_output');
    }
  });

  it('defineScenario no longer drops a misspelt initalState (it returned initialState: {})', () => {
    expect(() => defineScenario({ name: 's', initalState: { day: 1 }, missions: [] } as never)).toThrow(
      "defineScenario: initalState: unknown field; did you mean 'initialState'?",
    );
    expect(defineScenario({ name: 's', initialState: { day: 1 }, missions: [] }).initialState).toEqual({ day: 1 });
  });
});

describe('built-in params: null is a value of the wrong type', () => {
  it('run_tests refuses target: null (it ran as target all), like daily_loop refuses requested_steps: null', () => {
    const error = expectTier2(() => runMission('run_tests', {}, { target: null }), isDefinitionError, 'params.target must be a string, got null');
    expect(error.path).toBe('params.target');
    expectTier2(() => runMission('daily_loop', {}, { requested_steps: null }), isDefinitionError, 'params.requested_steps must be an integer');
    expectTier2(() => runMission('daily_loop', {}, { requested_human_steps: null }), isDefinitionError, 'params.requested_human_steps must be an integer');
    // Leaving it out still means 'all'.
    expect(runMission('run_tests').toDict().executed_steps[0]?.payload.description).toBe('Discover tests in all');
  });
});

/** An object whose properties are getters that count their reads; `values[key]` lists the answers, read after read. */
function counting(values: Record<string, readonly unknown[]>): { object: Record<string, unknown>; reads: Record<string, number> } {
  const reads: Record<string, number> = {};
  const object: Record<string, unknown> = {};
  for (const [key, answers] of Object.entries(values)) {
    reads[key] = 0;
    Object.defineProperty(object, key, {
      enumerable: true,
      get: () => {
        const answer = answers[Math.min(reads[key] as number, answers.length - 1)];
        reads[key] = (reads[key] as number) + 1;
        return answer;
      },
    });
  }
  return { object, reads };
}

describe('a definition is read once: snapshot, validate the snapshot, run the snapshot', () => {
  it('every field of a workflow and of its steps is read exactly once', () => {
    const step = counting({ id: ['a'], kind: ['runtime'], payload: [{ operation: 'noop' }] });
    const human = counting({ id: ['h'], kind: ['human'] });
    const workflow = counting({ id: ['w'], steps: [[step.object, human.object]], metadata: [{}] });
    new Orchestrator().runWorkflow(workflow.object as never);
    expect([workflow.reads, step.reads, human.reads]).toEqual([
      { id: 1, steps: 1, metadata: 1 },
      { id: 1, kind: 1, payload: 1 },
      { id: 1, kind: 1 },
    ]);
  });

  it("a getter cannot turn 'runtime' into 'evil' after validation", () => {
    const step = counting({ id: ['a'], kind: ['runtime', 'evil'] });
    const workflow = defineWorkflow({ id: 'w', steps: [step.object as never] });
    expect(workflow.steps[0]?.kind).toBe('runtime');
    expect(new Orchestrator().runWorkflow(workflow).toDict().executed_steps[0]?.kind).toBe('runtime');
    // Read first as 'evil', it is refused, whatever it would say next.
    const evilFirst = counting({ id: ['a'], kind: ['evil', 'runtime'] });
    expect(() => defineWorkflow({ id: 'w', steps: [evilFirst.object as never] })).toThrow(EnvelopeViolation);
  });

  it('a getter cannot hide human steps from the limit check', () => {
    // Each kind answers 'runtime' to the first read and 'human' after: all five steps are runtime, as validated.
    const steps = ['a', 'b', 'c', 'd', 'e'].map((id) => counting({ id: [id], kind: ['runtime', 'human'] }).object);
    const workflow = defineWorkflow({ id: 'w', steps: steps as never });
    expect(workflow.steps.map((step) => step.kind)).toEqual(['runtime', 'runtime', 'runtime', 'runtime', 'runtime']);
    // And the other way round, human first: the limit check sees five human steps.
    const humans = ['a', 'b', 'c', 'd', 'e'].map((id) => counting({ id: [id], kind: ['human', 'runtime'] }).object);
    expect(() => defineWorkflow({ id: 'w', steps: humans as never })).toThrow(AntiFailureViolation);
  });

  it("a template's steps are read once too: a flipping kind cannot slip past planning", () => {
    const flipping = createRegistry([
      defineMission({
        name: 'flip',
        build: () => ({ id: 'w', steps: ['a', 'b', 'c'].map((id) => counting({ id: [id], kind: ['runtime', 'human'] }).object) as never }),
      }),
    ]);
    expect(runMission('flip', {}, {}, { registry: flipping }).executedSteps.map((step) => step.kind)).toEqual(['runtime', 'runtime', 'runtime']);
  });

  it('scenario, mission call, suite, expectation, context and options fields are each read once', () => {
    const call = counting({ mission: ['echo'], params: [{ x: 1 }], key: ['k'] });
    const scenario = counting({ name: ['s'], initialState: [{ a: 1 }], missions: [[call.object]] });
    const suite = counting({ name: ['n'], scenarios: [[scenario.object]] });
    const expectation = counting({ id: ['e'], scenario: ['s'], mission: ['k'], path: ['success'], op: ['eq'], expected: [true] });
    const options = counting({ registry: [undefined] });
    const run = runTestRun(suite.object as never, [expectation.object as never], options.object);
    expect(run.passed).toBe(true);
    expect([suite.reads, scenario.reads, call.reads, expectation.reads, options.reads]).toEqual([
      { name: 1, scenarios: 1 },
      { name: 1, initialState: 1, missions: 1 },
      { mission: 1, params: 1, key: 1 },
      { id: 1, scenario: 1, mission: 1, path: 1, op: 1, expected: 1 },
      { registry: 1 },
    ]);
    const context = counting({ initialState: [{ a: 1 }], metadata: [{ run_id: 'r' }] });
    new Orchestrator().runWorkflow({ id: 'w', steps: [] }, context.object);
    expect(context.reads).toEqual({ initialState: 1, metadata: 1 });
  });
});

describe('UnknownMissionError says to pass { registry }', () => {
  it('a custom mission run through the built-in registry', () => {
    expectTier2(
      () => runSuite({ name: 'n', scenarios: [{ name: 's', missions: [{ mission: 'approval' }] }] }),
      (value): value is UnknownMissionError => UnknownMissionError.isUnknownMissionError(value),
      "unknown mission 'approval'",
      'pass { registry }',
    );
  });
});
