/**
 * The machinery behind the JSON arbitraries: bounded depth and size, finite
 * numbers, ASCII and non-ASCII strings, and object keys that never name a
 * property of `Object.prototype` unless asked to.
 */
import { setOwn } from '../../data/common.js';
import { readOptions } from '../../data/fields.js';
import * as fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../data/json.js';
import { booleanOption, integerOption, optionNames } from './options.js';

/**
 * Keys that name inherited properties: `__proto__`, `constructor`, `toString`, ... plus `prototype`.
 * The JSON arbitraries avoid them unless `withPrototypeKeys` is set.
 *
 * @example
 * ```ts
 * PROTOTYPE_KEYS.includes('__proto__'); // true
 * ```
 */
export const PROTOTYPE_KEYS: readonly string[] = Object.freeze([...Object.getOwnPropertyNames(Object.prototype), 'prototype'].sort());
const prototypeKeySet = new Set(PROTOTYPE_KEYS);

/** Constraints of the JSON arbitraries (`jsonData`, `jsonState` and the params of generic missions). */
export interface JsonConstraints {
  /** Deepest nesting of arrays and objects (0 = primitives only). Default 3, at most 16. */
  readonly maxDepth?: number;
  /** Most keys per object. Default 4, at most 64. */
  readonly maxKeys?: number;
  /** Most items per array. Default 4, at most 64. */
  readonly maxLength?: number;
  /** Longest string, in code points (keys included). Default 12, at most 1024. */
  readonly maxStringLength?: number;
  /** Also use keys such as `__proto__` and `constructor` (default false: those keys need their own tests). */
  readonly withPrototypeKeys?: boolean;
}

/** The fields of {@link JsonConstraints}, the only ones a JSON constraints object may have. */
export const JSON_OPTIONS = optionNames<JsonConstraints>()(['maxDepth', 'maxKeys', 'maxLength', 'maxStringLength', 'withPrototypeKeys']);

/** For a helper with a `json` option: a JSON field given at the top level is suggested under `json`. */
export const JSON_NESTED = Object.freeze({ key: 'json', allowed: JSON_OPTIONS });

/** Fully defaulted {@link JsonConstraints}. */
export interface ResolvedJson {
  readonly maxDepth: number;
  readonly maxKeys: number;
  readonly maxLength: number;
  readonly maxStringLength: number;
  readonly withPrototypeKeys: boolean;
}

/**
 * Checks and defaults JSON constraints once (unknown fields included); messages
 * start with the API name. `key` is the option that holds them (`'json'`), or
 * `'options'` when they are the helper's own options.
 */
export function resolveJson(api: string, constraints: JsonConstraints | undefined, key = 'options'): ResolvedJson {
  const given = readOptions(api, constraints, JSON_OPTIONS, { at: key === 'options' ? ['options'] : ['options', key] }) as Partial<JsonConstraints>;
  const at = key === 'options' ? '' : `${key}.`;
  return Object.freeze({
    maxDepth: integerOption(api, `${at}maxDepth`, given.maxDepth, 3, 0, 16),
    maxKeys: integerOption(api, `${at}maxKeys`, given.maxKeys, 4, 0, 64),
    maxLength: integerOption(api, `${at}maxLength`, given.maxLength, 4, 0, 64),
    maxStringLength: integerOption(api, `${at}maxStringLength`, given.maxStringLength, 12, 0, 1024),
    withPrototypeKeys: booleanOption(api, `${at}withPrototypeKeys`, given.withPrototypeKeys, false),
  });
}

/** Text: mostly ASCII, often non-ASCII (accents, CJK, emoji beyond the BMP), sometimes a notable constant. */
export function text(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength }), weight: 2 },
    { arbitrary: fc.string({ unit: fc.constantFrom('é', 'ß', '日', '本', '😀', 'Ω', '\u00a0', '\n', '"', '\\'), maxLength }), weight: 1 },
  );
}

/** Object keys: text that is not an inherited property name (unless prototype keys are asked for). */
export function objectKey(json: ResolvedJson): fc.Arbitrary<string> {
  const plain = text(Math.min(json.maxStringLength, 8)).filter((key) => !prototypeKeySet.has(key));
  return json.withPrototypeKeys ? fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 1 }) : plain;
}

/** Finite numbers: small integers most often, then 32-bit integers, safe-integer edges and finite doubles. */
export const finiteNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: -100, max: 100 }), weight: 4 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.1, 1e-7, 1e16, -0), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
);

/** A plain object built from entries; `__proto__` becomes an own data property, never the prototype. */
export function objectFromEntries(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) setOwn(out, key, value);
  return out;
}

function primitive(json: ResolvedJson): fc.Arbitrary<JsonValue> {
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: finiteNumber, weight: 2 },
    { arbitrary: text(json.maxStringLength), weight: 2 },
  );
}

function objectOf(json: ResolvedJson, values: fc.Arbitrary<JsonValue>): fc.Arbitrary<JsonObject> {
  return fc
    .uniqueArray(fc.tuple(objectKey(json), values), { maxLength: json.maxKeys, selector: ([key]) => key })
    .map((entries) => objectFromEntries(entries) as JsonObject);
}

/**
 * The JSON values of each depth: `levels[d]` nests at most `d` containers.
 * Built bottom-up, so the number of arbitraries grows linearly with depth.
 */
function levels(json: ResolvedJson): fc.Arbitrary<JsonValue>[] {
  const base = primitive(json);
  const out: fc.Arbitrary<JsonValue>[] = [base];
  for (let depth = 1; depth <= json.maxDepth; depth++) {
    const inner = out[depth - 1] as fc.Arbitrary<JsonValue>;
    out.push(
      fc.oneof(
        { arbitrary: base, weight: 3 },
        { arbitrary: fc.array(inner, { maxLength: json.maxLength }), weight: 1 },
        { arbitrary: objectOf(json, inner), weight: 1 },
      ),
    );
  }
  return out;
}

/** Any JSON value within the constraints. */
export function jsonValueArbitrary(json: ResolvedJson): fc.Arbitrary<JsonValue> {
  return levels(json)[json.maxDepth] as fc.Arbitrary<JsonValue>;
}

/** A JSON object within the constraints (the object itself counts as one level; depth 0 still gives `{}`-shaped objects of primitives). */
export function jsonObjectArbitrary(json: ResolvedJson): fc.Arbitrary<JsonObject> {
  const all = levels(json);
  return objectOf(json, all[Math.max(0, json.maxDepth - 1)] as fc.Arbitrary<JsonValue>);
}

/** A copy of an object without the given keys (own keys only). */
export function omitKeys(value: JsonObject, keys: readonly string[]): JsonObject {
  return objectFromEntries(Object.entries(value).filter(([key]) => !keys.includes(key))) as JsonObject;
}
