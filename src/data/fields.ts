/**
 * The one reader of structured input: definitions written in code, configs
 * (YAML/JSON, in snake_case), the options of public functions, and part
 * files. Each field is read once, as an own property (never through the
 * prototype); a field the reader does not know is an error that suggests the
 * closest known one (closest-name.ts; a misspelt field is never silently
 * dropped); every error names the field's path, as data, and says what is
 * allowed.
 *
 * A {@link Reader} reads objects described by a {@link Schema} (the fields
 * in the definitions' spelling) and reports through an {@link ErrorSink}
 * (a `DefinitionError` with a subject, or a `ConfigError` with a file). A
 * {@link Spelling} maps another input's names onto a schema's: the config
 * adapter reads `scenario_name` as a scenario's `name` through the same rules,
 * so each rule and its message exist once, and its errors name the fields as
 * the input spells them (`scenarios[2].scenario_name`).
 */
import { otherVersionText, validatedByOtherVersion, type ValidityKind } from './brand.js';
import { closestField } from './closest-name.js';
import { ConfigError, DefinitionError, type ErrorCode } from './errors.js';
import {
  ACCESSOR,
  adoptParsedJson,
  describeValue,
  isPlainObject,
  readOwnData,
  toFrozenJson,
  type JsonObject,
  type JsonValue,
  type PathSegment,
} from './json.js';

// Captured at load time so user stubs of globals cannot change the checks.
const { getOwnPropertyNames, create: objectCreate, freeze, hasOwn } = Object;
const { from: arrayFrom, isArray } = Array;
const isSafeInteger = Number.isSafeInteger;

/** The problem text for an unknown field: a suggestion, or the allowed fields. */
function unknownFieldProblem(key: string, allowed: readonly string[]): string {
  const suggestion = closestField(key, allowed);
  return suggestion === undefined
    ? `unknown field; allowed fields: ${allowed.map((name) => `'${name}'`).join(', ')}`
    : `unknown field; did you mean '${suggestion}'?`;
}

/** The fields read from an object: own properties only, each read once; a field left out is absent (not `in`). */
export type Fields<K extends string> = { readonly [P in K]?: unknown };

/**
 * Checks that `source` (a plain object) has no own property outside
 * `allowed`, then reads each allowed own property exactly once (a getter runs
 * once) into a prototype-less snapshot. Validate and use the snapshot, never
 * the source again. `unknown` builds the error for the first unknown field.
 */
export function readFields<K extends string>(source: object, allowed: readonly K[], unknown: (key: string, problem: string) => Error): Fields<K> {
  checkNames(getOwnPropertyNames(source), allowed, unknown);
  const fields = objectCreate(null) as Record<string, unknown>;
  for (const key of allowed) {
    if (hasOwn(source, key)) fields[key] = (source as Record<string, unknown>)[key];
  }
  return fields as Fields<K>;
}

/** Checks that every own property name (listed by the caller) is in `allowed`; `unknown` builds the error for the first that is not. */
function checkNames(names: readonly string[], allowed: readonly string[], unknown: (key: string, problem: string) => Error): void {
  for (const key of names) {
    if (!allowed.includes(key)) throw unknown(key, unknownFieldProblem(key, allowed));
  }
}

/** Options that sit inside other options (`options.json`), whose fields an unknown top-level field may have been meant for. */
export interface NestedOptions {
  /** The field that holds them (`json`). */
  readonly key: string;
  /** Their fields. */
  readonly allowed: readonly string[];
}

/** Where {@link readOptions} reads: a nested options object (`['options', 'json']`), and the options nested in this one. */
export interface OptionsPlace {
  /** The path of the options object, from its root (default `['options']`). */
  readonly at?: readonly string[];
  /** Options nested in these, suggested for an unknown field (`{ maxDeph: 2 }` suggests `'json.maxDepth'`). */
  readonly nested?: NestedOptions;
}

/**
 * The options object of a public function, read like a definition: `undefined`
 * means no options (callers that also take `null` pass `options ?? undefined`);
 * anything else must be a plain object whose own properties are all in
 * `allowed` (`where: options.regsitry: unknown field; did you mean 'registry'?`).
 * Each option is read once, into a prototype-less snapshot.
 */
