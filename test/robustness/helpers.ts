/**
 * Shared helpers of the robustness tests: deep-freezing inputs, checking that
 * results are deeply frozen, catching errors, and snapshotting the globals a
 * prototype-pollution attack would change.
 */
import { expect } from 'vitest';
import type { Tier2Error } from '../../src/index.js';

/** Freezes a value and everything reachable from it (own string and symbol keys). Returns the value. */
export function deepFreeze<T>(value: T, seen: Set<object> = new Set()): T {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor) deepFreeze(descriptor.value, seen);
  }
  Object.freeze(value);
  return value;
}

/**
 * Walks a result: every object reachable through own properties, Map/Set
 * entries and `toDict()` must be frozen. Returns how many objects it checked.
 */
export function expectDeeplyFrozen(value: unknown, where = 'result', seen: Set<object> = new Set()): number {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return 0;
  if (typeof value === 'function') return 0;
  seen.add(value);
  if (!Object.isFrozen(value)) throw new Error(`${where} is not frozen`);
  let count = 1;
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor) count += expectDeeplyFrozen(descriptor.value, `${where}.${String(key)}`, seen);
  }
  const candidate = value as { toDict?: unknown; entries?: unknown };
  if (typeof candidate.toDict === 'function') count += expectDeeplyFrozen((candidate.toDict as () => unknown).call(value), `${where}.toDict()`, seen);
  if (value instanceof Map || (typeof candidate.entries === 'function' && Symbol.iterator in value && !Array.isArray(value))) {
    for (const [key, entry] of (value as ReadonlyMap<unknown, unknown>).entries()) count += expectDeeplyFrozen(entry, `${where}.get(${String(key)})`, seen);
  }
  return count;
}

/** Runs `fn` and returns what it threw; fails the test if it returned. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Asserts `fn` throws a Tier2Error of the given guard whose message contains every fragment; returns the error. */
export function expectTier2<E extends Tier2Error>(fn: () => unknown, guard: (value: unknown) => value is E, ...fragments: string[]): E {
  const error = thrown(fn);
  if (!guard(error)) throw new Error(`expected a documented error, got ${String(error)}`, { cause: error });
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

/** The own property names of the prototypes an attack would pollute, to compare before and after. */
export function globalsSnapshot(): string {
  const prototypes: Record<string, object> = {
    Object: Object.prototype,
    Array: Array.prototype,
    Function: Function.prototype,
    String: String.prototype,
    Map: Map.prototype,
  };
  return JSON.stringify(Object.entries(prototypes).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}
