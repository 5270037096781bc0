import { brand, isBrandedInAnyVersion } from '../data/brand.js';
import { Tier2Error } from '../data/errors.js';
import type { JsonValue } from '../data/json.js';
import type { InvariantName } from './_internals/mission.js';
import type { MissionFuzzReport } from './_internals/report.js';

/**
 * Thrown by a mission property when one input breaks an invariant. fast-check
 * catches it, shrinks the input, and reports the last one it threw for.
 *
 * @example
 * ```ts
 * try {
 *   missionPredicate('echo')({ params: { x: 1 }, initialState: {} });
 * } catch (error) {
 *   if (MissionInvariantError.isMissionInvariantError(error)) console.log(error.invariant);
 * }
 * ```
 */
export class MissionInvariantError extends Tier2Error {
  // The name as a literal (Tier2Error sets `name` from it): a bundler that renames classes changes nothing.
  static override readonly errorName: string = 'MissionInvariantError';
  /** Which invariant broke. */
  readonly invariant: InvariantName;
  /** The mission that broke it. */
  readonly mission: string;
  /** Facts about the breach as data (counts, diverging path, error name...). */
  readonly details: JsonValue;
  /** What happened, without the `invariant '<name>' broken:` prefix of the message. */
  readonly problem: string;

  constructor(problem: string, mission: string, invariant: InvariantName, details: JsonValue, options?: { cause?: unknown }) {
    super(`invariant '${invariant}' broken: ${problem}`, options);
    this.problem = problem;
    this.mission = mission;
    this.invariant = invariant;
    this.details = details;
  }

  static isMissionInvariantError(value: unknown): value is MissionInvariantError {
    return isBrandedInAnyVersion(value, 'MissionInvariantError');
  }
}
brand(MissionInvariantError, 'MissionInvariantError');

/**
 * Thrown by `fuzzMission` when a run failed, or was interrupted without
 * `allowInterrupted`. `report` holds everything as data; the message is
 * `formatFuzzReport(report)`; `cause` is the invariant error of the shrunk counterexample.
 *
 * @example
 * ```ts
 * try {
 *   fuzzMission('my_mission', { registry });
 * } catch (error) {
 *   if (MissionFuzzError.isMissionFuzzError(error)) console.log(error.report.status);
 * }
 * ```
 */
export class MissionFuzzError extends Tier2Error {
  static override readonly errorName: string = 'MissionFuzzError';
  /** The full report (status `failed` or `interrupted`). */
  readonly report: MissionFuzzReport;

  constructor(message: string, report: MissionFuzzReport, options?: { cause?: unknown }) {
    super(message, options);
    this.report = report;
  }

  static isMissionFuzzError(value: unknown): value is MissionFuzzError {
    return isBrandedInAnyVersion(value, 'MissionFuzzError');
  }
}
brand(MissionFuzzError, 'MissionFuzzError');
