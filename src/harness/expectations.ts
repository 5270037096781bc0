/**
 * Expectations: what one is (the types users write and the validated, deep-frozen form), and their validation.
 * `exists` and `absent` are decided in one place only (HB-T2-EXP-01) and take no expected value; ids are unique
 * (HB-T2-EXP-04); definitions are deep-frozen (HB-T2-EXP-02). Judging them against a suite result is
 * `expectations-result.ts` (results are read-only maps, HB-T2-EXP-03).
 */
import { DefinitionError, type ErrorCode } from '../data/errors.js';
import { readFields } from '../data/fields.js';
import { describeValue, freezeTrusted, freezeTrustedOver, isPlainObject, toFrozenJson, type JsonInput, type JsonValue } from '../data/json.js';

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

const validCollections = new WeakSet<object>();
/** Expectations this module validated (they may be gathered into a new collection without a second look). */
const validItems = new WeakSet<object>();

/** The fields of an expectation. */
export const EXPECTATION_FIELDS = Object.freeze(['id', 'scenario', 'mission', 'path', 'op', 'expected'] as const);

/** The ops that compare nothing, so take no expected value. */
const PRESENCE_OPS: readonly string[] = Object.freeze(['exists', 'absent']);

/** The problem of an `expected` given to `exists` or `absent` (shared with the config parser). */
export function noExpectedProblem(op: string): string {
  return op === 'exists'
    ? `op 'exists' takes no expected value (it passes whenever the path resolves, whatever the value there); to check that the path does not resolve, use op 'absent'; to check the value, use 'eq'`
    : `op 'absent' takes no expected value (it passes when the path does not resolve); to check the value, use 'eq'`;
}

/** True for `exists` and `absent`, which take no expected value. */
export function isPresenceOp(op: string): boolean {
  return PRESENCE_OPS.includes(op);
}

/** True for a path given as a list: strings, or non-negative integers for list indices. */
export function isSegmentList(path: unknown): path is readonly (string | number)[] {
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
export type SegmentsOf = (path: string) => readonly string[];

/** A fresh {@link SegmentsOf} for one collection. */
export function segmentsCache(): SegmentsOf {
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
 * @internal An expectation whose fields the caller checked as
 * {@link validateExpectations} does (the config parser): strings, a known op,
 * no expected value on `exists`/`absent` (`null` then), `expected` frozen
 * JSON, a path string or segment list. A list becomes one frozen array of
 * strings, kept as both `path` and `segments`.
 */
export function trustedExpectation(
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

/** @internal A collection of expectations made by {@link trustedExpectation}, with unique ids (checked by the caller). */
export function trustedExpectations(items: ValidExpectation[]): ValidExpectations {
  const collection: ValidExpectations = freezeTrusted({ expectations: freezeTrusted(items) });
  validCollections.add(collection);
  return collection;
}

/**
 * Validates a collection of expectations and returns it deep-frozen. Each
 * field is read once (own properties only) into a snapshot that is validated
 * and kept; an unknown field is an error that suggests the closest known one.
 */
export function validateExpectations(input: unknown, where = 'expectations'): ValidExpectations {
  if (validCollections.has(input as object)) return input as ValidExpectations;
  const list = expectationList(input, where);
  const ids = new Map<string, number>();
  const segmentsOf = segmentsCache();
  // Array.from reads each index once and turns holes into undefined, so a sparse list is reported at the hole.
  const valid = Array.from(list, (raw: unknown, index): ValidExpectation => {
    const fail = (code: ErrorCode, key: string, problem: string): DefinitionError =>
      new DefinitionError({ code, subject: where, segments: key === '' ? ['expectations', index] : ['expectations', index, key], problem });
    if (validItems.has(raw as object)) {
      claimId(ids, (raw as ValidExpectation).id, index, fail);
      return raw as ValidExpectation;
    }
    return validateExpectation(raw, index, where, (id) => claimId(ids, id, index, fail), fail, segmentsOf);
  });
  return trustedExpectations(valid);
}

/** Builds the error for a field of one expectation (`''`: the expectation itself). */
type FieldError = (code: ErrorCode, key: string, problem: string) => DefinitionError;

/** The list of a collection: `{ expectations: [...] }` (no other field) or the array itself. */
function expectationList(input: unknown, where: string): unknown[] {
  let list: unknown = input;
  if (!Array.isArray(input) && isPlainObject(input)) {
    list = readFields(
      input,
      ['expectations'],
      (key, problem) => new DefinitionError({ code: 'unknown_field', subject: where, segments: [key], problem }),
    ).expectations;
  }
  if (!Array.isArray(list)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: where,
      segments: ['expectations'],
      placeInProblem: true,
      problem: `expected { expectations: [...] } or an array of expectations, got ${describeValue(isPlainObject(input) ? list : input)}`,
    });
  }
  return list as unknown[];
}

/** Records an expectation id, refusing one that an earlier expectation of the collection uses (HB-T2-EXP-04). */
function claimId(ids: Map<string, number>, id: string, index: number, fail: FieldError): void {
  const earlier = ids.get(id);
  if (earlier !== undefined) throw fail('duplicate', 'id', `expectation id '${id}' is already used by expectations[${earlier}]; ids must be unique`);
  ids.set(id, index);
}

/** Checks one expectation that is not yet known valid and returns it deep-frozen. */
function validateExpectation(
  raw: unknown,
  index: number,
  where: string,
  claim: (id: string) => void,
  fail: FieldError,
  segmentsOf: SegmentsOf,
): ValidExpectation {
  if (!isPlainObject(raw)) throw fail('wrong_type', '', `expected { id, scenario, mission, path, op, expected? }, got ${describeValue(raw)}`);
  const fields = readFields(raw, EXPECTATION_FIELDS, (key, problem) => fail('unknown_field', key, problem));
  const { id, scenario, mission, op } = fields;
  for (const [key, value] of [
    ['id', id],
    ['scenario', scenario],
    ['mission', mission],
  ] as const) {
    if (typeof value !== 'string') throw fail('wrong_type', key, `expected a string, got ${describeValue(value)}`);
  }
  claim(id as string);
  if (typeof op !== 'string' || !(EXPECTATION_OPS as readonly string[]).includes(op)) {
    throw fail(
      typeof op === 'string' ? 'invalid_value' : 'wrong_type',
      'op',
      `expected one of ${EXPECTATION_OPS.map((known) => `'${known}'`).join(', ')}, got ${typeof op === 'string' ? `'${op}'` : describeValue(op)}`,
    );
  }
  const path = fields.path;
  if (typeof path !== 'string' && !isSegmentList(path)) {
    throw fail(
      'wrong_type',
      'path',
      `expected a dot-separated string or an array of segments (strings, or non-negative integers for list indices), got ${describeValue(path)}`,
    );
  }
  const given = fields.expected;
  if (given !== undefined && isPresenceOp(op)) throw fail('conflict', 'expected', noExpectedProblem(op));
  const expected = given !== undefined ? toFrozenJson(given, { at: ['expectations', index, 'expected'], subject: where }) : null;
  return trustedExpectation(id as string, scenario as string, mission as string, path, op as ExpectationOp, expected, segmentsOf);
}
