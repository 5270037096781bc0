/**
 * Part files: the result of one shard of a suite (`tier2 run --shard i/n
 * --out part.json`), and their merge into the outcome of the whole suite
 * (`tier2 merge`). The format is documented by schemas/part.schema.json and
 * docs/sharding.md.
 *
 * A part is self-describing: the suite's name, the shard, the identity of the
 * suite and expectations (the canonical hash of their parsed definitions),
 * the totals, and for each of its scenarios and expectations the position in
 * the suite, the definition and the serialised result or verdict. The merge
 * rebuilds the scenario results from that data (nothing runs again) and makes
 * the outcome exactly as `tier2 run` does, so the report, JSON, JUnit, exit
 * code and `test_run_hash` are the unsharded run's.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, Tier2Error, type ErrorCode } from '../data/errors.js';
import { PARTITION, inShard, type ShardSpec } from './shard.js';
import {
  PART_FORMAT,
  PART_FORMAT_VERSION,
  definitionHashes,
  partDocument,
  type DefinitionHashes,
  type PartExpectationOutcome,
  type PartMissionError,
  type PartScenarioOutcome,
} from './part.js';
import { assembleScenarioResult, type ScenarioResult } from '../harness/scenario.js';
import { canonicalJson } from '../data/canonical.js';
import { validateExpectations, type ValidExpectations } from '../harness/expectations.js';
import type { OrchestrationResultDict } from '../runtime/orchestration-result.js';
import { validateSuite, type ValidSuite } from '../harness/suite.js';
import type { PathSegment } from '../data/path-text.js';
import { formatPath } from '../data/error-message.js';
import { assembleOutcome, type CliOutcome, type MissionError } from '../harness/outcome.js';

/** The scenarios and expectations of one shard, as a suite and expectations of their own. */
export function shardInputs(suite: ValidSuite, expectations: ValidExpectations, shard: ShardSpec): { suite: ValidSuite; expectations: ValidExpectations } {
  return {
    suite: validateSuite({ name: suite.name, scenarios: suite.scenarios.filter((scenario) => inShard(scenario.name, shard)) }, 'defineSuite'),
    expectations: validateExpectations(
      { expectations: expectations.expectations.filter((expectation) => inShard(expectation.scenario, shard)) },
      'defineExpectations',
    ),
  };
}

function missionErrorData(missionError: MissionError): PartMissionError {
  const { name, message, stack } = missionError.error;
  return { key: missionError.key, mission: missionError.mission, error: { name, message, ...(stack === undefined ? {} : { stack }) } };
}

/**
 * The part file of one shard: `outcome` is the outcome of running the shard's
 * own suite and expectations (see {@link shardInputs}); `suite` and
 * `expectations` are the whole ones.
 */
export function makePart(suite: ValidSuite, expectations: ValidExpectations, shard: ShardSpec, outcome: CliOutcome, suiteFile?: string): object {
  const raised = new Map(outcome.missionErrors.map((missionError) => [missionError.scenario, missionError]));
  const verdicts = new Map(outcome.verdicts.map((verdict) => [verdict.expectation.id, verdict]));
  return partDocument(
    suite,
    expectations,
    shard,
    (scenario): PartScenarioOutcome | undefined => {
      const missionError = raised.get(scenario.name);
      if (missionError) return { missionError: missionErrorData(missionError) };
      const result = outcome.scenarioResults.get(scenario.name);
      return result === undefined ? undefined : { result };
    },
    (expectation): PartExpectationOutcome | undefined => {
      const verdict = verdicts.get(expectation.id);
      if (verdict === undefined) return undefined;
      return verdict.status === 'error' ? { status: 'error' } : { status: verdict.status, result: verdict.result };
    },
    suiteFile,
  );
}

// ---------------------------------------------------------------------------
// Reading parts

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonRecord = { readonly [key: string]: Json };

/** A part file, read and checked field by field. */
export interface Part {
  readonly file: string;
  readonly suiteName: string;
  /** The suite file the part was made from (`tier2 run --out`), if any. */
  readonly suiteFile: string | undefined;
  readonly shard: ShardSpec;
  readonly partition: string;
  readonly hashes: DefinitionHashes;
  readonly scenarioCount: number;
  readonly expectationCount: number;
  readonly scenarios: readonly PartScenario[];
  readonly expectations: readonly PartExpectation[];
}

/** One scenario entry of a part. */
export interface PartScenario {
  /** Where it is in the part, as data (`['scenarios', k]`); errors about it carry these segments. */
  readonly at: readonly PathSegment[];
  readonly index: number;
  readonly name: string;
  readonly definition: Json;
  readonly result: JsonRecord | null;
  readonly missionError: { readonly key: string; readonly mission: string; readonly error: MissionError['error'] } | null;
}

