/**
 * Limits: nesting (MAX_JSON_DEPTH) is a clear error everywhere, never a stack
 * overflow; huge strings and very wide objects give exactly the canonical text
 * and hash computed independently; lone surrogates and astral characters are
 * escaped as documented.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DefinitionError,
  MAX_JSON_DEPTH,
  Orchestrator,
  canonicalJson,
  evaluateExpectations,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runMission,
  runScenario,
  runSuite,
  stableHash,
  type JsonObject,
} from '../../src/index.js';
import { thrown } from './helpers.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `levels` nested objects (`{ a: { a: ... 1 } }`) or arrays (`[[... 1]]`). */
function nest(levels: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

const DEEP = 10_000;
const noop = { id: 'wf', steps: [{ id: 's', kind: 'runtime' as const }] };

describe('nesting 10,000 levels deep', () => {
  const surfaces: readonly [string, (deep: unknown) => unknown, boolean][] = [
    ['runWorkflow initialState', (deep) => new Orchestrator().runWorkflow(noop, { initialState: { deep } as JsonObject }), false],
    [
      'runWorkflow payload',
      (deep) => new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'human', payload: { deep } as JsonObject }] }),
      false,
    ],
    ['runMission params', (deep) => runMission('echo', {}, { deep }), false],
    ['runScenario initialState', (deep) => runScenario({ name: 's', initialState: { deep } as JsonObject, missions: [] }), false],
    [
      'evaluateExpectations expected',
      (deep) =>
        evaluateExpectations(runSuite({ name: 'x', scenarios: [] }), [
          { id: 'e', scenario: 's', mission: 'm', path: '', op: 'eq', expected: deep as JsonObject },
        ]),
      false,
    ],
    [
      'config initial_state',
      (deep) => parseSuiteDefinition({ suite_name: 'x', scenarios: [{ scenario_name: 's', initial_state: { deep }, missions: [] }] }),
      true,
    ],
    [
      'config params',
      (deep) => parseSuiteDefinition({ suite_name: 'x', scenarios: [{ scenario_name: 's', missions: [{ name: 'echo', params: { deep } }] }] }),
      true,
    ],
    [
      'config expected',
      (deep) => parseExpectationsDefinition({ expectations: [{ id: 'e', scenario_name: 's', mission_name: 'm', path: 'p', op: 'eq', expected: deep }] }),
      true,
    ],
    ['canonicalJson', (deep) => canonicalJson({ deep }), false],
    ['stableHash', (deep) => stableHash([deep]), false],
  ];
  for (const kind of ['object', 'array'] as const) {
    const deep = nest(DEEP, kind);
    it.each(surfaces)(`%s (${kind}s) → an error naming MAX_JSON_DEPTH, not a RangeError`, (_label, run, config) => {
      const error = thrown(() => run(deep));
      expect(error).not.toBeInstanceOf(RangeError);
      expect(config ? ConfigError.isConfigError(error) : DefinitionError.isDefinitionError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(`nesting deeper than MAX_JSON_DEPTH (${MAX_JSON_DEPTH}) levels`);
    });
  }

  it('the error points at the first level beyond the limit', () => {
    const error = thrown(() => runMission('echo', {}, nest(DEEP, 'object'))) as DefinitionError;
    expect(error.path).toBe(`params${'.a'.repeat(MAX_JSON_DEPTH)}`);
    const config = thrown(() =>
      parseSuiteDefinition({ suite_name: 'x', scenarios: [{ scenario_name: 's', initial_state: { deep: nest(DEEP, 'array') }, missions: [] }] }),
    ) as ConfigError;
    expect(config.location).toBe(`scenarios[0].initial_state.deep${'[0]'.repeat(MAX_JSON_DEPTH - 1)}`);
  });
});

describe('the boundary of MAX_JSON_DEPTH', () => {
  it('exactly MAX_JSON_DEPTH levels are accepted everywhere, and results built on them hash', () => {
    const state = nest(MAX_JSON_DEPTH, 'object') as JsonObject;
    const params = nest(MAX_JSON_DEPTH - 1, 'array');
    expect(() => canonicalJson(state)).not.toThrow();
    // Results wrap the data in a few more levels; hashing them must still work (it used to throw).
    const scenario = runScenario({
      name: 's',
      initialState: state,
      missions: [{ mission: 'echo', params: { list: params } as JsonObject }, { mission: 'daily_loop' }],
    });
    expect(scenario.metadata.scenarioHash).toBe(stableHash(JSON.parse(canonicalJson(scenario.toDict().mission_results)) as unknown));
  });

  it('one level more is refused as input; canonicalJson leaves 64 levels of room for results', () => {
    expect(() => canonicalJson(nest(MAX_JSON_DEPTH + 64, 'object'))).not.toThrow();
    expect(DefinitionError.isDefinitionError(thrown(() => canonicalJson(nest(MAX_JSON_DEPTH + 65, 'object'))))).toBe(true);
    expect(DefinitionError.isDefinitionError(thrown(() => runMission('echo', { initialState: nest(MAX_JSON_DEPTH + 1, 'object') as JsonObject })))).toBe(true);
  });

  it('frozen results fed back in, wrapped again and again, stop growing at a clear error (never a RangeError)', () => {
    let state = runMission('echo', { initialState: nest(MAX_JSON_DEPTH, 'object') as JsonObject }).finalState;
    // The same data, re-used as it is: accepted without a copy.
    expect(runMission('echo', { initialState: state }).finalState).toEqual(state);
    let error: unknown;
    let rounds = 0;
    for (; rounds < 100 && error === undefined; rounds++) {
      try {
        state = runMission('echo', { initialState: { wrap: [[[[state]]]] } }).finalState;
      } catch (caught) {
        error = caught;
      }
    }
    expect(rounds).toBeLessThan(10);
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as Error).message).toContain('MAX_JSON_DEPTH');
  });
});

