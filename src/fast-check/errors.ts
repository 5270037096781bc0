import { brand, isBrandedInAnyVersion } from '../data/brand.js';
import { Tier2Error } from '../data/errors.js';
import type { JsonValue } from '../data/json.js';
import type { AmbientCall } from '../harness/ambient.js';
import type { InvariantName, MissionInput } from './_internals/mission.js';
import type { REPLAY_ENV } from './_internals/replay.js';

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

// The reports live beside the errors because each names the other: a failed report holds its invariant error,
// and a MissionFuzzError holds its report.

/** Where the seed and path of a run came from. */
export type ReplaySource = 'options' | typeof REPLAY_ENV;

interface ReportBase {
  /** The mission fuzzed. */
  readonly mission: string;
  /** The seed of the run (pass it back to replay). */
  readonly seed: number;
  /** Runs executed (for a failure: up to and including the first failing one). */
  readonly numRuns: number;
  /** Set when the run replayed a counterexample: a path from the options, or the replay variable. */
  readonly replayedFrom?: ReplaySource;
}

/** Every generated input kept every invariant. */
export interface PassedReport extends ReportBase {
  readonly status: 'passed';
}

/** The time limit stopped the run before `runs` inputs were tried; no input failed meanwhile. */
export interface InterruptedReport extends ReportBase {
  readonly status: 'interrupted';
  /** The runs asked for. */
  readonly requestedRuns: number;
  /**
   * True when `allowInterrupted` was set and at least one input was tried:
   * `fuzzMission` then does not throw. A run interrupted before its first
   * input checked nothing and is never allowed.
   */
  readonly allowed: boolean;
}

/** An input broke an invariant; the counterexample is the shrunk input. */
export interface FailedReport extends ReportBase {
  readonly status: 'failed';
  /** The invariant the shrunk counterexample broke. */
  readonly invariant: InvariantName;
  /** What happened, in one paragraph. */
  readonly message: string;
  /** Facts about the breach as data. */
  readonly details: JsonValue;
  /** The shrunk input, as generated. */
  readonly counterexample: MissionInput;
  /** The shrunk input as indented JSON with sorted keys, to paste back into a test (fast-check's notation when it is not JSON). */
  readonly counterexampleText: string;
  /** fast-check's path of the counterexample; with `seed` it replays it. */
  readonly path: string;
  /** How many times the input was shrunk. */
  readonly numShrinks: number;
  /** True when the time limit cut shrinking short (the counterexample may not be minimal). */
  readonly interrupted: boolean;
  /** How to replay: the environment variable's value and the equivalent options. */
  readonly replay: { readonly env: string; readonly options: { readonly seed: number; readonly path: string } };
  /** For a determinism breach: ambient sources (Math.random, Date.now, ...) the mission called on the counterexample. */
  readonly ambient?: readonly AmbientCall[];
  /** The invariant error of the counterexample (its `cause` is the mission's own error, if any). */
  readonly error: MissionInvariantError;
}

/** The result of `checkMission`. */
export type MissionFuzzReport = PassedReport | InterruptedReport | FailedReport;
