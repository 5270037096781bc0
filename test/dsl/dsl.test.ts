import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  createRegistry,
  defineMission,
  defineOperation,
  defineExpectations,
  defineScenario,
  defineSuite,
  describeSuite,
  mission,
  runSuite,
  type TestBody,
} from '../../src/index.js';
import { ExpectationFailure } from '../../src/dsl/describe-suite.js';

const smoke = defineScenario({ name: 'smoke', initialState: { day: 1 }, missions: [mission('echo', { x: 1 }), mission('echo', { x: 2 }, { key: 'echo-2' })] });
const nightly = defineSuite({ name: 'nightly', scenarios: [smoke, { name: 'tests', missions: [{ mission: 'run_tests' }] }] });
const checks = defineExpectations([
  { id: 'echo-ok', scenario: 'smoke', mission: 'echo', path: 'success', op: 'eq', expected: true },
  { id: 'second-x', scenario: 'smoke', mission: 'echo-2', path: 'executed_steps.0.payload.params.x', op: 'gt', expected: 1 },
  { id: 'report', scenario: 'tests', mission: 'run_tests', path: ['executed_steps', 2, 'id'], op: 'eq', expected: 'tests-report' },
]);

/** A recording describe/it: titles as paths, bodies to run by hand. */
function recorder(): { api: { describe: (name: string, body: () => void) => void; it: (name: string, body: TestBody) => void }; tests: Map<string, TestBody> } {
  const tests = new Map<string, TestBody>();
  const stack: string[] = [];
  return {
    tests,
    api: {
      describe: (name, body) => {
        stack.push(name);
        body();
        stack.pop();
      },
      it: (name, body) => void tests.set([...stack, name].join(' > '), body),
    },
  };
}

describe('defineScenario / defineSuite / defineExpectations / mission', () => {
  it('validate eagerly and deep-freeze', () => {
    expect(Object.isFrozen(smoke) && Object.isFrozen(smoke.missions) && Object.isFrozen(smoke.missions[1]?.params)).toBe(true);
    expect(smoke.missions.map((call) => call.key)).toEqual(['echo', 'echo-2']);
    expect(Object.isFrozen(checks.expectations[0])).toBe(true);
    expect(runSuite(nightly).scenarioResults.get('smoke')?.missionResults.get('echo-2')?.success).toBe(true);
  });

  it('never keep a reference to the caller’s objects', () => {
    const params = { x: 1 };
    const call = mission('echo', params);
    params.x = 2;
    expect(call.params).toEqual({ x: 1 });
  });

  it('name the field at fault when a definition is wrong', () => {
    expect(() => defineScenario({ name: 'dup', missions: [mission('echo'), mission('echo')] })).toThrow(
      "defineScenario 'dup': missions[1]: mission key 'echo' is already used by missions[0]",
    );
    expect(() => defineSuite({ name: 's', scenarios: [smoke, smoke] })).toThrow("defineSuite 's': scenarios[1].name: scenario name 'smoke' is already used");
    expect(() => defineExpectations([{ id: 'a', scenario: 's', mission: 'm', path: '', op: 'has' as never }])).toThrow(
      "defineExpectations: expectations[0].op: expected one of 'eq', 'ne', 'gt', 'lt', 'exists', 'absent', got 'has'",
    );
    expect(() => mission('echo', { f: (() => 1) as never })).toThrow(DefinitionError);
    expect(() => mission('echo', {}, { key: 3 as never })).toThrow("mission 'mission': missions[0].key: expected a string, got");
  });
});

