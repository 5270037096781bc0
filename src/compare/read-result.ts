/**
 * Reading a result file for `tier2 compare`: the output of `tier2 run --json`
 * or `tier2 merge --json` (a test run's `toDict()`, or the form without
 * scenario results that a raising mission gives), or a part file of
 * `tier2 run --out`.
 *
 * A run result is read a scenario at a time ({@link JsonSkimmer}): for each
 * scenario and verdict only a digest of its bytes and where it is in the file
 * are kept, and its data is read again only when the two files' digests
 * differ. So two results of 20,000 scenarios compare in bounded memory. A part
 * file is read whole and checked field by field, as `tier2 merge` reads it
 * ({@link readPart}); parts are shards, and carry the definitions that compare
 * shows beside the results.
 */
import { createHash } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { ConfigError, type PathSegment } from '../data/errors.js';
import { setOwn } from '../data/common.js';
import type { JsonObject, JsonValue } from '../data/json.js';
import { readPart, type Part, type PartScenario } from '../parts/part-file.js';
import type { ShardSpec } from '../parts/shard.js';
import type { VerdictStatus } from './model.js';
import { JsonSkimmer, SkimError, readRange, type RawValue } from './json-skim.js';

/** A mission that raised, as compare sees it (no stack: it names paths of the machine that ran it). */
export type RaisedData = {
  readonly key: string;
  readonly mission: string;
  readonly error: { readonly name: string; readonly message: string };
};

/** What a file records for one scenario: its result or the mission that raised, and its definition (parts only). */
export type ScenarioData = { readonly result: JsonObject; readonly raised?: undefined } | { readonly raised: RaisedData; readonly result?: undefined };

/** One scenario of a result file. */
export interface ScenarioEntry {
  readonly name: string;
  /** Equal digests mean equal data; different digests are compared field by field. */
  readonly digest: string;
  readonly outcome: 'ran' | 'raised';
  load(): { readonly data: ScenarioData; readonly definition: JsonValue | undefined };
}

/** One expectation verdict of a result file. */
export interface VerdictEntry {
  readonly id: string;
  /** Its status, read when first asked. @throws ConfigError when the file's entry is not a verdict. */
  status(): VerdictStatus;
  /** The expectation's scenario, when the file records it (parts). */
  readonly scenario: string | undefined;
  readonly digest: string;
  load(): { readonly verdict: JsonValue; readonly definition: JsonValue | undefined };
}

/** A result file, indexed for comparison. Close it when done. */
export interface ResultFile {
  readonly file: string;
  /** `run`: a test run's `toDict()`; `run-raised`: a run in which a mission raised (no scenario results); `part`: a part file. */
  readonly kind: 'run' | 'run-raised' | 'part';
  readonly suiteName: string | null;
  readonly testRunHash: string | null;
  /** Parts: the definition hashes, the shard and the suite file; null for run results. */
  readonly definitionHashes: { readonly suite: string; readonly expectations: string } | null;
  readonly shard: ShardSpec | null;
  readonly suiteFile: string | null;
  /** In the file's order. */
  readonly scenarios: ReadonlyMap<string, ScenarioEntry>;
  /** False when the file records only some scenarios (`run-raised`: only those whose mission raised). */
  readonly scenariosComplete: boolean;
  readonly verdicts: ReadonlyMap<string, VerdictEntry>;
  /** The fields that are neither scenarios nor verdicts (`passed`, metadata...), for the rare hand-edited file. */
  readonly rest: JsonObject;
  close(): void;
}

const digestOf = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('base64');

/** True for a JSON object (parsed from a result file: never a class instance), not an array or a primitive. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(
  file: string,
  segments: readonly PathSegment[],
  problem: string,
  code: 'wrong_type' | 'syntax' | 'unreadable' | 'invalid_value' = 'wrong_type',
): ConfigError {
  return new ConfigError({ code, segments, problem }, { file });
}

const NOT_A_RESULT = "not a result file: expected the output of 'tier2 run --json' (or 'tier2 merge --json') or a part file of 'tier2 run --out <file>'";

/**
 * Reads a result file for comparison.
 *
 * @throws ConfigError naming the file (and the field) when it cannot be read or is not a result file.
 */
export function readResultFile(file: string): ResultFile {
  let skimmer: JsonSkimmer;
  try {
    skimmer = new JsonSkimmer(file);
  } catch (error) {
    throw fail(file, [], `cannot read: ${(error as Error).message}`, 'unreadable');
  }
  try {
    const streamed = readRun(file, skimmer);
    if (streamed !== 'part') return streamed;
  } catch (error) {
    if (error instanceof SkimError) throw fail(file, [], `not JSON: ${error.message}`, 'syntax');
    if (error instanceof SyntaxError) throw fail(file, [], `not JSON: ${error.message}`, 'syntax');
    throw error;
  } finally {
    skimmer.close();
  }
  return partFile(readPart(file));
}

