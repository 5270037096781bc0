/**
 * Hostile keys (`__proto__`, `constructor`, `prototype`), made own properties
 * with JSON.parse, in every place data enters the runtime: they are kept as
 * ordinary data, round-trip exactly, never modify a global prototype, and an
 * expectation path never resolves an inherited property.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  Orchestrator,
  buildWorkflow,
  canonicalJson,
  defineWorkflow,
  evaluateExpectations,
  mission,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  runTestRunFromConfig,
  stableHash,
  type JsonObject,
} from '../../src/index.js';
import { expectTier2, globalsSnapshot } from './helpers.js';

const HOSTILE_TEXT = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"plain":1}';
const hostile = (): JsonObject => JSON.parse(HOSTILE_TEXT) as JsonObject;

let before: string;
beforeEach(() => {
  before = globalsSnapshot();
});
afterEach(() => {
  // No global prototype gained or lost a property, and nothing inherits `polluted`.
  expect(globalsSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
});

/** The hostile keys must be own, enumerable data properties holding the original values. */
function expectHostileKept(value: unknown): void {
  expect(typeof value).toBe('object');
  const object = value as Record<string, unknown>;
  for (const key of ['__proto__', 'constructor', 'prototype']) expect(Object.prototype.hasOwnProperty.call(object, key)).toBe(true);
  expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
  expect(canonicalJson(object)).toBe(canonicalJson(hostile()));
  expect(Object.keys(object).sort()).toEqual(['__proto__', 'constructor', 'plain', 'prototype']);
}

describe('hostile keys as data', () => {
  it('initial state: kept as own keys in final_state, never aliased', () => {
    const state = hostile();
    const result = new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'runtime' }] }, { initialState: state });
    expectHostileKept(result.finalState);
    expectHostileKept(result.toDict().final_state);
    expect(result.finalState).not.toBe(state);
  });

  it('params: kept in the echo payload and in the workflow metadata (sorted)', () => {
    const workflow = buildWorkflow({ type: 'echo', params: hostile() });
    expectHostileKept(workflow.metadata.params);
    expectHostileKept(workflow.steps[0]?.payload.params);
    const result = runMission('echo', {}, hostile());
    expectHostileKept(result.toDict().executed_steps[0]?.payload.params);
  });

  it('payloads and workflow metadata: kept in executed_steps and the validated workflow', () => {
    const workflow = defineWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'runtime', payload: hostile() }], metadata: hostile() });
    expectHostileKept(workflow.metadata);
    expectHostileKept(workflow.steps[0]?.payload);
    const result = new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'h', kind: 'human', payload: hostile() }] });
    expectHostileKept(result.toDict().executed_steps[0]?.payload);
  });

  it('a `__proto__` payload cannot smuggle an operation in through the prototype', () => {
    // If `__proto__` were treated as the prototype, `payload.operation` would read 'fail' by inheritance.
    const payload = JSON.parse('{"__proto__":{"operation":"fail","reason":"smuggled"}}') as JsonObject;
    const result = new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'runtime', payload }] });
    expect(result.success).toBe(true);
    expect(result.errorMessage).toBeNull();
  });

  it('expected values: a hostile expected value compares equal to the same data and round-trips', () => {
    const suite = runSuite({ name: 'x', scenarios: [{ name: 's', initialState: hostile(), missions: [{ mission: 'echo' }] }] });
    const verdicts = evaluateExpectations(suite, [
      { id: 'whole-state', scenario: 's', mission: 'echo', path: 'final_state', op: 'eq', expected: hostile() },
      { id: 'own-proto', scenario: 's', mission: 'echo', path: 'final_state.__proto__.polluted', op: 'eq', expected: 'yes' },
      { id: 'own-ctor', scenario: 's', mission: 'echo', path: ['final_state', 'constructor', 'prototype', 'polluted'], op: 'eq', expected: 'yes' },
    ]);
    expect([...verdicts.results.values()].map((verdict) => [verdict.id, verdict.passed])).toEqual([
      ['whole-state', true],
      ['own-proto', true],
      ['own-ctor', true],
    ]);
    expectHostileKept(verdicts.toDict().expectation_results['whole-state']?.expected);
  });

  it('names: scenario names, mission keys and expectation ids that are hostile keys are stored as own entries', () => {
    const suiteDefinition = {
      name: 'constructor',
      scenarios: [
        { name: '__proto__', missions: [{ mission: 'echo', key: 'constructor' }] },
        { name: 'hasOwnProperty', missions: [{ mission: 'echo', key: '__proto__' }] },
      ],
    };
    const run = runTestRun(suiteDefinition, [
      { id: '__proto__', scenario: '__proto__', mission: 'constructor', path: 'success', op: 'eq', expected: true },
      { id: 'toString', scenario: 'hasOwnProperty', mission: '__proto__', path: 'success', op: 'eq', expected: true },
      { id: 'valueOf', scenario: 'toString', mission: 'echo', path: 'success', op: 'exists' },
    ]);
    const dict = run.toDict();
    expect(Object.keys(dict.suite_result.scenario_results)).toEqual(['__proto__', 'hasOwnProperty']);
    expect(Object.keys(dict.suite_result.scenario_results.__proto__?.mission_results ?? {})).toEqual(['constructor']);
    expect(Object.keys(dict.expectations_result.expectation_results)).toEqual(['__proto__', 'toString', 'valueOf']);
    expect(new Map(Object.entries(dict.expectations_result.expectation_results)).get('valueOf')?.details).toEqual({
      reason: 'scenario_missing',
      scenario: 'toString',
    });
    expect(run.expectationsResult.passedCount).toBe(2);
    expect(JSON.parse(canonicalJson(dict))).toEqual(JSON.parse(JSON.stringify(dict)));
  });
});

