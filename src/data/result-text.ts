/**
 * The canonical text of each result shape, assembled from the texts of its
 * parts: the one place that knows how a mission, scenario, suite and test-run
 * result serialise. Every function here gives exactly the bytes
 * `canonicalJson(result.toDict())` gives (test/result-text.test.ts checks it),
 * without building the dicts or walking them. Where the whole could outgrow
 * one string it is never joined: it is kept as pieces (texts shared between
 * results are referenced, not copied) or written straight into a
 * {@link CanonicalHasher}.
 *
 * Keys are written in canonical (code-point) order by hand: every key below
 * is printable ASCII, so that order is plain string order.
 */
import { canonicalJson, canonicalString } from './canonical.js';
import { CanonicalHasher, TextChunks } from './hash.js';
import type { JsonObject } from './json.js';

/** The parts of a mission result that do not depend on its final state. */
export interface RunShapeParts {
  readonly id: string;
  readonly success: boolean;
  /** Frozen JSON data, as in the dict. */
  readonly executedSteps: unknown;
  readonly failedStepId: string | null;
  readonly errorMessage: string | null;
  readonly lineage: unknown;
  readonly receipt: unknown;
}

const nullableString = (value: string | null): string => (value === null ? 'null' : canonicalString(value));

/**
 * The text of an `OrchestrationResultDict` before its `final_state` value.
 * Joined, not concatenated: a run shape keeps its head and tail as long as its
 * results live, and a concatenation would keep a tree of string pieces.
 */
export function missionHead(parts: RunShapeParts): string {
  return [
    '{"error_message":',
    nullableString(parts.errorMessage),
    ',"executed_steps":',
    canonicalJson(parts.executedSteps),
    ',"failed_step_id":',
    nullableString(parts.failedStepId),
    ',"final_state":',
  ].join('');
}

/** The text of an `OrchestrationResultDict` after its `final_state` value (joined, like {@link missionHead}). */
export function missionTail(parts: RunShapeParts): string {
  return [
    ',"id":',
    canonicalString(parts.id),
    ',"lineage":',
    canonicalJson(parts.lineage),
    ',"receipt":',
    canonicalJson(parts.receipt),
    ',"success":',
    parts.success ? 'true}' : 'false}',
  ].join('');
}

/** What a scenario needs of each mission result to write `mission_results`. */
export interface MissionTextSource {
  /** The head and tail around `final_state` ({@link missionHead}, {@link missionTail}). */
  readonly head: string;
  readonly tail: string;
  /** An object whose canonical text is that of `final_state` (the same text for every mission that left the state unchanged). */
  readonly state: JsonObject;
}

/**
 * The text of `mission_results` (keys in code-point order) as pieces, in
 * order. Texts shared between results (a run shape's head and tail, a state's
 * text) are referenced, never copied, so a scenario keeps little more than its
 * own state's text; each distinct state is serialised once, however many
 * missions end in it.
 */
export function missionResultsPieces(sortedKeys: readonly string[], sourceOf: (key: string) => MissionTextSource): string[] {
  const pieces: string[] = ['{'];
  const stateTexts = new Map<object, string>();
  sortedKeys.forEach((key, index) => {
    const source = sourceOf(key);
    let stateText = stateTexts.get(source.state);
    if (stateText === undefined) {
      stateText = canonicalJson(source.state);
      stateTexts.set(source.state, stateText);
    }
    pieces.push(`${index === 0 ? '' : ','}${canonicalString(key)}:`, source.head, stateText, source.tail);
  });
  pieces.push('}');
  return pieces;
}

/** The text of a `ScenarioResultDict` before its `mission_results` value. */
export function scenarioHead(name: string, hash: string): string {
  return `{"metadata":{"scenario_hash":"${hash}","scenario_name":${canonicalString(name)}},"mission_results":`;
}

/** The text of a `ScenarioResultDict` after its `mission_results` value. */
export function scenarioTail(name: string): string {
  return `,"scenario_name":${canonicalString(name)}}`;
}

/** Writes a `{ <key>: <value> }` object whose values are written by `writeValue`, keys in code-point order. */
export function writeObject(hasher: CanonicalHasher, sortedKeys: readonly string[], writeValue: (key: string) => void): void {
  hasher.add('{');
  sortedKeys.forEach((key, index) => {
    hasher.add(`${index === 0 ? '' : ','}${canonicalString(key)}:`);
    writeValue(key);
  });
  hasher.add('}');
}

/** What `test_run_hash` covers, in canonical key order. */
export interface TestRunHashParts {
  readonly expectationsMetadata: JsonObject;
  readonly expectationResults: readonly string[];
  readonly passed: boolean;
  readonly suiteMetadata: JsonObject;
  /** Writes the text of `suite_result` (the scenario results) into the hash. */
  readonly writeScenarioResults: (hasher: CanonicalHasher) => void;
}

/** `test_run_hash`: the hash of `{ expectations_metadata, expectations_result, passed, suite_metadata, suite_result }`. */
export function testRunHash(parts: TestRunHashParts): string {
  const hasher = new CanonicalHasher();
  hasher.add(`{"expectations_metadata":${canonicalJson(parts.expectationsMetadata)},"expectations_result":`);
  hasher.addAll(parts.expectationResults);
  hasher.add(`,"passed":${parts.passed ? 'true' : 'false'},"suite_metadata":${canonicalJson(parts.suiteMetadata)},"suite_result":`);
  parts.writeScenarioResults(hasher);
  hasher.add('}');
  return hasher.digest();
}

/** What `expectation_results` holds for one expectation. */
export interface VerdictParts {
  readonly passed: boolean;
  readonly actual: unknown;
  readonly expected: unknown;
  readonly details: unknown;
}

/** The text of `expectation_results` (`{ <id>: { actual, details, expected, passed } }`), as chunks. */
export function expectationResultsChunks(sortedIds: readonly string[], verdictOf: (id: string) => VerdictParts): string[] {
  const chunks = new TextChunks();
  // Values are often shared (a run shape's receipt steps read by every scenario's expectation): one text per object.
  const texts = new Map<object, string>();
  const textOf = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return canonicalJson(value);
    let text = texts.get(value);
    if (text === undefined) {
      text = canonicalJson(value);
      texts.set(value, text);
    }
    return text;
  };
  chunks.add('{');
  sortedIds.forEach((id, index) => {
    const verdict = verdictOf(id);
    chunks.add(
      `${index === 0 ? '' : ','}${canonicalString(id)}:{"actual":${textOf(verdict.actual)},"details":${textOf(verdict.details)},"expected":${textOf(verdict.expected)},"passed":${verdict.passed ? 'true' : 'false'}}`,
    );
  });
  chunks.add('}');
  return chunks.finish();
}
