/**
 * Users' own missions and operations (BLD-H7 extension rules, ORCH-H1 closed
 * operation set, HB-T2-REG-02 read-only registry): each rule is broken once
 * and its error read.
 */
import { describe, expect, it } from 'vitest';
import {
  AntiFailurePlanningError,
  DefinitionError,
  MISSION_REGISTRY,
  MissionRegistry,
  UnknownMissionError,
  buildWorkflow,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  runDailyLoop,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  runTestRunFromConfig,
  type MissionPlan,
  type StepDefinition,
} from '../../src/index.js';

const increment = defineOperation('increment', (state, payload) => ({
  ...state,
  approvals: (typeof state.approvals === 'number' ? state.approvals : 0) + (typeof payload.by === 'number' ? payload.by : 1),
}));

const approval = defineMission({
  name: 'approval',
  description: 'a human approves, the approval is counted',
  build: (params) => ({
    id: 'wf-approval',
    steps: [
      { id: 'ask', kind: 'human', payload: { description: `Approve ${typeof params.item === 'string' ? params.item : 'the change'}?` } },
      { id: 'count', kind: 'runtime', payload: { operation: 'increment', by: typeof params.by === 'number' ? params.by : 1 } },
    ],
  }),
});

const registry = createRegistry([approval, increment]);

function brokenMission(steps: unknown, extra: Partial<MissionPlan> & Record<string, unknown> = {}): MissionRegistry {
  return createRegistry([defineMission({ name: 'broken', build: () => ({ id: 'wf-broken', steps: steps as StepDefinition[], ...extra }) }), increment]);
}

function planningError(target: MissionRegistry): AntiFailurePlanningError {
  try {
    target.build('broken', {});
  } catch (error) {
    if (AntiFailurePlanningError.isAntiFailurePlanningError(error)) return error;
    throw error;
  }
  throw new Error('expected an AntiFailurePlanningError');
}

const runtime = (id: string): StepDefinition => ({ id, kind: 'runtime' });
const human = (id: string): StepDefinition => ({ id, kind: 'human' });

