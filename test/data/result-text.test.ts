/**
 * Results assemble their canonical text from the texts of their parts
 * (src/result-text.ts) instead of serialising their dicts. These tests pin
 * that every hash equals SHA-256 of `canonicalJson` of the dict it covers,
 * on results the conformance vectors do not reach (custom operations, failing
 * steps, run metadata, keys that need code-point order, texts made a second
 * time), that plans and run shapes are shared within a run only, and that a
 * suite whose text outgrows the engine's string limit still hashes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, canonicalJson } from '../../src/data/canonical.js';
import { judgeSuite } from '../../src/harness/outcome.js';
import { validateExpectations } from '../../src/harness/expectations.js';
import { validateSuite } from '../../src/harness/suite.js';
import {
  DefinitionError,
  type ExpectationsResult,
  MISSION_REGISTRY,
  Orchestrator,
  SuiteResult,
  TestRunResult,
  createRegistry,
  defineMission,
  defineOperation,
  defineWorkflow,
  evaluateExpectations,
  runScenario,
  runSuite,
  runTestRun,
  type ExpectationsDefinition,
  type SuiteDefinition,
} from '../../src/index.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const bump = defineOperation('bump', (state, payload) => ({
  ...state,
  count: (typeof state.count === 'number' ? state.count : 0) + 1,
  note: payload.note ?? null,
}));
const refuse = defineOperation('refuse', (state, _payload, context) => context.fail(`count is ${JSON.stringify(state.count)}`));
const counting = defineMission({
  name: 'counting',
  build: (params) => ({
    id: 'wf-counting',
    steps: [
      { id: 'bump', kind: 'runtime', payload: { operation: 'bump', note: params.note ?? 'ü' } },
      { id: 'ask', kind: 'human', payload: { description: 'fine?' } },
      ...(params.refuse === true ? [{ id: 'refuse', kind: 'runtime' as const, payload: { operation: 'refuse' } }] : []),
      ...(params.fail === true ? [{ id: 'stop', kind: 'runtime' as const, payload: { operation: 'fail', reason: 'stopped \u2028 here' } }] : []),
    ],
  }),
});
const registry = createRegistry([counting, bump, refuse]);

const suite: SuiteDefinition = {
  name: 'shapes',
  scenarios: [
    {
      name: 'z-last',
      initialState: { count: 1, clé: ['a', { b: 1e-7, c: 2 ** 53 + 2 }] },
      missions: [
        { mission: 'counting' },
        { mission: 'counting', key: 'counting-refused', params: { refuse: true } },
        { mission: 'counting', key: 'counting-failed', params: { fail: true, note: null } },
        { mission: 'daily_loop', key: '\u{1F600}' },
        { mission: 'daily_loop', key: '\uFF01' },
        { mission: 'echo', params: { nested: { x: [1, 2, { y: '\u0000' }] } } },
      ],
    },
    { name: 'a-first', missions: [{ mission: 'run_tests', params: { target: 'pkg' } }, { mission: 'counting' }] },
    { name: 'empty', missions: [] },
    {
      name: '\u00e9t\u00e9',
      initialState: { count: 1, clé: ['a', { b: 1e-7, c: 2 ** 53 + 2 }] },
      missions: [{ mission: 'counting', params: { refuse: true } }],
    },
  ],
};
const expectations: ExpectationsDefinition = {
  expectations: [
    { id: 'b', scenario: 'z-last', mission: 'counting', path: 'final_state.count', op: 'eq', expected: 2 },
    { id: 'a', scenario: 'z-last', mission: 'counting-refused', path: 'error_message', op: 'exists' },
    { id: '\u00e9', scenario: 'z-last', mission: 'echo', path: ['executed_steps', 0, 'payload', 'params'], op: 'ne', expected: { n: 1 } },
    { id: 'missing', scenario: 'nope', mission: 'echo', path: '', op: 'exists' },
    { id: 'whole', scenario: 'a-first', mission: 'run_tests', path: '', op: 'exists' },
    { id: 'bad-path', scenario: 'a-first', mission: 'run_tests', path: 'lineage.nothing', op: 'exists' },
    { id: 'type', scenario: 'a-first', mission: 'run_tests', path: 'id', op: 'gt', expected: 1 },
  ],
};

describe('hashes equal SHA-256 of canonicalJson of the dicts they cover', () => {
  const run = runTestRun(suite, expectations, { registry });
  const dict = run.toDict();

  it('scenario, suite, expectations and test-run hashes', () => {
    for (const [name, scenario] of Object.entries(dict.suite_result.scenario_results)) {
      expect(scenario.metadata.scenario_hash, name).toBe(sha256(canonicalJson(scenario.mission_results)));
    }
    expect(dict.suite_result.metadata.suite_hash).toBe(sha256(canonicalJson(dict.suite_result.scenario_results)));
    expect(dict.expectations_result.metadata.expectations_hash).toBe(sha256(canonicalJson(dict.expectations_result.expectation_results)));
    expect(dict.metadata.test_run_hash).toBe(
      sha256(
        canonicalJson({
          suite_result: dict.suite_result.scenario_results,
          suite_metadata: dict.suite_result.metadata,
          expectations_result: dict.expectations_result.expectation_results,
          expectations_metadata: dict.expectations_result.metadata,
          passed: dict.passed,
        }),
      ),
    );
  });

  it('covers failing steps (built-in and custom), a changed state and unchanged ones', () => {
    const results = run.suiteResult.scenarioResults.get('z-last')?.missionResults;
    expect(results?.get('counting')?.finalState).toEqual({ count: 2, clé: ['a', { b: 1e-7, c: 2 ** 53 + 2 }], note: 'ü' });
    expect(results?.get('counting-refused')?.errorMessage).toBe("Step 'refuse' failed: count is 2");
    expect(results?.get('counting-failed')?.errorMessage).toBe("Step 'stop' failed: stopped \u2028 here");
    expect(results?.get('echo')?.finalState).toEqual(suite.scenarios[0]?.initialState);
    expect(run.expectationsResult.results.get('type')?.details.reason).toBe('type_error');
  });

  it('texts made again after they were handed over give the same hashes', () => {
    const scenarios = [...run.suiteResult.scenarioResults.values()];
    const again = new SuiteResult('shapes', scenarios); // each scenario already handed its text to the first suite
    expect(again.metadata.suiteHash).toBe(run.suiteResult.metadata.suiteHash);
    const second = new TestRunResult(run.suiteResult, run.expectationsResult); // both already handed theirs to the first run
    expect(second.metadata.testRunHash).toBe(run.metadata.testRunHash);
    const third = new TestRunResult(again, evaluateExpectations(again, expectations));
    expect(third.metadata.testRunHash).toBe(run.metadata.testRunHash);
  });

  it('a custom-operation failure is not shared between runs with different reasons', () => {
    const orchestrator = new Orchestrator({ operations: [bump, refuse] });
    // One validated workflow, run twice: its run shapes are cached on it.
    const workflow = defineWorkflow(
      { id: 'wf', steps: [{ id: 'refuse', kind: 'runtime', payload: { operation: 'refuse' } }] },
      { operations: orchestrator.operations },
    );
    const one = orchestrator.runWorkflow(workflow, { initialState: { count: 1 } });
    const two = orchestrator.runWorkflow(workflow, { initialState: { count: 2 } });
    expect([one.errorMessage, two.errorMessage]).toEqual(["Step 'refuse' failed: count is 1", "Step 'refuse' failed: count is 2"]);
    const scenario = runScenario({ name: 's', initialState: { count: 3 }, missions: [{ mission: 'counting', params: { refuse: true } }] }, { registry });
    expect(scenario.metadata.scenarioHash).toBe(sha256(canonicalJson(scenario.toDict().mission_results)));
  });

  it('run metadata (lineage and receipt fields) is part of the text', () => {
    const orchestrator = new Orchestrator();
    const workflow = { id: 'wf', steps: [{ id: 'a', kind: 'human' as const }] };
    const plain = orchestrator.runWorkflow(workflow);
    const tagged = orchestrator.runWorkflow(workflow, { metadata: { caller: 'ci', policy_version: 'v2', run_id: 'r-1' } });
    expect(plain.lineage).toEqual({ executedStepIds: ['a'], workflowId: 'wf' });
    expect(tagged.toDict().lineage).toEqual({ executed_step_ids: ['a'], workflow_id: 'wf', caller: 'ci', policy_version: 'v2' });
    expect(tagged.toDict().receipt).toEqual({ id: 'wf', steps: ['a'], run_id: 'r-1' });
  });
});

describe('plans are cached per run, and their frozen parts shared', () => {
  let builds = 0;
  const observed = defineMission({
    name: 'observed',
    build: (params) => {
      builds += 1;
      return { id: 'wf-observed', steps: [{ id: 'a', kind: 'runtime', payload: { operation: 'noop', params } }] };
    },
  });
  const withObserved = createRegistry([observed]);
  const definition: SuiteDefinition = {
    name: 'cache',
    scenarios: ['s1', 's2', 's3'].map((name, index) => ({
      name,
      initialState: { index },
      missions: [
        { mission: 'observed', params: { b: 1, a: [2] } },
        { mission: 'observed', key: 'other', params: { n: index } },
      ],
    })),
  };

  it('builds each (mission, canonical params) once in a suite run, and again in the next run', () => {
    builds = 0;
    const first = runSuite(definition, { registry: withObserved });
    expect(builds).toBe(4); // { a, b } once, { n } three times
    runSuite(definition, { registry: withObserved });
    expect(builds).toBe(8); // the cache lives for one run: an impure template still shows between runs
    const steps = [...first.scenarioResults.values()].map((scenario) => scenario.missionResults.get('observed')?.executedSteps);
    expect(steps[0]).toBe(steps[1]);
    expect(steps[1]).toBe(steps[2]);
    expect(Object.isFrozen(steps[0])).toBe(true);
  });

  it('each result still gets its own fresh final_state (DLR-H1)', () => {
    const valid = validateSuite(definition);
    const result = runSuite(valid, { registry: withObserved });
    const scenario = result.scenarioResults.get('s1');
    const states = [scenario?.missionResults.get('observed')?.finalState, scenario?.missionResults.get('other')?.finalState];
    expect(states[0]).not.toBe(states[1]);
    expect(states[0]).not.toBe(valid.scenarios[0]?.initialState);
    expect(states[0]).toEqual({ index: 0 });
  });
});

describe('results whose text outgrows one JavaScript string (issue 12)', () => {
  // A ~6 MB state in 100 missions: the scenario's text is about 600 M characters,
  // more than the engine's longest string, so it must be hashed in chunks.
  const blob = 'x'.repeat(6 * 1024 * 1024);
  const big: SuiteDefinition = {
    name: 'big',
    scenarios: [
      {
        name: 'big-state',
        initialState: { blob, n: 1, clé: '\u00e9\u0001' },
        missions: Array.from({ length: 100 }, (_, i) => ({ mission: 'echo', key: `e${i}` })),
      },
    ],
  };
  const bigExpectations: ExpectationsDefinition = {
    expectations: [{ id: 'n', scenario: 'big-state', mission: 'e99', path: 'final_state.n', op: 'eq', expected: 1 }],
  };

  /** The scenario hash computed independently: each mission result serialised whole by canonicalJson, fed to the hash in order. */
  function independentScenarioHash(results: ReadonlyMap<string, { toDict(): unknown }>): string {
    const hash = createHash('sha256');
    const keys = [...results.keys()].sort();
    hash.update('{');
    keys.forEach((key, index) => {
      hash.update(`${index === 0 ? '' : ','}${canonicalJson(key)}:`);
      hash.update(canonicalJson(results.get(key)?.toDict()));
    });
    hash.update('}');
    return hash.digest('hex');
  }

  it('runTestRun hashes it correctly, and it is not blamed on a mission by the CLI', () => {
    expect(100 * blob.length).toBeGreaterThan(MAX_TEXT_LENGTH);
    const run = runTestRun(big, bigExpectations);
    expect(run.passed).toBe(true);
    const scenario = run.suiteResult.scenarioResults.get('big-state');
    expect(scenario?.metadata.scenarioHash).toBe(independentScenarioHash(scenario?.missionResults ?? new Map()));

    const outcome = judgeSuite(validateSuite(big), validateExpectations(bigExpectations), MISSION_REGISTRY);
    expect(outcome.missionErrors).toEqual([]);
    expect(outcome.testRun?.metadata.testRunHash).toBe(run.metadata.testRunHash);
  }, 60_000);

  it('canonicalJson of such a value gives a documented limit error, not a RangeError', () => {
    const error = (() => {
      try {
        canonicalJson(Array.from({ length: 100 }, () => blob));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^canonicalJson: the canonical text of this value is longer than the longest string the JavaScript engine can make \(\d+ characters\)/,
    );
  }, 60_000);
});

describe('ExpectationsResult text', () => {
  it('matches canonicalJson of expectation_results for every kind of verdict', () => {
    const result = runSuite(suite, { registry });
    const verdicts: ExpectationsResult = evaluateExpectations(result, expectations);
    expect(verdicts.metadata.expectationsHash).toBe(sha256(canonicalJson(verdicts.toDict().expectation_results)));
  });
});
