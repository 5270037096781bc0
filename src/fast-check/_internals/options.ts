/**
 * Eager option checks shared by the builders. Every message starts with the
 * API name, says what was wrong and what is allowed.
 */
import type * as fc from 'fast-check';
import { DefinitionError, MISSION_REGISTRY, MissionRegistry, type ErrorCode } from 'tier2-harness';

// Captured at load time so user stubs of globals cannot change the checks.
const isInteger = Number.isInteger;
const isSafeInteger = Number.isSafeInteger;
const { getPrototypeOf, prototype: objectPrototype } = Object;

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = getPrototypeOf(value);
  return proto === objectPrototype || proto === null;
}

/** A misused option: the problem names the option itself (`options.runs must be ...`). */
export function optionError(api: string, key: string, code: ErrorCode, problem: string): DefinitionError {
  return new DefinitionError({ code, subject: api, segments: [key], placeInProblem: true, problem });
}

/** The options object itself: `undefined` means none; anything but a plain object is a misuse. */
export function optionsObject<T extends object>(api: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw optionError(api, 'options', 'wrong_type', `options must be a plain object, got ${describe(options)}`);
  return options;
}

/** An integer option in [min, max], or its default. */
export function integerOption(api: string, key: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !isInteger(value) || value < min || value > max) {
    const code = typeof value === 'number' ? 'invalid_value' : 'wrong_type';
    throw optionError(api, key, code, `options.${key} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** A boolean option, or its default. */
export function booleanOption(api: string, key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw optionError(api, key, 'wrong_type', `options.${key} must be true or false, got ${describe(value)}`);
  return value;
}

/** A fast-check seed: any 32-bit integer (fast-check accepts other numbers but replays only integers faithfully). */
export function seedOption(api: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !isSafeInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    const code = typeof value === 'number' ? 'invalid_value' : 'wrong_type';
    throw optionError(
      api,
      'seed',
      code,
      `options.seed must be an integer from -2147483648 to 4294967295 (as printed by a failure report), got ${describe(value)}`,
    );
  }
  return value;
}

const REPLAY_PATH = /^\d+(?::\d+)*$/;

/** A fast-check replay path such as `3:0:1`. */
export function pathOption(api: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !REPLAY_PATH.test(value)) {
    const code = typeof value === 'string' ? 'invalid_value' : 'wrong_type';
    throw optionError(api, 'path', code, `options.path must be a replay path of integers separated by ':' (e.g. '3:0:1'), got ${describe(value)}`);
  }
  return value;
}

/** A registry made by createRegistry, or the built-in one. */
export function registryOption(api: string, value: unknown): MissionRegistry {
  if (value === undefined) return MISSION_REGISTRY;
  if (!MissionRegistry.isMissionRegistry(value)) {
    throw optionError(api, 'registry', 'wrong_type', `options.registry must be a registry made by createRegistry, got ${describe(value)}`);
  }
  return value;
}

/** A mission name known to the registry. */
export function missionName(api: string, registry: MissionRegistry, name: unknown): string {
  if (typeof name !== 'string' || !registry.has(name)) {
    throw optionError(
      api,
      'mission',
      typeof name === 'string' ? 'invalid_value' : 'wrong_type',
      `unknown mission ${describe(name)}; known missions: ${registry.names.map((known) => `'${known}'`).join(', ')} (pass options.registry for custom missions)`,
    );
  }
  return name;
}

/** True for a fast-check arbitrary from any copy of fast-check (duck-typed: `instanceof` fails across copies). */
export function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { generate?: unknown }).generate === 'function' &&
    typeof (value as { shrink?: unknown }).shrink === 'function' &&
    typeof (value as { canShrinkWithoutContext?: unknown }).canShrinkWithoutContext === 'function'
  );
}

/** An arbitrary option, or its default. */
export function arbitraryOption<T>(api: string, key: string, value: unknown, fallback: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  if (value === undefined) return fallback();
  if (!isArbitrary(value))
    throw optionError(api, key, 'wrong_type', `options.${key} must be a fast-check arbitrary (e.g. fc.record({ ... })), got ${describe(value)}`);
  return value as fc.Arbitrary<T>;
}
