/**
 * The arbitraries produce what they promise: JSON the runtime accepts, shapes
 * that run, unique names and keys, expectations whose verdicts are predicted,
 * invalid workflows that raise exactly their label — and nothing drawn from
 * ambient randomness.
 */
import fc from 'fast-check';
import {
  AntiFailureViolation,
  DefinitionError,
  EnvelopeViolation,
  MAX_JSON_DEPTH,
  MISSION_REGISTRY,
  Orchestrator,
  UnknownOperationError,
  canonicalJson,
  createRegistry,
  defineOperation,
  defineWorkflow,
  evaluateExpectations,
  runMission,
  runScenario,
  runSuite,
  type JsonValue,
  type WorkflowDefinition,
} from 'tier2-harness';
import {
  INVALID_WORKFLOW_ERRORS,
  PROTOTYPE_KEYS,
  invalidWorkflow,
  jsonData,
  jsonState,
  missionCall,
  missionParams,
  scenarioDefinition,
  suiteDefinition,
  suiteWithExpectations,
  workflowDefinition,
  type InvalidWorkflowError,
} from 'tier2-harness/fast-check';
import { describe, expect, it, vi } from 'vitest';

function depthOf(value: JsonValue): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children: JsonValue[] = Array.isArray(value) ? [...(value as JsonValue[])] : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

function allKeys(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'object' && value !== null) {
    if (!Array.isArray(value)) out.push(...Object.keys(value));
    for (const child of Object.values(value)) allKeys(child, out);
  }
  return out;
}

function hasNonAscii(value: unknown): boolean {
  return [...(JSON.stringify(value) ?? '')].some((char) => (char.codePointAt(0) as number) > 0x7f);
}