/** What the walk of a run result collects. */
interface RunParts {
  scenarios: Map<string, ScenarioEntry>;
  verdicts: Map<string, VerdictEntry>;
  rest: Record<string, JsonValue>;
  suite: Record<string, JsonValue> | undefined;
  judged: Record<string, JsonValue> | undefined;
  missionErrors: JsonValue | undefined;
}

/** Walks a run result; returns 'part' as soon as the file shows it is a part file. */
function readRun(file: string, skimmer: JsonSkimmer): ResultFile | 'part' {
  if (skimmer.kind() !== 'object') throw fail(file, [], NOT_A_RESULT);
  const fd = openSync(file, 'r');
  const found: RunParts = { scenarios: new Map(), verdicts: new Map(), rest: {}, suite: undefined, judged: undefined, missionErrors: undefined };
  let isPart = false;
  try {
    skimmer.object((key) => {
      if (isPart) return void skimmer.value();
      if (key === 'format') isPart = true;
      if (key === 'suite_result' && skimmer.kind() === 'object') found.suite = readSuiteResult(file, fd, skimmer, found.scenarios);
      else if (key === 'expectations_result' && skimmer.kind() === 'object') found.judged = readJudged(file, fd, skimmer, found.verdicts);
      else if (key === 'mission_errors') found.missionErrors = parseRaw(skimmer.value());
      else setOwn(found.rest, key, parseRaw(skimmer.value()));
    });
    skimmer.expectEnd();
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (isPart) {
    closeSync(fd);
    return 'part';
  }
  return runFile(file, fd, found);
}

function parseRaw(raw: RawValue): JsonValue {
  return JSON.parse(raw.bytes.toString('utf8')) as JsonValue;
}

/** Walks `suite_result`: the scenario results are indexed, the rest kept. */
function readSuiteResult(file: string, fd: number, skimmer: JsonSkimmer, scenarios: Map<string, ScenarioEntry>): Record<string, JsonValue> {
  const rest: Record<string, JsonValue> = {};
  skimmer.object((key) => {
    if (key !== 'scenario_results') return setOwn(rest, key, parseRaw(skimmer.value()));
    if (skimmer.kind() !== 'object') throw fail(file, ['suite_result', 'scenario_results'], 'expected an object of scenario results by name');
    skimmer.object((name) => {
      const raw = skimmer.value();
      if (raw.bytes[0] !== 0x7b) throw fail(file, ['suite_result', 'scenario_results', name], 'expected an object (a scenario result)');
      const { start, end } = raw;
      scenarios.set(name, {
        name,
        digest: digestOf(raw.bytes),
        outcome: 'ran',
        load: () => ({ data: { result: JSON.parse(readRange(fd, start, end).toString('utf8')) as JsonObject }, definition: undefined }),
      });
    });
  });
  return rest;
}

/** The status a run result's verdict records. */
function statusOf(verdict: JsonValue): VerdictStatus | undefined {
  if (!isRecord(verdict)) return undefined;
  if (verdict.error !== undefined) return 'error';
  if (typeof verdict.passed !== 'boolean') return undefined;
  return verdict.passed ? 'passed' : 'failed';
}

/** Walks `expectations_result`: the verdicts are indexed, the rest kept. */
function readJudged(file: string, fd: number, skimmer: JsonSkimmer, verdicts: Map<string, VerdictEntry>): Record<string, JsonValue> {
  const rest: Record<string, JsonValue> = {};
  skimmer.object((key) => {
    if (key !== 'expectation_results') return setOwn(rest, key, parseRaw(skimmer.value()));
    if (skimmer.kind() !== 'object') throw fail(file, ['expectations_result', 'expectation_results'], 'expected an object of verdicts by expectation id');
    skimmer.object((id) => {
      const raw = skimmer.value();
      const { start, end } = raw;
      const load = (): { verdict: JsonValue; definition: undefined } => ({
        verdict: JSON.parse(readRange(fd, start, end).toString('utf8')) as JsonValue,
        definition: undefined,
      });
      let status: VerdictStatus | undefined;
      // Read only when asked: most verdicts are equal in both files, and their digests say so without parsing them.
      const statusOnce = (): VerdictStatus => {
        status ??= statusOf(load().verdict);
        if (status === undefined)
          throw fail(file, ['expectations_result', 'expectation_results', id], "expected a verdict: an object with 'passed' (true or false) or 'error'");
        return status;
      };
      verdicts.set(id, { id, status: statusOnce, scenario: undefined, digest: digestOf(raw.bytes), load });
    });
  });
  return rest;
}

function textOf(record: JsonObject | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The mission errors of a run in which a mission raised, as scenario entries. */
function raisedScenarios(file: string, missionErrors: JsonValue): Map<string, ScenarioEntry> {
  if (!Array.isArray(missionErrors)) throw fail(file, ['mission_errors'], 'expected a list');
  const scenarios = new Map<string, ScenarioEntry>();
  missionErrors.forEach((entry: JsonValue, index) => {
    const record = isRecord(entry) ? entry : undefined;
    const error = record !== undefined && isRecord(record.error) ? record.error : undefined;
    const [scenario, key, mission, name, message] = [
      textOf(record, 'scenario_name'),
      textOf(record, 'mission_key'),
      textOf(record, 'mission_name'),
      textOf(error, 'name'),
      textOf(error, 'message'),
    ];
    if (scenario === undefined || key === undefined || mission === undefined || name === undefined || message === undefined) {
      throw fail(file, ['mission_errors', index], 'expected { scenario_name, mission_key, mission_name, error: { name, message } } with strings');
    }
    const raised: RaisedData = { key, mission, error: { name, message } };
    scenarios.set(scenario, {
      name: scenario,
      digest: digestOf(JSON.stringify(raised)),
      outcome: 'raised',
      load: () => ({ data: { raised }, definition: undefined }),
    });
  });
  return scenarios;
}

function runFile(file: string, fd: number, found: RunParts): ResultFile {
  const close = (): void => closeSync(fd);
  const judged = found.judged;
  const raisedForm = found.missionErrors !== undefined;
  if (judged === undefined || (found.suite === undefined && !raisedForm)) {
    close();
    throw fail(file, [], NOT_A_RESULT);
  }
  const scenarios = raisedForm ? raisedScenarios(file, found.missionErrors as JsonValue) : found.scenarios;
  const suiteName = found.suite?.suite_name ?? found.rest.suite_name;
  const metadata = found.rest.metadata;
  const hash = isRecord(metadata) ? metadata.test_run_hash : undefined;
  return {
    file,
    kind: raisedForm ? 'run-raised' : 'run',
    suiteName: typeof suiteName === 'string' ? suiteName : null,
    testRunHash: typeof hash === 'string' ? hash : null,
    definitionHashes: null,
    shard: null,
    suiteFile: null,
    scenarios,
    scenariosComplete: !raisedForm,
    verdicts: found.verdicts,
    rest: { ...found.rest, ...(found.suite ? { suite_result: found.suite } : {}), expectations_result: judged },
    close,
  };
}

function raisedOf(entry: PartScenario): RaisedData | undefined {
  const raised = entry.missionError;
  return raised === null ? undefined : { key: raised.key, mission: raised.mission, error: { name: raised.error.name, message: raised.error.message } };
}

/** A part file (read whole and checked by {@link readPart}) as a result file. */
function partFile(part: Part): ResultFile {
  const scenarios = new Map<string, ScenarioEntry>();
  for (const entry of part.scenarios) {
    const raised = raisedOf(entry);
    const data: ScenarioData = raised === undefined ? { result: entry.result as JsonObject } : { raised };
    const definition = entry.definition as JsonValue;
    scenarios.set(entry.name, {
      name: entry.name,
      digest: digestOf(JSON.stringify([definition, data])),
      outcome: raised === undefined ? 'ran' : 'raised',
      load: () => ({ data, definition }),
    });
  }
  const verdicts = new Map<string, VerdictEntry>();
  for (const entry of part.expectations) {
    const verdict = entry.verdict as JsonValue;
    const definition = entry.definition as JsonValue;
    verdicts.set(entry.id, {
      id: entry.id,
      status: () => entry.status,
      scenario: entry.scenario,
      digest: digestOf(JSON.stringify([definition, entry.status, verdict])),
      load: () => ({ verdict, definition }),
    });
  }
  return {
    file: part.file,
    kind: 'part',
    suiteName: part.suiteName,
    testRunHash: null,
    definitionHashes: part.hashes,
    shard: part.shard,
    suiteFile: part.suiteFile ?? null,
    scenarios,
    scenariosComplete: true,
    verdicts,
    rest: { partition: part.partition, scenario_count: part.scenarioCount, expectation_count: part.expectationCount },
    close: () => undefined,
  };
}
