/**
 * The canonical text of each result shape, assembled from the texts of its
 * parts: the one place that knows how a mission, scenario, suite and test-run
 * result serialise. Every function here gives exactly the bytes
 * `canonicalJson(result.toDict())` gives (test/result-text.test.ts checks it),
 * without building the dicts or walking them, and as chunks
 * ({@link TextChunks}) wherever the whole could outgrow one string.
 *
 * Keys are written in canonical (code-point) order by hand: every key below
 * is printable ASCII, so that order is plain string order.
 */
import { canonicalJson, canonicalString, hashCanonicalChunks, TextChunks } from './canonical.js';
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

/** The text of an `OrchestrationResultDict` before its `final_state` value. */
export function missionHead(parts: RunShapeParts): string {
  return `{"error_message":${nullableString(parts.errorMessage)},"executed_steps":${canonicalJson(parts.executedSteps)},"failed_step_id":${nullableString(parts.failedStepId)},"final_state":`;
}

/** The text of an `OrchestrationResultDict` after its `final_state` value. */
export function missionTail(parts: RunShapeParts): string {
  return `,"id":${canonicalString(parts.id)},"lineage":${canonicalJson(parts.lineage)},"receipt":${canonicalJson(parts.receipt)},"success":${parts.success ? 'true' : 'false'}}`;
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
 * The text of `mission_results` (keys in code-point order), as chunks. Each
 * distinct state is serialised once, however many missions end in it.
 */
export function missionResultsChunks(sortedKeys: readonly string[], sourceOf: (key: string) => MissionTextSource): string[] {
  const chunks = new TextChunks();
  const stateTexts = new Map<object, string>();
  chunks.add('{');
  sortedKeys.forEach((key, index) => {
    const source = sourceOf(key);
    let stateText = stateTexts.get(source.state);
    if (stateText === undefined) {
      stateText = canonicalJson(source.state);
      stateTexts.set(source.state, stateText);
    }
    chunks.add(`${index === 0 ? '' : ','}${canonicalString(key)}:${source.head}`);
    chunks.add(stateText);
    chunks.add(source.tail);
  });
  chunks.add('}');
  return chunks.finish();
}

/** A scenario's hash and the chunks of its whole `ScenarioResultDict` text. */
export function scenarioText(name: string, missionResults: readonly string[]): { readonly hash: string; readonly chunks: readonly string[] } {
  const hash = hashCanonicalChunks(missionResults);
  const quoted = canonicalString(name);
  const chunks = new TextChunks();
  chunks.add(`{"metadata":{"scenario_hash":"${hash}","scenario_name":${quoted}},"mission_results":`);
  chunks.addAll(missionResults);
  chunks.add(`,"scenario_name":${quoted}}`);
  return { hash, chunks: chunks.finish() };
}

/** The chunks of a `{ <key>: <text> }` object whose values are given as chunks, keys in code-point order. */
export function objectOfChunks(sortedKeys: readonly string[], valueOf: (key: string) => readonly string[]): string[] {
  const chunks = new TextChunks();
  chunks.add('{');
  sortedKeys.forEach((key, index) => {
    chunks.add(`${index === 0 ? '' : ','}${canonicalString(key)}:`);
    chunks.addAll(valueOf(key));
  });
  chunks.add('}');
  return chunks.finish();
}

/** What `test_run_hash` covers, in canonical key order. */
export interface TestRunHashParts {
  readonly expectationsMetadata: JsonObject;
  readonly expectationResults: readonly string[];
  readonly passed: boolean;
  readonly suiteMetadata: JsonObject;
  readonly scenarioResults: readonly string[];
}

/** `test_run_hash`: the hash of `{ expectations_metadata, expectations_result, passed, suite_metadata, suite_result }`. */
export function testRunHash(parts: TestRunHashParts): string {
  return hashCanonicalChunks([
    `{"expectations_metadata":${canonicalJson(parts.expectationsMetadata)},"expectations_result":`,
    ...parts.expectationResults,
    `,"passed":${parts.passed ? 'true' : 'false'},"suite_metadata":${canonicalJson(parts.suiteMetadata)},"suite_result":`,
    ...parts.scenarioResults,
    '}',
  ]);
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
      `${index === 0 ? '' : ','}${canonicalString(id)}:{"actual":${textOf(verdict.actual)},"details":${canonicalJson(verdict.details)},"expected":${textOf(verdict.expected)},"passed":${verdict.passed ? 'true' : 'false'}}`,
    );
  });
  chunks.add('}');
  return chunks.finish();
}
