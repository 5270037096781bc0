/**
 * Judging expectations against a suite result: each path resolved in a mission result (own keys, canonical list
 * indices), compared with the operator, and the verdicts gathered into an {@link ExpectationsResult} with the
 * reference's `expectations_hash`. What an expectation is, and its validation, live in `expectations.ts`.
 */
import { hashCanonicalChunks } from '../data/hash.js';
import { dottedPath } from '../data/path-text.js';
import { DefinitionError } from '../data/errors.js';
import { describeValue, freezeTrusted, freezeTrustedOver, hasOwn, setOwn, type JsonValue } from '../data/json.js';
import { jsonEquals } from '../data/json-compare.js';
import { compareCodePoints, sortCodePoints } from '../data/code-point-order.js';
import { FrozenMap } from '../data/readonly-map.js';
import { expectationResultsChunks } from '../data/result-text.js';
import { brand, isBranded } from '../data/brand.js';
import type { OrchestrationResult } from '../runtime/orchestration-result.js';
import type { SuiteResult } from './suite.js';
import {
  validateExpectations,
  type Expectation,
  type ExpectationOp,
  type ExpectationsDefinition,
  type ValidExpectation,
  type ValidExpectations,
} from './expectations.js';

/** Why an expectation failed, as in the reference. */
export type FailureReason =
  'scenario_missing' | 'mission_missing' | 'path_missing' | 'absent_mismatch' | 'eq_mismatch' | 'ne_mismatch' | 'gt_mismatch' | 'lt_mismatch' | 'type_error';

/** The details of a verdict: empty when it passed. */
export interface VerdictDetails {
  readonly reason?: FailureReason;
  readonly scenario?: string;
  readonly mission?: string;
  readonly path?: string;
  readonly message?: string;
}

/** The verdict on one expectation. */
export interface ExpectationResult {
  readonly id: string;
  readonly scenario: string;
  readonly mission: string;
  readonly path: string | readonly string[];
  readonly op: ExpectationOp;
  readonly passed: boolean;
  /** The value found at the path, or null when the path did not resolve. */
  readonly actual: JsonValue;
  readonly expected: JsonValue;
  readonly details: VerdictDetails;
}

/** One entry of `expectation_results` in `toDict()`. */
export interface ExpectationResultDict {
  readonly passed: boolean;
  readonly actual: JsonValue;
  readonly expected: JsonValue;
  readonly details: VerdictDetails;
}

/** `ExpectationsResult.toDict()`. */
export interface ExpectationsResultDict {
  readonly expectation_results: { readonly [id: string]: ExpectationResultDict };
  readonly passed: boolean;
  readonly metadata: { readonly expectations_hash: string };
}

const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;

const MISSING = Symbol('missing');

/** Resolves a path from `segments[from]` on: list segments are canonical non-negative integers; object segments match own keys only. */
function resolveFrom(root: JsonValue, segments: readonly string[], from: number): JsonValue | typeof MISSING {
  let current: JsonValue = root;
  for (let i = from; i < segments.length; i++) {
    const found = step(current, segments[i] as string);
    if (found === MISSING) return MISSING;
    current = found;
  }
  return current;
}

const NO_DETAILS: VerdictDetails = freezeTrusted({});
const TYPE_ERROR: VerdictDetails = freezeTrusted({ reason: 'type_error', message: 'Cannot compare types' });
const ABSENT_MISMATCH: VerdictDetails = freezeTrusted({ reason: 'absent_mismatch' });

function compare(op: ExpectationOp, actual: JsonValue, expected: JsonValue): VerdictDetails {
  switch (op) {
    case 'exists':
      return NO_DETAILS;
    case 'absent':
      return ABSENT_MISMATCH;
    case 'eq':
      return jsonEquals(actual, expected) ? NO_DETAILS : freezeTrusted({ reason: 'eq_mismatch' });
    case 'ne':
      return jsonEquals(actual, expected) ? freezeTrusted({ reason: 'ne_mismatch' }) : NO_DETAILS;
    case 'gt':
    case 'lt': {
      let order: number;
      if (typeof actual === 'number' && typeof expected === 'number') order = actual - expected;
      else if (typeof actual === 'string' && typeof expected === 'string') order = compareCodePoints(actual, expected);
      else return TYPE_ERROR;
      const holds = op === 'gt' ? order > 0 : order < 0;
      return holds ? NO_DETAILS : freezeTrusted({ reason: op === 'gt' ? 'gt_mismatch' : 'lt_mismatch' });
    }
  }
}

/** {@link resolveFrom} in a mission result's `toDict()`, without building the dict. */
function resolveInResult(result: OrchestrationResult, segments: readonly string[]): JsonValue | typeof MISSING {
  if (segments.length === 0) return result.toDict() as unknown as JsonValue;
  const field = result.dictField(segments[0] as string);
  return field === undefined ? MISSING : resolveFrom(field, segments, 1);
}

/** One segment down from a value: a list index (canonical, in range), or an own key of an object. */
function step(current: JsonValue, segment: string): JsonValue | typeof MISSING {
  if (Array.isArray(current)) {
    if (!CANONICAL_INDEX.test(segment)) return MISSING;
    const index = Number(segment);
    return index < current.length ? (current[index] as JsonValue) : MISSING;
  }
  if (typeof current === 'object' && current !== null && hasOwn(current, segment)) return (current as Record<string, JsonValue>)[segment] as JsonValue;
  return MISSING;
}

