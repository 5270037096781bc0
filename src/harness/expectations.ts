/**
 * The expectations engine: checks values in a suite result against
 * expectations. `exists` and `absent` are decided in one place only
 * (HB-T2-EXP-01) and take no expected value; ids are
 * unique (HB-T2-EXP-04); definitions are deep-frozen (HB-T2-EXP-02); results
 * are read-only maps (HB-T2-EXP-03).
 */
import { hashCanonicalChunks } from '../data/canonical.js';
import { DefinitionError } from '../data/errors.js';
import { DEFINITIONS, refuseOtherVersion, schema, type Opened, type Reader } from '../data/fields.js';
import { dottedPath } from '../data/path-text.js';
import {
  compareCodePoints,
  describeValue,
  freezeTrusted,
  freezeTrustedOver,
  hasOwn,
  isPlainObject,
  jsonEquals,
  setOwn,
  sortCodePoints,
  type JsonInput,
  type JsonValue,
} from '../data/json.js';
import { FrozenMap } from '../data/readonly-map.js';
import { expectationResultsChunks } from '../data/result-text.js';
import type { OrchestrationResult } from '../runtime/orchestrator.js';
import type { SuiteResult } from './suite.js';
import { brand, isBranded, validitySet } from '../data/brand.js';

/** The comparison operators. */
export const EXPECTATION_OPS = Object.freeze(['eq', 'ne', 'gt', 'lt', 'exists', 'absent'] as const);

/** A comparison operator. */
export type ExpectationOp = (typeof EXPECTATION_OPS)[number];

/**
 * Where to look in a mission result's `toDict()`: the reference's
 * dot-separated string (`executed_steps.0.id`, `''` for the whole result), or
 * an array of segments for keys that contain dots (`['final_state', 'a.b']`).
 */
export type ExpectationPath = string | readonly (string | number)[];

interface ExpectationBase {
  /** Unique in its collection. */
  readonly id: string;
  /** The scenario's name. */
  readonly scenario: string;
  /** The mission's key in the scenario (its name unless the call gave a key). */
  readonly mission: string;
  readonly path: ExpectationPath;
}

/**
 * The type of `expected` on `exists` and `absent`: nothing is assignable to
 * it, so `{ op: 'exists', expected: false }` is a type error that names this
 * type. `exists` passes whenever the path resolves, whatever the value; to
 * check that a path does not resolve, use `op: 'absent'`; to check a value,
 * `eq`.
 */
export interface NoExpectedValueOnExistsUseOpAbsent {
  readonly 'exists and absent take no expected value': never;
}

/**
 * One expectation. `eq`/`ne` compare with strict JSON equality; `gt`/`lt`
 * compare numbers with numbers and strings with strings (by code point);
 * `exists` passes when the path resolves and `absent` when it does not (both
 * without an `expected`).
 */
export type Expectation =
  | (ExpectationBase & { readonly op: 'eq' | 'ne'; readonly expected: JsonInput })
  | (ExpectationBase & { readonly op: 'gt' | 'lt'; readonly expected: number | string })
  | (ExpectationBase & { readonly op: 'exists' | 'absent'; readonly expected?: NoExpectedValueOnExistsUseOpAbsent });

/** A collection of expectations. */
export interface ExpectationsDefinition {
  readonly expectations: readonly Expectation[];
}

/** A validated, deep-frozen expectation. `segments` is the parsed path. */
export interface ValidExpectation {
  readonly id: string;
  readonly scenario: string;
  readonly mission: string;
  readonly path: string | readonly string[];
  readonly segments: readonly string[];
  readonly op: ExpectationOp;
  /** `null` for `exists` and `absent`. */
  readonly expected: JsonValue;
}

/** A validated, deep-frozen collection (HB-T2-EXP-02). */
export interface ValidExpectations {
  readonly expectations: readonly ValidExpectation[];
}

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
/** Collections validated by any copy of this version of the package (src/data/brand.ts). */
const validCollections = validitySet('expectations');
/** Expectations validated by any copy of this version (they may be gathered into a new collection without a second look). */
const validItems = validitySet('expectation');

