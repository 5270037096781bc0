/**
 * JSON data: the only values the runtime accepts in state, params, payloads,
 * metadata and expected values. One walker validates, copies and deep-freezes
 * them; it remembers what it froze, so frozen data is never copied twice.
 */
import { types as utilTypes } from 'node:util';
import { DefinitionError } from './errors.js';
import type { PathSegment } from './error-message.js';
import { describeValue, getOwn, hasOwn, isPlainObject, safeString, setOwn } from './common.js';

import type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json-value.js';

export type { JsonArray, JsonObject, JsonPrimitive, JsonValue };

/**
 * JSON data as callers write it. Object properties may be typed `undefined`
 * so that optional fields and TypeScript's widened unions of object literals
 * (`{ a?: undefined }`) type-check; at runtime a property whose value really
 * is `undefined` is rejected with its path (leave the key out instead).
 */
export type JsonInput = JsonPrimitive | readonly JsonInput[] | JsonObjectInput;
/** A JSON object as callers write it (see {@link JsonInput}). */
export type JsonObjectInput = { readonly [key: string]: JsonInput | undefined };

/** Deepest nesting accepted anywhere (objects and arrays count one level each). */
export const MAX_JSON_DEPTH = 256;

// Captured at load time so user stubs of globals cannot change the runtime's behaviour.
const {
  freeze,
  getPrototypeOf,
  isExtensible,
  keys: objectKeys,
  prototype: objectPrototype,
  getOwnPropertyNames,
  getOwnPropertySymbols,
  getOwnPropertyDescriptor,
} = Object;
const { isArray, prototype: arrayPrototype } = Array;
const numberIsFinite = Number.isFinite;
const isProxy = utilTypes.isProxy;

/** Returns its argument from `new`, so a subclass can stamp a private field on any object. */
class Stamp {
  constructor(value: object) {
    return value;
  }
}

/**
 * The mark of objects and arrays the runtime deep-froze itself: safe to share,
 * never copied again. It carries the value's height (1 for an object holding no
 * object), so data embedding a trusted value still respects
 * {@link MAX_JSON_DEPTH} without a walk. A private field, stamped before the
 * object is frozen: invisible to reflection, and one hidden-class transition.
 * Not a WeakMap: V8's weak tables collapse beyond about two million live
 * entries, and a 20,000-scenario suite's results hold more objects than that.
 */
class TrustMark extends Stamp {
  readonly #height: number;

  private constructor(value: object, height: number) {
    super(value);
    this.#height = height;
  }

  static mark(value: object, height: number): void {
    new TrustMark(value, height);
  }

  static heightOf(value: object): number | undefined {
    return #height in value ? value.#height : undefined;
  }
}

/** Heights of values that were already non-extensible when marked (no private field can be added there). */
const frozenHeights = new WeakMap<object, number>();

/** Marks a value as trusted, with its height. Call before freezing it. */
function markTrusted(value: object, height: number): void {
  if (TrustMark.heightOf(value) !== undefined) return;
  if (isExtensible(value)) TrustMark.mark(value, height);
  else frozenHeights.set(value, height);
}

/** The recorded height of a trusted value, or undefined when the runtime did not freeze it. */
function trustedHeight(value: object): number | undefined {
  // Only objects that were already non-extensible when marked are in the table (and stay non-extensible).
  return TrustMark.heightOf(value) ?? (isExtensible(value) ? undefined : frozenHeights.get(value));
}

export { formatPath, type PathSegment } from './error-message.js';

// Described, checked, read and written by the one shared helper module (re-exported for the runtime's modules).
export { describeValue, getOwn, hasOwn, isPlainObject, safeString, setOwn };

/** Height of a child value: 0 for a primitive, the recorded height of a trusted object (1 if unknown). */
function childHeight(child: unknown): number {
  return typeof child === 'object' && child !== null ? (trustedHeight(child) ?? 1) : 0;
}

