/**
 * Expectations aimed at real result paths: run the suite once, list the paths
 * of every mission result's `toDict()`, and aim ops and expected values at
 * them so that some pass and some fail. Each verdict is predicted here,
 * independently of the expectations engine.
 */
import * as fc from 'fast-check';
import { EXPECTATION_OPS, type Expectation, type ExpectationOp } from '../../harness/expectations.js';
import { type FailureReason } from '../../harness/expectations-result.js';
import { canonicalJson } from '../../data/canonical.js';
import { runSuite, type SuiteDefinition, type SuiteResult } from '../../harness/suite.js';
import type { JsonValue } from '../../data/json.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import { jsonValueArbitrary, text, type ResolvedJson } from './json.js';

/** The verdict an expectation must get. */
export interface PredictedVerdict {
  readonly passed: boolean;
  /** Why it fails (absent when it passes). */
  readonly reason?: FailureReason;
}

interface Target {
  readonly scenario: string;
  readonly mission: string;
  readonly segments: readonly string[];
  readonly value: JsonValue;
}

const MAX_PATH_DEPTH = 6;
const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;
const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Runs the suite; `undefined` when it throws (its definitions are then of no use for expectations). */
export function tryRunSuite(suite: SuiteDefinition, registry: MissionRegistry): SuiteResult | undefined {
  try {
    return runSuite(suite, { registry });
  } catch {
    return undefined;
  }
}

function collectPaths(value: JsonValue, segments: string[], out: { segments: readonly string[]; value: JsonValue }[]): void {
  out.push({ segments: [...segments], value });
  if (segments.length >= MAX_PATH_DEPTH || typeof value !== 'object' || value === null) return;
  const entries: [string, JsonValue][] = Array.isArray(value)
    ? (value as readonly JsonValue[]).map((item, index) => [String(index), item])
    : Object.keys(value).map((key) => [key, (value as Record<string, JsonValue>)[key] as JsonValue]);
  for (const [key, item] of entries) {
    segments.push(key);
    collectPaths(item, segments, out);
    segments.pop();
  }
}

/** Every (scenario, mission key, path) of a suite result, with the value found there. */
export function targetsOf(result: SuiteResult): Target[] {
  const targets: Target[] = [];
  for (const [scenario, scenarioResult] of result.scenarioResults) {
    for (const [mission, missionResult] of scenarioResult.missionResults) {
      const paths: { segments: readonly string[]; value: JsonValue }[] = [];
      collectPaths(missionResult.toDict() as unknown as JsonValue, [], paths);
      for (const path of paths) targets.push({ scenario, mission, ...path });
    }
  }
  return targets;
}

/** A path as the reference writes it (dot-separated) when that is unambiguous, else as segments. */
function pathOf(segments: readonly string[]): string | readonly string[] {
  const ambiguous = segments.some((segment) => segment.includes('.')) || (segments.length === 1 && segments[0] === '');
  return ambiguous ? segments : segments.join('.');
}

/** Values near `actual`: equal, a little more or less, a different type. */
function nearby(actual: JsonValue, json: ResolvedJson, ordered: boolean): fc.Arbitrary<JsonValue> {
  const other = ordered ? fc.oneof(fc.integer({ min: -5, max: 10 }), text(4)) : jsonValueArbitrary({ ...json, maxDepth: Math.min(json.maxDepth, 1) });
  const candidates: { arbitrary: fc.Arbitrary<JsonValue>; weight: number }[] = [{ arbitrary: other, weight: 2 }];
  if (typeof actual === 'number') {
    candidates.push({ arbitrary: fc.constantFrom(actual, actual + 1, actual - 1, actual + 0.5), weight: 4 });
  } else if (typeof actual === 'string') {
    candidates.push({ arbitrary: fc.constantFrom(actual, `${actual}a`, actual.slice(0, -1), `${actual} `), weight: 4 });
  } else if (!ordered) {
    candidates.push({ arbitrary: fc.constant(actual), weight: 3 });
    if (typeof actual === 'boolean') candidates.push({ arbitrary: fc.constant(!actual), weight: 2 });
  }
  return fc.oneof(...candidates);
}

type Aim = 'real' | 'missing_path' | 'missing_mission' | 'missing_scenario';

interface Draft {
  readonly scenario: string;
  readonly mission: string;
  readonly segments: readonly string[];
  readonly op: ExpectationOp;
  readonly expected?: JsonValue;
}

