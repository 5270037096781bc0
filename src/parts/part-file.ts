/**
 * Part files: the result of one shard of a suite (`tier2 run --shard i/n
 * --out part.json`), made and read back; merge.ts merges them into the
 * outcome of the whole suite (`tier2 merge`). The format is documented by
 * schemas/part.schema.json and docs/sharding.md.
 *
 * A part is self-describing: the suite's name, the shard, the identity of the
 * suite and expectations (the canonical hash of their parsed definitions),
 * the totals, and for each of its scenarios and expectations the position in
 * the suite, the definition and the serialised result or verdict (and, for
 * what failed or raised, where it was written, when made from files). Reading
 * checks every field the merge uses, through the one reader (src/data/fields.ts).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../data/errors.js';
import { configErrors, Reader, schema, type Opened, type Schema } from '../data/fields.js';
import { describeValue } from '../data/common.js';
import { inShard, type ShardSpec } from './shard.js';
import {
  PART_FORMAT,
  PART_FORMAT_VERSION,
  partDocument,
  type DefinitionHashes,
  type PartExpectationOutcome,
  type PartMissionError,
  type PartScenarioOutcome,
} from './part.js';
import { validateExpectations, type ValidExpectations } from '../harness/expectations.js';
import { validateSuite, type ValidSuite } from '../harness/suite.js';
import type { PathSegment } from '../data/path-text.js';
import type { CliOutcome, MissionError } from '../harness/outcome.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';

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

/** `{ [key]: location }` when known: an outcome's optional location. */
function located<K extends 'definedAt' | 'calledAt'>(key: K, location: SourceLocation | undefined): { [P in K]?: SourceLocation } {
  return (location === undefined ? {} : { [key]: location }) as { [P in K]?: SourceLocation };
}

/**
 * The part file of one shard: `outcome` is the outcome of running the shard's
 * own suite and expectations (see {@link shardInputs}); `suite` and
 * `expectations` are the whole ones. With `sources` (a part made from files),
 * the part names the suite file and records where each failing or unevaluated
 * expectation and each raising call was written; only those are looked up.
 */
export function makePart(suite: ValidSuite, expectations: ValidExpectations, shard: ShardSpec, outcome: CliOutcome, sources?: SourceLocations): object {
  const raised = new Map(outcome.missionErrors.map((missionError) => [missionError.scenario, missionError]));
  const verdicts = new Map(outcome.verdicts.map((verdict) => [verdict.expectation.id, verdict]));
  return partDocument(
    suite,
    expectations,
    shard,
    (scenario, index): PartScenarioOutcome | undefined => {
      const missionError = raised.get(scenario.name);
      if (missionError) return { missionError: missionErrorData(missionError), ...located('calledAt', sources?.missionCall(index, missionError.key)) };
      const result = outcome.scenarioResults.get(scenario.name);
      return result === undefined ? undefined : { result };
    },
    (expectation): PartExpectationOutcome | undefined => {
      const verdict = verdicts.get(expectation.id);
      if (verdict === undefined) return undefined;
      if (verdict.status === 'passed') return { status: 'passed', result: verdict.result };
      const definedAt = located('definedAt', sources?.expectation(expectation.id));
      return verdict.status === 'error' ? { status: 'error', ...definedAt } : { status: 'failed', result: verdict.result, ...definedAt };
    },
    sources?.suiteFile,
  );
}

// ---------------------------------------------------------------------------
// Reading parts

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRecord = { readonly [key: string]: Json };

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
  /** Where the raising call was written (`called_at`), when the part records it. */
  readonly calledAt: SourceLocation | undefined;
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
  /** Where a failed or unevaluated expectation was defined (`defined_at`), when the part records it. */
  readonly definedAt: SourceLocation | undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

