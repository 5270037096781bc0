/**
 * The error hierarchy of tier2-harness.
 *
 * Every error has `name` set to its class name, and every class is branded
 * (src/data/brand.ts), so the static `isX()` guards work across duplicated
 * copies of the package (ESM and CommonJS loaded side by side, or two
 * versions), where `instanceof` would silently answer `false`.
 *
 * @packageDocumentation
 */

import { brand, isBrandedInAnyVersion } from './brand.js';
import { formatPath, locationText, renderErrorMessage, type PathSegment } from './error-message.js';

/**
 * A class's error name: its own static `errorName` (set explicitly on every
 * class here, so bundlers that rename classes change nothing), else its
 * `name` (a user's subclass).
 */
function errorNameOf(ctor: unknown): string | undefined {
  if (typeof ctor !== 'function') return undefined;
  if (Object.prototype.hasOwnProperty.call(ctor, 'errorName')) return (ctor as unknown as { errorName: string }).errorName;
  return ctor.name || undefined;
}

/**
 * Base class of every error tier2-harness throws on purpose. Catch this to
 * handle "any documented error" at once.
 */
export class Tier2Error extends Error {
  static readonly errorName: string = 'Tier2Error';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, 'name', { value: errorNameOf(new.target), enumerable: false, configurable: true, writable: true });
  }

  /** True for any tier2-harness error, from any copy of the package. */
  static isTier2Error(value: unknown): value is Tier2Error {
    return isBrandedInAnyVersion(value, 'Tier2Error');
  }
}
brand(Tier2Error, 'Tier2Error');

/**
 * What kind of problem a {@link DefinitionError} or {@link ConfigError} reports: a stable
 * code to branch on (messages may be reworded; codes are not).
 *
 * - `unknown_field`: a field the schema does not know (the message suggests the closest one);
 * - `missing_field`: a required field is absent;
 * - `wrong_type`: a value of the wrong type or shape (`expected a string, got a number`);
 * - `invalid_value`: a value of the right type that is not allowed (a range, a name pattern, an unknown name, an unresolved alias);
 * - `duplicate`: a name, id or key used twice (step ids, scenario names, mission keys, expectation ids, registry entries, YAML/JSON keys);
 * - `conflict`: fields that contradict each other (`id` and `name` differ, `expected` on `exists`, `path` without `seed`);
 * - `not_json`: a value that is not JSON data (a function, `NaN`, a cycle, a getter, nesting beyond the limit);
 * - `too_large`: beyond a size limit (a file, a text, an integer a number cannot hold, alias expansion, nesting a parser cannot follow);
 * - `syntax`: a file that is not valid YAML, JSON or UTF-8;
 * - `empty`: a file with no content;
 * - `unreadable`: a file that cannot be read;
 * - `rejected`: user code (a mission template) refused its input by throwing; the cause is the thrown value;
 * - `mutated_input`: user code (a mission template) tried to change its deep-frozen input; the cause is the engine's TypeError;
 * - `custom`: an error built from a message alone (the message form of the constructors, e.g. by user code).
 */
export type ErrorCode =
  | 'unknown_field'
  | 'missing_field'
  | 'wrong_type'
  | 'invalid_value'
  | 'duplicate'
  | 'conflict'
  | 'not_json'
  | 'too_large'
  | 'syntax'
  | 'empty'
  | 'unreadable'
  | 'rejected'
  | 'mutated_input'
  | 'custom';

export type { PathSegment };

