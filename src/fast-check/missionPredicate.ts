import {
  MISSION_PROPERTY_OPTIONS,
  checkInput,
  missionOptions,
  resolveMission,
  type MissionInput,
  type MissionPropertyOptions,
  type ResolvedMission,
} from './_internals/mission.js';
import { MissionInvariantError } from './errors.js';

/** Internal (not for users; not covered by semver): The predicate of an already resolved mission. */
export function predicateOf(config: ResolvedMission): (input: MissionInput) => void {
  return (input) => {
    const breach = checkInput(config, input);
    if (breach !== undefined) {
      throw new MissionInvariantError(
        breach.message,
        config.mission,
        breach.invariant,
        breach.details,
        breach.cause === undefined ? undefined : { cause: breach.cause },
      );
    }
  };
}

/**
 * The invariants of a mission as a predicate over one input: it runs the
 * mission `determinismRuns` times (default 2) and throws a
 * {@link MissionInvariantError} naming the broken invariant when
 * - `anti_failure_limits`: the planned or executed workflow has more than 5
 *   steps, more than 2 human steps, or a kind outside runtime/human (also when
 *   the runtime refused the template for that reason);
 * - `extension_rules`: the runtime refused the template for another extension rule;
 * - `documented_errors`: something other than a tier2-harness error escaped,
 *   or the mission's own code threw a raw error that the runtime wrapped;
 * - `inputs_not_mutated`: the input changed, or the mission tried to change its frozen params/state;
 * - `deterministic`: two runs of the same input have different canonical hashes.
 *
 * Documented errors themselves (e.g. `DefinitionError` for `requested_steps: 1.5`) are fine.
 *
 * @param name - a mission of the registry.
 * @param options - the registry and `determinismRuns` matter here.
 * @throws DefinitionError, at once, for an unknown mission or bad options (an unknown field included).
 * @example
 * ```ts
 * fc.assert(fc.property(missionInput('echo'), missionPredicate('echo')), { numRuns: 200 });
 * ```
 */
export function missionPredicate(name: string, options?: MissionPropertyOptions): (input: MissionInput) => void {
  return predicateOf(resolveMission('missionPredicate', name, missionOptions('missionPredicate', options, MISSION_PROPERTY_OPTIONS)));
}
