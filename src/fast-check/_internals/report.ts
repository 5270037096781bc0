/**
 * Runs a mission property through `fc.check` and turns fast-check's run
 * details into a frozen, discriminated report; the formatter lives in
 * `formatFuzzReport.ts`.
 */
import * as fc from 'fast-check';
import { DefinitionError } from '../../data/errors.js';
import { canonicalJson } from '../../data/canonical.js';
import { checkDeterminism } from '../../harness/determinism.js';
import type { AmbientCall } from '../../harness/ambient.js';
import type { InterruptedReport, MissionFuzzReport, MissionInvariantError, ReplaySource } from '../errors.js';
import { runOnce, type MissionInput, type ResolvedMission } from './mission.js';
import { booleanOption, integerOption, optionError, optionNames, pathOption, seedOption } from './options.js';
import { readReplay, replayValue, REPLAY_ENV } from './replay.js';

/** Options of `checkMission` and `fuzzMission` about the run itself. */
export interface RunOptions {
  /** Inputs to try (default 100, from 1 to 1,000,000). */
  readonly runs?: number;
  /** The seed (default: fast-check's own, printed on failure). */
  readonly seed?: number;
  /** The replay path printed by a failure report (needs `seed`). */
  readonly path?: string;
  /** Stop at the first failure without shrinking (default false). */
  readonly endOnFailure?: boolean;
  /** Stop after this many milliseconds (default: no limit). An interrupted run fails unless `allowInterrupted`. */
  readonly interruptAfterTimeLimit?: number;
  /**
   * Accept a run the time limit interrupted before `runs` inputs, once at least
   * one input was tried (default false: CI should not pass on fewer runs than
   * asked; none at all is never accepted).
   */
  readonly allowInterrupted?: boolean;
}

/** The fields of {@link RunOptions}. */
export const RUN_OPTIONS = optionNames<RunOptions>()(['runs', 'seed', 'path', 'endOnFailure', 'interruptAfterTimeLimit', 'allowInterrupted']);

export interface ResolvedRun {
  readonly runs: number;
  readonly seed: number | undefined;
  readonly path: string | undefined;
  readonly replayedFrom: ReplaySource | undefined;
  readonly endOnFailure: boolean;
  readonly interruptAfterTimeLimit: number | undefined;
  readonly allowInterrupted: boolean;
}

/**
 * Resolves the run options once. `TIER2_FC_REPLAY` is read here, once; when it
 * names this mission (or no mission), its seed and path win over the options.
 */
export function resolveRun(api: string, mission: string, options: RunOptions): ResolvedRun {
  let seed = seedOption(api, options.seed);
  let path = pathOption(api, options.path);
  if (path !== undefined && seed === undefined)
    throw optionError(api, 'path', 'conflict', 'options.path needs options.seed (a path only means something for its seed)');
  // A seed alone starts a run; a seed with a path replays one counterexample.
  let replayedFrom: ReplaySource | undefined = path === undefined ? undefined : 'options';
  const replay = readReplay();
  if (replay !== undefined && (replay.mission === undefined || replay.mission === mission)) {
    seed = replay.seed;
    path = replay.path;
    replayedFrom = REPLAY_ENV;
  }
  const limit = options.interruptAfterTimeLimit;
  return Object.freeze({
    runs: integerOption(api, 'runs', options.runs, 100, 1, 1_000_000),
    seed,
    path,
    replayedFrom,
    endOnFailure: booleanOption(api, 'endOnFailure', options.endOnFailure, false),
    interruptAfterTimeLimit: limit === undefined ? undefined : integerOption(api, 'interruptAfterTimeLimit', limit, 0, 1, 2_147_483_647),
    allowInterrupted: booleanOption(api, 'allowInterrupted', options.allowInterrupted, false),
  });
}

/** The counterexample as text a person can paste back: sorted, indented JSON when it is JSON data. */
function readableInput(input: MissionInput): string {
  const data = input.params === undefined ? { initialState: input.initialState } : { initialState: input.initialState, params: input.params };
  try {
    return JSON.stringify(JSON.parse(canonicalJson(data)), null, 2);
  } catch {
    return fc.stringify(data);
  }
}

function ambientOf(config: ResolvedMission, input: MissionInput): readonly AmbientCall[] {
  return checkDeterminism(() => runOnce(config, input).data, { runs: 3 }).ambient;
}

/** Runs the property through `fc.check` and builds the report. */
export function runProperty(
  config: ResolvedMission,
  run: ResolvedRun,
  predicate: (input: MissionInput) => void,
  isInvariantError: (value: unknown) => value is MissionInvariantError,
): MissionFuzzReport {
  const parameters: fc.Parameters<[MissionInput]> = {
    numRuns: run.runs,
    endOnFailure: run.endOnFailure,
    ...(run.seed === undefined ? {} : { seed: run.seed }),
    ...(run.path === undefined ? {} : { path: run.path }),
    ...(run.interruptAfterTimeLimit === undefined ? {} : { interruptAfterTimeLimit: run.interruptAfterTimeLimit }),
  };
  const details = fc.check(fc.property(config.input, predicate), parameters);
  const base = {
    mission: config.mission,
    seed: details.seed,
    numRuns: details.numRuns,
    ...(run.replayedFrom === undefined ? {} : { replayedFrom: run.replayedFrom }),
  };
  // fast-check counts an interrupted run as a success once one input passed, and as a failure before that:
  // either way, without a counterexample it is an interruption, judged by allowInterrupted. One that tried
  // no input at all checked nothing, and allowInterrupted (fewer inputs than asked) does not accept none.
  const interrupted = (): InterruptedReport =>
    Object.freeze({ ...base, status: 'interrupted' as const, requestedRuns: run.runs, allowed: run.allowInterrupted && details.numRuns > 0 });
  if (!details.failed) return details.interrupted ? interrupted() : Object.freeze({ ...base, status: 'passed' as const });
  if (details.counterexample === null) {
    if (details.interrupted) return interrupted();
    throw new DefinitionError({
      code: 'invalid_value',
      subject: `${config.api}('${config.mission}')`,
      problem: `fast-check could not generate enough inputs (${details.numSkips} skipped); does options.params filter out too much?`,
    });
  }
  const [counterexample] = details.counterexample;
  const error = details.errorInstance;
  if (!isInvariantError(error)) {
    // Not our predicate's error: something else broke inside the property (e.g. a user arbitrary threw). Report it as is.
    throw error instanceof Error ? error : new Error(String(error));
  }
  const path = details.counterexamplePath;
  const ambient = error.invariant === 'deterministic' ? ambientOf(config, counterexample) : undefined;
  return Object.freeze({
    ...base,
    status: 'failed' as const,
    invariant: error.invariant,
    message: error.problem,
    details: error.details,
    counterexample,
    counterexampleText: readableInput(counterexample),
    path,
    numShrinks: details.numShrinks,
    interrupted: details.interrupted,
    replay: Object.freeze({ env: replayValue(config.mission, details.seed, path), options: Object.freeze({ seed: details.seed, path }) }),
    ...(ambient === undefined ? {} : { ambient }),
    error,
  });
}