function draftFor(target: Target, json: ResolvedJson): fc.Arbitrary<Draft> {
  const aim = fc.constantFrom<Aim>('real', 'real', 'real', 'real', 'real', 'real', 'missing_path', 'missing_mission', 'missing_scenario');
  return fc.tuple(aim, fc.constantFrom(...EXPECTATION_OPS)).chain(([where, op]) => {
    const scenario = where === 'missing_scenario' ? `${target.scenario}\u00b7missing` : target.scenario;
    const mission = where === 'missing_mission' ? `${target.mission}\u00b7missing` : target.mission;
    const segments = where === 'missing_path' ? [...target.segments, 'no-such-key'] : target.segments;
    if (op === 'exists' || op === 'absent') return fc.constant<Draft>({ scenario, mission, segments, op });
    return nearby(target.value, json, op === 'gt' || op === 'lt').map((expected): Draft => ({ scenario, mission, segments, op, expected }));
  });
}

// ---------------------------------------------------------------------------
// The oracle: what the engine must answer, written from the spec.

const MISSING = Symbol('missing');

function resolve(root: JsonValue, segments: readonly string[]): JsonValue | typeof MISSING {
  let current: JsonValue = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!CANONICAL_INDEX.test(segment) || Number(segment) >= current.length) return MISSING;
      current = (current as readonly JsonValue[])[Number(segment)] as JsonValue;
    } else if (typeof current === 'object' && current !== null && hasOwn(current, segment)) {
      current = (current as Record<string, JsonValue>)[segment] as JsonValue;
    } else {
      return MISSING;
    }
  }
  return current;
}

function codePointOrder(a: string, b: string): number {
  const left = [...a].map((char) => char.codePointAt(0) as number);
  const right = [...b].map((char) => char.codePointAt(0) as number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return (left[i] as number) - (right[i] as number);
  return left.length - right.length;
}

function predict(draft: Draft, result: SuiteResult): PredictedVerdict {
  const scenario = result.scenarioResults.get(draft.scenario);
  if (scenario === undefined) return { passed: false, reason: 'scenario_missing' };
  const mission = scenario.missionResults.get(draft.mission);
  if (mission === undefined) return { passed: false, reason: 'mission_missing' };
  const actual = resolve(mission.toDict() as unknown as JsonValue, draft.segments);
  if (actual === MISSING) return draft.op === 'absent' ? { passed: true } : { passed: false, reason: 'path_missing' };
  const expected = draft.expected ?? null;
  const fail = (reason: FailureReason): PredictedVerdict => ({ passed: false, reason });
  switch (draft.op) {
    case 'exists':
      return { passed: true };
    case 'absent':
      return fail('absent_mismatch');
    case 'eq':
      return canonicalJson(actual) === canonicalJson(expected) ? { passed: true } : fail('eq_mismatch');
    case 'ne':
      return canonicalJson(actual) !== canonicalJson(expected) ? { passed: true } : fail('ne_mismatch');
    case 'gt':
    case 'lt': {
      let order: number;
      if (typeof actual === 'number' && typeof expected === 'number') order = actual - expected;
      else if (typeof actual === 'string' && typeof expected === 'string') order = codePointOrder(actual, expected);
      else return fail('type_error');
      const holds = draft.op === 'gt' ? order > 0 : order < 0;
      return holds ? { passed: true } : fail(draft.op === 'gt' ? 'gt_mismatch' : 'lt_mismatch');
    }
  }
}

/** Expectations (ids `e0`, `e1`, ...) aimed at a suite result, with their predicted verdicts. */
export function expectationsFor(
  result: SuiteResult,
  json: ResolvedJson,
  maxExpectations: number,
): fc.Arbitrary<{ expectations: Expectation[]; verdicts: Record<string, PredictedVerdict> }> {
  const targets = targetsOf(result);
  const names = [...result.scenarioResults.keys()];
  // With no mission result at all, only expectations that miss can be written.
  const fallback: Target = { scenario: names[0] ?? 'no-scenario', mission: 'no-mission', segments: [], value: null };
  const draft = fc.constantFrom(...(targets.length > 0 ? targets : [fallback])).chain((target) => draftFor(target, json));
  return fc.array(draft, { maxLength: maxExpectations }).map((drafts) => {
    const expectations: Expectation[] = [];
    const verdicts: Record<string, PredictedVerdict> = {};
    drafts.forEach((item, index) => {
      const id = `e${index}`;
      const base = { id, scenario: item.scenario, mission: item.mission, path: pathOf(item.segments), op: item.op };
      expectations.push((item.op === 'exists' || item.op === 'absent' ? base : { ...base, expected: item.expected }) as Expectation);
      verdicts[id] = predict(item, result);
    });
    return { expectations, verdicts };
  });
}