describe('expectation paths never resolve inherited properties', () => {
  const suite = runSuite({ name: 'x', scenarios: [{ name: 's', initialState: { list: [1, 2] }, missions: [{ mission: 'echo' }] }] });
  const paths = [
    '__proto__',
    '__proto__.polluted',
    'constructor',
    'constructor.name',
    'constructor.prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'final_state.toString',
    'final_state.__proto__',
    'final_state.list.length',
    'final_state.list.constructor',
    'final_state.list.map',
    'final_state.list.-1',
    'final_state.list.01',
    'final_state.list.1.0',
    'executed_steps.0.id.length',
    'lineage.executed_step_ids.at',
    'receipt.steps.__proto__',
  ];
  it.each(paths)('%s → path_missing', (path) => {
    const verdict = evaluateExpectations(suite, [{ id: 'e', scenario: 's', mission: 'echo', path, op: 'exists' }]).results.get('e');
    expect(verdict?.passed).toBe(false);
    expect(verdict?.actual).toBeNull();
    expect(verdict?.details).toEqual({ reason: 'path_missing', path });
  });

  it('the same paths as segment arrays → path_missing', () => {
    for (const path of paths) {
      const verdict = evaluateExpectations(suite, [{ id: 'e', scenario: 's', mission: 'echo', path: path.split('.'), op: 'exists' }]).results.get('e');
      expect(verdict?.details.reason, path).toBe('path_missing');
    }
  });

  it('scenario and mission lookups do not resolve inherited names either', () => {
    const verdicts = evaluateExpectations(suite, [
      { id: 'a', scenario: 'constructor', mission: 'echo', path: '', op: 'exists' },
      { id: 'b', scenario: 's', mission: 'toString', path: '', op: 'exists' },
      { id: 'c', scenario: '__proto__', mission: '__proto__', path: '', op: 'exists' },
    ]);
    expect([...verdicts.results.values()].map((verdict) => verdict.details.reason)).toEqual(['scenario_missing', 'mission_missing', 'scenario_missing']);
  });
});

