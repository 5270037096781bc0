/** Expectations engine, test-run aggregator and config adapter. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConfigError,
  DefinitionError,
  evaluateExpectations,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runSuite,
  runTestRun,
  runMission,
  runTestRunFromConfig,
  sha256ForTest,
  MAX_JSON_DEPTH,
  type JsonObject,
  type ExpectationResult,
  type Expectation,
} from '../helpers.js';

const suite = {
  name: 'nightly',
  scenarios: [
    {
      name: 's1',
      initialState: { count: 2, label: 'b', flag: true, 'dotted.key': 1, list: [10, 20] },
      missions: [{ mission: 'echo', params: { n: 1 } }, { mission: 'daily_loop' }],
    },
  ],
};
const result = runSuite(suite);

function verdict(expectation: Omit<Expectation, 'id' | 'scenario' | 'mission'> & { scenario?: string; mission?: string }): ExpectationResult {
  const full = { id: 'e', scenario: 's1', mission: 'echo', ...expectation } as Expectation;
  return evaluateExpectations(result, [full]).results.get('e') as ExpectationResult;
}

describe('evaluateExpectations', () => {
  it('eq / ne use strict JSON equality (a boolean never equals a number)', () => {
    expect(verdict({ path: 'final_state.count', op: 'eq', expected: 2 }).passed).toBe(true);
    expect(verdict({ path: 'final_state.flag', op: 'eq', expected: 1 }).details).toEqual({ reason: 'eq_mismatch' });
    expect(verdict({ path: 'final_state.list', op: 'eq', expected: [10, 20] }).passed).toBe(true);
    expect(verdict({ path: 'final_state.count', op: 'ne', expected: 2 }).details).toEqual({ reason: 'ne_mismatch' });
    expect(verdict({ path: 'final_state.flag', op: 'ne', expected: 1 }).passed).toBe(true);
  });

  it('gt / lt compare numbers with numbers and strings with strings by code point; anything else is a type_error', () => {
    expect(verdict({ path: 'final_state.count', op: 'gt', expected: 1 }).passed).toBe(true);
    expect(verdict({ path: 'final_state.count', op: 'lt', expected: 1 }).details).toEqual({ reason: 'lt_mismatch' });
    expect(verdict({ path: 'final_state.label', op: 'gt', expected: 'a' }).passed).toBe(true);
    expect(verdict({ path: 'final_state.count', op: 'gt', expected: '1' }).details).toEqual({ reason: 'type_error', message: 'Cannot compare types' });
    expect(verdict({ path: 'final_state.flag', op: 'gt', expected: 0 } as never).details.reason).toBe('type_error');
  });

  it('orders strings by code point, not by UTF-16 unit (astral characters sort above U+FFFF neighbours)', () => {
    const astral = runSuite({ name: 'x', scenarios: [{ name: 's1', initialState: { s: '😀' }, missions: [{ mission: 'echo' }] }] });
    const judged = evaluateExpectations(astral, [{ id: 'e', scenario: 's1', mission: 'echo', path: 'final_state.s', op: 'gt', expected: '\uffff' }]);
    expect(judged.passed).toBe(true);
  });

  it('HB-T2-EXP-01: exists is decided in one place: passes when the path resolves (even to null or false)', () => {
    expect(verdict({ path: 'error_message', op: 'exists' }).passed).toBe(true);
    expect(verdict({ path: 'final_state.flag', op: 'exists' }).actual).toBe(true);
    expect(verdict({ path: 'final_state.nope', op: 'exists' }).details).toEqual({ reason: 'path_missing', path: 'final_state.nope' });
  });

  it('reports scenario_missing and mission_missing with the name', () => {
    expect(verdict({ scenario: 'ghost', path: 'success', op: 'eq', expected: true }).details).toEqual({ reason: 'scenario_missing', scenario: 'ghost' });
    expect(verdict({ mission: 'ghost', path: 'success', op: 'eq', expected: true }).details).toEqual({ reason: 'mission_missing', mission: 'ghost' });
  });

  it('resolves paths: canonical list indices only, own keys only, the empty path is the whole result', () => {
    expect(verdict({ path: 'executed_steps.0.id', op: 'eq', expected: 'echo-step' }).passed).toBe(true);
    expect(verdict({ path: 'executed_steps.00.id', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: 'executed_steps.-1', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: 'executed_steps.length', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: 'final_state.constructor', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: 'final_state.__proto__', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: 'final_state.count.toString', op: 'exists' }).details.reason).toBe('path_missing');
    expect(verdict({ path: '', op: 'exists' }).actual).toHaveProperty('receipt');
  });

  it('accepts an array of segments for keys that contain dots', () => {
    expect(verdict({ path: ['final_state', 'dotted.key'], op: 'eq', expected: 1 }).passed).toBe(true);
    expect(verdict({ path: ['final_state', 'list', 1], op: 'eq', expected: 20 }).passed).toBe(true);
    expect(verdict({ path: 'final_state.dotted.key', op: 'exists' }).details.reason).toBe('path_missing');
  });

  it('HB-T2-EXP-04: expectation ids are unique', () => {
    expect(() =>
      evaluateExpectations(result, [
        { id: 'same', scenario: 's1', mission: 'echo', path: 'success', op: 'exists' },
        { id: 'same', scenario: 's1', mission: 'echo', path: 'success', op: 'exists' },
      ]),
    ).toThrow("evaluateExpectations: expectations[1].id: expectation id 'same' is already used by expectations[0]; ids must be unique");
  });

  it('rejects a bad op and a bad path with the location and what is allowed', () => {
    expect(() => evaluateExpectations(result, [{ id: 'a', scenario: 's1', mission: 'echo', path: 'x', op: 'gte' } as never])).toThrow(
      "evaluateExpectations: expectations[0].op: expected one of 'eq', 'ne', 'gt', 'lt', 'exists', 'absent', got 'gte'",
    );
    expect(() => evaluateExpectations(result, [{ id: 'a', scenario: 's1', mission: 'echo', path: 5, op: 'exists' } as never])).toThrow(DefinitionError);
  });

  it('HB-T2-EXP-02 / HB-T2-EXP-03: the collection is deeply immutable and results are read-only', () => {
    const expectations = [{ id: 'a', scenario: 's1', mission: 'echo', path: 'success', op: 'eq' as const, expected: { deep: [1] } }];
    const judged = evaluateExpectations(result, expectations);
    expectations[0]!.expected.deep.push(2);
    expect(judged.results.get('a')?.expected).toEqual({ deep: [1] });
    expect(Object.isFrozen(judged.results.get('a')?.expected)).toBe(true);
    expect('set' in judged.results).toBe(false);
    expectTypeOf(judged.results).toEqualTypeOf<ReadonlyMap<string, ExpectationResult>>();
    expect(Object.isFrozen(judged.toDict().expectation_results)).toBe(true);
  });

  it('hashes { id: { passed, actual, expected, details } }, with null for an absent expected', () => {
    const judged = evaluateExpectations(result, [{ id: 'a', scenario: 's1', mission: 'echo', path: 'success', op: 'exists' }]);
    expect(judged.metadata.expectationsHash).toBe(sha256ForTest({ a: { passed: true, actual: true, expected: null, details: {} } }));
    expect(judged.passed).toBe(true);
    expect(judged.failures).toEqual([]);
  });
});

describe('runTestRun', () => {
  const expectations = {
    expectations: [
      { id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq' as const, expected: true },
      { id: 'bad', scenario: 's1', mission: 'daily_loop', path: 'receipt.steps.0', op: 'eq' as const, expected: 'nope' },
    ],
  };
  const run = runTestRun(suite, expectations);

  it('HB-T2-TRUN-02: metadata carries suite_name, test_run_hash and the expectation counts', () => {
    expect(run.passed).toBe(false);
    expect(run.toDict().metadata).toEqual({ suite_name: 'nightly', test_run_hash: run.metadata.testRunHash, expectations_passed: 1, expectations_total: 2 });
  });

  it('HB-T2-TRUN-03: toDict() is { suite_result, expectations_result, passed, metadata }, a superset of what the hash covers', () => {
    const dict = run.toDict();
    expect(Object.keys(dict).sort()).toEqual(['expectations_result', 'metadata', 'passed', 'suite_result']);
    const recomputed = sha256ForTest({
      suite_result: dict.suite_result.scenario_results,
      suite_metadata: dict.suite_result.metadata,
      expectations_result: dict.expectations_result.expectation_results,
      expectations_metadata: dict.expectations_result.metadata,
      passed: dict.passed,
    });
    expect(recomputed).toBe(dict.metadata.test_run_hash);
  });

  it('HB-T2-TRUN-01: metadata is read-only', () => {
    expect(Object.isFrozen(run.metadata)).toBe(true);
    expect(Object.isFrozen(run.toDict().metadata)).toBe(true);
    expect(() => {
      // @ts-expect-error read-only
      run.metadata.testRunHash = 'x';
    }).toThrow(TypeError);
  });

  it('validates both definitions before running anything', () => {
    expect(() => runTestRun({ name: 'n', scenarios: [{ name: 's', missions: [{ mission: 'ghost' }] }] }, [{ id: 'x' }] as never)).toThrow(
      'runTestRun: expectations: expectations[0].scenario: required field is missing; expected a string',
    );
  });

  it('passes with no expectations at all', () => {
    expect(runTestRun(suite, []).passed).toBe(true);
  });
});

describe('config adapter', () => {
  const suiteConfig = {
    suite_name: 'cfg',
    scenarios: [
      {
        scenario_name: 's1',
        initial_state: { n: 1 },
        missions: [
          { name: 'echo', params: null },
          { name: 'echo', key: 'echo-2', params: { a: 1 } },
        ],
      },
    ],
  };
  const expectationsConfig = {
    expectations: [{ id: 'e', scenario_name: 's1', mission_name: 'echo-2', path: 'executed_steps.0.payload.params.a', op: 'eq', expected: 1 }],
  };

  it('parses snake_case config, refuses extra fields, and runs', () => {
    // An unknown field is refused, not ignored: a misspelt field must never vanish silently.
    expect(() => runTestRunFromConfig({ ...suiteConfig, comment: 'ignored' }, expectationsConfig)).toThrow(
      "comment: unknown field; allowed fields: '$schema', 'suite_name', 'scenarios', 'expectations'",
    );
    // `$schema` (for editors) is known at the top of both files.
    const run = runTestRunFromConfig({ $schema: 'suite.schema.json', ...suiteConfig }, { $schema: 'expectations.schema.json', ...expectationsConfig });
    expect(run.passed).toBe(true);
    expect(parseSuiteDefinition(suiteConfig).scenarios[0]?.missions.map((call) => call.key)).toEqual(['echo', 'echo-2']);
  });

  it('names the exact location of every problem', () => {
    const cases: [unknown, string][] = [
      [{ scenarios: [] }, 'suite_name: required field is missing; expected a string'],
      [{ suite_name: 's', scenarios: {} }, 'scenarios: expected an array of scenarios, got an object'],
      [
        {
          suite_name: 's',
          scenarios: [
            { scenario_name: 'a', missions: [] },
            { scenario_name: 'b', missions: [{ name: 'echo' }, { params: {} }] },
          ],
        },
        'scenarios[1].missions[1].name: required field is missing; expected a string',
      ],
      [{ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 7 }] }] }, 'scenarios[0].missions[0].name: expected a string, got a number'],
      [
        { suite_name: 's', scenarios: [{ scenario_name: 'a', initial_state: [1], missions: [] }] },
        'scenarios[0].initial_state: expected an object of JSON data, got an array',
      ],
      [
        { suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 'echo', params: 'x' }] }] },
        'scenarios[0].missions[0].params: expected an object of JSON data (or null), got a string',
      ],
      [
        {
          suite_name: 's',
          scenarios: [
            { scenario_name: 'a', missions: [] },
            { scenario_name: 'a', missions: [] },
          ],
        },
        "scenarios[1].scenario_name: scenario name 'a' is already used by scenarios[0]; results are keyed by name, so names must be unique in a suite",
      ],
    ];
    for (const [config, message] of cases) {
      let error: unknown;
      try {
        parseSuiteDefinition(config);
      } catch (caught) {
        error = caught;
      }
      expect(error, message).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(message);
    }
  });

  it('names locations in expectations config, including a bad op and a duplicate id', () => {
    expect(() => parseExpectationsDefinition({ expectations: [{ id: 'a', scenario_name: 's', mission_name: 'm', path: 'p', op: 'gte' }] })).toThrow(
      "expectations[0].op: expected one of 'eq', 'ne', 'gt', 'lt', 'exists', 'absent', got 'gte'",
    );
    expect(() =>
      parseExpectationsDefinition({
        expectations: [
          { id: 'a', scenario_name: 's', mission_name: 'm', path: 'p', op: 'exists' },
          { id: 'a', scenario_name: 's', mission_name: 'm', path: 'p', op: 'exists' },
        ],
      }),
    ).toThrow("expectations[1].id: expectation id 'a' is already used by expectations[0]; ids must be unique");
    let error: unknown;
    try {
      parseExpectationsDefinition({ expectations: [{ id: 'a', scenario_name: 's', mission_name: 'm', path: 'p', op: 'eq', expected: { when: new Date(0) } }] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).location).toBe('expectations[0].expected.when');
  });

  it('never mutates its inputs', () => {
    const frozen = JSON.parse(JSON.stringify(suiteConfig)) as typeof suiteConfig;
    const snapshot = JSON.stringify(frozen);
    runTestRunFromConfig(frozen, expectationsConfig);
    expect(JSON.stringify(frozen)).toBe(snapshot);
  });

  it('ConfigError.withFile prefixes the file', () => {
    const error = new ConfigError('expected a string, got a number', 'scenarios[2].missions[0].name').withFile('suite.yaml');
    expect(error.message).toBe('suite.yaml: scenarios[2].missions[0].name: expected a string, got a number');
    expect(error.file).toBe('suite.yaml');
    expect(error.location).toBe('scenarios[2].missions[0].name');
  });
});

describe('nesting of verdicts and expectations (their recorded heights)', () => {
  /** `value` nested `levels` deep under the key `n`. */
  const within = (levels: number, value: unknown): JsonObject => {
    let current = value;
    for (let i = 0; i < levels; i++) current = { n: current };
    return current as JsonObject;
  };
  // A verdict or expectation holding this is MAX_JSON_DEPTH - 9 high: at most 25 levels more fit (headroom 16).
  const deep = within(MAX_JSON_DEPTH - 10, 1);
  const refused = /around data the runtime already validated/;

  it('a verdict counts the depth of the data it holds when passed back in (MAX_JSON_DEPTH is not bypassed)', () => {
    const suiteResult = runSuite({ name: 'deep', scenarios: [{ name: 's', missions: [{ mission: 'echo', params: { deep } }] }] });
    const verdicts = evaluateExpectations(suiteResult, [
      { id: 'd', scenario: 's', mission: 'echo', path: 'executed_steps.0.payload.params.deep', op: 'exists' },
    ]);
    const found = verdicts.results.get('d');
    expect(found?.passed).toBe(true);
    expect(() => runMission('echo', {}, within(20, found))).not.toThrow();
    expect(() => runMission('echo', {}, within(30, found))).toThrow(refused);
  });

  it('a validated expectation counts the depth of its expected value when passed back in', () => {
    const [expectation] = parseExpectationsDefinition({
      expectations: [{ id: 'd', scenario_name: 's', mission_name: 'echo', path: 'x', op: 'eq', expected: deep }],
    }).expectations;
    expect(() => runMission('echo', {}, within(20, expectation))).not.toThrow();
    expect(() => runMission('echo', {}, within(30, expectation))).toThrow(refused);
  });
});