// Megabytes of data: a generous timeout for a loaded CI machine (no speed is asserted).
describe('large values', { timeout: 60_000 }, () => {
  // 10 MB of text that needs every kind of escape: short escapes, \u00XX, BMP and astral characters.
  const CHUNK = 'ab"\\\n\u0001é€😀 ';
  const CHUNK_ESCAPED = 'ab\\"\\\\\\n\\u0001\\u00e9\\u20ac\\ud83d\\ude00 ';
  const repeats = Math.ceil((10 * 1024 * 1024) / CHUNK.length);
  const big = CHUNK.repeat(repeats);
  const bigEscaped = `"${CHUNK_ESCAPED.repeat(repeats)}"`;

  it('a 10 MB string in state and params: result and hashes equal the independently built canonical text', () => {
    expect(big.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const scenario = runScenario({ name: 's', initialState: { big }, missions: [{ mission: 'echo', params: { big } }] });
    const echo = scenario.missionResults.get('echo');
    expect(echo?.finalState.big).toBe(big);
    const text =
      '{"error_message":null,"executed_steps":[{"id":"echo-step","kind":"runtime","payload":{"description":"Echo workflow step","operation":"noop",' +
      `"params":{"big":${bigEscaped}}}}],"failed_step_id":null,"final_state":{"big":${bigEscaped}},"id":"wf-echo",` +
      '"lineage":{"executed_step_ids":["echo-step"],"workflow_id":"wf-echo"},"receipt":{"id":"wf-echo","steps":["echo-step"]},"success":true}';
    expect(canonicalJson(echo?.toDict()) === text).toBe(true);
    expect(scenario.metadata.scenarioHash).toBe(sha256(`{"echo":${text}}`));
    expect(stableHash({ big })).toBe(sha256(`{"big":${bigEscaped}}`));
  });

  it('an object with 100,000 keys (inserted in reverse) and an array of 100,000 items', () => {
    const wide: Record<string, number> = {};
    for (let i = 99_999; i >= 0; i--) wide[`k${String(i).padStart(6, '0')}`] = i;
    const list = Array.from({ length: 100_000 }, (_, i) => i % 7);
    let expectedWide = '{';
    for (let i = 0; i < 100_000; i++) expectedWide += `${i === 0 ? '' : ','}"k${String(i).padStart(6, '0')}":${i}`;
    expectedWide += '}';
    const expectedList = `[${list.join(',')}]`;
    const result = runMission('echo', { initialState: { wide, list } }, { wide });
    expect(Object.keys(result.finalState.wide as JsonObject)).toHaveLength(100_000);
    expect(canonicalJson(result.finalState)).toBe(`{"list":${expectedList},"wide":${expectedWide}}`);
    expect(stableHash(result.toDict().executed_steps[0]?.payload.params)).toBe(sha256(`{"wide":${expectedWide}}`));
  });
});

describe('lone surrogates and astral characters', () => {
  const value = JSON.parse('{"\\ud800":"\\udfff","😀":"x😀","\\uffff":1,"a":"\\u0000\\u001f\\u007f","\\udbff\\udfff":"\\ud800x"}') as JsonObject;
  // Keys by code point: 'a' < U+D800 (lone) < U+FFFF < U+1F600 (😀) < U+10FFFF.
  const text = '{"a":"\\u0000\\u001f\\u007f","\\ud800":"\\udfff","\\uffff":1,"\\ud83d\\ude00":"x\\ud83d\\ude00","\\udbff\\udfff":"\\ud800x"}';

  it('canonical text: lowercase \\uXXXX escapes per UTF-16 unit, keys in code-point order', () => {
    expect(canonicalJson(value)).toBe(text);
    expect(stableHash(value)).toBe(sha256(text));
  });

  it('the same data in state, params and config round-trips unchanged', () => {
    const result = runMission('echo', { initialState: value }, value);
    expect(canonicalJson(result.finalState)).toBe(text);
    expect(canonicalJson(result.toDict().executed_steps[0]?.payload.params)).toBe(text);
    expect(JSON.parse(canonicalJson(result.toDict()))).toEqual(JSON.parse(JSON.stringify(result.toDict())));
    const suite = parseSuiteDefinition({
      suite_name: '\ud800',
      scenarios: [{ scenario_name: '😀', initial_state: value, missions: [{ name: 'echo', key: '\udfff' }] }],
    });
    expect(suite.name).toBe('\ud800');
    expect(canonicalJson(suite.scenarios[0]?.initialState)).toBe(text);
  });

  it('sha256 is taken over UTF-8 of the ASCII-only canonical text (a lone surrogate never reaches the encoder)', () => {
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
    expect(stableHash('\ud800')).toBe(sha256('"\\ud800"'));
    expect(stableHash('\ud800')).not.toBe(stableHash('\udbff'));
  });
});
