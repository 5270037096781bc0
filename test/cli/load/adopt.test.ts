/**
 * `tier2 run` keeps the data it parsed, frozen, instead of validating a copy of
 * it (adoptSuiteConfig, adoptExpectationsConfig). Kept data must be read with
 * exactly the rules, paths and messages of the copy, deep-frozen and trusted
 * like a copy; and only data in which no container appears twice is kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, canonicalJson, parseExpectationsDefinition, parseSuiteDefinition } from '../../../src/index.js';
import { adoptExpectationsConfig, adoptSuiteConfig } from '../../../src/harness/config.js';
import { adoptParsedJson, isTrusted, toFrozenJson } from '../../../src/data/json.js';
import { parseConfigText } from '../../../src/cli/load/load-config.js';

/** What a read gives: the canonical text of the valid definition, or the error's class, code, path and message. */
function outcome(read: () => unknown): string {
  try {
    return `ok ${canonicalJson(JSON.parse(JSON.stringify(read())))}`;
  } catch (error) {
    const e = error as { name: string; code?: string; segments?: unknown; message: string };
    return `${e.name} ${e.code ?? ''} ${JSON.stringify(e.segments)} ${e.message}`;
  }
}

/** Every container of `value` frozen and trusted (marked as the runtime's own data). */
function deepFrozenAndTrusted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value) || !isTrusted(value)) return false;
  return Object.values(value).every(deepFrozenAndTrusted);
}

/** `levels` nested objects around 1: `{"a":{"a":...1}}` (the text, so that JSON.parse makes it). */
const nestedText = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const suiteText = (state: string, params = '{}'): string =>
  `{"suite_name":"s","scenarios":[{"scenario_name":"a","initial_state":${state},"missions":[{"name":"echo","params":${params}}]}]}`;

describe('adopting parsed config', () => {
  it('reads JSON text exactly as the copy does, for any JSON state and params', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6 }), (state, params) => {
        const text = suiteText(JSON.stringify(state), JSON.stringify(params));
        expect(outcome(() => adoptSuiteConfig(JSON.parse(text)))).toBe(outcome(() => parseSuiteDefinition(JSON.parse(text))));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the parsed data itself, deep-frozen and trusted, and freezes nothing it did not keep', () => {
    type Parsed = { scenarios: { initial_state: object; missions: { params: object }[] }[] };
    const data = JSON.parse(suiteText('{"x":{"y":[1,{"z":null}]},"w":"long string value here"}', '{"p":[true]}')) as Parsed;
    const [record] = data.scenarios;
    const suite = adoptSuiteConfig(data);
    const scenario = suite.scenarios[0]!;
    expect(scenario.initialState).toBe(record?.initial_state);
    expect(scenario.missions[0]!.params).toBe(record?.missions[0]?.params);
    expect(deepFrozenAndTrusted(scenario.initialState)).toBe(true);
    expect(deepFrozenAndTrusted(scenario.missions[0]!.params)).toBe(true);
    // The records around the values are the file's structure, read and not kept.
    expect(Object.isFrozen(record)).toBe(false);
  });

  it('refuses nesting at the same depth, path and message as the copy (the last accepted level and the first refused)', () => {
    for (const levels of [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1]) {
      const text = suiteText(nestedText(levels));
      const adopted = outcome(() => adoptSuiteConfig(JSON.parse(text)));
      expect(adopted).toBe(outcome(() => parseSuiteDefinition(JSON.parse(text))));
      expect(adopted.startsWith('ok')).toBe(levels === MAX_JSON_DEPTH);
    }
  });

  it('refuses nesting under a trusted value as the copy does: kept data is marked with its true height', () => {
    // A state kept at the limit, then nested one level deeper in a new definition, is refused by both.
    const kept = adoptSuiteConfig(JSON.parse(suiteText(nestedText(MAX_JSON_DEPTH)))).scenarios[0]!.initialState;
    const copied = parseSuiteDefinition(JSON.parse(suiteText(nestedText(MAX_JSON_DEPTH)))).scenarios[0]!.initialState;
    for (const extra of [16, 17]) {
      const wrap = (inner: unknown): unknown => Array.from({ length: extra }).reduce<unknown>((value) => ({ a: value }), inner);
      expect(outcome(() => toFrozenJson(wrap(kept), { at: [], subject: 'x' }))).toBe(outcome(() => toFrozenJson(wrap(copied), { at: [], subject: 'x' })));
    }
  });

  it('refuses a number that JSON.parse reads as Infinity, at its path', () => {
    const text = suiteText('{"a":[1,1e999]}');
    const adopted = outcome(() => adoptSuiteConfig(JSON.parse(text)));
    expect(adopted).toBe(outcome(() => parseSuiteDefinition(JSON.parse(text))));
    expect(adopted).toContain('scenarios[0].initial_state.a[1]');
    expect(adopted).toContain('Infinity is not a finite number');
  });

  it('hands values a parser never makes (class instances, proxies, frozen or null-prototype objects, non-JSON primitives) to the copy', () => {
    // What it cannot see cheaply (getters, symbol keys, holes) a parser never makes either: the callers pass only
    // JSON.parse's output and the plain YAML reader's, whose tests pin that.
    const path = { at: ['state'], subject: 'test' };
    class Point {
      x = 1;
    }
    const makers: (() => unknown)[] = [
      () => ({ a: new Point() }),
      () => ({ a: new Proxy({}, {}) }),
      () => ({ a: Object.freeze({ b: 1 }) }),
      () => ({ a: Object.create(null) as object }),
      () => ({ a: 1n }),
      () => ({ a: undefined }),
      () => ({ a: () => 1 }),
      () => ({ a: Number.NaN }),
    ];
    for (const make of makers) expect(outcome(() => adoptParsedJson(make(), path))).toBe(outcome(() => toFrozenJson(make(), path)));
  });

  it('reads expectations exactly as the copy does', () => {
    const text = JSON.stringify({
      expectations: [
        { id: 'e1', scenario_name: 'a', mission_name: 'echo', path: 'final_state', op: 'eq', expected: { deep: [1, { x: 'y' }] } },
        { id: 'e2', scenario_name: 'a', mission_name: 'echo', path: 'success', op: 'eq', expected: 'INFINITY' },
      ],
    }).replace('"INFINITY"', '1e999');
    const adopted = outcome(() => adoptExpectationsConfig(JSON.parse(text)));
    expect(adopted).toBe(outcome(() => parseExpectationsDefinition(JSON.parse(text))));
    expect(adopted).toContain('expectations[1].expected');
  });
});

describe('which loaded files are kept', () => {
  it('JSON and plain block YAML are unshared; YAML read by the full parse (aliases may share) is not', () => {
    expect(parseConfigText('{"a":{"b":1}}', 'x.json').unshared).toBe(true);
    expect(parseConfigText('a:\n  b: 1\n', 'x.yaml').unshared).toBe(true);
    const aliased = parseConfigText('a: &x {b: 1}\nc: *x\n', 'x.yaml');
    expect(aliased.unshared).toBe(false);
    const data = aliased.data as { a: object; c: object };
    expect(data.a).toBe(data.c); // what the flag protects: one object in two places
  });
});