/** The parts of a {@link DefinitionError} or {@link ConfigError}; the message is built from them. */
export interface ErrorDetails {
  /** What kind of problem (see {@link ErrorCode}). */
  readonly code: ErrorCode;
  /** What is wrong and what is allowed, without subject, file or location. */
  readonly problem: string;
  /** The path to the problem, as data: `['steps', 1, 'payload']`. Default: `[]` (the whole input). */
  readonly segments?: readonly PathSegment[];
  /** Who reports, written before the location: `defineWorkflow`, `workflow 'wf-a'`. */
  readonly subject?: string;
  /** What the segments are relative to, shown in the message but not in the path (e.g. `options`). */
  readonly root?: string;
  /** How the location reads when the segments are empty (e.g. `value`); left out by default. */
  readonly whole?: string;
  /** The problem text names its place itself (`options.runs must be ...`), so the location is not repeated. */
  readonly placeInProblem?: boolean;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
  /** 1-based column in the source file, when known. */
  readonly column?: number;
  readonly cause?: unknown;
}

/** The fields both structured errors carry, read from their details. */
function frozenDetails(details: ErrorDetails): Readonly<Omit<ErrorDetails, 'cause'>> & { readonly segments: readonly PathSegment[] } {
  const { cause: _cause, ...rest } = details;
  return Object.freeze({ ...rest, segments: Object.freeze([...(details.segments ?? [])]) });
}

/**
 * A definition is malformed: wrong shape or type, a value that is not JSON data,
 * a duplicate mission key, scenario name or expectation id, or a workflow whose
 * `id` and `name` disagree (HB-T2-REG-01).
 *
 * Its parts are data: `code`, `segments`, `problem` (and `subject`); the message
 * is built from them. `new DefinitionError(message, path?)` (for user code) still
 * works: it has code `custom`, no segments, and the path as given.
 */
export class DefinitionError extends Tier2Error {
  static override readonly errorName: string = 'DefinitionError';
  /** Where in the input the problem is, e.g. `steps[1].payload.data`; empty for the whole input. */
  readonly path: string;
  /** What kind of problem; stable across rewordings of the message. */
  readonly code: ErrorCode;
  /** The path as data, e.g. `['steps', 1, 'payload', 'data']`; `path` is its text. */
  readonly segments: readonly PathSegment[];
  /** The problem alone, without subject and location. */
  readonly problem: string;
  /** Who reported it (`defineWorkflow`, `workflow 'wf-a'`), when the message names one. */
  readonly subject: string | undefined;
  /** 1-based line in a source file, when known (definitions from code have none). */
  readonly line: number | undefined;
  /** 1-based column in a source file, when known. */
  readonly column: number | undefined;
  readonly #details: ReturnType<typeof frozenDetails>;

  constructor(details: ErrorDetails);
  constructor(message: string, path?: string, options?: { cause?: unknown });
  constructor(detailsOrMessage: ErrorDetails | string, path = '', options?: { cause?: unknown }) {
    const details: ErrorDetails =
      typeof detailsOrMessage === 'string'
        ? { code: 'custom', problem: detailsOrMessage, ...(options !== undefined && 'cause' in options ? { cause: options.cause } : {}) }
        : detailsOrMessage;
    const parts = frozenDetails(details);
    super(renderErrorMessage(parts), 'cause' in details ? { cause: details.cause } : undefined);
    this.#details = parts;
    this.code = parts.code;
    this.segments = parts.segments;
    this.problem = parts.problem;
    this.subject = parts.subject;
    this.line = parts.line;
    this.column = parts.column;
    this.path = typeof detailsOrMessage === 'string' ? path : formatPath(parts.segments);
  }

  /** The parts this error was built from (for a caller that re-raises it in other words). */
  get details(): ErrorDetails {
    return this.#details;
  }

  static isDefinitionError(value: unknown): value is DefinitionError {
    return isBrandedInAnyVersion(value, 'DefinitionError');
  }
}
brand(DefinitionError, 'DefinitionError');

/** A step's kind is outside the execution envelope `{runtime, human}` (checked before any step runs). */
export class EnvelopeViolation extends Tier2Error {
  static override readonly errorName: string = 'EnvelopeViolation';
  static isEnvelopeViolation(value: unknown): value is EnvelopeViolation {
    return isBrandedInAnyVersion(value, 'EnvelopeViolation');
  }
}
brand(EnvelopeViolation, 'EnvelopeViolation');