describe('BLD-H7: extension rules are enforced on every template, at build time', () => {
  it('at most 5 steps', () => {
    const error = planningError(brokenMission(['a', 'b', 'c', 'd', 'e', 'f'].map(runtime)));
    expect(error.rule).toBe('max_steps');
    expect(error.mission).toBe('broken');
    expect(error.message).toBe(
      "mission 'broken': template produced a workflow that has 6 steps; the Anti-Failure limit is 5 steps per workflow (extension rule 'max_steps')",
    );
  });

  it('at most 2 human steps', () => {
    expect(planningError(brokenMission([human('a'), human('b'), human('c')])).rule).toBe('max_human_steps');
  });

  it('BLD-H4: kinds in {runtime, human}; a planning-time bad kind is an AntiFailurePlanningError (rule step_kind), not an EnvelopeViolation', () => {
    const error = planningError(brokenMission([{ id: 'x', kind: 'shell' }]));
    expect(error.rule).toBe('step_kind');
    expect(error.name).toBe('AntiFailurePlanningError');
    expect(error.message).toContain("produced steps[0] with kind 'shell'; allowed kinds: 'runtime', 'human'");
  });

  it('params preserved sorted in metadata: a template may not supply its own metadata', () => {
    const error = planningError(brokenMission([runtime('a')], { metadata: { mission_type: 'broken', params: { injected: true } } }));
    expect(error.rule).toBe('metadata_params');
    expect(buildWorkflow({ type: 'approval', params: { z: 1, a: 2 } }, { registry }).metadata).toEqual({ mission_type: 'approval', params: { a: 2, z: 1 } });
  });

  it('every operation known (ORCH-H1 at planning time)', () => {
    const error = planningError(brokenMission([{ id: 'x', kind: 'runtime', payload: { operation: 'teleport' } }]));
    expect(error.rule).toBe('unknown_operation');
    expect(error.message).toContain("asks for operation 'teleport', which is not known; known operations: 'fail', 'increment', 'noop'");
  });

  it('the template must return { id, steps } of JSON data', () => {
    expect(planningError(createRegistry([defineMission({ name: 'broken', build: () => 'nope' as never })])).rule).toBe('template_output');
    expect(planningError(brokenMission([{ id: 'x', kind: 'runtime', payload: { when: new Date(0) } }])).rule).toBe('template_output');
  });

  // Planning reads the template's output once and validates the workflow from those snapshots
  // (validatePlannedWorkflow): every check validateWorkflow makes on steps must still apply there.
  it.each([
    ['a step id that is not a string', [{ id: 7, kind: 'runtime' }], 'steps[0].id: expected a string, got a number'],
    ['a step id used twice', [runtime('a'), human('a')], "steps[1].id: step id 'a' is used twice; step ids must be unique in a workflow"],
    ['a payload that is not an object', [{ id: 'x', kind: 'runtime', payload: [1] }], 'steps[0].payload'],
    [
      "a 'fail' step whose reason is not a string",
      [{ id: 'x', kind: 'runtime', payload: { operation: 'fail', reason: 3 } }],
      "payload.reason of a 'fail' step must be a string",
    ],
  ] as const)('the planned workflow is validated: %s', (_, steps, fragment) => {
    const error = planningError(brokenMission(steps));
    expect(error.rule).toBe('template_output');
    expect(error.message).toContain("mission 'broken': template produced an invalid workflow: mission 'broken' workflow 'wf-broken'");
    expect(error.message).toContain(fragment);
  });

  it('the planned workflow is checked for limits once, with the step_kind breach first, then max_steps, then max_human_steps', () => {
    expect(planningError(brokenMission([human('a'), human('b'), human('c'), { id: 'x', kind: 'shell' } as unknown as StepDefinition])).rule).toBe('step_kind');
    expect(planningError(brokenMission([human('a'), human('b'), human('c'), runtime('d'), runtime('e'), runtime('f')])).rule).toBe('max_steps');
  });

  it('DLR-H2: runDailyLoop propagates AntiFailurePlanningError from a misconfigured daily_loop template, unchanged', () => {
    const badDaily = defineMission({ name: 'daily_loop', build: () => ({ id: 'wf-daily-loop', steps: ['1', '2', '3', '4', '5', '6'].map(runtime) }) });
    const misconfigured = createRegistry([badDaily], { base: null });
    expect(() => runDailyLoop({}, {}, { registry: misconfigured })).toThrow(AntiFailurePlanningError);
  });
});

describe('custom missions run through every entry point', () => {
  it('runMission, runScenario, runSuite, runTestRun and runTestRunFromConfig all accept a registry', () => {
    expect(runMission('approval', { initialState: { approvals: 1 } }, { by: 2 }, { registry }).finalState).toEqual({ approvals: 3 });
    const scenario = runScenario(
      {
        name: 'two approvals',
        initialState: { approvals: 0 },
        missions: [
          { mission: 'approval', key: 'first' },
          { mission: 'approval', key: 'second', params: { by: 5 } },
        ],
      },
      { registry },
    );
    expect(scenario.missionResults.get('second')?.finalState).toEqual({ approvals: 5 });
    const suite = runSuite({ name: 'release', scenarios: [{ name: 'one', missions: [{ mission: 'approval' }] }] }, { registry });
    expect(suite.scenarioResults.get('one')?.missionResults.get('approval')?.success).toBe(true);
    const run = runTestRun(
      { name: 'release', scenarios: [{ name: 'one', missions: [{ mission: 'approval' }] }] },
      { expectations: [{ id: 'counted', scenario: 'one', mission: 'approval', path: 'final_state.approvals', op: 'eq', expected: 1 }] },
      { registry },
    );
    expect(run.passed).toBe(true);
    const fromConfig = runTestRunFromConfig(
      { suite_name: 'release', scenarios: [{ scenario_name: 'one', missions: [{ name: 'approval' }] }] },
      { expectations: [{ id: 'counted', scenario_name: 'one', mission_name: 'approval', path: 'final_state.approvals', op: 'eq', expected: 1 }] },
      { registry },
    );
    expect(fromConfig.metadata.testRunHash).toBe(run.metadata.testRunHash);
  });

  it('the default registry does not know user missions', () => {
    expect(() => runMission('approval')).toThrow(UnknownMissionError);
  });
});