export function readOptions<K extends string>(where: string, options: unknown, allowed: readonly K[], place: OptionsPlace = {}): Fields<K> {
  if (options === undefined) return objectCreate(null) as Fields<K>;
  const [root, ...inner] = place.at ?? ['options'];
  const location = inner.length === 0 ? { segments: [root as string] } : { root, segments: inner };
  if (!isPlainObject(options)) {
    const problem = `expected { ${allowed.map((key) => `${key}?`).join(', ')} }, got ${describeValue(options)}`;
    throw new DefinitionError({ code: 'wrong_type', subject: where, ...location, problem });
  }
  return readFields(options, allowed, (key, problem) => {
    return new DefinitionError({
      code: 'unknown_field',
      subject: where,
      root,
      segments: [...inner, key],
      problem: nestedSuggestion(key, allowed, place.nested) ?? problem,
    });
  });
}

/** For a field that is close to none of `allowed`: the nested option it is close to, as `did you mean 'json.maxDepth'?`. */
function nestedSuggestion(key: string, allowed: readonly string[], nested: NestedOptions | undefined): string | undefined {
  if (nested === undefined || !allowed.includes(nested.key) || closestField(key, allowed) !== undefined) return undefined;
  const inner = closestField(key, nested.allowed);
  return inner === undefined ? undefined : `unknown field; did you mean '${nested.key}.${inner}'?`;
}

// ---------------------------------------------------------------------------
// Schemas, spellings and the reader

/** A field name as a schema lists it: `name`, or `name?` for an optional one. */
type Listed<K extends string> = K | `${K}?`;

/** The fields of one kind of object, as definitions spell them. */
export interface Schema<K extends string = string> {
  /** The kind of object: the key of its entry in a {@link Spelling}. */
  readonly kind: string;
  /** Its fields, in order. */
  readonly fields: readonly K[];
  /** Its optional fields (shown with `?` where a message lists the fields). */
  readonly optional: readonly K[];
  /** How a message names the object when it is the whole input (`scenario`); by default nothing. */
  readonly whole?: string;
  /** Whether fields outside the schema are refused (default); part files allow them, for later versions of the format. */
  readonly closed: boolean;
}

/**
 * A schema: `kind` and its fields in order, optional ones marked `?`
 * (`schema('scenario', ['name', 'initialState?', 'missions'])`).
 */
export function schema<K extends string>(kind: string, listed: readonly Listed<K>[], options: { whole?: string; closed?: boolean } = {}): Schema<K> {
  const bare = (name: string): K => name.replace(/\?$/, '') as K;
  return freeze({
    kind,
    fields: freeze(listed.map(bare)),
    optional: freeze(listed.filter((name) => name.endsWith('?')).map(bare)),
    closed: options.closed ?? true,
    ...(options.whole === undefined ? {} : { whole: options.whole }),
  });
}

/**
 * How an input spells the objects of a schema: for each kind, every name the
 * input may use, in the order messages list them, mapped to the schema field
 * it is read as (`null`: a field of this input alone, allowed and not read,
 * e.g. a config's `$schema`). A kind left out is spelled as its schema.
 */
export type Spelling = { readonly [kind: string]: { readonly [name: string]: string | null } };

/** How a reader's errors are built. */
export interface ErrorSink {
  /** The error for `problem` at `segments`; `subject` names who reports (definitions show it). */
  readonly make: (code: ErrorCode, subject: string, segments: readonly PathSegment[], problem: string, whole?: string) => Error;
  /** A definition error raised inside the input (by the JSON check of a value), as this input's error. */
  readonly adopt: (error: DefinitionError) => Error;
}

/** Errors of definitions written in code: `DefinitionError`s that name their subject. */
const DEFINITION_ERRORS: ErrorSink = freeze({
  make: (code: ErrorCode, subject: string, segments: readonly PathSegment[], problem: string, whole?: string) =>
    new DefinitionError({ code, subject, segments, problem, ...(whole === undefined ? {} : { whole }) }),
  adopt: (error: DefinitionError) => error,
});

/** Errors of data read from a file or document: `ConfigError`s located by path alone (and by file when given). */
export function configErrors(file?: string): ErrorSink {
  const where = file === undefined ? undefined : { file };
  return freeze({
    make: (code: ErrorCode, _subject: string, segments: readonly PathSegment[], problem: string) => new ConfigError({ code, segments, problem }, where),
    adopt: (error: DefinitionError) => new ConfigError({ code: error.code, segments: error.segments, problem: error.problem, cause: error }, where),
  });
}

/** A schema as one input spells it. */
interface View {
  /** Every name the input may use, in order. */
  readonly names: readonly string[];
  /** Schema field → the input's name for it. */
  readonly nameOf: Readonly<Record<string, string>>;
  /** The fields as a message lists them: `{ scenario_name, initial_state?, missions }`. */
  readonly shape: string;
}