/**
 * A runtime step names an operation outside the closed set of the run
 * (built-ins plus registered operations). ORCH-H1, tightened. A subtype of
 * {@link EnvelopeViolation}: the operation set is part of the execution envelope.
 */
export class UnknownOperationError extends EnvelopeViolation {
  static override readonly errorName: string = 'UnknownOperationError';
  /** The operation that was asked for. */
  readonly operation: string;
  /** The operations this run knows, sorted. */
  readonly knownOperations: readonly string[];

  constructor(message: string, operation: string, knownOperations: readonly string[]) {
    super(message);
    this.operation = operation;
    this.knownOperations = Object.freeze([...knownOperations]);
  }

  static isUnknownOperationError(value: unknown): value is UnknownOperationError {
    return isBrandedInAnyVersion(value, 'UnknownOperationError');
  }
}
brand(UnknownOperationError, 'UnknownOperationError');

/** A workflow breaks the Anti-Failure limits at execution time: more than 5 steps or more than 2 human steps. */
export class AntiFailureViolation extends Tier2Error {
  static override readonly errorName: string = 'AntiFailureViolation';
  static isAntiFailureViolation(value: unknown): value is AntiFailureViolation {
    return isBrandedInAnyVersion(value, 'AntiFailureViolation');
  }
}
brand(AntiFailureViolation, 'AntiFailureViolation');

/** The extension rule a mission template broke (BLD-H3, BLD-H4, BLD-H7). */
export type PlanningRule = 'max_steps' | 'max_human_steps' | 'step_kind' | 'metadata_params' | 'unknown_operation' | 'template_output';

/**
 * A mission template produced a workflow that still violates the Tier-2 rules
 * after planning (BLD-H3). Built-in templates truncate requests so this never
 * happens for them; it exists for misconfigured user templates. Planning-time
 * invalid kinds use this class too, with `rule: 'step_kind'` (BLD-H4).
 */
export class AntiFailurePlanningError extends Tier2Error {
  static override readonly errorName: string = 'AntiFailurePlanningError';
  /** The mission whose template broke the rule. */
  readonly mission: string;
  /** Which extension rule was broken. */
  readonly rule: PlanningRule;

  constructor(message: string, mission: string, rule: PlanningRule) {
    super(message);
    this.mission = mission;
    this.rule = rule;
  }

  static isAntiFailurePlanningError(value: unknown): value is AntiFailurePlanningError {
    return isBrandedInAnyVersion(value, 'AntiFailurePlanningError');
  }
}
brand(AntiFailurePlanningError, 'AntiFailurePlanningError');

/** A mission name is not in the registry. */
export class UnknownMissionError extends Tier2Error {
  static override readonly errorName: string = 'UnknownMissionError';
  /** The name that was asked for. */
  readonly mission: string;
  /** The names the registry holds, sorted. */
  readonly knownMissions: readonly string[];

  constructor(message: string, mission: string, knownMissions: readonly string[]) {
    super(message);
    this.mission = mission;
    this.knownMissions = Object.freeze([...knownMissions]);
  }

  static isUnknownMissionError(value: unknown): value is UnknownMissionError {
    return isBrandedInAnyVersion(value, 'UnknownMissionError');
  }
}
brand(UnknownMissionError, 'UnknownMissionError');

/**
 * What a user-defined operation did wrong (an {@link OperationError}'s `code`):
 * `threw`, `mutated_input` (it tried to change its deep-frozen state or payload),
 * `returned_promise`, `invalid_failure` (`fail(reason)` without a string reason),
 * `not_an_object` (it returned something other than a plain object), `not_json`
 * (the state it returned is not JSON data), or `custom` (built by user code from a message).
 */
export type OperationErrorCode = 'threw' | 'mutated_input' | 'returned_promise' | 'invalid_failure' | 'not_an_object' | 'not_json' | 'custom';

