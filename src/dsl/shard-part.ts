/**
 * Sharding under `describeSuite`: which shard a call registers, and the part
 * file of that shard (the format `tier2 run --shard i/n --out` writes), built
 * from the same scenario runs as the tests.
 */
import type { ValidExpectation, ValidExpectations } from '../harness/expectations.js';
import type { ScenarioResult, ValidScenario } from '../harness/scenario.js';
import type { ValidSuite } from '../harness/suite.js';
import { partDocument, type PartExpectationOutcome, type PartMissionError, type PartScenarioOutcome } from '../parts/part.js';
import { inShard, parseShardSpec, type ShardSpec } from '../parts/shard.js';
import { resolveRegistry, type RegistryOptions } from '../runtime/registry.js';
import { emptyResult, outcomeOf, verdictOf, type ScenarioRuns } from './scenario-runs.js';

/** The shard and part file a `describeSuite` call works with. */
export interface Sharding {
  /** The shard registered; undefined for the whole suite. */
  readonly shard: ShardSpec | undefined;
  /** Where the part is written, if anywhere. */
  readonly out: string | undefined;
  /** Whether a last test records the part. */
  readonly record: boolean;
}

/** The sharding options of `describeSuite`, as given. */
export interface ShardingOptions {
  readonly shard?: string | ShardSpec;
  readonly out?: string;
  readonly record?: boolean;
}

/** The shard and part file of a `describeSuite` call: from its options, else the environment (`TIER2_SHARD`, `TIER2_SHARD_OUT`). */
export function shardingOf(options: ShardingOptions): Sharding {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const given = options.shard ?? (env.TIER2_SHARD === undefined || env.TIER2_SHARD === '' ? undefined : env.TIER2_SHARD);
  let shard: ShardSpec | undefined;
  if (typeof given === 'string') shard = parseShardSpec(given, options.shard === undefined ? 'describeSuite: TIER2_SHARD' : 'describeSuite: options.shard');
  else if (given !== undefined) shard = parseShardSpec(`${String(given.index)}/${String(given.count)}`, 'describeSuite: options.shard');
  const out = options.out ?? (env.TIER2_SHARD_OUT === '' ? undefined : env.TIER2_SHARD_OUT);
  return { shard, out, record: options.record ?? (shard !== undefined || out !== undefined) };
}

/** True when the scenario of this name is registered by this call (every scenario without a shard). */
export function isMine(sharding: Sharding, scenarioName: string): boolean {
  return sharding.shard === undefined || inShard(scenarioName, sharding.shard);
}

/** The first mission of a scenario that raises, found by running its calls one at a time (as `tier2 run` does). */
function raisingMission(scenario: ValidScenario, options: RegistryOptions, error: unknown): PartMissionError {
  const registry = resolveRegistry(options, 'describeSuite');
  const data = (thrown: unknown): PartMissionError['error'] =>
    thrown instanceof Error
      ? { name: thrown.name, message: thrown.message, ...(thrown.stack ? { stack: thrown.stack } : {}) }
      : { name: 'thrown value', message: String(thrown) };
  for (const call of scenario.missions) {
    try {
      registry.run(call.mission, { initialState: scenario.initialState }, call.params);
    } catch (thrown) {
      return { key: call.key, mission: call.mission, error: data(thrown) };
    }
  }
  const first = scenario.missions[0];
  return { key: first?.key ?? '', mission: first?.mission ?? '', error: data(error) };
}

/** A scenario's entry in the part: its result, or the mission that raised; undefined when another shard holds it. */
function scenarioEntry(runs: ScenarioRuns, sharding: Sharding, scenario: ValidScenario): PartScenarioOutcome | undefined {
  if (!isMine(sharding, scenario.name)) return undefined;
  const outcome = outcomeOf(runs, scenario);
  if ('error' in outcome) return { missionError: raisingMission(scenario, runs.registry, outcome.error) };
  return { result: outcome.result.scenarioResults.get(scenario.name) as ScenarioResult };
}

/** An expectation's entry in the part: its verdict, or `error` when its scenario raised; undefined when another shard holds it. */
function expectationEntry(
  runs: ScenarioRuns,
  sharding: Sharding,
  byName: ReadonlyMap<string, ValidScenario>,
  expectation: ValidExpectation,
): PartExpectationOutcome | undefined {
  if (!isMine(sharding, expectation.scenario)) return undefined;
  const scenario = byName.get(expectation.scenario);
  const outcome = scenario === undefined ? { result: emptyResult(runs) } : outcomeOf(runs, scenario);
  if ('error' in outcome) return { status: 'error' };
  const verdict = verdictOf(expectation, outcome.result);
  return { status: verdict.passed ? 'passed' : 'failed', result: verdict };
}

/** The shard's part: every scenario of the shard run (once), every expectation on them judged. */
export function shardPart(suite: ValidSuite, expectations: ValidExpectations, sharding: Sharding, runs: ScenarioRuns): object {
  const byName = new Map(suite.scenarios.map((scenario) => [scenario.name, scenario]));
  return partDocument(
    suite,
    expectations,
    sharding.shard ?? { index: 1, count: 1 },
    (scenario) => scenarioEntry(runs, sharding, scenario),
    (expectation) => expectationEntry(runs, sharding, byName, expectation),
  );
}