/** Marks freshly built, deep-frozen data as trusted (used by modules that assemble frozen results). */
export function freezeTrusted<T extends object>(value: T): T {
  let height = 0;
  if (isArray(value)) {
    // By index: the keys of an array would be one new string per element.
    for (let i = 0; i < value.length; i++) height = Math.max(height, childHeight(value[i]));
  } else {
    for (const key of objectKeys(value)) height = Math.max(height, childHeight((value as Record<string, unknown>)[key]));
  }
  markTrusted(value, height + 1);
  freeze(value);
  return value;
}

/**
 * {@link freezeTrusted} for a fresh object whose object-valued fields are all
 * among `children` (the caller lists them, so its keys are not walked).
 */
export function freezeTrustedOver<T extends object>(value: T, children: readonly unknown[]): T {
  let height = 0;
  for (let i = 0; i < children.length; i++) height = Math.max(height, childHeight(children[i]));
  markTrusted(value, height + 1);
  freeze(value);
  return value;
}

/** A fresh, frozen copy of an object's top level; of runtime-frozen data it takes the recorded height (same children) instead of walking the keys. */
export function freshTopLevel<T extends object>(value: T): T {
  const height = trustedHeight(value);
  const copy = { ...value };
  if (height === undefined) return freezeTrusted(copy);
  markTrusted(copy, height);
  freeze(copy);
  return copy;
}

/** True if the runtime deep-froze this value itself. */
export function isTrusted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && trustedHeight(value) !== undefined;
}

/** Marker returned by {@link readOwnData} for an index an array does not have. */
export const HOLE: unique symbol = Symbol('hole');
/** Marker returned by {@link readOwnData} for a getter/setter property. */
export const ACCESSOR: unique symbol = Symbol('accessor');

/** `Object.prototype.__lookupGetter__` and `__lookupSetter__` (Annex B): the accessor a key has, never called. */
interface AccessorLookups {
  readonly __lookupGetter__: (this: object, key: PropertyKey) => unknown;
  readonly __lookupSetter__: (this: object, key: PropertyKey) => unknown;
}
// Captured at load time like the globals above.
const { __lookupGetter__: lookupGetter, __lookupSetter__: lookupSetter } = Object.prototype as AccessorLookups;

/**
 * The value of `target`'s own property `key`, known to exist, without running
 * a getter: {@link ACCESSOR} for a getter/setter. No descriptor object is
 * made: a getter is looked up (an own data property stops the lookup), and a
 * property that reads as `undefined` (a data property holding `undefined`, or
 * an accessor without a getter) is told apart by its descriptor.
 */
function readKnownOwn(target: object, key: string | number): unknown {
  if (lookupGetter.call(target, key) !== undefined) return ACCESSOR;
  const value = (target as Record<string | number, unknown>)[key];
  if (value === undefined && (lookupSetter.call(target, key) !== undefined || !('value' in (getOwnPropertyDescriptor(target, key) as PropertyDescriptor)))) {
    return ACCESSOR;
  }
  return value;
}

/** An own data property's value, without running getters: {@link HOLE} if absent, {@link ACCESSOR} for a getter/setter. */
export function readOwnData(target: object, key: string | number): unknown {
  return hasOwn(target, key as string) ? readKnownOwn(target, key) : HOLE;
}

/**
 * Why an object or array cannot be JSON data as a container (its values are
 * checked separately), or `undefined` when it can: proxies, class instances,
 * Array subclasses, symbol keys, non-enumerable properties and sparse arrays
 * or arrays with extra properties are all refused, since copying them would
 * silently drop or coerce something.
 */
export function containerProblem(value: object): string | undefined {
  return containerProblemOf(value, undefined);
}

