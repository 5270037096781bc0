/** Scenario harness, suite runner, daily-loop runner and registry lookups. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DefinitionError,
  UnknownMissionError,
  buildWorkflow,
  canonicalJson,
  checkDeterminism,
  runDailyLoop,
  runMission,
  runScenario,
  runSuite,
  stableHash,
  type OrchestrationResult,
  type ScenarioResult,
  type SuiteResult,
} from '../../src/index.js';

describe('runScenario', () => {
  const definition = {
    name: 'morning',
    initialState: { day: 1, list: [1, 2] },
    missions: [{ mission: 'daily_loop' }, { mission: 'echo', params: { greeting: 'hi' } }],
  };

  it('runs each mission on the initial state and keys results by mission', () => {
    const result = runScenario(definition);
    expect([...result.missionResults.keys()]).toEqual(['daily_loop', 'echo']);
    expect(result.missionResults.get('echo')?.executedSteps[0]?.payload.params).toEqual({ greeting: 'hi' });
    expect(result.missionResults.get('daily_loop')?.finalState).toEqual({ day: 1, list: [1, 2] });
  });

  it('hashes the serialised mission results', () => {
    const result = runScenario(definition);
    const missionResults = Object.fromEntries([...result.missionResults].map(([key, value]) => [key, value.toDict()]));
    expect(result.metadata.scenarioHash).toBe(stableHash(missionResults));
  });

  it('HB-T2-HAR-03: toDict() gives { scenario_name, mission_results, metadata } as plain JSON data', () => {
    const dict = runScenario(definition).toDict();
    expect(Object.keys(dict).sort()).toEqual(['metadata', 'mission_results', 'scenario_name']);
    expect(dict.scenario_name).toBe('morning');
    expect(dict.metadata).toEqual({ scenario_name: 'morning', scenario_hash: runScenario(definition).metadata.scenarioHash });
    expect(JSON.parse(JSON.stringify(dict))).toEqual(dict);
    // Its canonical text is remembered, and equals a fresh serialisation of the same data.
    expect(canonicalJson(dict)).toBe(canonicalJson(JSON.parse(JSON.stringify(dict))));
  });

  it('HB-T2-HAR-01: a duplicate mission key is a definition error naming it; an explicit key runs a mission twice', () => {
    let error: unknown;
    try {
      runScenario({ name: 's', missions: [{ mission: 'echo' }, { mission: 'echo', params: { n: 2 } }] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toBe(
      "runScenario 's': missions[1]: mission key 'echo' is already used by missions[0]; results are keyed by mission, so keys must be unique in a scenario — give this call a distinct key, e.g. { mission: 'echo', key: 'echo-2' }",
    );
    const twice = runScenario({ name: 's', missions: [{ mission: 'echo' }, { mission: 'echo', key: 'echo-2', params: { n: 2 } }] });
    expect([...twice.missionResults.keys()]).toEqual(['echo', 'echo-2']);
    expect(twice.toDict().mission_results['echo-2']?.executed_steps[0]?.payload.params).toEqual({ n: 2 });
  });

  it('HB-T2-HAR-02: results are read-only maps and metadata, in types and at runtime', () => {
    const result: ScenarioResult = runScenario(definition);
    expectTypeOf(result.missionResults).toEqualTypeOf<ReadonlyMap<string, OrchestrationResult>>();
    expect('set' in result.missionResults).toBe(false);
    expect(Object.isFrozen(result.metadata)).toBe(true);
    expect(Object.isFrozen(result.toDict().mission_results)).toBe(true);
    expect(() => {
      // @ts-expect-error read-only metadata
      result.metadata.scenarioHash = 'x';
    }).toThrow(TypeError);
  });

  it('rejects malformed scenarios with the location', () => {
    // A misspelt field is refused with a suggestion (it used to read as a missing `mission`).
    expect(() => runScenario({ name: 's', missions: [{ mision: 'echo' }] } as never)).toThrow(
      "runScenario 's': missions[0].mision: unknown field; did you mean 'mission'?",
    );
    expect(() => runScenario({ name: 's', missions: [{ params: {} }] } as never)).toThrow(
      "runScenario 's': missions[0].mission: required field is missing; expected a string",
    );
    expect(() => runScenario({ name: 5 } as never)).toThrow('runScenario: name: expected a string, got a number');
    expect(() => runScenario({ name: 's', initialState: [], missions: [] } as never)).toThrow(DefinitionError);
    expect(() => runScenario({ name: 's', missions: [{ mission: 'nope' }] })).toThrow(UnknownMissionError);
  });

  it('never lets one mission see another mission’s changes, and never mutates the definition', () => {
    const initialState = { shared: { n: 1 } };
    const input = { name: 's', initialState, missions: [{ mission: 'echo' }, { mission: 'daily_loop' }] };
    const snapshot = canonicalJson(input);
    const result = runScenario(input);
    expect(canonicalJson(input)).toBe(snapshot);
    expect(result.missionResults.get('echo')?.finalState).not.toBe(result.missionResults.get('daily_loop')?.finalState);
    expect(result.missionResults.get('echo')?.finalState).not.toBe(initialState);
  });
});

describe('runSuite', () => {
  const suite = {
    name: 'nightly',
    scenarios: [
      { name: 'b', missions: [{ mission: 'echo' }] },
      { name: 'a', initialState: { x: 1 }, missions: [{ mission: 'run_tests', params: { target: 'api' } }] },
    ],
  };

  it('runs scenarios in order and hashes { name: serialised scenario }', () => {
    const result = runSuite(suite);
    expect([...result.scenarioResults.keys()]).toEqual(['b', 'a']);
    const byName = Object.fromEntries([...result.scenarioResults].map(([name, scenario]) => [name, scenario.toDict()]));
    expect(result.metadata.suiteHash).toBe(stableHash(byName));
    expect(result.toDict()).toEqual({
      suite_name: 'nightly',
      scenario_results: byName,
      metadata: { suite_name: 'nightly', suite_hash: result.metadata.suiteHash },
    });
  });

  it('HB-T2-SUITE-03: duplicate scenario names are a definition error; nothing is silently overwritten', () => {
    expect(() =>
      runSuite({
        name: 'dup',
        scenarios: [
          { name: 'same', missions: [{ mission: 'echo' }] },
          { name: 'same', missions: [{ mission: 'daily_loop' }] },
        ],
      }),
    ).toThrow(
      "runSuite 'dup': scenarios[1].name: scenario name 'same' is already used by scenarios[0]; results are keyed by name, so names must be unique in a suite",
    );
  });

  it('HB-T2-SUITE-02: suite results are read-only in types and at runtime', () => {
    const result: SuiteResult = runSuite(suite);
    expectTypeOf(result.scenarioResults).toEqualTypeOf<ReadonlyMap<string, ScenarioResult>>();
    expect('delete' in result.scenarioResults).toBe(false);
    expect(Object.isFrozen(result.toDict().scenario_results)).toBe(true);
  });

  it('names nested locations in errors', () => {
    expect(() =>
      runSuite({
        name: 'n',
        scenarios: [
          { name: 'ok', missions: [] },
          { name: 'bad', missions: 'x' },
        ],
      } as never),
    ).toThrow("runSuite 'n': scenario 'bad': scenarios[1].missions: expected an array of mission calls, got a string");
  });
});

describe('runDailyLoop and runMission', () => {
  it('DLR-H4: runDailyLoop is a thin composition: the same result as runMission("daily_loop")', () => {
    const context = { initialState: { day: 3 } };
    expect(stableHash(runDailyLoop(context, { requested_steps: 5 }).toDict())).toBe(
      stableHash(runMission('daily_loop', context, { requested_steps: 5 }).toDict()),
    );
  });

  it('DLR-H3: params are copied first; the template sees a frozen copy and the caller’s object is never kept', () => {
    const params = { requested_steps: 2, note: { text: 'a' } };
    const result = runDailyLoop({}, params);
    params.requested_steps = 5;
    params.note.text = 'changed';
    expect(result.receipt.steps).toEqual(['daily-confirm-priorities', 'daily-summarise-yesterday']);
    expect(buildWorkflow({ type: 'daily_loop', params: { requested_steps: 2, note: { text: 'a' } } }).metadata.params).toEqual({
      note: { text: 'a' },
      requested_steps: 2,
    });
  });

  it('DLR-H5: errors from the builder and the orchestrator propagate unchanged', () => {
    const fromRunner = (() => {
      try {
        runDailyLoop({}, { requested_steps: 'four' } as never);
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    const fromBuilder = (() => {
      try {
        buildWorkflow({ type: 'daily_loop', params: { requested_steps: 'four' } });
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(fromRunner?.name).toBe('DefinitionError');
    expect(fromRunner?.message).toBe(fromBuilder?.message);
    expect(() => runDailyLoop({ initialState: { bad: undefined } })).toThrow(DefinitionError);
  });

  it('DLR-H1: final_state is a deterministic function of initial state and params, and never aliases the initial state', () => {
    const initialState = { day: 1 };
    const first = runDailyLoop({ initialState });
    expect(first.finalState).not.toBe(initialState);
    expect(stableHash(runDailyLoop({ initialState: { day: 1 } }).toDict())).toBe(stableHash(first.toDict()));
  });

  it('HB-T2-REG-03: echo (and the daily loop) are deterministic: identical input gives identical output', () => {
    for (const subject of [
      { mission: 'echo', params: { nested: { list: [1, 'ü', null] }, n: 1.5 } },
      { mission: 'daily_loop', params: { requested_steps: 5 } },
    ]) {
      const report = checkDeterminism(subject, { runs: 5, initialState: { k: 'v' } });
      if (report instanceof Promise) throw new Error('expected a synchronous report');
      expect(report.deterministic).toBe(true);
      expect(new Set(report.hashes).size).toBe(1);
    }
    const hashes = Array.from({ length: 10 }, () => stableHash(runMission('echo', { initialState: { a: 1 } }, { z: 1, a: [2] }).toDict()));
    expect(new Set(hashes).size).toBe(1);
  });
});
