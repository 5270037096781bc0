/**
 * The same definitions run from many concurrent async tests, and interleaved
 * runs with awaits between missions, give identical hashes; runs share no
 * mutable state (a run's result never changes after another run; registries
 * are independent of each other and of the built-in one).
 */
import { describe, expect, it } from 'vitest';
import {
  MISSION_REGISTRY,
  canonicalJson,
  createRegistry,
  defineMission,
  defineOperation,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  stableHash,
  type JsonObject,
  type MissionRegistry,
  type ScenarioDefinition,
} from '../../src/index.js';

const count = defineMission({
  name: 'count',
  description: 'adds params.by to state.count',
  build: (params) => ({ id: 'wf-count', steps: [{ id: 'inc', kind: 'runtime', payload: { operation: 'increment', by: params.by ?? 1 } }] }),
});
const incrementBy = (factor: number) =>
  defineOperation('increment', (state, payload) => ({
    ...state,
    count: (typeof state.count === 'number' ? state.count : 0) + factor * (typeof payload.by === 'number' ? payload.by : 1),
  }));
const registryA = createRegistry([count, incrementBy(1)]);
const registryB = createRegistry([count, incrementBy(10)]);

const scenario: ScenarioDefinition = {
  name: 'mixed',
  initialState: { count: 1, tags: ['a', 'b'] },
  missions: [
    { mission: 'count', params: { by: 2 } },
    { mission: 'echo', params: { greeting: 'hi' } },
    { mission: 'daily_loop', params: { requested_steps: 5 } },
    { mission: 'count', key: 'count-again', params: { by: 3 } },
  ],
};
const suite = { name: 'nightly', scenarios: [scenario, { ...scenario, name: 'second', initialState: { count: 100 } }] };
const expectations = [
  { id: 'count', scenario: 'mixed', mission: 'count', path: 'final_state.count', op: 'eq' as const, expected: 3 },
  { id: 'loop', scenario: 'second', mission: 'daily_loop', path: 'receipt.steps.4', op: 'eq' as const, expected: 'daily-archive' },
];

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs a scenario mission by mission, yielding to the event loop between missions; returns the scenario hash. */
async function interleaved(registry: MissionRegistry, rounds: number): Promise<string> {
  const results: Record<string, unknown> = {};
  for (const call of scenario.missions) {
    for (let i = 0; i < rounds; i++) await tick();
    results[call.key ?? call.mission] = runMission(call.mission, { initialState: scenario.initialState }, call.params, { registry }).toDict();
  }
  return stableHash(results);
}

const baseline = {
  a: runScenario(scenario, { registry: registryA }).metadata.scenarioHash,
  b: runScenario(scenario, { registry: registryB }).metadata.scenarioHash,
  testRun: runTestRun(suite, expectations, { registry: registryA }).metadata.testRunHash,
};

describe('many concurrent async tests', () => {
  it('the two registries give different results (so the checks below can tell them apart)', () => {
    expect(baseline.a).not.toBe(baseline.b);
  });
  for (let n = 0; n < 12; n++) {
    it.concurrent(`concurrent test #${n} sees the baseline hashes`, async ({ expect }) => {
      for (let i = 0; i < n % 4; i++) await tick();
      const registry = n % 2 === 0 ? registryA : registryB;
      const hash = await interleaved(registry, (n % 3) + 1);
      expect(hash).toBe(n % 2 === 0 ? baseline.a : baseline.b);
      await tick();
      expect(runTestRun(suite, expectations, { registry: registryA }).metadata.testRunHash).toBe(baseline.testRun);
    });
  }
});

describe('interleaved runs', () => {
  it('Promise.all of 40 interleaved runs over two registries gives one hash per registry', async () => {
    const hashes = await Promise.all(Array.from({ length: 40 }, (_, i) => interleaved(i % 2 === 0 ? registryA : registryB, (i % 5) + 1)));
    expect(new Set(hashes.filter((_, i) => i % 2 === 0))).toEqual(new Set([baseline.a]));
    expect(new Set(hashes.filter((_, i) => i % 2 === 1))).toEqual(new Set([baseline.b]));
  });

  it('the interleaved hash equals the scenario hash, which covers the mission results', async () => {
    expect(await interleaved(registryA, 1)).toBe(baseline.a);
    const result = runScenario(scenario, { registry: registryA });
    expect(result.missionResults.get('count')?.finalState).toEqual({ count: 3, tags: ['a', 'b'] });
    expect(result.missionResults.get('count-again')?.finalState).toEqual({ count: 4, tags: ['a', 'b'] });
  });
});

describe('no shared mutable state', () => {
  it('a result is unchanged by later runs, with other registries, params and state', () => {
    const first = runSuite(suite, { registry: registryA });
    const snapshot = canonicalJson(first.toDict());
    const stateSnapshot = canonicalJson(first.scenarioResults.get('mixed')?.missionResults.get('count')?.finalState);
    for (let i = 0; i < 20; i++) {
      runSuite({ ...suite, scenarios: [{ ...scenario, initialState: { count: i } }] }, { registry: i % 2 === 0 ? registryB : registryA });
      runMission('echo', { initialState: { count: i } }, { i });
    }
    expect(canonicalJson(first.toDict())).toBe(snapshot);
    expect(canonicalJson(first.scenarioResults.get('mixed')?.missionResults.get('count')?.finalState)).toBe(stateSnapshot);
    expect(runSuite(suite, { registry: registryA }).metadata.suiteHash).toBe(first.metadata.suiteHash);
  });

  it('two runs on the same initial state never share a final state object', () => {
    const state: JsonObject = { count: 0 };
    const one = runMission('count', { initialState: state }, {}, { registry: registryA });
    const two = runMission('count', { initialState: state }, {}, { registry: registryA });
    expect(one.finalState).not.toBe(two.finalState);
    expect(one.finalState).not.toBe(state);
    expect(state).toEqual({ count: 0 });
  });

  it('registries are independent of each other and of the built-in one', () => {
    const builtinNames = [...MISSION_REGISTRY.names];
    const extra = createRegistry([defineMission({ name: 'solo', build: () => ({ id: 'wf-solo', steps: [{ id: 'x', kind: 'human' }] }) })], { base: registryA });
    expect(extra.has('solo')).toBe(true);
    expect(extra.has('count')).toBe(true);
    expect(registryA.has('solo')).toBe(false);
    expect(registryB.has('solo')).toBe(false);
    expect(MISSION_REGISTRY.has('count')).toBe(false);
    expect(MISSION_REGISTRY.names).toEqual(builtinNames);
    expect(registryA.operations.names).toEqual(['fail', 'increment', 'noop']);
    expect(MISSION_REGISTRY.operations.names).toEqual(['fail', 'noop']);
    // The same mission name runs each registry's own operation.
    expect(runMission('count', {}, { by: 1 }, { registry: registryA }).finalState.count).toBe(1);
    expect(runMission('count', {}, { by: 1 }, { registry: registryB }).finalState.count).toBe(10);
    expect(Object.isFrozen(registryA) && Object.isFrozen(MISSION_REGISTRY)).toBe(true);
  });
});
