/**
 * The merge of part files (`tier2 merge`, and the `tier2-harness/reporter`
 * entry): the parts of every shard of one suite run, read by part-file.ts,
 * into the outcome of the whole run. The merge rebuilds the scenario results
 * from the parts' data (nothing runs again) and makes the outcome exactly as
 * `tier2 run` does, so the report, JSON, JUnit, exit code and `test_run_hash`
 * are the unsharded run's; every way a part can disagree is an error naming it.
 */
import { canonicalJson } from '../data/canonical.js';
import { formatPath } from '../data/error-message.js';
import { ConfigError, Tier2Error, type ErrorCode } from '../data/errors.js';
import type { PathSegment } from '../data/path-text.js';
import { validateExpectations, type ValidExpectations } from '../harness/expectations.js';
import { assembleOutcome, type CliOutcome, type MissionError } from '../harness/outcome.js';
import { assembleScenarioResult, type ScenarioResult } from '../harness/scenario.js';
import { validateSuite, type ValidSuite } from '../harness/suite.js';
import type { OrchestrationResultDict } from '../runtime/orchestration-result.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';
import { definitionHashes } from './part.js';
import type { JsonRecord, Part, PartExpectation, PartScenario } from './part-file.js';
import { PARTITION, inShard } from './shard.js';

/** An error about the parts together: no single part or field is at fault, so the path is empty. */
function merged(problem: string, code: ErrorCode = 'conflict'): ConfigError {
  return new ConfigError({ code, segments: [], problem: `merge: ${problem}` });
}

function identity(part: Part): string {
  return `suite '${part.suiteName}'${part.suiteFile === undefined ? '' : ` from '${part.suiteFile}'`} (definition ${part.hashes.suite.slice(0, 12)}…, expectations ${part.hashes.expectations.slice(0, 12)}…, ${part.scenarioCount} scenarios, ${part.expectationCount} expectations, ${part.shard.count} shards${part.partition === PARTITION ? '' : `, partition '${part.partition}'`})`;
}

/** Every part is of the same suite, expectations, shard count and partition. */
function checkSameRun(parts: readonly Part[]): void {
  const groups = new Map<string, string[]>();
  for (const part of parts) groups.set(identity(part), [...(groups.get(identity(part)) ?? []), part.file]);
  if (groups.size > 1) {
    const lines = [...groups].map(([id, files]) => `  ${files.join(', ')}: ${id}`);
    throw merged(`the parts are not all of the same suite run (a foreign part?):\n${lines.join('\n')}`);
  }
  const [first] = parts as [Part];
  if (first.partition !== PARTITION) {
    throw merged(`${first.file} was split by partition '${first.partition}'; this tier2 splits by '${PARTITION}'`);
  }
}

/** Every shard 1..n exactly once. */
function checkShards(parts: readonly Part[]): void {
  const count = (parts[0] as Part).shard.count;
  const byIndex = new Map<number, string>();
  for (const part of parts) {
    const earlier = byIndex.get(part.shard.index);
    if (earlier !== undefined) throw merged(`shard ${part.shard.index}/${count} is given twice: ${earlier} and ${part.file}`, 'duplicate');
    byIndex.set(part.shard.index, part.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    const got = [...byIndex.keys()].sort((a, b) => a - b).join(', ');
    throw merged(
      `${missing.map((index) => `shard ${index}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (got the parts of shard${byIndex.size === 1 ? '' : 's'} ${got})`,
    );
  }
}

/** Places each entry at its index: once, in the part of its shard. */
function place<T extends { readonly at: readonly PathSegment[]; readonly index: number }>(
  parts: readonly Part[],
  total: number,
  entries: (part: Part) => readonly T[],
  shardName: (entry: T) => string,
  what: (entry: T) => string,
): { entry: T; part: Part }[] {
  const slots = new Array<{ entry: T; part: Part } | undefined>(total);
  for (const part of parts) {
    for (const entry of entries(part)) {
      if (!inShard(shardName(entry), part.shard)) {
        throw new ConfigError(
          {
            code: 'conflict',
            segments: entry.at,
            problem: `${what(entry)} does not belong to shard ${part.shard.index}/${part.shard.count} (a foreign or edited part)`,
          },
          { file: part.file },
        );
      }
      const earlier = slots[entry.index];
      if (earlier !== undefined) {
        throw merged(
          `${what(entry)} (#${entry.index}) is in two parts: ${earlier.part.file} (${formatPath(earlier.entry.at)}) and ${part.file} (${formatPath(entry.at)})`,
          'duplicate',
        );
      }
      slots[entry.index] = { entry, part };
    }
  }
  const missing = slots.findIndex((slot) => slot === undefined);
  if (missing !== -1 || slots.length !== total) throw merged(`entry #${missing} of ${total} is in no part (a part lost entries)`, 'missing_field');
  return slots as { entry: T; part: Part }[];
}

function rebuildResult(entry: PartScenario, part: Part, suite: ValidSuite): ScenarioResult {
  const definition = suite.scenarios[entry.index] as ValidSuite['scenarios'][number];
  const fail = (problem: string): ConfigError =>
    new ConfigError({ code: 'conflict', segments: [...entry.at, 'result'], problem: `scenario '${entry.name}': ${problem}` }, { file: part.file });
  const result = entry.result as JsonRecord;
  const missionResults = result.mission_results;
  if (typeof missionResults !== 'object' || missionResults === null || Array.isArray(missionResults)) throw fail('mission_results: expected an object');
  const keys = Object.keys(missionResults);
  const expected = definition.missions.map((call) => call.key);
  if (keys.length !== expected.length || expected.some((key) => !Object.hasOwn(missionResults, key))) {
    throw fail(`mission_results has the keys ${JSON.stringify(keys)}; the scenario calls ${JSON.stringify(expected)}`);
  }
  let rebuilt: ScenarioResult;
  try {
    rebuilt = assembleScenarioResult(
      entry.name,
      expected.map((key) => [key, missionResults[key] as unknown as OrchestrationResultDict] as const),
    );
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw fail(error.message);
    throw error;
  }
  if (canonicalJson(rebuilt.toDict()) !== canonicalJson(result)) {
    throw fail('the recorded result does not match its scenario_hash (the part was edited, or written by another version)');
  }
  return rebuilt;
}

