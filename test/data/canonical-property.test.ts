/**
 * canonicalJson against an obviously correct reference serialiser written
 * here, on random JSON: unicode keys and strings (lone surrogates, astral
 * pairs, U+E000..U+FFFF, controls, quotes), numbers at every formatting
 * boundary, plain data, runtime-frozen data and plain data holding frozen
 * subtrees (the fast walk alternates between its trusted and untrusted reads).
 * The reference is also run with a planted fault (keys in UTF-16 order), and
 * the property must catch it: the generator reaches the cases that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/index.js';
import { toFrozenJson } from '../../src/data/json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SHORT_ESCAPES: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** Python's json.dumps(ensure_ascii=True): printable ASCII as is, short escapes, every other UTF-16 unit as lowercase \uXXXX. */
function referenceString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const unit = text.charCodeAt(i);
    if (SHORT_ESCAPES[char] !== undefined) out += SHORT_ESCAPES[char];
    else if (unit >= 0x20 && unit <= 0x7e) out += char;
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Python's float repr: shortest digits, exponent form when the exponent is < -4 or >= 16; ints below 2^53 as ints. */
function referenceNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return value === 0 ? '0' : String(value);
  const [mantissa = '', exponentText = ''] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/** Code points of a string: a surrogate pair as its astral code point, a lone surrogate as itself. */
const codePoints = (text: string): number[] => Array.from(text, (char) => char.codePointAt(0) as number);

/** Python's str order: lexicographic by code point. */
function byCodePoint(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** The planted fault: keys in UTF-16 order, which differs from code-point order for astral vs U+E000..U+FFFF keys. */
const byUtf16Unit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function reference(value: Json, order: (a: string, b: string) => number = byCodePoint): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return referenceNumber(value);
  if (typeof value === 'string') return referenceString(value);
  if (Array.isArray(value)) return `[${value.map((item) => reference(item, order)).join(',')}]`;
  const keys = Object.keys(value).sort(order);
  return `{${keys.map((key) => `${referenceString(key)}:${reference(value[key] as Json, order)}`).join(',')}}`;
}

/** One UTF-16 unit or code point, biased towards the characters where escaping and ordering go wrong. */
const unit = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'z', 'A', '0', '9', ' ', '~', '_', '-'), weight: 4 },
  { arbitrary: fc.constantFrom('"', '\\', '\n', '\t', '\b', '\f', '\r', '\u0000', '\u001f', '\u007f', '\u0080', 'é', 'λ'), weight: 2 },
  { arbitrary: fc.constantFrom('\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '\ufeff', '😀', '𝄞', '\u{10ffff}'), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), weight: 1 },
  { arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)), weight: 1 },
);
const text = fc.string({ unit, maxLength: 6 });

const number = fc.oneof(
  fc.constantFrom(
    1e-7,
    1e-5,
    1e-4,
    1e-6,
    9.999e-5,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    2 ** 53 - 1,
    -0,
    0,
    1e16,
    1e16 - 2,
    1e21,
    1e22,
    5e-324,
    1.7976931348623157e308,
    0.1,
    123.456,
  ),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: -330, max: 306 })).map(([digits, exponent]) => Number(`${digits}e${exponent}`)),
);

/** An object built with defineProperty, so a key such as `__proto__` stays ordinary data. */
function objectOf(entries: [string, Json][]): Json {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.array(fc.tuple(fc.oneof(text, fc.constantFrom('__proto__', '10', '2', 'constructor')), tie('json')), { maxLength: 8 }).map(objectOf),
  ),
}));

const frozen = (value: Json): Json => toFrozenJson(value, { at: [], subject: 'property test' }) as Json;

/** Plain data around frozen subtrees: every other container level frozen by the runtime. */
function mixed(value: Json, freezeHere: boolean): Json {
  if (typeof value !== 'object' || value === null) return value;
  if (freezeHere) return frozen(value);
  if (Array.isArray(value)) return value.map((item) => mixed(item, true));
  return objectOf(Object.entries(value).map(([key, item]) => [key, mixed(item, true)]));
}

/** The property: canonicalJson gives the reference text of plain, frozen and mixed data. */
const agrees = (order?: (a: string, b: string) => number) =>
  fc.property(json, (value) => {
    const expected = reference(value, order);
    return canonicalJson(value) === expected && canonicalJson(frozen(value)) === expected && canonicalJson(mixed(value, false)) === expected;
  });

describe('canonicalJson against a reference serialiser', () => {
  it('gives the reference text for random JSON, plain, runtime-frozen and mixed', () => {
    fc.assert(agrees(), { numRuns: 2000 });
  });

  it('would catch keys sorted by UTF-16 unit instead of code point (the planted fault)', () => {
    const result = fc.check(agrees(byUtf16Unit), { numRuns: 2000 });
    expect(result.failed).toBe(true);
  });

  it('formats the boundary numbers like the reference', () => {
    for (const value of [1e-7, 2 ** 53 + 2, -0, 1e16, 1e-5, 1e21, 5e-324, 123456789.125, -(2 ** 53)]) {
      expect(canonicalJson(value)).toBe(referenceNumber(value));
    }
    expect(referenceNumber(1e-7)).toBe('1e-07');
    expect(referenceNumber(2 ** 53 + 2)).toBe('9007199254740994.0');
    expect(referenceNumber(1e16)).toBe('1e+16');
  });
});
