/**
 * The comparison of two result files ({@link readResultFile}) into a
 * {@link Comparison}: every scenario added, removed or changed (each changed
 * mission result with its first diverging path and every field that differs),
 * every verdict that changed, and whether the definitions differ.
 *
 * Linear in the size of the files: entries are matched by name through maps,
 * equal digests are equal data, and only entries whose digests differ are read
 * again and compared field by field.
 */
import { findDivergence } from '../data/divergence.js';
import type { JsonObject, JsonValue } from '../data/json.js';
import {
  COMPARE_FORMAT,
  COMPARE_FORMAT_VERSION,
  type Comparison,
  type DefinitionVerdict,
  type FieldChange,
  type MissionChange,
  type ResultSummary,
  type ScenarioChange,
  type ScenarioPresence,
} from './model.js';
import { isRecord, type ResultFile, type ScenarioData, type ScenarioEntry } from './read-result.js';
import { compareVerdicts } from './compare-verdicts.js';
import { fieldChanges } from './field-changes.js';

function missionResults(data: ScenarioData): JsonObject {
  const missions = data.result?.mission_results;
  return isRecord(missions) ? missions : {};
}

function scenarioHash(data: ScenarioData): string | null {
  const metadata = data.result?.metadata;
  return isRecord(metadata) && typeof metadata.scenario_hash === 'string' ? metadata.scenario_hash : null;
}

/** The mission results that differ, in the candidate's order, then the baseline's removed ones. */
function missionChanges(baseline: JsonObject, candidate: JsonObject): MissionChange[] {
  const changes: MissionChange[] = [];
  for (const [key, after] of Object.entries(candidate)) {
    if (!Object.hasOwn(baseline, key)) {
      changes.push({ key, change: 'added', first_path: null, fields: fieldChanges(undefined, after) });
      continue;
    }
    const before = baseline[key] as JsonValue;
    const first = findDivergence(before, after);
    if (first !== undefined) changes.push({ key, change: 'changed', first_path: first.path, fields: fieldChanges(before, after) });
  }
  for (const [key, before] of Object.entries(baseline)) {
    if (!Object.hasOwn(candidate, key)) changes.push({ key, change: 'removed', first_path: null, fields: fieldChanges(before, undefined) });
  }
  return changes;
}

/** A scenario's own fields (outside its mission results), or what raised. */
function ownFields(data: ScenarioData): JsonValue {
  if (data.raised !== undefined) return { raised: data.raised };
  const { mission_results: _missions, ...rest } = data.result;
  return rest;
}

/** The change of a scenario both files have, or undefined when its data is the same after all. */
function scenarioChange(name: string, baseline: ScenarioEntry, candidate: ScenarioEntry): ScenarioChange | undefined {
  const before = baseline.load();
  const after = candidate.load();
  const definition = before.definition === undefined || after.definition === undefined ? [] : fieldChanges(before.definition, after.definition);
  const missions = missionChanges(missionResults(before.data), missionResults(after.data));
  const fields =
    missions.length > 0 && baseline.outcome === candidate.outcome
      ? withoutHashes(ownFields(before.data), ownFields(after.data))
      : fieldChanges(ownFields(before.data), ownFields(after.data));
  if (definition.length === 0 && missions.length === 0 && fields.length === 0) return undefined;
  return {
    name,
    baseline_outcome: baseline.outcome,
    candidate_outcome: candidate.outcome,
    baseline_hash: scenarioHash(before.data),
    candidate_hash: scenarioHash(after.data),
    definition,
    missions,
    fields,
  };
}

/** Field changes without the hash fields, which repeat a mission change already listed. */
function withoutHashes(baseline: JsonValue, candidate: JsonValue): FieldChange[] {
  return fieldChanges(baseline, candidate).filter((field) => !field.segments.some((segment) => segment.endsWith('_hash')));
}

function presence(entry: ScenarioEntry): ScenarioPresence {
  return { name: entry.name, outcome: entry.outcome, missions: Object.keys(missionResults(entry.load().data)) };
}

interface ScenarioFindings {
  unchanged: number;
  not_compared: number;
  changed: ScenarioChange[];
  added: ScenarioPresence[];
  removed: ScenarioPresence[];
}

function compareScenarios(baseline: ResultFile, candidate: ResultFile): ScenarioFindings {
  const found: ScenarioFindings = { unchanged: 0, not_compared: 0, changed: [], added: [], removed: [] };
  for (const [name, after] of candidate.scenarios) {
    const before = baseline.scenarios.get(name);
    if (before === undefined) {
      if (baseline.scenariosComplete) found.added.push(presence(after));
      else found.not_compared += 1;
      continue;
    }
    const changed = before.digest === after.digest ? undefined : scenarioChange(name, before, after);
    if (changed === undefined) found.unchanged += 1;
    else found.changed.push(changed);
  }
  for (const [name, before] of baseline.scenarios) {
    if (candidate.scenarios.has(name)) continue;
    if (candidate.scenariosComplete) found.removed.push(presence(before));
    else found.not_compared += 1;
  }
  return found;
}