/** One expectation entry of a part. */
export interface PartExpectation {
  /** Where it is in the part, as data (`['expectations', k]`). */
  readonly at: readonly PathSegment[];
  readonly index: number;
  readonly id: string;
  readonly scenario: string;
  readonly definition: Json;
  readonly status: 'passed' | 'failed' | 'error';
  readonly verdict: Json;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

type At = readonly PathSegment[];

/** Checked reads of a parsed part, each error naming the file and carrying the field's path as segments. */
class Reader {
  constructor(readonly file: string) {}

  fail(at: At, problem: string, code: ErrorCode = 'wrong_type'): ConfigError {
    return new ConfigError({ code, segments: at, problem }, { file: this.file });
  }

  record(value: Json | undefined, at: At): JsonRecord {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail(at, `expected an object, got ${kind(value)}`);
    return value;
  }

  list(value: Json | undefined, at: At): readonly Json[] {
    if (!Array.isArray(value)) throw this.fail(at, `expected an array, got ${kind(value)}`);
    return value;
  }

  string(value: Json | undefined, at: At): string {
    if (typeof value !== 'string') throw this.fail(at, `expected a string, got ${kind(value)}`);
    return value;
  }

  count(value: Json | undefined, at: At, min = 0): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw this.fail(at, `expected an integer >= ${min}, got ${kind(value)}`);
    }
    return value;
  }

  hash(value: Json | undefined, at: At): string {
    const text = this.string(value, at);
    if (!/^[0-9a-f]{64}$/.test(text)) throw this.fail(at, `expected 64 lowercase hex digits, got ${JSON.stringify(text)}`);
    return text;
  }

  field(record: JsonRecord, key: string): Json | undefined {
    return Object.hasOwn(record, key) ? record[key] : undefined;
  }
}

/** Parses the text of a part file (already read from `file`) and checks every field the merge uses. */
export function parsePart(file: string, text: string): Part {
  const r = new Reader(file);
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch (error) {
    throw r.fail([], `not JSON: ${(error as Error).message}`, 'syntax');
  }
  const top = r.record(deepFreeze(data), []);
  const format = r.field(top, 'format');
  if (format !== PART_FORMAT) {
    const hint =
      Object.hasOwn(top, 'suite_result') || Object.hasOwn(top, 'mission_errors')
        ? "; this looks like the output of 'tier2 run --json': merge takes the part files of 'tier2 run --shard i/n --out <file>'"
        : '';
    throw r.fail(['format'], `not a tier2 part file (expected format '${PART_FORMAT}', got ${kind(format)})${hint}`, 'invalid_value');
  }
  const version = r.field(top, 'format_version');
  if (version !== PART_FORMAT_VERSION) {
    throw r.fail(['format_version'], `part format version ${kind(version)} is not supported; this tier2 reads version ${PART_FORMAT_VERSION}`, 'invalid_value');
  }
  const shardRecord = r.record(r.field(top, 'shard'), ['shard']);
  const count = r.count(r.field(shardRecord, 'count'), ['shard', 'count'], 1);
  const index = r.count(r.field(shardRecord, 'index'), ['shard', 'index'], 1);
  if (index > count) throw r.fail(['shard', 'index'], `shard ${index}/${count}: the index must be at most the count`, 'invalid_value');
  const scenarioCount = r.count(r.field(top, 'scenario_count'), ['scenario_count']);
  const expectationCount = r.count(r.field(top, 'expectation_count'), ['expectation_count']);
  const scenarios = r.list(r.field(top, 'scenarios'), ['scenarios']).map((raw, k): PartScenario => {
    const at: At = ['scenarios', k];
    const entry = r.record(raw, at);
    const entryIndex = r.count(r.field(entry, 'index'), [...at, 'index']);
    if (entryIndex >= scenarioCount) throw r.fail([...at, 'index'], `${entryIndex} is out of range: the suite has ${scenarioCount} scenarios`, 'invalid_value');
    const definition = r.record(r.field(entry, 'definition'), [...at, 'definition']);
    const name = r.string(r.field(definition, 'name'), [...at, 'definition', 'name']);
    const result = r.field(entry, 'result') ?? null;
    const raisedRaw = r.field(entry, 'mission_error') ?? null;
    if ((result === null) === (raisedRaw === null)) throw r.fail(at, 'expected exactly one of result and mission_error', 'conflict');
    let missionError: PartScenario['missionError'] = null;
    if (raisedRaw !== null) {
      const raised = r.record(raisedRaw, [...at, 'mission_error']);
      const error = r.record(r.field(raised, 'error'), [...at, 'mission_error', 'error']);
      const stack = r.field(error, 'stack');
      missionError = {
        key: r.string(r.field(raised, 'key'), [...at, 'mission_error', 'key']),
        mission: r.string(r.field(raised, 'mission'), [...at, 'mission_error', 'mission']),
        error: {
          name: r.string(r.field(error, 'name'), [...at, 'mission_error', 'error', 'name']),
          message: r.string(r.field(error, 'message'), [...at, 'mission_error', 'error', 'message']),
          ...(stack === undefined ? {} : { stack: r.string(stack, [...at, 'mission_error', 'error', 'stack']) }),
        },
      };
    }
    return { at, index: entryIndex, name, definition, result: result === null ? null : r.record(result, [...at, 'result']), missionError };
  });
  const expectations = r.list(r.field(top, 'expectations'), ['expectations']).map((raw, k): PartExpectation => {
    const at: At = ['expectations', k];
    const entry = r.record(raw, at);
    const entryIndex = r.count(r.field(entry, 'index'), [...at, 'index']);
    if (entryIndex >= expectationCount)
      throw r.fail([...at, 'index'], `${entryIndex} is out of range: there are ${expectationCount} expectations`, 'invalid_value');
    const definition = r.record(r.field(entry, 'definition'), [...at, 'definition']);
    const status = r.field(entry, 'status');
    if (status !== 'passed' && status !== 'failed' && status !== 'error') {
      throw r.fail([...at, 'status'], `expected 'passed', 'failed' or 'error', got ${kind(status)}`, 'invalid_value');
    }
    const verdict = r.field(entry, 'verdict') ?? null;
    if ((status === 'error') !== (verdict === null))
      throw r.fail([...at, 'verdict'], `expected ${status === 'error' ? 'null' : 'an object'} for status '${status}'`);
    return {
      at,
      index: entryIndex,
      id: r.string(r.field(definition, 'id'), [...at, 'definition', 'id']),
      scenario: r.string(r.field(definition, 'scenario'), [...at, 'definition', 'scenario']),
      definition,
      status,
      verdict,
    };
  });
  return {
    file,
    suiteName: r.string(r.field(top, 'suite_name'), ['suite_name']),
    suiteFile: Object.prototype.hasOwnProperty.call(top, 'suite_file') ? r.string(r.field(top, 'suite_file'), ['suite_file']) : undefined,
    shard: { index, count },
    partition: r.string(r.field(top, 'partition'), ['partition']),
    hashes: {
      suite: r.hash(r.field(top, 'suite_definition_hash'), ['suite_definition_hash']),
      expectations: r.hash(r.field(top, 'expectations_definition_hash'), ['expectations_definition_hash']),
    },
    scenarioCount,
    expectationCount,
    scenarios,
    expectations,
  };
}

