import type * as fc from 'fast-check';
import type { MissionCall } from '../harness/scenario.js';
import { MISSION_CALL_OPTIONS, definitionOptions, missionCallArbitrary, resolveDefinitions, type MissionCallConstraints } from './_internals/definitions.js';

export type { MissionCallConstraints };

/**
 * A mission call `{ mission, params?, key? }` for a registry: a mission of the
 * registry (or of `missions`), params shaped for it (see `missionParams`),
 * sometimes no params, sometimes an explicit `key`.
 *
 * @param constraints - registry, missions to use, keys, invalid values, JSON bounds.
 * @throws DefinitionError, at once, for an unknown mission or bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(missionCall({ missions: ['daily_loop'] }), (call) =>
 *     runMission(call.mission, {}, call.params).executedSteps.length <= 5,
 *   ),
 * );
 * ```
 */
export function missionCall(constraints?: MissionCallConstraints): fc.Arbitrary<MissionCall> {
  const api = 'missionCall';
  return missionCallArbitrary(resolveDefinitions(api, definitionOptions(api, constraints, MISSION_CALL_OPTIONS)));
}
