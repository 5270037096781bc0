/**
 * Runs a parsed suite and its expectations for the CLI: scenario by scenario,
 * so that progress can be shown and a mission that raises is attributed to its
 * scenario and mission instead of ending the whole run.
 *
 * When no mission raises, the result is the very `TestRunResult` that
 * `runTestRun` makes (same scenarios, same order, same constructors), so the
 * `test_run_hash` is the library's. When a mission raises, there is no test
 * run hash: the scenario has no result. Its expectations are reported as
 * errors, the other scenarios' expectations are judged as usual.
 */
import { ConfigError } from '../data/errors.js';
import { type ValidExpectation, type ValidExpectations } from './expectations.js';
import { type ExpectationsResult, evaluateExpectations, type ExpectationResult } from './expectations-result.js';
import { type ScenarioResult, scenarioRunner, type ValidScenario } from './scenario.js';
import { SuiteResult, type ValidSuite } from './suite.js';
import { TestRunResult } from './test-run.js';
import type { JsonValue } from '../data/json.js';
import type { MissionRegistry } from '../runtime/registry.js';
import { describeThrown } from '../data/describe-thrown.js';

/** A mission that raised instead of returning a result. */
export interface MissionError {
  readonly scenario: string;
  /** Index of the scenario in the suite. */
  readonly scenarioIndex: number;
  /** The call's key (its mission name unless the call gave a key). */
  readonly key: string;
  readonly mission: string;
  readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
}

/** The verdict on one expectation, as the CLI reports it. */
export type CliVerdict =
  | { readonly status: 'passed' | 'failed'; readonly expectation: ValidExpectation; readonly result: ExpectationResult }
  | { readonly status: 'error'; readonly expectation: ValidExpectation; readonly missionError: MissionError };

/** The outcome of one CLI run. */
export interface CliOutcome {
  readonly suite: ValidSuite;
  /** The library's test run; undefined when a mission raised. */
  readonly testRun: TestRunResult | undefined;
  /** The scenarios that ran, by name. */
  readonly scenarioResults: ReadonlyMap<string, ScenarioResult>;
  /** Verdicts in the expectations' order. */
  readonly verdicts: readonly CliVerdict[];
  readonly missionErrors: readonly MissionError[];
  /**
   * Every expectation passed and no mission raised (and, once
   * {@link requireExpectations} has judged it, there was an expectation to pass).
   */
  readonly passed: boolean;
  /**
   * How {@link requireExpectations} judged a suite without expectations:
   * `'failed'` (nothing was checked but that the missions ran) or `'allowed'`
   * (`--pass-with-no-expectations`); absent when there were expectations or no rule was applied.
   */
  readonly noExpectations?: 'failed' | 'allowed';
}

/** Progress callback: `done` of `total` scenarios finished. */
export type ProgressListener = (done: number, total: number, scenario: string) => void;

function errorData(error: unknown): MissionError['error'] {
  const { name, message, stack } = describeThrown(error);
  return { name, message, ...(stack ? { stack } : {}) };
}

/** The first mission of a scenario that raises, found by running its calls one at a time. */
function findRaisingMission(scenario: ValidScenario, scenarioIndex: number, registry: MissionRegistry, error: unknown): MissionError {
  for (const call of scenario.missions) {
    try {
      registry.run(call.mission, { initialState: scenario.initialState }, call.params);
    } catch (missionError) {
      return { scenario: scenario.name, scenarioIndex, key: call.key, mission: call.mission, error: errorData(missionError) };
    }
  }
  // Every call ran on its own: the scenario itself failed (this should not happen). Report the first call.
  const first = scenario.missions[0];
  return { scenario: scenario.name, scenarioIndex, key: first?.key ?? '', mission: first?.mission ?? '', error: errorData(error) };
}

/**
 * Checks that every mission the suite calls is in the registry, so an unknown
 * name is bad input (exit 2) with its location rather than a runtime error.
 *
 * @throws ConfigError at `scenarios[i].missions[j].name`.
 */
export function checkMissionNames(suite: ValidSuite, registry: MissionRegistry): void {
  suite.scenarios.forEach((scenario, i) => {
    scenario.missions.forEach((call, j) => {
      if (!registry.has(call.mission)) {
        throw new ConfigError({
          code: 'invalid_value',
          segments: ['scenarios', i, 'missions', j, 'name'],
          problem: `unknown mission '${call.mission}'; known missions: ${registry.names.map((name) => `'${name}'`).join(', ')} (load your own with --missions <module>)`,
        });
      }
    });
  });
}