describe('jsonData / jsonState', () => {
  it('generate JSON data that canonicalJson accepts, within the depth bound, with finite numbers', () => {
    fc.assert(
      fc.property(jsonData({ maxDepth: 4 }), (value) => {
        expect(() => canonicalJson(value)).not.toThrow();
        expect(depthOf(value)).toBeLessThanOrEqual(4);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(jsonState({ maxDepth: 2, maxKeys: 3 }), (state) => {
        expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
        expect(Object.keys(state).length).toBeLessThanOrEqual(3);
        expect(depthOf(state)).toBeLessThanOrEqual(2);
        canonicalJson(state);
      }),
      { numRuns: 300 },
    );
  });

  it('never use prototype keys unless asked, and then do, as own data properties', () => {
    const samples = fc.sample(jsonState({ maxDepth: 3 }), { seed: 7, numRuns: 500 });
    expect(samples.flatMap((state) => allKeys(state)).filter((key) => PROTOTYPE_KEYS.includes(key))).toEqual([]);
    const withProto = fc.sample(jsonState({ maxDepth: 1, withPrototypeKeys: true, maxKeys: 6 }), { seed: 7, numRuns: 300 });
    const protoObject = withProto.find((state) => Object.prototype.hasOwnProperty.call(state, '__proto__'));
    expect(protoObject).toBeDefined();
    expect(Object.getPrototypeOf(protoObject)).toBe(Object.prototype);
    expect(withProto.some((state) => Object.prototype.hasOwnProperty.call(state, 'constructor'))).toBe(true);
  });

  it('include non-ASCII strings and non-integer numbers', () => {
    const samples = fc.sample(jsonData({ maxDepth: 0 }), { seed: 3, numRuns: 400 });
    expect(samples.some((value) => typeof value === 'string' && hasNonAscii(value))).toBe(true);
    expect(samples.some((value) => typeof value === 'number' && !Number.isInteger(value))).toBe(true);
    expect(samples.every((value) => typeof value !== 'number' || Number.isFinite(value))).toBe(true);
  });

  it('replay: the same seed gives the same values, and Math.random is never called', () => {
    const random = vi.spyOn(Math, 'random');
    try {
      const first = fc.sample(suiteWithExpectations(), { seed: 99, numRuns: 20 });
      const second = fc.sample(suiteWithExpectations(), { seed: 99, numRuns: 20 });
      expect(canonicalJson(second as unknown as JsonValue)).toBe(canonicalJson(first as unknown as JsonValue));
      fc.sample(invalidWorkflow(), { seed: 99, numRuns: 50 });
      expect(random).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
  });

  it('check their constraints eagerly, with errors that start with the API name', () => {
    expect(() => jsonData({ maxDepth: MAX_JSON_DEPTH })).toThrow(/^jsonData: options\.maxDepth must be an integer from 0 to 16, got 256/);
    expect(() => jsonState({ maxKeys: -1 })).toThrow(/^jsonState: options\.maxKeys/);
    expect(() => jsonState({ withPrototypeKeys: 'yes' as unknown as boolean })).toThrow(/^jsonState: options\.withPrototypeKeys must be true or false/);
    expect(() => missionParams('nope')).toThrow(/^missionParams: unknown mission "nope"; known missions: 'daily_loop', 'echo', 'run_tests'/);
    expect(() => missionCall({ missions: [] })).toThrow(/^missionCall: options\.missions must be a non-empty array/);
    expect(() => suiteDefinition({ maxScenarios: 1.5 })).toThrow(/^suiteDefinition: options\.maxScenarios/);
    expect(() => invalidWorkflow({ errors: ['TypeError' as InvalidWorkflowError] })).toThrow(/^invalidWorkflow: options\.errors/);
    expect(() => workflowDefinition({ maxSteps: 6 })).toThrow(/^workflowDefinition: options\.maxSteps must be an integer from 0 to 5/);
    expect(() => scenarioDefinition({ registry: {} as never })).toThrow(DefinitionError);
  });
});

describe('missionParams', () => {
  it('daily_loop: integer bounds in and out of range; built workflows stay within the limits', () => {
    const samples = fc.sample(missionParams('daily_loop'), { seed: 11, numRuns: 300 });
    const steps = samples.map((params) => params.requested_steps).filter((value) => value !== undefined);
    expect(steps.every((value) => Number.isInteger(value))).toBe(true);
    expect(steps.some((value) => (value as number) < 0)).toBe(true);
    expect(steps.some((value) => (value as number) > 5)).toBe(true);
    for (const params of samples) expect(runMission('daily_loop', {}, params).executedSteps.length).toBeLessThanOrEqual(5);
  });

  it('with invalidValues, some params are rejected with a documented DefinitionError', () => {
    const samples = fc.sample(missionParams('daily_loop', { invalidValues: true }), { seed: 12, numRuns: 300 });
    const outcomes = samples.map((params) => {
      try {
        runMission('daily_loop', {}, params);
        return 'ran';
      } catch (error) {
        return DefinitionError.isDefinitionError(error) ? 'DefinitionError' : `other: ${String(error)}`;
      }
    });
    expect(outcomes).toContain('ran');
    expect(outcomes).toContain('DefinitionError');
    expect(outcomes.filter((outcome) => outcome.startsWith('other'))).toEqual([]);
  });

  it('run_tests: a target string, often non-ASCII', () => {
    const samples = fc.sample(missionParams('run_tests'), { seed: 13, numRuns: 300 });
    const targets = samples.map((params) => params.target).filter((target) => target !== undefined && target !== null);
    expect(targets.every((target) => typeof target === 'string')).toBe(true);
    expect(targets.some(hasNonAscii)).toBe(true);
  });
});

describe('missionCall / scenarioDefinition / suiteDefinition', () => {
  it('mission calls name missions of the registry and run', () => {
    fc.assert(
      fc.property(missionCall(), (call) => {
        expect(MISSION_REGISTRY.names).toContain(call.mission);
        expect(runMission(call.mission, {}, call.params).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('scenarios have unique mission keys and run', () => {
    fc.assert(
      fc.property(scenarioDefinition({ maxMissions: 4 }), (scenario) => {
        const keys = scenario.missions.map((call) => call.key ?? call.mission);
        expect(new Set(keys).size).toBe(keys.length);
        expect(runScenario(scenario).missionResults.size).toBe(keys.length);
      }),
      { numRuns: 150 },
    );
    // Explicit keys make the same mission run twice in some scenario.
    const samples = fc.sample(scenarioDefinition({ maxMissions: 4, missions: ['echo'] }), { seed: 5, numRuns: 200 });
    expect(samples.some((scenario) => scenario.missions.length >= 2)).toBe(true);
  });

  it('suites have unique scenario names and run', () => {
    fc.assert(
      fc.property(suiteDefinition(), (suite) => {
        const names = suite.scenarios.map((scenario) => scenario.name);
        expect(new Set(names).size).toBe(names.length);
        expect(runSuite(suite).scenarioResults.size).toBe(names.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('suiteWithExpectations', () => {
  it('predicts every verdict the engine gives, and yields passes and failures of every kind', () => {
    const reasons = new Set<string>();
    let passes = 0;
    fc.assert(
      fc.property(suiteWithExpectations({ maxExpectations: 8 }), ({ suite, expectations, verdicts }) => {
        const result = evaluateExpectations(runSuite(suite), expectations);
        for (const verdict of result.results.values()) {
          const predicted = verdicts[verdict.id];
          expect({ id: verdict.id, passed: verdict.passed, reason: verdict.details.reason }).toEqual({
            id: verdict.id,
            passed: predicted?.passed,
            reason: predicted?.reason,
          });
          if (verdict.passed) passes += 1;
          else reasons.add(verdict.details.reason ?? '?');
        }
      }),
      { numRuns: 300, seed: 2024 },
    );
    expect(passes).toBeGreaterThan(0);
    expect([...reasons].sort()).toEqual(
      expect.arrayContaining([
        'absent_mismatch',
        'eq_mismatch',
        'gt_mismatch',
        'lt_mismatch',
        'mission_missing',
        'ne_mismatch',
        'path_missing',
        'scenario_missing',
        'type_error',
      ]),
    );
    // 300 runs of whole suites: about 1 s on a quiet machine, over the 5 s default on a loaded one. Not a timing target.
  }, 30_000);

  it('aims at real paths of the results (executed steps, final state)', () => {
    const samples = fc.sample(suiteWithExpectations({ maxExpectations: 8 }), { seed: 8, numRuns: 100 });
    const paths = samples.flatMap((sample) => sample.expectations.expectations.map((expectation) => expectation.path));
    expect(paths.some((path) => typeof path === 'string' && path.startsWith('executed_steps.'))).toBe(true);
    expect(paths.some((path) => (typeof path === 'string' ? path : path.join('.')).startsWith('final_state'))).toBe(true);
  });
});

describe('workflowDefinition', () => {
  it('generates workflows that validate and run within the limits', () => {
    fc.assert(
      fc.property(workflowDefinition(), (workflow) => {
        const valid = defineWorkflow(workflow);
        const result = new Orchestrator().runWorkflow(valid);
        expect(valid.steps.length).toBeLessThanOrEqual(5);
        expect(valid.steps.filter((step) => step.kind === 'human').length).toBeLessThanOrEqual(2);
        expect(result.executedSteps.length).toBeLessThanOrEqual(valid.steps.length);
      }),
      { numRuns: 300 },
    );
  });

  it("uses the registry's custom operations", () => {
    const registry = createRegistry([defineOperation('increment', (state) => ({ ...state, count: (typeof state.count === 'number' ? state.count : 0) + 1 }))]);
    const samples = fc.sample(workflowDefinition({ registry }), { seed: 21, numRuns: 200 });
    expect(samples.some((workflow) => workflow.steps.some((step) => step.payload?.operation === 'increment'))).toBe(true);
    for (const workflow of samples) registry.orchestrator.runWorkflow(workflow);
  });
});

describe('invalidWorkflow', () => {
  const guards: Record<InvalidWorkflowError, (error: unknown) => boolean> = {
    DefinitionError: (error) => DefinitionError.isDefinitionError(error),
    // The parent class, but not the more specific UnknownOperationError.
    EnvelopeViolation: (error) => EnvelopeViolation.isEnvelopeViolation(error) && !UnknownOperationError.isUnknownOperationError(error),
    AntiFailureViolation: (error) => AntiFailureViolation.isAntiFailureViolation(error),
    UnknownOperationError: (error) => UnknownOperationError.isUnknownOperationError(error),
  };

  it('raises exactly the labelled error class, before any step runs', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(invalidWorkflow(), ({ workflow, error, defect }) => {
        seen.add(error);
        let thrown: unknown;
        try {
          new Orchestrator().runWorkflow(workflow as WorkflowDefinition);
        } catch (caught) {
          thrown = caught;
        }
        expect({ defect, raised: guards[error](thrown) ? error : String(thrown) }).toEqual({ defect, raised: error });
      }),
      { numRuns: 600 },
    );
    expect([...seen].sort()).toEqual([...INVALID_WORKFLOW_ERRORS].sort());
  });

  it('can be restricted to some error classes and knows custom operations', () => {
    const registry = createRegistry([defineOperation('increment', (state) => state)]);
    fc.assert(
      fc.property(invalidWorkflow({ registry, errors: ['UnknownOperationError'] }), ({ workflow, error }) => {
        expect(error).toBe('UnknownOperationError');
        expect(() => registry.orchestrator.runWorkflow(workflow as WorkflowDefinition)).toThrow(UnknownOperationError);
      }),
      { numRuns: 100 },
    );
  });
});