describe('config objects with hostile keys', () => {
  it('fields reachable only through `__proto__` are not read: `__proto__` is an unknown field at its location', () => {
    const config = JSON.parse('{"__proto__":{"suite_name":"x","scenarios":[]}}') as unknown;
    const error = expectTier2(
      () => parseSuiteDefinition(config),
      (value): value is ConfigError => ConfigError.isConfigError(value),
      'unknown field',
    );
    expect(error.location).toBe('__proto__');
    const expectations = JSON.parse('{"__proto__":{"expectations":[]}}') as unknown;
    expect(
      expectTier2(
        () => parseExpectationsDefinition(expectations),
        (value): value is ConfigError => ConfigError.isConfigError(value),
        'unknown field',
      ).location,
    ).toBe('__proto__');
  });

  it.each([
    ['{"suite_name":"s","__proto__":{"x":1},"scenarios":[]}', '__proto__'],
    ['{"suite_name":"s","constructor":2,"scenarios":[]}', 'constructor'],
    ['{"suite_name":"s","scenarios":[{"scenario_name":"a","prototype":3,"missions":[]}]}', 'scenarios[0].prototype'],
    [
      '{"suite_name":"s","scenarios":[{"scenario_name":"a","missions":[{"name":"echo","__proto__":{"name":"daily_loop"}}]}]}',
      'scenarios[0].missions[0].__proto__',
    ],
  ])('hostile extra fields are unknown fields, refused at their location: %s', (text, location) => {
    const error = expectTier2(
      () => parseSuiteDefinition(JSON.parse(text) as unknown),
      (value): value is ConfigError => ConfigError.isConfigError(value),
      'unknown field',
    );
    expect(error.location).toBe(location);
  });

  it('hostile data in initial_state, params and expected is kept', () => {
    const suiteConfig = JSON.parse(
      `{"suite_name":"s","scenarios":[{"scenario_name":"a","initial_state":${HOSTILE_TEXT},"missions":[{"name":"echo","params":${HOSTILE_TEXT}}]}]}`,
    ) as unknown;
    const expectationsConfig = JSON.parse(
      `{"expectations":[{"id":"e","scenario_name":"a","mission_name":"echo","path":"final_state","op":"eq","expected":${HOSTILE_TEXT}}]}`,
    ) as unknown;
    const suite = parseSuiteDefinition(suiteConfig);
    expectHostileKept(suite.scenarios[0]?.initialState);
    expectHostileKept(suite.scenarios[0]?.missions[0]?.params);
    expect(suite.scenarios[0]?.missions[0]?.mission).toBe('echo');
    const expectations = parseExpectationsDefinition(expectationsConfig);
    expect(expectations.expectations[0]?.op).toBe('eq');
    expectHostileKept(expectations.expectations[0]?.expected);
    const run = runTestRunFromConfig(suiteConfig, expectationsConfig);
    expect(run.passed).toBe(true);
  });
});