/**
 * Runs the suite scenario by scenario and judges the expectations: the CLI's
 * outcome, mission errors included (the runtime's `executeSuite` only runs).
 *
 * @example
 * ```ts
 * const outcome = judgeSuite(parseSuiteDefinition(data), parseExpectationsDefinition(data), MISSION_REGISTRY);
 * outcome.testRun?.metadata.testRunHash;
 * ```
 */
export function judgeSuite(suite: ValidSuite, expectations: ValidExpectations, registry: MissionRegistry, onProgress?: ProgressListener): CliOutcome {
  const results: ScenarioResult[] = [];
  const missionErrors: MissionError[] = [];
  // One plan cache for the whole suite, as runTestRun has: each (mission, params) plan is built and checked once.
  const runScenario = scenarioRunner({ registry });
  suite.scenarios.forEach((scenario, index) => {
    try {
      results.push(runScenario(scenario));
    } catch (error) {
      missionErrors.push(findRaisingMission(scenario, index, registry, error));
    }
    onProgress?.(index + 1, suite.scenarios.length, scenario.name);
  });
  return assembleOutcome(suite, expectations, results, missionErrors);
}

/**
 * The outcome of a suite whose scenarios have run: `results` are the
 * scenarios that returned (in the suite's order), `missionErrors` those that
 * raised. `tier2 merge` calls it with results rebuilt from part files, so a
 * merged outcome is made exactly as an unsharded one.
 */
export function assembleOutcome(
  suite: ValidSuite,
  expectations: ValidExpectations,
  results: readonly ScenarioResult[],
  missionErrors: readonly MissionError[],
): CliOutcome {
  const suiteResult = new SuiteResult(suite.name, results);
  const judged: ExpectationsResult = evaluateExpectations(suiteResult, expectations);
  const raisedBy = new Map(missionErrors.map((missionError) => [missionError.scenario, missionError]));
  const verdicts = expectations.expectations.map((expectation): CliVerdict => {
    const missionError = raisedBy.get(expectation.scenario);
    if (missionError) return { status: 'error', expectation, missionError };
    const result = judged.results.get(expectation.id) as ExpectationResult;
    return { status: result.passed ? 'passed' : 'failed', expectation, result };
  });
  const testRun = missionErrors.length === 0 ? new TestRunResult(suiteResult, judged) : undefined;
  return {
    suite,
    testRun,
    scenarioResults: suiteResult.scenarioResults,
    verdicts,
    missionErrors,
    passed: missionErrors.length === 0 && judged.passed,
  };
}

/**
 * The rule of `tier2 run` and `tier2 merge` for a suite without expectations,
 * as the runners' "no tests found": it fails, since nothing was checked but
 * that the missions ran, unless `passWithNoExpectations` says that is meant.
 * A shard's own run is not judged by it: a shard that holds no expectation
 * (or no scenario) is valid, its part proves it ran.
 *
 * @example
 * ```ts
 * requireExpectations(judgeSuite(suite, parseExpectationsDefinition({ expectations: [] }), MISSION_REGISTRY), false).passed; // false
 * ```
 */
export function requireExpectations(outcome: CliOutcome, passWithNoExpectations: boolean): CliOutcome {
  if (outcome.verdicts.length > 0) return outcome;
  return passWithNoExpectations ? { ...outcome, noExpectations: 'allowed' } : { ...outcome, passed: false, noExpectations: 'failed' };
}

/**
 * Plain data of an outcome: the test run's `toDict()` when every mission ran;
 * otherwise `{ passed: false, suite_name, mission_errors, expectations_result }`
 * with the verdicts of the expectations that could be judged.
 */
export function outcomeData(outcome: CliOutcome): JsonValue {
  if (outcome.testRun) return outcome.testRun.toDict() as unknown as JsonValue;
  const results: Record<string, JsonValue> = {};
  for (const verdict of outcome.verdicts) {
    const id = verdict.expectation.id;
    const entry: JsonValue =
      verdict.status === 'error'
        ? { passed: false, error: { reason: 'mission_raised', scenario: verdict.missionError.scenario, mission: verdict.missionError.key } }
        : { passed: verdict.result.passed, actual: verdict.result.actual, expected: verdict.result.expected, details: { ...verdict.result.details } };
    Object.defineProperty(results, id, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return {
    passed: false,
    suite_name: outcome.suite.name,
    mission_errors: outcome.missionErrors.map((missionError) => ({
      scenario_name: missionError.scenario,
      mission_key: missionError.key,
      mission_name: missionError.mission,
      error: { name: missionError.error.name, message: missionError.error.message },
    })),
    expectations_result: { expectation_results: results },
  };
}
