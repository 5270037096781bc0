import * as fc from 'fast-check';
import { MISSION_PROPERTY_OPTIONS, missionOptions, resolveMission, type MissionInput, type MissionPropertyOptions } from './_internals/mission.js';
import { predicateOf } from './missionPredicate.js';

/**
 * The property "this mission keeps its invariants", ready for `fc.assert` or
 * `fc.check`: `fc.property(missionInput(name, options), missionPredicate(name, options))`
 * with the options resolved once.
 *
 * @param name - a mission of the registry.
 * @param options - as {@link missionInput} and {@link missionPredicate}.
 * @throws DefinitionError, at once, for an unknown mission or bad options (an unknown field included).
 * @example
 * ```ts
 * fc.assert(missionProperty('daily_loop'), { numRuns: 500 });
 * ```
 */
export function missionProperty(name: string, options?: MissionPropertyOptions): fc.IPropertyWithHooks<[MissionInput]> {
  const config = resolveMission('missionProperty', name, missionOptions('missionProperty', options, MISSION_PROPERTY_OPTIONS));
  return fc.property(config.input, predicateOf(config));
}
