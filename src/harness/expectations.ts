/**
 * Expectations: what one is (the types users write and the validated, deep-frozen form), and their validation.
 * `exists` and `absent` are decided in one place only (HB-T2-EXP-01) and take no expected value; ids are unique
 * (HB-T2-EXP-04); definitions are deep-frozen (HB-T2-EXP-02). Judging them against a suite result is
 * `expectations-result.ts` (results are read-only maps, HB-T2-EXP-03).
 */
import { DefinitionError } from '../data/errors.js';
import { DEFINITIONS, refuseOtherVersion, schema, type Opened, type Reader } from '../data/fields.js';
import { describeValue, freezeTrusted, freezeTrustedOver, isPlainObject, type JsonInput, type JsonValue } from '../data/json.js';
import { validitySet } from '../data/brand.js';

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
