import type * as fc from 'fast-check';
import type { JsonObject } from '../data/json.js';
import { jsonObjectArbitrary, resolveJson, type JsonConstraints } from './_internals/json.js';

/** Constraints of {@link jsonState}. */
export type JsonStateConstraints = JsonConstraints;

/**
 * A JSON object, as used for a run's initial state or a custom mission's
 * params: at most `maxKeys` keys, values nested at most `maxDepth` levels in
 * all (the object counts as one), finite numbers, non-ASCII strings, and no
 * inherited property names as keys unless `withPrototypeKeys` is set.
 *
 * @param constraints - bounds on depth, keys, items and string length.
 * @returns an arbitrary of plain, unfrozen objects.
 * @throws DefinitionError, at once, for constraints out of range or an unknown field.
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(jsonState(), (initialState) => runMission('echo', { initialState }).success),
 * );
 * ```
 */
export function jsonState(constraints?: JsonStateConstraints): fc.Arbitrary<JsonObject> {
  return jsonObjectArbitrary(resolveJson('jsonState', constraints));
}