/**
 * A user-defined operation misbehaved: it threw, returned something that is not
 * a JSON object, or tried to mutate its (deep-frozen) input state.
 */
export class OperationError extends Tier2Error {
  static override readonly errorName: string = 'OperationError';
  /** The operation's name. */
  readonly operation: string;
  /** The step that ran it. */
  readonly stepId: string;
  /** What the operation did wrong; stable across rewordings of the message. */
  readonly code: OperationErrorCode;

  constructor(message: string, operation: string, stepId: string, options?: { cause?: unknown; code?: OperationErrorCode }) {
    super(message, options === undefined || !('cause' in options) ? undefined : { cause: options.cause });
    this.operation = operation;
    this.stepId = stepId;
    this.code = options?.code ?? 'custom';
  }

  static isOperationError(value: unknown): value is OperationError {
    return isBrandedInAnyVersion(value, 'OperationError');
  }
}
brand(OperationError, 'OperationError');

/**
 * A suite or expectations config (YAML/JSON data) is malformed.
 *
 * Its parts are data, like {@link DefinitionError}'s: `code`, `segments`, `problem`,
 * `line`/`column` where the file position is known, and `file`; the message is built
 * from them. `new ConfigError(problem, location, { file?, code? })` still works: it has
 * no segments, the location as given (a text), and code `custom` unless one is given.
 */
export class ConfigError extends Tier2Error {
  static override readonly errorName: string = 'ConfigError';
  /**
   * Where in the config the problem is, e.g. `scenarios[2].missions[0].name` (the text of `segments`),
   * or `line 3, column 5` for a problem in the text of the file; empty for the whole document.
   */
  readonly location: string;
  /** The file the config came from, when known. */
  readonly file: string | undefined;
  /** The problem alone, without file and location. */
  readonly problem: string;
  /** What kind of problem; stable across rewordings of the message. */
  readonly code: ErrorCode;
  /** The path as data, e.g. `['scenarios', 2, 'missions', 0, 'name']`; empty for a problem in the text itself. */
  readonly segments: readonly PathSegment[];
  /** 1-based line in the file, when known. */
  readonly line: number | undefined;
  /** 1-based column in the file, when known. */
  readonly column: number | undefined;
  readonly #details: ReturnType<typeof frozenDetails>;

  constructor(details: ErrorDetails, options?: { file?: string });
  constructor(problem: string, location: string, options?: { file?: string; cause?: unknown; code?: ErrorCode });
  constructor(detailsOrProblem: ErrorDetails | string, location?: string | { file?: string }, options?: { file?: string; cause?: unknown; code?: ErrorCode }) {
    const legacy = typeof detailsOrProblem === 'string';
    const details: ErrorDetails = legacy
      ? { code: options?.code ?? 'custom', problem: detailsOrProblem, ...(location === '' ? {} : { whole: location as string }), cause: options?.cause }
      : detailsOrProblem;
    const file = legacy ? options?.file : (location as { file?: string } | undefined)?.file;
    const parts = frozenDetails(details);
    super(renderErrorMessage({ ...parts, file }), 'cause' in details ? { cause: details.cause } : undefined);
    this.#details = parts;
    this.code = parts.code;
    this.segments = parts.segments;
    this.problem = parts.problem;
    this.line = parts.line;
    this.column = parts.column;
    this.location = locationText(parts);
    this.file = file;
  }

  /** The parts this error was built from. */
  get details(): ErrorDetails {
    return this.#details;
  }

  /** The same error, attributed to a file and, when known, to its line and column there. */
  withFile(file: string, position?: { readonly line: number; readonly column: number }): ConfigError {
    return new ConfigError(
      { ...this.#details, ...(position === undefined ? {} : { line: position.line, column: position.column }), cause: this.cause },
      { file },
    );
  }

  static isConfigError(value: unknown): value is ConfigError {
    return isBrandedInAnyVersion(value, 'ConfigError');
  }
}
brand(ConfigError, 'ConfigError');