// The objects of a part, as the reader reads them. Open schemas: a later
// version of the format may add fields, and the format version says whether
// this tier2 can read the part at all.
const OPEN = { closed: false };
const PART = schema(
  'part',
  [
    'format',
    'format_version',
    'shard',
    'scenario_count',
    'expectation_count',
    'scenarios',
    'expectations',
    'suite_name',
    'suite_file?',
    'partition',
    'suite_definition_hash',
    'expectations_definition_hash',
  ],
  OPEN,
);
const SHARD = schema('shard', ['index', 'count'], OPEN);
const SCENARIO_ENTRY = schema('scenarioEntry', ['index', 'definition', 'result?', 'mission_error?', 'called_at?'], OPEN);
const MISSION_ERROR = schema('missionError', ['key', 'mission', 'error'], OPEN);
const RAISED = schema('raised', ['name', 'message', 'stack?'], OPEN);
const EXPECTATION_ENTRY = schema('expectationEntry', ['index', 'definition', 'status', 'verdict?', 'defined_at?'], OPEN);
const LOCATION = schema('location', ['file', 'line'], OPEN);
const SCENARIO_DEFINITION = schema('scenarioDefinition', ['name'], OPEN);
const EXPECTATION_DEFINITION = schema('expectationDefinition', ['id', 'scenario'], OPEN);

/** Values as part messages show them: a string or number itself. */
const LITERAL = { literal: true };

/** One object of a part being read, by its schema. */
type Fields<S> = S extends Schema<infer K> ? Opened<K> : never;

/** An index into the whole suite's list: below `count`, which the part's header gives. */
function entryIndex<K extends string>(r: Reader, entry: Opened<K | 'index'>, count: number, what: string): number {
  const index = r.integer(entry, 'index', 0);
  if (index >= count) throw r.fail(entry, 'invalid_value', 'index', `${index} is out of range: ${what}`);
  return index;
}

/** 64 lowercase hex digits: a definition hash. */
function hashField(r: Reader, top: Fields<typeof PART>, field: 'suite_definition_hash' | 'expectations_definition_hash'): string {
  const text = r.string(top, field);
  if (!/^[0-9a-f]{64}$/.test(text)) throw r.fail(top, 'wrong_type', field, `expected 64 lowercase hex digits, got ${JSON.stringify(text)}`);
  return text;
}

/** The format and its version: anything else is not a part this tier2 reads (the output of `tier2 run --json` is named). */
function checkFormat(r: Reader, top: Fields<typeof PART>): void {
  const format = r.value(top, 'format');
  if (format !== PART_FORMAT) {
    const hint =
      Object.hasOwn(top.source, 'suite_result') || Object.hasOwn(top.source, 'mission_errors')
        ? "; this looks like the output of 'tier2 run --json': merge takes the part files of 'tier2 run --shard i/n --out <file>'"
        : '';
    throw r.fail(top, 'invalid_value', 'format', `not a tier2 part file (expected format '${PART_FORMAT}', got ${describeValue(format, LITERAL)})${hint}`);
  }
  const version = r.value(top, 'format_version');
  if (version !== PART_FORMAT_VERSION) {
    const problem = `part format version ${describeValue(version, LITERAL)} is not supported; this tier2 reads version ${PART_FORMAT_VERSION}`;
    throw r.fail(top, 'invalid_value', 'format_version', problem);
  }
}

function readShard(r: Reader, top: Fields<typeof PART>): ShardSpec {
  const shard = r.object(top, 'shard', SHARD);
  const count = r.integer(shard, 'count', 1);
  const index = r.integer(shard, 'index', 1);
  if (index > count) throw r.fail(shard, 'invalid_value', 'index', `shard ${index}/${count}: the index must be at most the count`);
  return { index, count };
}

/**
 * An optional location field: absent is `undefined`; anything else must be `{ file, line }` with a
 * non-empty file and a line from 1, and only where the writer records one (`allowed`, else `why` it is not).
 */
function readLocation<K extends string>(r: Reader, entry: Opened<K>, field: K, allowed: boolean, why: string): SourceLocation | undefined {
  if (r.value(entry, field) === undefined) return undefined;
  if (!allowed) throw r.fail(entry, 'conflict', field, why);
  const location = r.object(entry, field, LOCATION);
  const file = r.string(location, 'file', 'a non-empty string');
  if (file === '') throw r.fail(location, 'invalid_value', 'file', 'expected a non-empty string, got ""');
  const expected = 'a line number (an integer >= 1)';
  const line = r.required(location, 'line', expected);
  if (typeof line !== 'number' || !Number.isSafeInteger(line) || line < 1)
    throw r.fail(location, 'wrong_type', 'line', `expected ${expected}, got ${describeValue(line, LITERAL)}`);
  return { file, line };
}