describe('HB-T2-REG-02: registries are read-only; new missions are added in code', () => {
  it('MISSION_REGISTRY is frozen and has no method that changes it', () => {
    expect(Object.isFrozen(MISSION_REGISTRY)).toBe(true);
    expect(Object.isFrozen(MISSION_REGISTRY.names)).toBe(true);
    expect(MISSION_REGISTRY.names).toEqual(['daily_loop', 'echo', 'run_tests']);
    expect(() => {
      (MISSION_REGISTRY as unknown as Record<string, unknown>).approval = approval;
    }).toThrow(TypeError);
    const mutators = Object.getOwnPropertyNames(MissionRegistry.prototype).filter((name) => /^(set|add|delete|register|remove|clear)/i.test(name));
    expect(mutators).toEqual([]);
  });

  it('createRegistry builds a new registry and leaves its base unchanged', () => {
    expect(registry.names).toEqual(['approval', 'daily_loop', 'echo', 'run_tests']);
    expect(MISSION_REGISTRY.has('approval')).toBe(false);
    expect(createRegistry([approval], { base: null }).names).toEqual(['approval']);
  });

  it('a name defined twice is an error, never an override', () => {
    expect(() => createRegistry([defineMission({ name: 'echo', build: () => ({ id: 'x', steps: [] }) })])).toThrow(
      "createRegistry: entries[0]: mission 'echo' is already defined in the base registry; names must be unique",
    );
    expect(() => createRegistry([increment, increment])).toThrow("operation 'increment' is already defined");
    expect(() => createRegistry([{ type: 'plugin' } as never])).toThrow('expected a mission made by defineMission or an operation made by defineOperation');
  });

  it('defineMission validates eagerly', () => {
    expect(() => defineMission({ name: '', build: () => ({ id: 'x', steps: [] }) })).toThrow(DefinitionError);
    expect(() => defineMission({ name: 'ok', build: 'nope' as never })).toThrow("defineMission('ok'): build must be a function");
  });
});

describe('determinism of user code', () => {
  it('checkDeterminism catches an operation that reads Math.random or Date.now, naming the source and the diverging path', () => {
    const stamp = defineOperation('stamp', (state) => ({ ...state, token: Math.random(), at: Date.now() }));
    const impure = createRegistry([
      stamp,
      defineMission({ name: 'stamped', build: () => ({ id: 'wf-stamped', steps: [{ id: 'stamp', kind: 'runtime', payload: { operation: 'stamp' } }] }) }),
    ]);
    const report = checkDeterminism({ mission: 'stamped' }, { registry: impure, runs: 3 });
    if (report instanceof Promise) throw new Error('expected a synchronous report');
    expect(report.deterministic).toBe(false);
    expect(report.divergence?.path).toMatch(/^final_state\.(at|token)$/);
    expect(report.ambient.map((call) => call.source)).toEqual(expect.arrayContaining(['Math.random', 'Date.now']));
    expect(report.ambient.find((call) => call.source === 'Math.random')?.firstCaller).toContain('extension.test.ts');
  });

  it('the built-in missions and a pure custom mission are deterministic', () => {
    const report = checkDeterminism({ mission: 'approval', params: { by: 3 } }, { registry, runs: 5 });
    if (report instanceof Promise) throw new Error('expected a synchronous report');
    expect(report.deterministic).toBe(true);
    expect(new Set(report.hashes).size).toBe(1);
    expect(report.ambient).toEqual([]);
  });
});