/** Reads and parses a part file. */
export function readPart(file: string): Part {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError({ code: 'unreadable', segments: [], problem: `cannot read: ${(error as Error).message}` }, { file });
  }
  return parsePart(file, text);
}

// ---------------------------------------------------------------------------
// Merging

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
    if (Tier2Error.isTier2Error(error)) throw fail((error as Error).message);
    throw error;
  }
  if (canonicalJson(rebuilt.toDict()) !== canonicalJson(result)) {
    throw fail('the recorded result does not match its scenario_hash (the part was edited, or written by another version)');
  }
  return rebuilt;
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
/** The suite file every part names (they agree: it is part of their identity), if they name one. */
export function mergedSuiteFile(parts: readonly Part[]): string | undefined {
  return parts[0]?.suiteFile;
}

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
  let suite: ValidSuite;
  let expectations: ValidExpectations;
  try {
    suite = validateSuite({ name: first.suiteName, scenarios: scenarios.map(({ entry }) => entry.definition) }, 'defineSuite');
    expectations = validateExpectations(
      expectationEntries.map(({ entry }) => entry.definition),
      'defineExpectations',
    );
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw merged(`the definitions in the parts are not valid: ${(error as Error).message}`);
    throw error;
  }
  const hashes = definitionHashes(suite, expectations);
  if (hashes.suite !== first.hashes.suite)
    throw merged('the scenario definitions in the parts do not hash to the recorded suite_definition_hash (a part was edited)');
  if (hashes.expectations !== first.hashes.expectations) {
    throw merged('the expectation definitions in the parts do not hash to the recorded expectations_definition_hash (a part was edited)');
  }
  const results: ScenarioResult[] = [];
  const missionErrors: MissionError[] = [];
  for (const { entry, part } of scenarios) {
    if (entry.missionError !== null) missionErrors.push({ scenario: entry.name, scenarioIndex: entry.index, ...entry.missionError });
    else results.push(rebuildResult(entry, part, suite));
  }
  const outcome = assembleOutcome(suite, expectations, results, missionErrors);
  outcome.verdicts.forEach((verdict, index) => {
    const { entry, part } = expectationEntries[index] as { entry: PartExpectation; part: Part };
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
  return outcome;
}
