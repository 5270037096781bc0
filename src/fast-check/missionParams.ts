import { readOptions } from '../data/fields.js';
import type * as fc from 'fast-check';
import type { JsonObject } from '../data/json.js';
import type { MissionRegistry } from '../runtime/registry.js';
import { JSON_NESTED, resolveJson, type JsonConstraints } from './_internals/json.js';
import { booleanOption, missionName, optionNames, registryOption } from './_internals/options.js';
import { isBuiltin, paramsFor } from './_internals/params.js';

/** Constraints of {@link missionParams}. */
export interface MissionParamsConstraints {
  /** The registry the mission comes from (default: the built-in `MISSION_REGISTRY`). */
  readonly registry?: MissionRegistry;
  /**
   * Also generate values the template must reject with a documented error,
   * such as `requested_steps: 1.5` or `target: 42` (default false).
   */
  readonly invalidValues?: boolean;
  /** Bounds of generic JSON params (custom missions, `echo`) and of extra keys. */
  readonly json?: JsonConstraints;
}

const MISSION_PARAMS_OPTIONS = optionNames<MissionParamsConstraints>()(['registry', 'invalidValues', 'json']);

/**
 * Params for one mission. The built-in missions get params of their shape:
 * `daily_loop` integer `requested_steps` / `requested_human_steps` around and
 * beyond the Anti-Failure limits (negative, in range, above, huge), `run_tests`
 * a `target` string (ASCII and not), plus sometimes extra keys; `echo` and
 * custom missions get any JSON object. Pass your own arbitrary to
 * `fuzzMission` when a custom mission needs a precise shape.
 *
 * @param mission - a mission name known to the registry.
 * @param constraints - registry, invalid values, JSON bounds.
 * @throws DefinitionError, at once, for an unknown mission or bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(missionParams('daily_loop'), (params) => buildWorkflow({ type: 'daily_loop', params }).steps.length <= 5),
 * );
 * ```
 */
export function missionParams(mission: string, constraints?: MissionParamsConstraints): fc.Arbitrary<JsonObject> {
  const api = 'missionParams';
  const given = readOptions(api, constraints, MISSION_PARAMS_OPTIONS, { nested: JSON_NESTED }) as Partial<MissionParamsConstraints>;
  const registry = registryOption(api, given.registry);
  const name = missionName(api, registry, mission);
  const json = resolveJson(api, given.json, 'json');
  const invalidValues = booleanOption(api, 'invalidValues', given.invalidValues, false);
  return paramsFor(name, isBuiltin(registry, name), json, invalidValues);
}