describe('round trips through toDict() and the hashes', () => {
  it('canonical JSON of a small hostile object is the hand-written text, and the hash is its sha256', () => {
    const value = JSON.parse('{"prototype":[1,{"constructor":null}],"constructor":2,"__proto__":{"a":1}}') as unknown;
    const text = '{"__proto__":{"a":1},"constructor":2,"prototype":[1,{"constructor":null}]}';
    expect(canonicalJson(value)).toBe(text);
    expect(stableHash(value)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('an echo result with hostile params serialises to the hand-written canonical text', () => {
    const result = runMission('echo', {}, JSON.parse('{"__proto__":{"x":1}}') as JsonObject);
    const text =
      '{"error_message":null,"executed_steps":[{"id":"echo-step","kind":"runtime","payload":{"description":"Echo workflow step","operation":"noop","params":{"__proto__":{"x":1}}}}],' +
      '"failed_step_id":null,"final_state":{},"id":"wf-echo","lineage":{"executed_step_ids":["echo-step"],"workflow_id":"wf-echo"},' +
      '"receipt":{"id":"wf-echo","steps":["echo-step"]},"success":true}';
    expect(canonicalJson(result.toDict())).toBe(text);
    expect(stableHash(result.toDict())).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('JSON.parse(canonicalJson(x)) deep-equals x for hostile state, params and whole results', () => {
    const scenario = runScenario({ name: 's', initialState: hostile(), missions: [{ mission: 'echo', params: hostile() }, { mission: 'daily_loop' }] });
    const dict = scenario.toDict();
    const reparsed = JSON.parse(canonicalJson(dict)) as typeof dict;
    expect(canonicalJson(reparsed)).toBe(canonicalJson(dict));
    expectHostileKept(reparsed.mission_results.echo?.final_state);
    expectHostileKept(reparsed.mission_results.echo?.executed_steps[0]?.payload.params);
    // The hash is reproducible from the re-parsed data alone.
    expect(stableHash(reparsed.mission_results)).toBe(scenario.metadata.scenarioHash);
  });
});

describe('a polluted Object.prototype changes no verdict and no hash (own-property lookups only)', () => {
  // Another library may have set these before tier2-harness runs; the runtime must never read them.
  const POLLUTION: Record<string, unknown> = {
    reason: 'polluted',
    message: 'polluted',
    requested_steps: 5,
    requested_human_steps: 0,
    target: 'evil',
    operation: 'fail',
    key: 'polluted-key',
    params: { injected: true },
    initialState: { injected: true },
    metadata: { run_id: 'polluted' },
    expected: 'polluted',
    registry: 'not a registry',
    base: null,
    operations: 5,
  };

  const suite = {
    name: 'pollution',
    scenarios: [{ name: 's', initialState: { n: 1 }, missions: [{ mission: 'daily_loop' }, { mission: 'run_tests' }, { mission: 'echo', params: { x: 1 } }] }],
  };
  const expectations = [
    {
      id: 'steps',
      scenario: 's',
      mission: 'daily_loop',
      path: 'receipt.steps',
      op: 'eq',
      expected: ['daily-confirm-priorities', 'daily-summarise-yesterday', 'daily-generate-priorities', 'daily-log-summary'],
    },
    { id: 'target', scenario: 's', mission: 'run_tests', path: 'executed_steps.0.payload.description', op: 'eq', expected: 'Discover tests in all' },
    { id: 'ok', scenario: 's', mission: 'echo', path: 'success', op: 'eq', expected: true },
    { id: 'exists', scenario: 's', mission: 'echo', path: 'final_state.n', op: 'exists' },
  ] as const;
  const failing = {
    id: 'w',
    steps: [
      { id: 'stop', kind: 'runtime', payload: { operation: 'fail' } },
      { id: 'plain', kind: 'runtime' },
    ],
  } as const;

  function observe(): unknown {
    const run = runTestRun(suite, expectations);
    const failed = new Orchestrator().runWorkflow(failing);
    const plain = new Orchestrator().runWorkflow({ id: 'p', steps: [{ id: 'a', kind: 'runtime' }] });
    return {
      passed: run.passed,
      verdicts: [...run.expectationsResult.results.values()].map((verdict) => [verdict.id, verdict.passed, verdict.details]),
      testRunHash: run.metadata.testRunHash,
      failed: failed.toDict(),
      plain: plain.toDict(),
      built: buildWorkflow({ type: 'daily_loop' }).steps.map((step) => step.id),
      dailyLoop: runMission('daily_loop').receipt.steps,
      // Options objects given but empty: an inherited option must not be read either.
      withOptions: runSuite(suite, {}).metadata.suiteHash,
      callKey: mission('echo', { x: 1 }, {}).key,
      custom: new Orchestrator({}).operations.names,
    };
  }

  it.each(Object.keys(POLLUTION))('Object.prototype.%s', (key) => {
    const clean = observe();
    expect((clean as { passed: boolean }).passed).toBe(true);
    const prototype = Object.prototype as Record<string, unknown>;
    Object.defineProperty(prototype, key, { value: POLLUTION[key], configurable: true, writable: true, enumerable: false });
    try {
      expect(observe()).toEqual(clean);
    } finally {
      delete prototype[key];
    }
  });

  it('all of them at once', () => {
    const clean = observe();
    const prototype = Object.prototype as Record<string, unknown>;
    for (const [key, value] of Object.entries(POLLUTION))
      Object.defineProperty(prototype, key, { value, configurable: true, writable: true, enumerable: false });
    try {
      expect(observe()).toEqual(clean);
    } finally {
      for (const key of Object.keys(POLLUTION)) delete prototype[key];
    }
  });
});