/** {@link containerProblem}, given the own enumerable string keys of the object when the caller has them. */
function containerProblemOf(value: object, keys: readonly string[] | undefined): string | undefined {
  if (isProxy(value)) return 'a Proxy is not JSON data';
  if (getOwnPropertySymbols(value).length > 0) return `${isArray(value) ? 'an array' : 'an object'} with symbol keys is not JSON data`;
  if (isArray(value)) {
    if (getPrototypeOf(value) !== arrayPrototype) return 'an instance of an Array subclass is not JSON data';
    // Own names are the indices plus `length`; anything else is an extra (or hidden) property.
    if (getOwnPropertyNames(value).length !== value.length + 1) return 'a sparse array or an array with extra properties';
    return undefined;
  }
  if (!isPlainObject(value)) return `${describeValue(value)} is not JSON data`;
  if (getOwnPropertyNames(value).length !== (keys ?? objectKeys(value)).length) return 'an object with non-enumerable properties is not JSON data';
  return undefined;
}

/**
 * Extra levels allowed around data the runtime already validated (a template
 * nesting params in a payload, a result's state passed back in a wrapper).
 * Every value the runtime freezes is thus at most MAX_JSON_DEPTH + 16 levels
 * high, plus the few levels results add: nesting cannot grow by re-feeding.
 */
const TRUSTED_HEADROOM = 16;

/** The message for data nested too deeply. */
export const TOO_DEEP = `nesting deeper than MAX_JSON_DEPTH (${MAX_JSON_DEPTH}) levels`;

/**
 * How deep `canonicalJson` goes in data the runtime did not freeze itself:
 * results wrap data in a few more levels (at most MAX_JSON_DEPTH + 16 + ~12),
 * and a result that went through `JSON.parse(JSON.stringify(...))` must still
 * hash. The bound only guards the recursion.
 */
export const MAX_SERIALISED_DEPTH = MAX_JSON_DEPTH + 64;

/** Options of {@link toFrozenJson}: how to name the input in an error. */
interface ToFrozenJsonOptions {
  /** Path segments of the value inside the caller's input, e.g. `['steps', 0, 'payload']`. */
  readonly at: readonly PathSegment[];
  /** What the whole input is called in messages, e.g. `workflow 'wf-a'`. */
  readonly subject: string;
}

function nonJson(value: unknown, path: PathSegment[], subject: string, why?: string): DefinitionError {
  const reason = why ?? `${describeValue(value)} is not JSON data`;
  return new DefinitionError({
    code: 'not_json',
    subject,
    segments: path,
    whole: 'value',
    problem: `${reason} (allowed: null, booleans, finite numbers, strings, arrays and plain objects)`,
  });
}

/**
 * Copies and deep-freezes JSON data. `path` holds the segments down to
 * `value` (pushed and popped in place; an error keeps it as it stands);
 * `ancestors[0..depth)` the containers being copied around it: a container
 * found among them is a cycle. A linear scan of the few levels JSON data
 * usually has, in place of a set per call.
 */
function copyFrozen(value: unknown, path: PathSegment[], depth: number, subject: string, ancestors: object[]): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!numberIsFinite(value)) throw nonJson(value, path, subject, `${String(value)} is not a finite number`);
      return value;
    case 'object':
      break;
    case 'undefined':
      throw nonJson(value, path, subject, 'undefined is not JSON data (leave the key out instead)');
    default:
      throw nonJson(value, path, subject);
  }
  if (value === null) return null;
  const knownHeight = trustedHeight(value);
  if (knownHeight !== undefined) {
    if (depth + knownHeight > MAX_JSON_DEPTH + TRUSTED_HEADROOM) {
      throw nonJson(value, path, subject, `${TOO_DEEP} (plus ${TRUSTED_HEADROOM} around data the runtime already validated)`);
    }
    return value as JsonValue;
  }
  if (depth >= MAX_JSON_DEPTH) throw nonJson(value, path, subject, TOO_DEEP);
  for (let i = 0; i < depth; i++) if (ancestors[i] === value) throw nonJson(value, path, subject, 'a circular reference');
  ancestors[depth] = value;
  let height = 0;
  let out: Record<string | number, JsonValue> | JsonValue[];
  if (isArray(value)) {
    const problem = containerProblemOf(value, undefined);
    if (problem !== undefined) throw nonJson(value, path, subject, problem);
    const length = value.length;
    out = new Array<JsonValue>(length);
    // Not sparse (checked above): every index is an own property.
    for (let i = 0; i < length; i++) {
      const copied = copyChild(value, i, path, depth, subject, ancestors);
      height = Math.max(height, childHeight(copied));
      out[i] = copied;
    }
  } else {
    // Keys are read only from a plain object (never through a Proxy trap).
    const keys = isPlainObject(value) ? objectKeys(value) : undefined;
    const problem = containerProblemOf(value, keys);
    if (problem !== undefined || keys === undefined) throw nonJson(value, path, subject, problem);
    out = {};
    for (const key of keys) {
      const copied = copyChild(value, key, path, depth, subject, ancestors);
      height = Math.max(height, childHeight(copied));
      setOwn(out, key, copied);
    }
  }
  TrustMark.mark(out, height + 1);
  freeze(out);
  return out;
}