function readScenarioEntry(r: Reader, entry: Fields<typeof SCENARIO_ENTRY>, scenarioCount: number): PartScenario {
  const index = entryIndex(r, entry, scenarioCount, `the suite has ${scenarioCount} scenarios`);
  const definition = r.object(entry, 'definition', SCENARIO_DEFINITION);
  const name = r.string(definition, 'name');
  const result = r.record(entry, 'result', true);
  const raised = r.record(entry, 'mission_error', true);
  if ((result === undefined) === (raised === undefined)) throw r.fail(entry, 'conflict', undefined, 'expected exactly one of result and mission_error');
  return {
    at: entry.at,
    index,
    name,
    definition: definition.source as Json,
    result: (result ?? null) as JsonRecord | null,
    missionError: raised === undefined ? null : readMissionError(r, r.object(entry, 'mission_error', MISSION_ERROR)),
    calledAt: readLocation(r, entry, 'called_at', raised !== undefined, 'recorded only with a mission_error (where the raising call was written)'),
  };
}

function readMissionError(r: Reader, raised: Fields<typeof MISSION_ERROR>): NonNullable<PartScenario['missionError']> {
  const key = r.string(raised, 'key');
  const mission = r.string(raised, 'mission');
  const error = r.object(raised, 'error', RAISED);
  const name = r.string(error, 'name');
  const message = r.string(error, 'message');
  const stack = r.optionalString(error, 'stack');
  return { key, mission, error: { name, message, ...(stack === undefined ? {} : { stack }) } };
}

function readExpectationEntry(r: Reader, entry: Fields<typeof EXPECTATION_ENTRY>, expectationCount: number): PartExpectation {
  const index = entryIndex(r, entry, expectationCount, `there are ${expectationCount} expectations`);
  const definition = r.object(entry, 'definition', EXPECTATION_DEFINITION);
  const status = r.value(entry, 'status');
  if (status !== 'passed' && status !== 'failed' && status !== 'error') {
    throw r.fail(entry, 'invalid_value', 'status', `expected 'passed', 'failed' or 'error', got ${describeValue(status, LITERAL)}`);
  }
  const verdict = (r.value(entry, 'verdict') ?? null) as Json;
  if ((status === 'error') !== (verdict === null))
    throw r.fail(entry, 'wrong_type', 'verdict', `expected ${status === 'error' ? 'null' : 'an object'} for status '${status}'`);
  const id = r.string(definition, 'id');
  const scenario = r.string(definition, 'scenario');
  const definedAt = readLocation(
    r,
    entry,
    'defined_at',
    status !== 'passed',
    "recorded only for status 'failed' or 'error' (where the expectation was written)",
  );
  return { at: entry.at, index, id, scenario, definition: definition.source as Json, status, verdict, definedAt };
}

/** Parses the text of a part file (already read from `file`) and checks every field the merge uses. */
export function parsePart(file: string, text: string): Part {
  const errors = configErrors(file);
  let data: unknown;
  try {
    data = deepFreeze(JSON.parse(text));
  } catch (error) {
    throw errors.make('syntax', '', [], `not JSON: ${(error as Error).message}`);
  }
  const r = new Reader({ errors });
  const top = r.open(data, '', [], PART);
  checkFormat(r, top);
  const shard = readShard(r, top);
  const scenarioCount = r.integer(top, 'scenario_count', 0);
  const expectationCount = r.integer(top, 'expectation_count', 0);
  const scenarios = r.list(top, 'scenarios').map((raw, k) => readScenarioEntry(r, r.open(raw, '', ['scenarios', k], SCENARIO_ENTRY), scenarioCount));
  const expectations = r
    .list(top, 'expectations')
    .map((raw, k) => readExpectationEntry(r, r.open(raw, '', ['expectations', k], EXPECTATION_ENTRY), expectationCount));
  const suiteName = r.string(top, 'suite_name');
  const suiteFile = r.optionalString(top, 'suite_file');
  const partition = r.string(top, 'partition');
  const hashes = { suite: hashField(r, top, 'suite_definition_hash'), expectations: hashField(r, top, 'expectations_definition_hash') };
  return { file, suiteName, suiteFile, shard, partition, hashes, scenarioCount, expectationCount, scenarios, expectations };
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