describe('describeSuite', () => {
  it('registers one test per scenario and per expectation, grouped by scenario', () => {
    const { api, tests } = recorder();
    describeSuite(nightly, checks, api);
    expect([...tests.keys()]).toEqual([
      "suite 'nightly' > scenario 'smoke' > runs",
      "suite 'nightly' > scenario 'smoke' > echo-ok: echo success eq true",
      "suite 'nightly' > scenario 'smoke' > second-x: echo-2 executed_steps.0.payload.params.x gt 1",
      "suite 'nightly' > scenario 'tests' > runs",
      "suite 'nightly' > scenario 'tests' > report: run_tests executed_steps.2.id eq \"tests-report\"",
    ]);
    for (const body of tests.values()) expect(body()).toBeUndefined();
  });

  it('fails the test of a failing expectation with the verdict, and one on a missing scenario', () => {
    const { api, tests } = recorder();
    describeSuite(
      nightly,
      [
        { id: 'wrong', scenario: 'smoke', mission: 'echo', path: 'id', op: 'eq', expected: 'wf-x' },
        { id: 'ghost', scenario: 'nowhere', mission: 'echo', path: 'success', op: 'exists' },
      ],
      api,
    );
    let failure: unknown;
    try {
      void tests.get("suite 'nightly' > scenario 'smoke' > wrong: echo id eq \"wf-x\"")?.();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ExpectationFailure);
    expect(failure).toMatchObject({ expected: 'wf-x', actual: 'wf-echo', showDiff: true });
    // The stack starts at the describeSuite call in this file (the user's test), not inside src/dsl.ts.
    const frames = ((failure as Error).stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames[0]).toContain('test/dsl/dsl.test.ts');
    expect(frames.filter((line) => line.includes('src/dsl/'))).toEqual([]);
    expect((failure as Error).message).toMatchInlineSnapshot(`
      "expectation 'wrong' failed: eq_mismatch
        scenario: smoke
        mission:  echo
        path:     id
        op:       eq
        expected: "wf-x"
        actual:   "wf-echo""
    `);
    expect(() => tests.get("suite 'nightly' > ghost: echo success exists")?.()).toThrow("expectation 'ghost' failed: scenario_missing");
  });

  it('runs each scenario once, lazily, when its first test runs', () => {
    let calls = 0;
    const count = defineOperation('count', (state) => {
      calls += 1;
      return state;
    });
    const counted = defineMission({
      name: 'counted',
      build: () => ({ id: 'wf-counted', steps: [{ id: 'c', kind: 'runtime', payload: { operation: 'count' } }] }),
    });
    const { api, tests } = recorder();
    describeSuite(
      { name: 'lazy', scenarios: [{ name: 's', missions: [mission('counted')] }] },
      [{ id: 'a', scenario: 's', mission: 'counted', path: 'success', op: 'eq', expected: true }],
      { ...api, registry: createRegistry([counted, count]) },
    );
    expect(calls).toBe(0);
    for (const body of tests.values()) void body();
    expect(tests.size).toBe(2);
    expect(calls).toBe(1);
  });

  it('validates the definitions when called and needs describe/it from options or globals', () => {
    const { api } = recorder();
    expect(() => describeSuite({ name: 'x', scenarios: [{ name: 's', missions: [{ mission: 1 as never }] }] }, [], api)).toThrow(
      'scenarios[0].missions[0].mission: expected a string, got a number',
    );
    expect(() => describeSuite(nightly, checks)).toThrow('describeSuite: no describe/it to register tests with');
  });
});

describe('describeSuite of a suite without expectations', () => {
  it('registers a failing test that says so, its stack at the call; the scenarios still get their tests', () => {
    const { api, tests } = recorder();
    const all = [{ id: 'echo-ok', scenario: 'smoke', mission: 'echo', path: 'success', op: 'eq', expected: true }] as const;
    describeSuite(
      nightly,
      all.filter((expectation) => expectation.scenario !== 'smoke'),
      api,
    );
    expect([...tests.keys()]).toEqual([
      "suite 'nightly' > has expectations",
      "suite 'nightly' > scenario 'smoke' > runs",
      "suite 'nightly' > scenario 'tests' > runs",
    ]);
    let failure: unknown;
    try {
      void tests.get("suite 'nightly' > has expectations")?.();
    } catch (error) {
      failure = error;
    }
    expect(DefinitionError.isDefinitionError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      "describeSuite: expectations: suite 'nightly' has no expectations, so its tests would only check that each scenario runs. Were the expectations filtered to nothing, or not passed? Pass { passWithNoExpectations: true } if running the scenarios is all you mean to test",
    );
    const frames = ((failure as Error).stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames[0]).toContain('test/dsl/dsl.test.ts');
  });

  it('a suite with no scenario and no expectation registers only that failing test', () => {
    const { api, tests } = recorder();
    describeSuite({ name: 'empty', scenarios: [] }, undefined, api);
    expect([...tests.keys()]).toEqual(["suite 'empty' > has expectations"]);
    expect(() => tests.get("suite 'empty' > has expectations")?.()).toThrow("suite 'empty' has no expectations");
  });

  it('with { passWithNoExpectations: true }, registers the scenarios only; a value that is not a boolean is refused', () => {
    const { api, tests } = recorder();
    describeSuite(nightly, [], { ...api, passWithNoExpectations: true });
    expect([...tests.keys()]).toEqual(["suite 'nightly' > scenario 'smoke' > runs", "suite 'nightly' > scenario 'tests' > runs"]);
    expect(() => describeSuite(nightly, [], { ...api, passWithNoExpectations: 'yes' as never })).toThrow(
      'describeSuite: options.passWithNoExpectations: expected true or false, got',
    );
    const withChecks = recorder();
    describeSuite(nightly, checks, { ...withChecks.api, passWithNoExpectations: true });
    expect(withChecks.tests.size).toBe(5);
  });
});

// The real thing: these become tests of this file, one per scenario and per expectation.
describeSuite(nightly, checks, { describe, it });