/** The frozen copy of one own property of a container being copied (`depth` is the container's). */
function copyChild(container: object, key: PathSegment, path: PathSegment[], depth: number, subject: string, ancestors: object[]): JsonValue {
  const raw = readKnownOwn(container, key);
  path.push(key);
  if (raw === ACCESSOR) throw nonJson(raw, path, subject, 'a getter/setter property is not JSON data');
  const copied = copyFrozen(raw, path, depth + 1, subject, ancestors);
  path.pop();
  return copied;
}

/**
 * Validates that `value` is JSON data and returns a deep-frozen copy of it
 * (or `value` itself when the runtime already froze it). Throws a
 * {@link DefinitionError} naming the offending path otherwise.
 */
export function toFrozenJson(value: unknown, options: ToFrozenJsonOptions): JsonValue {
  return copyFrozen(value, [...options.at], 0, options.subject, []);
}

/**
 * Internal (not for users; not covered by semver): {@link toFrozenJson} for
 * data the caller parsed from text itself and gives up, in which no container
 * appears twice (`JSON.parse`'s output, the CLI's plain YAML reader's): frozen
 * and marked in place instead of copied. Such data can break only two of the
 * rules (a number like `1e999` that parses as Infinity, and depth), and those
 * are checked in the same order, with the same paths and messages, as the
 * copy's. Anything that is not a plain object or array is handed to the copy.
 */
export function adoptParsedJson(value: unknown, options: ToFrozenJsonOptions): JsonValue {
  return adoptFrozen(value, [...options.at], 0, options.subject);
}

function adoptFrozen(value: unknown, path: PathSegment[], depth: number, subject: string): JsonValue {
  if (typeof value !== 'object' || value === null || !isParsedContainer(value)) {
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
    return copyFrozen(value, path, depth, subject, []);
  }
  if (depth >= MAX_JSON_DEPTH) throw nonJson(value, path, subject, TOO_DEEP);
  let height = 0;
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      height = Math.max(height, childHeight(adoptFrozen(value[i], path, depth + 1, subject)));
      path.pop();
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const key of objectKeys(record)) {
      path.push(key);
      height = Math.max(height, childHeight(adoptFrozen(record[key], path, depth + 1, subject)));
      path.pop();
    }
  }
  TrustMark.mark(value, height + 1);
  freeze(value);
  return value as JsonValue;
}

/** True for what a parser makes: an unmarked, extensible plain object or array (anything else takes the copy). */
function isParsedContainer(value: object): boolean {
  if (isProxy(value)) return false; // before anything that would run one of its traps
  const prototype: unknown = getPrototypeOf(value);
  return (prototype === arrayPrototype || prototype === objectPrototype) && isExtensible(value) && TrustMark.heightOf(value) === undefined;
}

/** Like {@link toFrozenJson}, but the value must be a JSON object. */
export function toFrozenJsonObject(value: unknown, options: ToFrozenJsonOptions): JsonObject {
  if (!isPlainObject(value)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: options.subject,
      segments: options.at,
      whole: 'value',
      problem: `expected a plain object, got ${describeValue(value)}`,
    });
  }
  return toFrozenJson(value, options) as JsonObject;
}