/** How a {@link Reader} reads. */
export interface ReaderOptions {
  readonly errors: ErrorSink;
  /** The input's names for the schemas' fields (default: the schemas' own). */
  readonly spelling?: Spelling;
  /** Data only (configs): a getter/setter property is refused, never run. */
  readonly dataOnly?: boolean;
  /**
   * Data its caller parsed from text and gives up, no container in it twice (the CLI's files): its JSON values
   * are frozen in place, not copied ({@link adoptParsedJson}); a parser makes no getter to refuse.
   */
  readonly parsed?: boolean;
}

/**
 * Reads objects of known schemas from one kind of input, with its spelling
 * and its errors. Made once per kind of input and shared.
 */
export class Reader {
  readonly errors: ErrorSink;
  readonly dataOnly: boolean;
  readonly #parsed: boolean;
  readonly #spelling: Spelling;
  readonly #views = new Map<Schema, View>();

  constructor(options: ReaderOptions) {
    this.errors = options.errors;
    this.dataOnly = options.dataOnly ?? false;
    this.#parsed = options.parsed ?? false;
    this.#spelling = options.spelling ?? {};
  }

  /** `schema` as this reader's input spells it (made once per schema). */
  view(schema: Schema): View {
    let view = this.#views.get(schema);
    if (view === undefined) {
      const entry = this.#spelling[schema.kind];
      const names = entry === undefined ? schema.fields : getOwnPropertyNames(entry);
      const nameOf = new Map(schema.fields.map((field) => [field, field] as [string, string]));
      for (const name of entry === undefined ? [] : names) {
        const field = entry?.[name];
        if (typeof field === 'string') nameOf.set(field, name);
      }
      const listed = schema.fields.map((field) => `${nameOf.get(field) ?? field}${schema.optional.includes(field) ? '?' : ''}`);
      // An open object may hold more than its listed fields: listing them would mislead.
      view = { names: [...names], nameOf: Object.fromEntries(nameOf), shape: schema.closed ? `{ ${listed.join(', ')} }` : 'an object' };
      this.#views.set(schema, view);
    }
    return view;
  }

  /** The input's name of a schema field, as errors show it. */
  nameOf(schema: Schema, field: string): string {
    return this.view(schema).nameOf[field] ?? field;
  }