/** The fields of an expectation. */
export const EXPECTATION = schema<'id' | 'scenario' | 'mission' | 'path' | 'op' | 'expected'>('expectation', [
  'id',
  'scenario',
  'mission',
  'path',
  'op',
  'expected?',
]);
/** The fields of a collection of expectations given as an object. */
export const EXPECTATIONS = schema<'expectations'>('expectations', ['expectations']);

/** What a path may be, as messages say it. */
const PATH_EXPECTED = 'a dot-separated string or an array of segments (strings, or non-negative integers for list indices)';
/** The known ops, as messages list them. */
const OPS_TEXT = EXPECTATION_OPS.map((known) => `'${known}'`).join(', ');

/** The ops that compare nothing, so take no expected value. */
const PRESENCE_OPS: readonly string[] = Object.freeze(['exists', 'absent']);

/** The problem of an `expected` given to `exists` or `absent` (shared with the config parser). */
function noExpectedProblem(op: string): string {
  return op === 'exists'
    ? `op 'exists' takes no expected value (it passes whenever the path resolves, whatever the value there); to check that the path does not resolve, use op 'absent'; to check the value, use 'eq'`
    : `op 'absent' takes no expected value (it passes when the path does not resolve); to check the value, use 'eq'`;
}

/** True for `exists` and `absent`, which take no expected value. */
export function isPresenceOp(op: string): boolean {
  return PRESENCE_OPS.includes(op);
}

/** True for a path given as a list: strings, or non-negative integers for list indices. */
function isSegmentList(path: unknown): path is readonly (string | number)[] {
  if (!Array.isArray(path)) return false;
  for (const segment of path as unknown[]) {
    if (typeof segment !== 'string' && !(typeof segment === 'number' && Number.isSafeInteger(segment) && segment >= 0)) return false;
  }
  return true;
}

/**
 * The frozen segments of a dot-separated path (`''` is the whole result), one
 * array per distinct path in a collection: expectations checking the same
 * path share it.
 */
type SegmentsOf = (path: string) => readonly string[];

/** A fresh {@link SegmentsOf} for one collection. */
function segmentsCache(): SegmentsOf {
  const byPath = new Map<string, readonly string[]>();
  return (path) => {
    let segments = byPath.get(path);
    if (segments === undefined) {
      segments = Object.freeze(path === '' ? [] : path.split('.'));
      byPath.set(path, segments);
    }
    return segments;
  };
}

/**
 * An expectation from checked fields: a list path becomes one frozen array of
 * strings, kept as both `path` and `segments`.
 */
function validExpectation(
  id: string,
  scenario: string,
  mission: string,
  path: string | readonly (string | number)[],
  op: ExpectationOp,
  expected: JsonValue,
  segmentsOf: SegmentsOf,
): ValidExpectation {
  const segments = typeof path === 'string' ? segmentsOf(path) : Object.freeze(path.map(String));
  const item: ValidExpectation = freezeTrustedOver({ id, scenario, mission, path: typeof path === 'string' ? path : segments, segments, op, expected }, [
    segments,
    expected,
  ]);
  validItems.add(item);
  return item;
}

/**
 * Validates a collection of expectations and returns it deep-frozen. Each
 * field is read once (own properties only) into a snapshot that is validated
 * and kept; an unknown field is an error that suggests the closest known one.
 */
export function validateExpectations(input: unknown, where = 'expectations'): ValidExpectations {
  if (validCollections.has(input as object)) return input as ValidExpectations;
  refuseOtherVersion('expectations', input, where, 'expectations');
  return readExpectationList(DEFINITIONS, expectationList(input, where), where);
}

/**
 * The expectations of a list (each at `expectations[i]`) read by `reader`: a
 * definition's, or a config's through its spelling. Expectations already
 * validated by this version are taken as they are, from definitions only.
 */
