/**
 * Eager option checks shared by the builders. Every message starts with the
 * API name, says what was wrong and what is allowed.
 */
import type * as fc from 'fast-check';
import { DefinitionError, type ErrorCode } from '../../data/errors.js';
import { MISSION_REGISTRY, MissionRegistry } from '../../runtime/registry.js';
import { describeValue } from '../../data/common.js';

// Captured at load time so user stubs of globals cannot change the checks.
const isInteger = Number.isInteger;
const isSafeInteger = Number.isSafeInteger;
const { freeze } = Object;

/** A misused option: the problem names the option itself (`options.runs must be ...`). */
export function optionError(api: string, key: string, code: ErrorCode, problem: string): DefinitionError {
  return new DefinitionError({ code, subject: api, segments: [key], placeInProblem: true, problem });
}

/** The keys of `T` that `K` leaves out (`never` when `K` lists them all). */
type Missing<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/**
 * The option names of an options type, checked by the compiler: the list must
 * name every key of `T` and nothing else, so an option added to a type without
 * being allowed (or the other way round) does not compile.
 *
 * @example
 * ```ts
 * const JSON_OPTIONS = optionNames<JsonConstraints>()(['maxDepth', 'maxKeys', 'maxLength', 'maxStringLength', 'withPrototypeKeys']);
 * ```
 */
export function optionNames<T extends object>(): <const K extends readonly (keyof T & string)[]>(
  names: K & ([Missing<T, K>] extends [never] ? unknown : { readonly missing: Missing<T, K> }),
) => readonly (keyof T & string)[] {
  return (names) => freeze([...names]);
}

/** An integer option in [min, max], or its default. */
export function integerOption(api: string, key: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !isInteger(value) || value < min || value > max) {
    const code = typeof value === 'number' ? 'invalid_value' : 'wrong_type';
    throw optionError(api, key, code, `options.${key} must be an integer from ${min} to ${max}, got ${describeValue(value, { literal: true })}`);
  }
  return value;
}

/** A boolean option, or its default. */
export function booleanOption(api: string, key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw optionError(api, key, 'wrong_type', `options.${key} must be true or false, got ${describeValue(value, { literal: true })}`);
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
      `options.seed must be an integer from -2147483648 to 4294967295 (as printed by a failure report), got ${describeValue(value, { literal: true })}`,
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
    throw optionError(
      api,
      'path',
      code,
      `options.path must be a replay path of integers separated by ':' (e.g. '3:0:1'), got ${describeValue(value, { literal: true })}`,
    );
  }
  return value;
}

/** A registry made by createRegistry, or the built-in one. */
export function registryOption(api: string, value: unknown): MissionRegistry {
  if (value === undefined) return MISSION_REGISTRY;
  if (!MissionRegistry.isMissionRegistry(value)) {
    throw optionError(
      api,
      'registry',
      'wrong_type',
      `options.registry must be a registry made by createRegistry, got ${describeValue(value, { literal: true })}`,
    );
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
      `unknown mission ${describeValue(name, { literal: true })}; known missions: ${registry.names.map((known) => `'${known}'`).join(', ')} (pass options.registry for custom missions)`,
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
    throw optionError(
      api,
      key,
      'wrong_type',
      `options.${key} must be a fast-check arbitrary (e.g. fc.record({ ... })), got ${describeValue(value, { literal: true })}`,
    );
  return value as fc.Arbitrary<T>;
}
