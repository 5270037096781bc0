/**
 * Eager option checks shared by the builders. Every message starts with the
 * API name, says what was wrong and what is allowed.
 */
import type * as fc from 'fast-check';
import { DefinitionError, MISSION_REGISTRY, MissionRegistry } from 'tier2-harness';
import { describeValue, isPlainObject } from '../../internal/common.js';

// Captured at load time so user stubs of globals cannot change the checks.
const isInteger = Number.isInteger;
const isSafeInteger = Number.isSafeInteger;

/** A short description of a value for error messages: numbers and strings as themselves. */
export function describe(value: unknown): string {
  return describeValue(value, { literal: true });
}

/** The options object itself: `undefined` means none; anything but a plain object is a misuse. */
export function optionsObject<T extends object>(api: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new DefinitionError(`${api}: options must be a plain object, got ${describe(options)}`, 'options');
  return options;
}

/** An integer option in [min, max], or its default. */
export function integerOption(api: string, key: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !isInteger(value) || value < min || value > max) {
    throw new DefinitionError(`${api}: options.${key} must be an integer from ${min} to ${max}, got ${describe(value)}`, key);
  }
  return value;
}

/** A boolean option, or its default. */
export function booleanOption(api: string, key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new DefinitionError(`${api}: options.${key} must be true or false, got ${describe(value)}`, key);
  return value;
}

/** A fast-check seed: any 32-bit integer (fast-check accepts other numbers but replays only integers faithfully). */
export function seedOption(api: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !isSafeInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new DefinitionError(
      `${api}: options.seed must be an integer from -2147483648 to 4294967295 (as printed by a failure report), got ${describe(value)}`,
      'seed',
    );
  }
  return value;
}

const REPLAY_PATH = /^\d+(?::\d+)*$/;

/** A fast-check replay path such as `3:0:1`. */
export function pathOption(api: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !REPLAY_PATH.test(value)) {
    throw new DefinitionError(`${api}: options.path must be a replay path of integers separated by ':' (e.g. '3:0:1'), got ${describe(value)}`, 'path');
  }
  return value;
}

/** A registry made by createRegistry, or the built-in one. */
export function registryOption(api: string, value: unknown): MissionRegistry {
  if (value === undefined) return MISSION_REGISTRY;
  if (!MissionRegistry.isMissionRegistry(value)) {
    throw new DefinitionError(`${api}: options.registry must be a registry made by createRegistry, got ${describe(value)}`, 'registry');
  }
  return value;
}

/** A mission name known to the registry. */
export function missionName(api: string, registry: MissionRegistry, name: unknown): string {
  if (typeof name !== 'string' || !registry.has(name)) {
    throw new DefinitionError(
      `${api}: unknown mission ${describe(name)}; known missions: ${registry.names.map((known) => `'${known}'`).join(', ')} (pass options.registry for custom missions)`,
      'mission',
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
    throw new DefinitionError(`${api}: options.${key} must be a fast-check arbitrary (e.g. fc.record({ ... })), got ${describe(value)}`, key);
  return value as fc.Arbitrary<T>;
}
