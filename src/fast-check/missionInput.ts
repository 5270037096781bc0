import type * as fc from 'fast-check';
import { MISSION_PROPERTY_OPTIONS, missionOptions, resolveMission, type MissionInput, type MissionPropertyOptions } from './_internals/mission.js';

export type { MissionInput, MissionPropertyOptions };

/**
 * The inputs a mission is fuzzed with: `{ params?, initialState }`. Params
 * come from `options.params` or, by default, `missionParams(name, { invalidValues: true })`
 * (sometimes absent); the initial state from `options.initialState` or `jsonState(json)`.
 * Use it with {@link missionPredicate} in `fc.property` or `test.prop`.
 *
 * @param name - a mission of the registry.
 * @param options - registry, params/state arbitraries, JSON bounds.
 * @throws DefinitionError, at once, for an unknown mission or bad options (an unknown field included).
 * @example
 * ```ts
 * import { test } from '@fast-check/vitest';
 * test.prop([missionInput('daily_loop')])('daily_loop keeps its invariants', missionPredicate('daily_loop'));
 * ```
 */
export function missionInput(name: string, options?: MissionPropertyOptions): fc.Arbitrary<MissionInput> {
  return resolveMission('missionInput', name, missionOptions('missionInput', options, MISSION_PROPERTY_OPTIONS)).input;
}
