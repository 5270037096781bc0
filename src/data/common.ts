/**
 * Helpers shared by every layer (runtime, DSL, matchers, CLI, fast-check):
 * describing a value for a message, plain-object checks, own-property reads
 * and writes, and how messages name a mission call and a count. None of them
 * runs user code: no getter, no Proxy trap, no `toString`.
 *
 * Each copy of the package (ESM, CommonJS) has its own copy of this module, so
 * nothing here may keep state or rely on `instanceof` across copies: what one
 * copy recognises of another's is decided in brand.ts alone.
 *
 * @internal Not part of the public API (not an entry point of the package).
 */
import { types } from 'node:util';
import { otherVersionBrand, otherVersionText } from './brand.js';

// Captured at load time so user stubs of globals cannot change the helpers.
const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, prototype: objectPrototype } = Object;
const hasOwnProperty = Object.prototype.hasOwnProperty; // eslint-disable-line @typescript-eslint/unbound-method
const { isArray } = Array;
const numberIsFinite = Number.isFinite;
const isProxy = types.isProxy;

// ---------------------------------------------------------------------------
// Own properties
// ---------------------------------------------------------------------------

/** What {@link dataProperty} found: a data property's value, or an accessor it did not call. */
export type FoundProperty = { readonly found: 'data'; readonly value: unknown } | { readonly found: 'accessor' };

/**
 * A property found along the prototype chain without running a getter or a
 * Proxy trap: its value when it is a data property, `{ found: 'accessor' }`
 * for a getter/setter, `undefined` when absent or behind a Proxy.
 */
export function dataProperty(target: object, key: PropertyKey): FoundProperty | undefined {
  for (let current: object | null = target; current !== null; current = getPrototypeOf(current) as object | null) {
    if (isProxy(current)) return undefined;
    const descriptor = getOwnPropertyDescriptor(current, key);
    if (descriptor) return 'value' in descriptor ? { found: 'data', value: descriptor.value } : { found: 'accessor' };
  }
  return undefined;
}

/** Sets an own data property, also for the key `__proto__` (which plain assignment would treat as the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Own-property lookup that never reaches the prototype chain. */
export function getOwn(target: object, key: string): unknown {
  return hasOwnProperty.call(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

/** True if the key is an own property of the target (never the prototype chain's). */
export function hasOwn(target: object, key: string): boolean {
  return hasOwnProperty.call(target, key);
}

/** True for a plain object: created by `{}`, `Object.create(null)` or `JSON.parse` (never a Proxy or an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isArray(value) || isProxy(value)) return false;
  const proto: unknown = getPrototypeOf(value);
  return proto === objectPrototype || proto === null;
}

// ---------------------------------------------------------------------------
// Describing a value
// ---------------------------------------------------------------------------

/** How {@link describeValue} shows a value. */
export interface DescribeOptions {
  /** Show numbers and strings themselves (`42`, `"wf"`) rather than their type (`a number`, `a string`). */
  readonly literal?: boolean;
}

/** The name of the class of an instance (`Map`, `Foo`), read without running user code; `undefined` when there is none. */
export function className(value: object): string | undefined {
  const proto = getPrototypeOf(value) as object | null;
  if (proto === null || isProxy(proto)) return undefined;
  const constructor = dataProperty(proto, 'constructor');
  const ctor = constructor?.found === 'data' ? constructor.value : undefined;
  if (typeof ctor !== 'function' || isProxy(ctor)) return undefined;
  const name: unknown = getOwnPropertyDescriptor(ctor, 'name')?.value;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The one short description of a value for messages: its type (`a number`,
 * `an array`, `a Map instance`), or with `literal` a number or string itself.
 * Non-finite numbers are always shown (`NaN`, `Infinity`). An object of a
 * class from a copy of another version of the package says so, with both
 * versions (it is refused wherever one of this version is expected). Runs no user code.
 *
 * @example
 * ```ts
 * describeValue(3); // 'a number'
 * describeValue('wf', { literal: true }); // '"wf"'
 * describeValue(new Map()); // 'a Map instance'
 * ```
 */
export function describeValue(value: unknown, options?: DescribeOptions): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const literal = options?.literal === true;
  switch (typeof value) {
    case 'number':
      return literal || !numberIsFinite(value) ? String(value) : 'a number';
    case 'string':
      return literal ? JSON.stringify(value) : 'a string';
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'boolean':
      return 'a boolean';
    default:
      break;
  }
  if (isProxy(value)) return 'a Proxy';
  if (isArray(value)) return 'an array';
  const proto = getPrototypeOf(value) as object | null;
  if (proto === objectPrototype || proto === null) return 'an object';
  const foreign = otherVersionBrand(value);
  if (foreign !== undefined) return otherVersionText(withArticle(foreign.name), foreign.version);
  const name = className(value);
  return name === undefined ? 'a non-plain object' : `${withArticle(name)} instance`;
}

/** "a Uint8Array", "an Error": the article follows the sound, and a leading U is read "you". */
function withArticle(name: string): string {
  return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** `String(value)`, or its description when that throws (a null-prototype object, a hostile `toString`). */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return describeValue(value);
  }
}

/** A mission call as messages name it: `'key'`, or `'key' (mission 'name')` when the key is not the mission's name. */
export function missionCallLabel(key: string, mission: string): string {
  return key === mission ? `'${key}'` : `'${key}' (mission '${mission}')`;
}

/** `1 scenario`, `2 scenarios`: a count and its noun. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
