/** Canonical JSON, hashing, JSON validation, divergence and errors. */
import { describe, expect, it } from 'vitest';
import {
  AntiFailureViolation,
  ConfigError,
  DefinitionError,
  EnvelopeViolation,
  Tier2Error,
  UnknownOperationError,
  canonicalJson,
  findDivergence,
  stableHash,
  type JsonValue,
} from '../../src/index.js';

describe('canonicalJson', () => {
  // Expected texts were printed by Python's json.dumps (the reference's format).
  it.each([
    [1e-7, '1e-07'],
    [1e16, '1e+16'],
    [1.5e300, '1.5e+300'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-5, '-2.5e-05'],
    [123456789.125, '123456789.125'],
    [2 ** 53, '9007199254740992.0'],
    [-(2 ** 53), '-9007199254740992.0'],
    [9007199254740991, '9007199254740991'],
    [1e15 + 0.5, '1000000000000000.5'],
    [1234567890123456.8, '1234567890123456.8'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [1.23e22, '1.23e+22'],
    [2 ** 60, '1.152921504606847e+18'],
    [-0, '0'],
    [0, '0'],
  ])('formats %d as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('escapes everything outside printable ASCII as lowercase \\uXXXX, with short escapes', () => {
    expect(canonicalJson({ b: 'é\x7f\n\t"\\\x01', '😀': 1, '\uffff': 2, a: '\ud800' })).toBe(
      '{"a":"\\ud800","b":"\\u00e9\\u007f\\n\\t\\"\\\\\\u0001","\\uffff":2,"\\ud83d\\ude00":1}',
    );
    expect(canonicalJson('\b\f\r')).toBe('"\\b\\f\\r"');
  });

  it('sorts keys by code point, not by UTF-16 unit or JS property order', () => {
    expect(canonicalJson({ b: 1, a: 2, 10: 3, 2: 4 })).toBe('{"10":3,"2":4,"a":2,"b":1}');
    expect(canonicalJson({ '😀': 1, '\uffff': 2 })).toBe('{"\\uffff":2,"\\ud83d\\ude00":1}');
  });

  it('is compact and stable whatever the insertion order', () => {
    expect(canonicalJson({ z: [1, { y: null, x: true }], a: 's' })).toBe('{"a":"s","z":[1,{"x":true,"y":null}]}');
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }));
    expect(stableHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('rejects every value outside JSON with the path, never dropping it', () => {
    const cases: [unknown, string][] = [
      [{ a: undefined }, 'canonicalJson: a: undefined is not JSON data'],
      [{ a: [1, () => 1] }, 'canonicalJson: a[1]: a function is not JSON data'],
      [{ n: Number.NaN }, 'canonicalJson: n: NaN is not a finite number'],
      [{ n: Infinity }, 'canonicalJson: n: Infinity is not a finite number'],
      [{ b: 10n }, 'canonicalJson: b: a BigInt is not JSON data'],
      [{ s: Symbol('x') }, 'canonicalJson: s: a symbol is not JSON data'],
      [{ d: new Date(0) }, 'canonicalJson: d: a Date instance is not JSON data'],
      [{ m: new Map() }, 'canonicalJson: m: a Map instance is not JSON data'],
      [{ 'a b': new (class Widget {})() }, 'canonicalJson: ["a b"]: a Widget instance is not JSON data'],
      // eslint-disable-next-line no-sparse-arrays
      [[1, , 3], 'canonicalJson: value: a sparse array or an array with extra properties'],
    ];
    for (const [value, message] of cases) {
      expect(() => canonicalJson(value), message).toThrow(DefinitionError);
      expect(() => canonicalJson(value)).toThrow(message);
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow('canonicalJson: self: a circular reference');
    expect(() => canonicalJson({ [Symbol('k')]: 1 })).toThrow('an object with symbol keys');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('keeps __proto__ as ordinary data', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as JsonValue;
    expect(canonicalJson(value)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('findDivergence', () => {
  it('finds the first differing path in canonical order', () => {
    expect(findDivergence({ b: 1, a: [1, 2] }, { b: 2, a: [1, 3] })).toEqual({ path: 'a.1', segments: ['a', '1'], left: 2, right: 3 });
    expect(findDivergence({ a: 1 }, { a: 1, b: 2 })).toEqual({ path: 'b', segments: ['b'], left: undefined, right: 2 });
    expect(findDivergence([1], [1, 2])?.path).toBe('1');
    expect(findDivergence({ a: true }, { a: 1 })?.path).toBe('a');
    expect(findDivergence({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBeUndefined();
    expect(findDivergence(1, 2)).toEqual({ path: '', segments: [], left: 1, right: 2 });
  });
});

describe('errors', () => {
  it('set name, keep the hierarchy, and answer isX() across copies of the package', () => {
    const error = new UnknownOperationError('unknown', 'x', ['noop']);
    expect(error.name).toBe('UnknownOperationError');
    expect(error).toBeInstanceOf(EnvelopeViolation);
    expect(EnvelopeViolation.isEnvelopeViolation(error)).toBe(true);
    expect(Tier2Error.isTier2Error(error)).toBe(true);
    expect(AntiFailureViolation.isAntiFailureViolation(error)).toBe(false);
    // An error from another copy of the package, of any version, carries the same registered-symbol brand on its prototype.
    class ForeignConfigError extends Error {}
    Object.defineProperty(ForeignConfigError.prototype, Symbol.for('tier2-harness/brand'), {
      value: { names: ['ConfigError', 'Tier2Error'], version: '9.9.9' },
    });
    expect(ConfigError.isConfigError(new ForeignConfigError('x'))).toBe(true);
    expect(DefinitionError.isDefinitionError(new ForeignConfigError('x'))).toBe(false);
    expect(Tier2Error.isTier2Error(new Error('plain'))).toBe(false);
    expect(Tier2Error.isTier2Error(null)).toBe(false);
  });
});

describe('findDivergence on results', () => {
  it('names the data that changed, not the hash that covers it; a hash only when nothing else differs', () => {
    const left = { metadata: { scenario_hash: 'aaa', scenario_name: 's' }, mission_results: { echo: { final_state: { n: 1 } } } };
    const right = { metadata: { scenario_hash: 'bbb', scenario_name: 's' }, mission_results: { echo: { final_state: { n: 2 } } } };
    expect(findDivergence(left, right)?.path).toBe('mission_results.echo.final_state.n');
    expect(findDivergence({ metadata: { suite_hash: 'a' } }, { metadata: { suite_hash: 'b' } })?.path).toBe('metadata.suite_hash');
  });
});