function verdict(expectation: ValidExpectation, passed: boolean, actual: JsonValue, details: VerdictDetails): ExpectationResult {
  const { id, scenario, mission, path, op, expected } = expectation;
  // The object-valued fields are path, actual, expected and details (the rest are strings and a boolean).
  return freezeTrustedOver({ id, scenario, mission, path, op, passed, actual, expected, details }, [path, actual, expected, details]);
}

function judge(expectation: ValidExpectation, suite: SuiteResult): ExpectationResult {
  const scenarioResult = suite.scenarioResults.get(expectation.scenario);
  if (scenarioResult === undefined) return verdict(expectation, false, null, freezeTrusted({ reason: 'scenario_missing', scenario: expectation.scenario }));
  const missionResult = scenarioResult.missionResults.get(expectation.mission);
  if (missionResult === undefined) return verdict(expectation, false, null, freezeTrusted({ reason: 'mission_missing', mission: expectation.mission }));
  const actual = resolveInResult(missionResult, expectation.segments);
  if (actual === MISSING) {
    if (expectation.op === 'absent') return verdict(expectation, true, null, NO_DETAILS);
    return verdict(expectation, false, null, freezeTrusted({ reason: 'path_missing', path: dottedPath(expectation.path) }));
  }
  const details = compare(expectation.op, actual, expectation.expected);
  // An own-property test: a `reason` inherited from a polluted Object.prototype must not fail a verdict.
  return verdict(expectation, !hasOwn(details, 'reason'), actual, details);
}

/** The deeply read-only verdicts on a collection of expectations. */
export class ExpectationsResult {
  /** Verdicts by expectation id, in definition order (read-only at runtime). */
  readonly results: ReadonlyMap<string, ExpectationResult>;
  /** True when every expectation passed (also when there are none). */
  readonly passed: boolean;
  /** How many passed. */
  readonly passedCount: number;
  /** How many there are. */
  readonly total: number;
  readonly metadata: { readonly expectationsHash: string };
  #dict: ExpectationsResultDict | undefined;
  /** The canonical text of `expectation_results`, kept only until a test run hashes it. */
  #chunks: readonly string[] | undefined;

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Made by {@link evaluateExpectations}. */
  constructor(verdicts: readonly ExpectationResult[]) {
    this.results = new FrozenMap(verdicts.map((verdict) => [verdict.id, verdict] as const));
    this.#chunks = expectationResultsText(this.results);
    const expectationsHash = hashCanonicalChunks(this.#chunks);
    this.passedCount = verdicts.filter((verdict) => verdict.passed).length;
    this.total = verdicts.length;
    this.passed = this.passedCount === this.total;
    this.metadata = Object.freeze({ expectationsHash });
    Object.freeze(this);
  }

  /** The verdicts that failed, in definition order. */
  get failures(): readonly ExpectationResult[] {
    return Object.freeze([...this.results.values()].filter((verdict) => !verdict.passed));
  }

  /** `{ expectation_results, passed, metadata }`, deep-frozen plain data, made on first use. */
  toDict(): ExpectationsResultDict {
    if (this.#dict === undefined) {
      const byId: Record<string, ExpectationResultDict> = {};
      for (const [id, verdict] of this.results) {
        setOwn(byId, id, freezeTrusted({ passed: verdict.passed, actual: verdict.actual, expected: verdict.expected, details: verdict.details }));
      }
      this.#dict = freezeTrusted({
        expectation_results: freezeTrusted(byId),
        passed: this.passed,
        metadata: freezeTrusted({ expectations_hash: this.metadata.expectationsHash }),
      });
    }
    return this.#dict;
  }

  /**
   * @internal The canonical text of `expectation_results` as chunks. The first
   * call hands over the text made with the hash and forgets it; later calls
   * make it again.
   */
  takeCanonicalResultChunks(): readonly string[] {
    const chunks = this.#chunks ?? expectationResultsText(this.results);
    this.#chunks = undefined;
    return chunks;
  }

  /** True for an ExpectationsResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isExpectationsResult(value: unknown): value is ExpectationsResult {
    return isBranded(value, 'ExpectationsResult');
  }
}
brand(ExpectationsResult, 'ExpectationsResult');

function expectationResultsText(results: ReadonlyMap<string, ExpectationResult>): string[] {
  return expectationResultsChunks(sortCodePoints([...results.keys()]), (id) => results.get(id) as ExpectationResult);
}

/**
 * Judges each expectation against a suite result. `metadata.expectationsHash`
 * is the hash of `{ <id>: { passed, actual, expected, details } }`.
 *
 * @throws DefinitionError for a malformed collection or a duplicate id.
 * @example
 * ```ts
 * const verdicts = evaluateExpectations(runSuite(suite), {
 *   expectations: [{ id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true }],
 * });
 * verdicts.passed; // true
 * ```
 */
export function evaluateExpectations(
  suite: SuiteResult,
  expectations: ExpectationsDefinition | ValidExpectations | readonly Expectation[],
): ExpectationsResult {
  const valid = validateExpectations(expectations, 'evaluateExpectations');
  // A result of this version's copies only: another version's results are not trusted (src/data/brand.ts).
  if (!isBranded(suite, 'SuiteResult')) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'evaluateExpectations',
      segments: ['suite'],
      placeInProblem: true,
      problem: `expected a suite result (from runSuite), got ${describeValue(suite)}`,
    });
  }
  return new ExpectationsResult(valid.expectations.map((expectation) => judge(expectation, suite)));
}