  /**
   * `value` as an object of `schema`: a plain object, none of whose own fields
   * is unknown (the error suggests the closest known one) and, for data, none
   * a getter/setter. `subject` and `at` locate its errors.
   */
  open<K extends string>(value: unknown, subject: string, at: readonly PathSegment[], schema: Schema<K>): Opened<K> {
    const view = this.view(schema);
    if (!isPlainObject(value)) {
      throw this.errors.make('wrong_type', subject, at, `expected ${view.shape}, got ${describeValue(value)}`, at.length === 0 ? schema.whole : undefined);
    }
    if (this.dataOnly || schema.closed) {
      const names = getOwnPropertyNames(value);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        if (this.dataOnly && readOwnData(value, name) === ACCESSOR)
          throw this.errors.make('not_json', subject, [...at, name], 'a getter/setter property is not config data; expected a plain value');
        if (schema.closed && !view.names.includes(name)) throw this.errors.make('unknown_field', subject, [...at, name], unknownFieldProblem(name, view.names));
      }
    }
    // A plain object, not an instance of a class: a run reads one per input object, and a class's instance maps
    // die with its instances at each full GC, taking the optimised code of every method with them.
    return { source: value, subject, at, view, schema };
  }

  /** The path of a field (in the input's spelling), or of the object itself. */
  at<K extends string>(o: Opened<K>, field?: K): PathSegment[] {
    return field === undefined ? o.at.slice() : o.at.concat(o.view.nameOf[field] ?? field);
  }

  /** The error for `problem` at a field, or at the object itself. */
  fail<K extends string>(o: Opened<K>, code: ErrorCode, field: K | undefined, problem: string): Error {
    return this.errors.make(code, o.subject, this.at(o, field), problem);
  }

  /** The field's own value, read once; `undefined` when absent. */
  value<K extends string>(o: Opened<K>, field: K): unknown {
    const name = o.view.nameOf[field] ?? field;
    return hasOwn(o.source, name) ? o.source[name] : undefined;
  }

  /** A required field's value: absent (or `undefined`) is the `missing_field` error, saying what was `expected`. */
  required<K extends string>(o: Opened<K>, field: K, expected: string): unknown {
    const value = this.value(o, field);
    if (value === undefined) throw this.fail(o, 'missing_field', field, `required field is missing; expected ${expected}`);
    return value;
  }

  /** A required string. */
  string<K extends string>(o: Opened<K>, field: K, expected = 'a string'): string {
    const value = this.required(o, field, expected);
    if (typeof value !== 'string') throw this.fail(o, 'wrong_type', field, `expected ${expected}, got ${describeValue(value)}`);
    return value;
  }

  /** An optional string: absent or `null` is `undefined`. */
  optionalString<K extends string>(o: Opened<K>, field: K): string | undefined {
    const value = this.value(o, field);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.fail(o, 'wrong_type', field, `expected a string, got ${describeValue(value)}`);
    return value;
  }

  /** A required integer from `min` up. */
  integer<K extends string>(o: Opened<K>, field: K, min: number): number {
    const value = this.required(o, field, `an integer >= ${min}`);
    if (typeof value !== 'number' || !isSafeInteger(value) || value < min) {
      throw this.fail(o, 'wrong_type', field, `expected an integer >= ${min}, got ${describeValue(value)}`);
    }
    return value;
  }

  /** A required list's items (holes become `undefined`, reported at their index). */
  list<K extends string>(o: Opened<K>, field: K, expected = 'an array'): unknown[] {
    const value = this.value(o, field);
    if (value === undefined) throw this.fail(o, 'missing_field', field, `required field is missing; expected ${expected}`);
    if (!isArray(value)) throw this.fail(o, 'wrong_type', field, `expected ${expected}, got ${describeValue(value)}`);
    return arrayFrom(value as unknown[]);
  }

  /** A field holding an object of any fields, as it is (data already frozen); with `optional`, absent or `null` is `undefined`. */
  record<K extends string>(o: Opened<K>, field: K, optional: true): Readonly<Record<string, unknown>> | undefined;
  record<K extends string>(o: Opened<K>, field: K): Readonly<Record<string, unknown>>;
  record<K extends string>(o: Opened<K>, field: K, optional = false): Readonly<Record<string, unknown>> | undefined {
    const value = optional ? this.value(o, field) : this.required(o, field, 'an object');
    if (optional && (value === undefined || value === null)) return undefined;
    if (!isPlainObject(value)) throw this.fail(o, 'wrong_type', field, `expected an object, got ${describeValue(value)}`);
    return value;
  }

  /** A nested object of another schema. */
  object<K extends string, J extends string>(o: Opened<K>, field: K, schema: Schema<J>): Opened<J> {
    return this.open(this.required(o, field, 'an object'), o.subject, this.at(o, field), schema);
  }

  /** An optional object of JSON data, deep-frozen: absent or `null` is `undefined`; anything but a plain object is refused, saying what was `expected`. */
  jsonObject<K extends string>(o: Opened<K>, field: K, expected: string): JsonObject | undefined {
    const value = this.value(o, field);
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) throw this.fail(o, 'wrong_type', field, `expected ${expected}, got ${describeValue(value)}`);
    return this.toJson(o, field, value) as JsonObject;
  }

  /** A value read from `field` as deep-frozen JSON data. */
  toJson<K extends string>(o: Opened<K>, field: K, value: unknown): JsonValue {
    try {
      const options = { at: this.at(o, field), subject: o.subject };
      return this.#parsed ? adoptParsedJson(value, options) : toFrozenJson(value, options);
    } catch (error) {
      throw DefinitionError.isDefinitionError(error) ? this.errors.adopt(error) : error;
    }
  }
}

/**
 * One object being read, made by {@link Reader.open}: each field is read
 * once through the reader's methods, and each error is located at the field,
 * in the input's spelling.
 */
export interface Opened<K extends string> {
  readonly source: Readonly<Record<string, unknown>>;
  /** Who reports problems with its fields; a definition's label grows as it is read (`scenario 'a'`). */
  subject: string;
  /** Where the object is in the input. */
  readonly at: readonly PathSegment[];
  readonly view: View;
  readonly schema: Schema<K>;
}

/** The reader of definitions written in code (the DSL and the runtime's functions). */
export const DEFINITIONS = new Reader({ errors: DEFINITION_ERRORS });

/**
 * Refuses a definition that a copy of ANOTHER version of the package validated:
 * it is never trusted, nor read again as if new. `what` names it (`a suite`).
 */
export function refuseOtherVersion(kind: ValidityKind, value: unknown, subject: string, what: string): void {
  const version = validatedByOtherVersion(kind, value);
  if (version !== undefined) throw new DefinitionError({ code: 'invalid_value', subject, problem: `cannot use ${otherVersionText(what, version)}` });
}
