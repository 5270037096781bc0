/**
 * Comparing and ordering JSON data: strict equality (a boolean never equals a
 * number) and a copy with its keys in code-point order.
 */
import { hasOwn, setOwn } from './common.js';
import { sortedKeys } from './code-point-order.js';
import { freezeTrusted } from './json.js';
import type { JsonArray, JsonObject, JsonValue } from './json-value.js';

const { isArray } = Array;
const { keys: objectKeys } = Object;

/**
 * Strict JSON equality: same type, same value, arrays element-wise, objects
 * with the same own keys. A boolean never equals a number.
 */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aIsArray = isArray(a);
  if (aIsArray !== isArray(b)) return false;
  if (aIsArray) {
    const left = a as JsonArray;
    const right = b as JsonArray;
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!jsonEquals(left[i] as JsonValue, right[i] as JsonValue)) return false;
    return true;
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const leftKeys = objectKeys(left);
  if (leftKeys.length !== objectKeys(right).length) return false;
  for (const key of leftKeys) {
    if (!hasOwn(right, key) || !jsonEquals(left[key] as JsonValue, right[key] as JsonValue)) return false;
  }
  return true;
}

/** A copy of a JSON object with its keys inserted in code-point order (as far as JS property order allows). */
export function sortedObject(value: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const key of sortedKeys(value)) setOwn(out, key, value[key]);
  return freezeTrusted(out);
}
