/**
 * The scenario runs of one `describeSuite` call: each scenario runs at most
 * once, on first need, whichever asks first (its tests, or the shard's part).
 */
import type { ValidExpectation } from '../harness/expectations.js';
import { evaluateExpectations, type ExpectationResult } from '../harness/expectations-result.js';
import type { ValidScenario } from '../harness/scenario.js';
import { runSuite, type SuiteResult } from '../harness/suite.js';
import type { RegistryOptions } from '../runtime/registry.js';

/** What running one scenario gave: the suite cut down to that scenario, run; or what the run threw. */
export type ScenarioOutcome = { readonly result: SuiteResult } | { readonly error: unknown };

/** The runs of one suite's scenarios, kept by scenario name. */
export interface ScenarioRuns {
  readonly suiteName: string;
  readonly registry: RegistryOptions;
  readonly outcomes: Map<string, ScenarioOutcome>;
}

/** No scenario run yet. */
export function scenarioRuns(suiteName: string, registry: RegistryOptions): ScenarioRuns {
  return { suiteName, registry, outcomes: new Map() };
}

/** The scenario's outcome, running it the first time only. */
export function outcomeOf(runs: ScenarioRuns, scenario: ValidScenario): ScenarioOutcome {
  let outcome = runs.outcomes.get(scenario.name);
  if (outcome === undefined) {
    try {
      outcome = { result: runSuite({ name: runs.suiteName, scenarios: [scenario] }, runs.registry) };
    } catch (error) {
      outcome = { error };
    }
    runs.outcomes.set(scenario.name, outcome);
  }
  return outcome;
}

/** The scenario's result; what its run threw is thrown again, so the test that asked fails with it. */
export function resultOf(runs: ScenarioRuns, scenario: ValidScenario): SuiteResult {
  const outcome = outcomeOf(runs, scenario);
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}

/** The suite without any scenario: what an expectation on a scenario the suite lacks is judged on (`scenario_missing`). */
export function emptyResult(runs: ScenarioRuns): SuiteResult {
  return runSuite({ name: runs.suiteName, scenarios: [] }, runs.registry);
}

/** One expectation's verdict on a result. */
export function verdictOf(expectation: ValidExpectation, result: SuiteResult): ExpectationResult {
  return evaluateExpectations(result, { expectations: [expectation] }).results.get(expectation.id) as ExpectationResult;
}