/** The suite file every part names (they agree: it is part of their identity), if they name one. */
export function mergedSuiteFile(parts: readonly Part[]): string | undefined {
  return parts[0]?.suiteFile;
}

/**
 * The locations the parts record (`tier2 run --out` records them; describeSuite's parts have none):
 * what the merged text report shows as `defined:` and `called:`, as `tier2 run` does. Read from
 * parts that {@link mergeParts} accepted, so each id and index is in one part.
 */
export function recordedLocations(parts: readonly Part[]): Omit<SourceLocations, 'suiteFile'> {
  const defined = new Map<string, SourceLocation>();
  const called = new Map<number, { readonly key: string; readonly at: SourceLocation }>();
  for (const part of parts) {
    for (const entry of part.expectations) if (entry.definedAt !== undefined) defined.set(entry.id, entry.definedAt);
    for (const entry of part.scenarios)
      if (entry.calledAt !== undefined && entry.missionError !== null) called.set(entry.index, { key: entry.missionError.key, at: entry.calledAt });
  }
  return {
    expectation: (id) => defined.get(id),
    missionCall: (scenarioIndex, key) => {
      const call = called.get(scenarioIndex);
      return call?.key === key ? call.at : undefined;
    },
  };
}

/** A part's entry with the part it came from. */
type Placed<T> = { readonly entry: T; readonly part: Part };

/** The suite and expectations the parts record, validated and checked against the hashes they record. */
function recordedDefinitions(
  first: Part,
  scenarios: readonly Placed<PartScenario>[],
  expectationEntries: readonly Placed<PartExpectation>[],
): { suite: ValidSuite; expectations: ValidExpectations } {
  let suite: ValidSuite;
  let expectations: ValidExpectations;
  try {
    suite = validateSuite({ name: first.suiteName, scenarios: scenarios.map(({ entry }) => entry.definition) }, 'defineSuite');
    expectations = validateExpectations(
      expectationEntries.map(({ entry }) => entry.definition),
      'defineExpectations',
    );
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw merged(`the definitions in the parts are not valid: ${error.message}`);
    throw error;
  }
  const hashes = definitionHashes(suite, expectations);
  if (hashes.suite !== first.hashes.suite)
    throw merged('the scenario definitions in the parts do not hash to the recorded suite_definition_hash (a part was edited)');
  if (hashes.expectations !== first.hashes.expectations) {
    throw merged('the expectation definitions in the parts do not hash to the recorded expectations_definition_hash (a part was edited)');
  }
  return { suite, expectations };
}

/** Every verdict of the merged outcome is the one its part recorded. */
function checkVerdicts(outcome: CliOutcome, expectationEntries: readonly Placed<PartExpectation>[]): void {
  outcome.verdicts.forEach((verdict, index) => {
    const { entry, part } = expectationEntries[index] as Placed<PartExpectation>;
    const same =
      verdict.status === entry.status &&
      (verdict.status === 'error' ||
        canonicalJson({ passed: verdict.result.passed, actual: verdict.result.actual, expected: verdict.result.expected, details: verdict.result.details }) ===
          canonicalJson(entry.verdict));
    if (!same) {
      throw new ConfigError(
        {
          code: 'conflict',
          segments: [...entry.at, 'verdict'],
          problem: `expectation '${verdict.expectation.id}': the recorded verdict is not the verdict on the recorded scenario result (the part was edited, or written by another version)`,
        },
        { file: part.file },
      );
    }
  });
}

/**
 * Merges the parts of every shard of one suite run into the outcome of the
 * whole run, exactly as `tier2 run` would have made it.
 *
 * @throws ConfigError naming the part at fault: a part of another suite,
 *   expectations or shard count; a shard missing or given twice; a scenario
 *   or expectation in the wrong part, in two parts or in none; data that does
 *   not hash to what the part records.
 */
export function mergeParts(parts: readonly Part[]): CliOutcome {
  if (parts.length === 0) throw merged('no part files given', 'missing_field');
  checkSameRun(parts);
  checkShards(parts);
  const first = parts[0] as Part;
  const scenarios = place(
    parts,
    first.scenarioCount,
    (part) => part.scenarios,
    (entry) => entry.name,
    (entry) => `scenario '${entry.name}'`,
  );
  const expectationEntries = place(
    parts,
    first.expectationCount,
    (part) => part.expectations,
    (entry) => entry.scenario,
    (entry) => `expectation '${entry.id}' (on scenario '${entry.scenario}')`,
  );
  const { suite, expectations } = recordedDefinitions(first, scenarios, expectationEntries);
  const results: ScenarioResult[] = [];
  const missionErrors: MissionError[] = [];
  for (const { entry, part } of scenarios) {
    if (entry.missionError !== null) missionErrors.push({ scenario: entry.name, scenarioIndex: entry.index, ...entry.missionError });
    else results.push(rebuildResult(entry, part, suite));
  }
  const outcome = assembleOutcome(suite, expectations, results, missionErrors);
  checkVerdicts(outcome, expectationEntries);
  return outcome;
}
