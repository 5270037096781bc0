/**
 * The part file format (schemas/part.schema.json): the result of one shard of
 * a suite, written by `tier2 run --shard i/n --out` and by `describeSuite`
 * with a shard spec, and merged by `tier2 merge` or the Vitest reporter. One
 * writer here, so every producer writes the same bytes for the same shard.
 */
import { stableHash } from '../data/hash.js';
import { isPresenceOp, type ValidExpectation, type ValidExpectations } from '../harness/expectations.js';
import { type ExpectationResult } from '../harness/expectations-result.js';
import type { ScenarioResult, ValidScenario } from '../harness/scenario.js';
import { PARTITION, type ShardSpec } from './shard.js';
import type { ValidSuite } from '../harness/suite.js';
import type { SourceLocation } from '../data/source-locations.js';

/** The `format` field of every part file. */
export const PART_FORMAT = 'tier2-part';
/** The version of the part format this build writes and reads. */
export const PART_FORMAT_VERSION = 1;

/** The identity of a suite and its expectations: SHA-256 of the canonical JSON of the validated definitions. */
export interface DefinitionHashes {
  readonly suite: string;
  readonly expectations: string;
}

/** A mission that raised instead of returning a result, as a part records it. */
export interface PartMissionError {
  readonly key: string;
  readonly mission: string;
  readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
}

/** What a shard found for one of its scenarios: its result, or the mission that raised (and where that call was written, if known). */
export type PartScenarioOutcome = { readonly result: ScenarioResult } | { readonly missionError: PartMissionError; readonly calledAt?: SourceLocation };

/**
 * What a shard found for one of its expectations: a verdict, or `error` when its scenario's mission raised.
 * A failed or unevaluated one may say where it was defined; a passed one never does (nothing shows it).
 */
export type PartExpectationOutcome =
  | { readonly status: 'passed'; readonly result: ExpectationResult }
  | { readonly status: 'failed'; readonly result: ExpectationResult; readonly definedAt?: SourceLocation }
  | { readonly status: 'error'; readonly definedAt?: SourceLocation };

/** `{ key: location }` when the location is known, else nothing: the location fields are optional. */
function locationField(key: 'defined_at' | 'called_at', location: SourceLocation | undefined): object {
  return location === undefined ? {} : { [key]: { file: location.file, line: location.line } };
}

/**
 * Internal (not for users; not covered by semver): The identity hashes of a suite and its expectations, the same
 * whether they came from YAML, JSON or the DSL.
 */
export function definitionHashes(suite: ValidSuite, expectations: ValidExpectations): DefinitionHashes {
  return { suite: stableHash(suite), expectations: stableHash(expectations) };
}

/**
 * Internal (not for users; not covered by semver): The part document of one shard. `suite` and `expectations` are
 * the whole ones; `scenarioOf` and `expectationOf` give the shard's findings
 * for the scenarios and expectations in it (both called in definition order;
 * `scenarioOf` with the scenario's index in the whole suite).
 */
export function partDocument(
  suite: ValidSuite,
  expectations: ValidExpectations,
  shard: ShardSpec,
  scenarioOf: (scenario: ValidScenario, index: number) => PartScenarioOutcome | undefined,
  expectationOf: (expectation: ValidExpectation) => PartExpectationOutcome | undefined,
  suiteFile?: string,
): object {
  const hashes = definitionHashes(suite, expectations);
  const scenarios: object[] = [];
  suite.scenarios.forEach((scenario, index) => {
    const found = scenarioOf(scenario, index);
    if (found === undefined) return;
    scenarios.push({
      index,
      definition: scenario,
      result: 'result' in found ? found.result.toDict() : null,
      mission_error: 'missionError' in found ? found.missionError : null,
      ...locationField('called_at', 'missionError' in found ? found.calledAt : undefined),
    });
  });
  const entries: object[] = [];
  expectations.expectations.forEach((expectation, index) => {
    const found = expectationOf(expectation);
    if (found === undefined) return;
    const { id, scenario, mission, path, op, expected } = expectation;
    entries.push({
      index,
      // `exists` and `absent` take no expected value: the definition is written as the DSL accepts it.
      definition: { id, scenario, mission, path, op, ...(isPresenceOp(op) ? {} : { expected }) },
      status: found.status,
      verdict:
        found.status === 'error'
          ? null
          : { passed: found.result.passed, actual: found.result.actual, expected: found.result.expected, details: found.result.details },
      ...locationField('defined_at', found.status === 'passed' ? undefined : found.definedAt),
    });
  });
  return {
    format: PART_FORMAT,
    format_version: PART_FORMAT_VERSION,
    suite_name: suite.name,
    // The suite file as reports name it (JUnit's testsuite `file`), when the part was made from one.
    ...(suiteFile === undefined ? {} : { suite_file: suiteFile }),
    shard: { index: shard.index, count: shard.count },
    partition: PARTITION,
    suite_definition_hash: hashes.suite,
    expectations_definition_hash: hashes.expectations,
    scenario_count: suite.scenarios.length,
    expectation_count: expectations.expectations.length,
    scenarios,
    expectations: entries,
  };
}

/** Internal (not for users; not covered by semver): The text of a part file (JSON, two-space indent, final newline). */
export function partText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