function summary(result: ResultFile): ResultSummary {
  return {
    file: result.file,
    kind: result.kind,
    suite_name: result.suiteName,
    scenarios: result.scenarios.size,
    expectations: result.verdicts.size,
    test_run_hash: result.testRunHash,
    suite_definition_hash: result.definitionHashes?.suite ?? null,
    expectations_definition_hash: result.definitionHashes?.expectations ?? null,
    shard: result.shard,
    suite_file: result.suiteFile,
  };
}

function definitionVerdict(baseline: string | undefined, candidate: string | undefined, provenDifferent: boolean): DefinitionVerdict {
  if (baseline !== undefined && candidate !== undefined) return baseline === candidate ? 'same' : 'different';
  return provenDifferent ? 'different' : 'unknown';
}

/** What the files say about how far they could be compared. */
function notesOf(baseline: ResultFile, candidate: ResultFile, notCompared: number): string[] {
  const notes: string[] = [];
  for (const side of [baseline, candidate]) {
    if (side.kind === 'run-raised') {
      notes.push(`${side.file}: a mission raised in this run, so it records no scenario results, only the raising missions and the verdicts`);
    }
  }
  if (notCompared > 0) notes.push(`${notCompared} scenario${notCompared === 1 ? ' is' : 's are'} recorded in one file only and could not be compared`);
  if (baseline.kind !== 'part' || candidate.kind !== 'part') {
    notes.push('the definitions are compared only where the results show them: part files (tier2 run --out) record them, --json results do not');
  }
  const [a, b] = [baseline.shard, candidate.shard];
  if (a && b && (a.index !== b.index || a.count !== b.count)) notes.push(`the files are different shards: ${a.index}/${a.count} and ${b.index}/${b.count}`);
  return notes;
}

/** Top-level fields compared directly: the suite's name, and (when nothing else differs) the derived hashes and counts. */
function topFields(baseline: ResultFile, candidate: ResultFile, nothingElse: boolean): FieldChange[] {
  const named = fieldChanges(baseline.suiteName ?? undefined, candidate.suiteName ?? undefined, ['suite_name']);
  if (named.length > 0 || !nothingElse || baseline.kind !== candidate.kind) return named;
  return fieldChanges(baseline.rest, candidate.rest);
}

/**
 * Compares a baseline result file with a candidate.
 *
 * @example
 * ```ts
 * const comparison = compareResults(readResultFile('main.json'), readResultFile('pr.json'));
 * comparison.scenarios.changed.map((scenario) => scenario.name);
 * ```
 */
export function compareResults(baseline: ResultFile, candidate: ResultFile): Comparison {
  const scenarios = compareScenarios(baseline, candidate);
  const verdicts = compareVerdicts(baseline, candidate);
  const scenarioDefinitionsDiffer =
    scenarios.added.length + scenarios.removed.length > 0 || scenarios.changed.some((scenario) => scenario.definition.length > 0);
  const expectationDefinitionsDiffer =
    verdicts.added.length + verdicts.removed.length > 0 ||
    Object.values(verdicts)
      .flat()
      .some((verdict) => typeof verdict === 'object' && verdict.fields.some((field) => field.segments[0] === 'definition' || field.segments[0] === 'expected'));
  const definitions = {
    suite: definitionVerdict(baseline.definitionHashes?.suite, candidate.definitionHashes?.suite, scenarioDefinitionsDiffer),
    expectations: definitionVerdict(baseline.definitionHashes?.expectations, candidate.definitionHashes?.expectations, expectationDefinitionsDiffer),
  };
  const itemsDiffer =
    scenarios.changed.length + scenarios.added.length + scenarios.removed.length > 0 ||
    verdicts.newly_failing.length + verdicts.newly_passing.length + verdicts.added.length + verdicts.removed.length + verdicts.changed.length > 0;
  const fields = topFields(baseline, candidate, !itemsDiffer && definitions.suite !== 'different' && definitions.expectations !== 'different');
  return {
    format: COMPARE_FORMAT,
    format_version: COMPARE_FORMAT_VERSION,
    identical: !itemsDiffer && fields.length === 0 && definitions.suite !== 'different' && definitions.expectations !== 'different',
    verdicts_worse: verdicts.newly_failing.length + verdicts.removed.length > 0 || verdicts.added.some((verdict) => verdict.candidate !== 'passed'),
    baseline: summary(baseline),
    candidate: summary(candidate),
    definitions,
    notes: notesOf(baseline, candidate, scenarios.not_compared),
    scenarios,
    verdicts,
    fields,
  };
}
