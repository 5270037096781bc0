import { MISSION_PROPERTY_OPTIONS, missionOptions, resolveMission, type MissionPropertyOptions } from './_internals/mission.js';
import { optionNames } from './_internals/options.js';
import { RUN_OPTIONS, resolveRun, runProperty, type RunOptions } from './_internals/report.js';
import { MissionInvariantError, type MissionFuzzReport } from './errors.js';
import { predicateOf } from './missionPredicate.js';

export type { RunOptions } from './_internals/report.js';
export type { FailedReport, InterruptedReport, MissionFuzzReport, PassedReport, ReplaySource } from './errors.js';

/** Options of {@link checkMission} and `fuzzMission`. */
export interface FuzzMissionOptions extends MissionPropertyOptions, RunOptions {}

const FUZZ_MISSION_OPTIONS = optionNames<FuzzMissionOptions>()([...MISSION_PROPERTY_OPTIONS, ...RUN_OPTIONS]);

/**
 * Fuzzes a mission and returns what happened as data (it does not throw for a
 * failure): `status: 'passed'`, `'interrupted'` (time limit), or `'failed'`
 * with the broken invariant, the shrunk counterexample (object and pasteable
 * JSON text), the seed and path, and `replay.env`, the value of
 * `TIER2_FC_REPLAY` that replays it. `formatFuzzReport` renders it.
 *
 * The options are resolved once, including `TIER2_FC_REPLAY` (which, when it
 * names this mission or none, replaces `seed` and `path`).
 *
 * @param name - a mission of the registry.
 * @param options - registry, arbitraries, `runs` (default 100), `seed`, `path`, time limit.
 * @throws DefinitionError, at once, for an unknown mission or bad options (an unknown field included).
 * @example
 * ```ts
 * const report = checkMission('daily_loop', { runs: 1000 });
 * if (report.status === 'failed') console.log(report.invariant, report.counterexampleText, report.replay.env);
 * ```
 */
export function checkMission(name: string, options?: FuzzMissionOptions): MissionFuzzReport {
  return check('checkMission', name, options);
}

/** Internal (not for users; not covered by semver): Shared by checkMission and fuzzMission so errors name the API the user called. */
export function check(api: string, name: string, options: FuzzMissionOptions | undefined): MissionFuzzReport {
  const given = missionOptions(api, options, FUZZ_MISSION_OPTIONS);
  const config = resolveMission(api, name, given);
  const run = resolveRun(api, config.mission, given);
  return runProperty(config, run, predicateOf(config), (value): value is MissionInvariantError => MissionInvariantError.isMissionInvariantError(value));
}
