import type * as fc from 'fast-check';
import type { JsonValue } from '../data/json.js';
import { jsonValueArbitrary, resolveJson, type JsonConstraints } from './_internals/json.js';

/** Constraints of {@link jsonData}. */
export type JsonDataConstraints = JsonConstraints;

/**
 * Any JSON value the runtime accepts: null, booleans, finite numbers (never
 * NaN or ±Infinity), strings with ASCII and non-ASCII text, arrays and plain
 * objects, nested at most `maxDepth` levels. Object keys never name inherited
 * properties (`__proto__`, `constructor`, ...) unless `withPrototypeKeys` is set.
 *
 * @param constraints - bounds on depth, keys, items and string length.
 * @returns an arbitrary whose values `canonicalJson` always accepts.
 * @throws DefinitionError, at once, for constraints out of range or an unknown field.
 * @example
 * ```ts
 * fc.assert(fc.property(jsonData({ maxDepth: 2 }), (value) => canonicalJson(value).length > 0));
 * ```
 */
export function jsonData(constraints?: JsonDataConstraints): fc.Arbitrary<JsonValue> {
  return jsonValueArbitrary(resolveJson('jsonData', constraints));
}