export function readExpectationList(reader: Reader, list: readonly unknown[], where: string): ValidExpectations {
  const ids = new Map<string, number>();
  const segmentsOf = segmentsCache();
  const valid = list.map((raw, index): ValidExpectation => {
    if (reader === DEFINITIONS) {
      if (validItems.has(raw as object)) {
        claimId(reader, where, ids, (raw as ValidExpectation).id, index, undefined);
        return raw as ValidExpectation;
      }
      refuseOtherVersion('expectation', raw, where, 'an expectation');
    }
    return readExpectation(reader, reader.open(raw, where, ['expectations', index], EXPECTATION), where, ids, index, segmentsOf);
  });
  const collection: ValidExpectations = freezeTrusted({ expectations: freezeTrusted(valid) });
  validCollections.add(collection);
  return collection;
}

type ExpectationField = (typeof EXPECTATION.fields)[number];

/** The list of a collection given as a definition: `{ expectations: [...] }` (no other field) or the array itself. */
function expectationList(input: unknown, where: string): readonly unknown[] {
  if (Array.isArray(input)) return Array.from(input as unknown[]); // holes become undefined, reported at their index
  if (isPlainObject(input)) return DEFINITIONS.list(DEFINITIONS.open(input, where, [], EXPECTATIONS), 'expectations', 'an array of expectations');
  throw new DefinitionError({
    code: 'wrong_type',
    subject: where,
    segments: ['expectations'],
    placeInProblem: true,
    problem: `expected { expectations: [...] } or an array of expectations, got ${describeValue(input)}`,
  });
}

/** Records an expectation id, refusing one that an earlier expectation of the collection uses (HB-T2-EXP-04). */
function claimId(reader: Reader, where: string, ids: Map<string, number>, id: string, index: number, fields: Opened<ExpectationField> | undefined): void {
  const earlier = ids.get(id);
  if (earlier !== undefined) {
    const problem = `expectation id '${id}' is already used by expectations[${earlier}]; ids must be unique`;
    throw fields === undefined
      ? reader.errors.make('duplicate', where, ['expectations', index, 'id'], problem)
      : reader.fail(fields, 'duplicate', 'id', problem);
  }
  ids.set(id, index);
}

/** Checks one expectation, field by field in the order of its type (its id claimed in `ids`), and returns it deep-frozen. */
function readExpectation(
  reader: Reader,
  fields: Opened<ExpectationField>,
  where: string,
  ids: Map<string, number>,
  index: number,
  segmentsOf: SegmentsOf,
): ValidExpectation {
  const id = reader.string(fields, 'id');
  claimId(reader, where, ids, id, index, fields);
  const scenario = reader.string(fields, 'scenario');
  const mission = reader.string(fields, 'mission');
  const path = reader.required(fields, 'path', PATH_EXPECTED);
  if (typeof path !== 'string' && !isSegmentList(path))
    throw reader.fail(fields, 'wrong_type', 'path', `expected ${PATH_EXPECTED}, got ${describeValue(path)}`);
  const op = reader.required(fields, 'op', `one of ${OPS_TEXT}`);
  if (typeof op !== 'string' || !(EXPECTATION_OPS as readonly string[]).includes(op)) {
    const got = typeof op === 'string' ? `'${op}'` : describeValue(op);
    throw reader.fail(fields, typeof op === 'string' ? 'invalid_value' : 'wrong_type', 'op', `expected one of ${OPS_TEXT}, got ${got}`);
  }
  const given = reader.value(fields, 'expected');
  if (given !== undefined && isPresenceOp(op)) throw reader.fail(fields, 'conflict', 'expected', noExpectedProblem(op));
  const expected = given === undefined ? null : reader.toJson(fields, 'expected', given);
  return validExpectation(id, scenario, mission, path, op as ExpectationOp, expected, segmentsOf);
}

const MISSING = Symbol('missing');

/** Resolves a path: list segments are canonical non-negative integers; object segments match own keys only. */
export function resolvePath(root: JsonValue, segments: readonly string[]): JsonValue | typeof MISSING {
  return resolveFrom(root, segments, 0);
}

/** {@link resolvePath} from `segments[from]` on. */
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

/** {@link resolvePath} in a mission result's `toDict()`, without building the dict. */
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
