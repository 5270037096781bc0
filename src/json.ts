/**
 * JSON data: the only values the runtime accepts in state, params, payloads,
 * metadata and expected values. One walker validates, copies and deep-freezes
 * them; it remembers what it froze, so frozen data is never copied twice.
 */
import { DefinitionError } from './errors.js';

/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value. Numbers must be finite. */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
/** A JSON array (read-only view). */
export type JsonArray = readonly JsonValue[];
/** A JSON object with string keys (read-only view). */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Deepest nesting accepted anywhere (objects and arrays count one level each). */
export const MAX_JSON_DEPTH = 256;

// Captured at load time so user stubs of globals cannot change the runtime's behaviour.
const { freeze, getPrototypeOf, isExtensible, keys: objectKeys, defineProperty, prototype: objectPrototype } = Object;
const { isArray } = Array;
const numberIsFinite = Number.isFinite;

/** Returns its argument from `new`, so a subclass can stamp a private field on any object. */
class Stamp {
  constructor(value: object) {
    return value;
  }
}

/**
 * The mark of objects and arrays this module deep-froze itself: safe to share,
 * never copied again. A private field, stamped before the object is frozen: it
 * is invisible to reflection (no key, no symbol) and costs one hidden-class
 * transition. Not a WeakSet: V8's weak tables collapse beyond about two million
 * live entries (object identity hashes have ~21 bits), and the results of a
 * 20,000-scenario suite hold more objects than that.
 */
class Trusted extends Stamp {
  #trusted = true;
  static mark(value: object): void {
    new Trusted(value);
  }
  static has(value: object): boolean {
    return #trusted in value;
  }
}

/** Objects that were already non-extensible when marked (a private field cannot be relied on there). */
const trustedFrozen = new WeakSet<object>();

function markTrusted(value: object): void {
  if (Trusted.has(value)) return;
  if (isExtensible(value)) Trusted.mark(value);
  else trustedFrozen.add(value);
}

function trusted(value: object): boolean {
  return Trusted.has(value) || trustedFrozen.has(value);
}

/** A path in data, as segments, rendered by {@link formatPath}. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders `['steps', 1, 'payload', 'a b']` as `steps[1].payload["a b"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A short, safe description of any value's type for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return numberIsFinite(value) ? 'a number' : String(value);
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    default:
      break;
  }
  if (isArray(value)) return 'an array';
  const proto: unknown = getPrototypeOf(value);
  if (proto === objectPrototype || proto === null) return 'an object';
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name} instance` : 'a non-plain object';
}

/** True for a plain object: created by `{}`, `Object.create(null)` or `JSON.parse`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isArray(value)) return false;
  const proto: unknown = getPrototypeOf(value);
  return proto === objectPrototype || proto === null;
}

/** Sets an own data property, also for the key `__proto__` (which plain assignment would treat as the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Own-property lookup that never reaches the prototype chain. */
export function getOwn(target: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** Marks freshly built, deep-frozen data as trusted (used by modules that assemble frozen results). */
export function freezeTrusted<T extends object>(value: T): T {
  markTrusted(value);
  freeze(value);
  return value;
}

/** True if the runtime deep-froze this value itself. */
export function isTrusted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && trusted(value);
}

/** Options of {@link toFrozenJson}: how to name the input in an error. */
interface ToFrozenJsonOptions {
  /** Path segments of the value inside the caller's input, e.g. `['steps', 0, 'payload']`. */
  readonly at: readonly PathSegment[];
  /** What the whole input is called in messages, e.g. `workflow 'wf-a'`. */
  readonly subject: string;
}

function nonJson(value: unknown, path: PathSegment[], subject: string, why?: string): DefinitionError {
  const where = formatPath(path);
  const reason = why ?? `${describeValue(value)} is not JSON data`;
  return new DefinitionError(
    `${subject}: ${where === '' ? 'value' : where}: ${reason} (allowed: null, booleans, finite numbers, strings, arrays and plain objects)`,
    where,
  );
}

function copyFrozen(value: unknown, path: PathSegment[], depth: number, subject: string, active: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!numberIsFinite(value)) throw nonJson(value, path, subject, `${String(value)} is not a finite number`);
      return value;
    case 'object':
      break;
    default:
      throw nonJson(value, path, subject);
  }
  if (value === null) return null;
  if (trusted(value)) return value as JsonValue;
  if (depth >= MAX_JSON_DEPTH) throw nonJson(value, path, subject, `nesting deeper than ${MAX_JSON_DEPTH} levels`);
  if (active.has(value)) throw nonJson(value, path, subject, 'a circular reference');
  active.add(value);
  let out: JsonValue;
  if (isArray(value)) {
    const source = value as unknown[];
    const length = source.length;
    if (objectKeys(source).length !== length) {
      throw nonJson(value, path, subject, 'a sparse array or an array with extra properties');
    }
    const copy = new Array<JsonValue>(length);
    for (let i = 0; i < length; i++) {
      path.push(i);
      copy[i] = copyFrozen(source[i], path, depth + 1, subject, active);
      path.pop();
    }
    out = copy;
  } else {
    if (!isPlainObject(value)) throw nonJson(value, path, subject);
    if (Object.getOwnPropertySymbols(value).length > 0) throw nonJson(value, path, subject, 'an object with symbol keys');
    const copy: Record<string, JsonValue> = {};
    for (const key of objectKeys(value)) {
      path.push(key);
      setOwn(copy, key, copyFrozen(value[key], path, depth + 1, subject, active));
      path.pop();
    }
    out = copy;
  }
  active.delete(value);
  Trusted.mark(out);
  freeze(out);
  return out;
}

/**
 * Validates that `value` is JSON data and returns a deep-frozen copy of it
 * (or `value` itself when the runtime already froze it). Throws a
 * {@link DefinitionError} naming the offending path otherwise.
 */
export function toFrozenJson(value: unknown, options: ToFrozenJsonOptions): JsonValue {
  return copyFrozen(value, [...options.at], 0, options.subject, new Set());
}

/** Like {@link toFrozenJson}, but the value must be a JSON object. */
export function toFrozenJsonObject(value: unknown, options: ToFrozenJsonOptions): JsonObject {
  if (!isPlainObject(value)) {
    const where = formatPath(options.at);
    throw new DefinitionError(`${options.subject}: ${where === '' ? 'value' : where}: expected a plain object, got ${describeValue(value)}`, where);
  }
  return toFrozenJson(value, options) as JsonObject;
}

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

/** Maps a UTF-16 code unit so that unit order equals code-point order (surrogates sort above U+FFFF's BMP neighbours). */
function fixupUnit(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Compares two strings by Unicode code point (Python's `str` order), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixupUnit(x) - fixupUnit(y);
  }
  return a.length - b.length;
}

const NEEDS_CODE_POINT_ORDER = /[\ud800-\uffff]/;

/** Own keys of an object sorted by code point. */
export function sortedKeys(value: object): string[] {
  const keys = objectKeys(value);
  for (const key of keys) {
    if (NEEDS_CODE_POINT_ORDER.test(key)) return keys.sort(compareCodePoints);
  }
  return keys.sort();
}

/** A copy of a JSON object with its keys inserted in code-point order (as far as JS property order allows). */
export function sortedObject(value: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const key of sortedKeys(value)) setOwn(out, key, value[key]);
  return freezeTrusted(out);
}

/** Deeply read-only view of a type. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
