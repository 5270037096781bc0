/**
 * The error hierarchy of tier2-harness.
 *
 * Every error has `name` set to its class name and carries a stable marker
 * (`Symbol.for('tier2-harness/<Name>')`), so the static `isX()` guards work
 * across duplicated copies of the package (ESM and CommonJS loaded side by side),
 * where `instanceof` would silently answer `false`.
 *
 * @packageDocumentation
 */

import { types } from 'node:util';

const MARKERS = Symbol.for('tier2-harness/error-markers');

type Markers = ReadonlySet<string>;

function markersOf(value: unknown): Markers | undefined {
  // Read as an own data property, never through a Proxy trap or a getter: guards run on hostile thrown values.
  if (typeof value !== 'object' || value === null || types.isProxy(value)) return undefined;
  const found: unknown = Object.getOwnPropertyDescriptor(value, MARKERS)?.value;
  return found instanceof Set ? (found as Markers) : undefined;
}

function hasMarker(value: unknown, name: string): boolean {
  return markersOf(value)?.has(name) ?? false;
}

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
  declare readonly [MARKERS]: Markers;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Each subclass adds its own name, so `isX()` sees the whole chain.
    const names = new Set<string>();
    for (let proto: object | null = new.target.prototype; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      const name = errorNameOf((proto as { constructor?: unknown }).constructor);
      if (name) names.add(name);
    }
    Object.defineProperty(this, MARKERS, { value: names, enumerable: false });
    Object.defineProperty(this, 'name', { value: errorNameOf(new.target), enumerable: false, configurable: true, writable: true });
  }

  /** True for any tier2-harness error, from any copy of the package. */
  static isTier2Error(value: unknown): value is Tier2Error {
    return hasMarker(value, 'Tier2Error');
  }
}

/**
 * A definition is malformed: wrong shape or type, a value that is not JSON data,
 * a duplicate mission key, scenario name or expectation id, or a workflow whose
 * `id` and `name` disagree (HB-T2-REG-01).
 */
export class DefinitionError extends Tier2Error {
  static override readonly errorName: string = 'DefinitionError';
  /** Where in the input the problem is, e.g. `steps[1].payload.data`; empty for the whole input. */
  readonly path: string;

  constructor(message: string, path = '', options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }

  static isDefinitionError(value: unknown): value is DefinitionError {
    return hasMarker(value, 'DefinitionError');
  }
}

/** A step's kind is outside the execution envelope `{runtime, human}` (checked before any step runs). */
export class EnvelopeViolation extends Tier2Error {
  static override readonly errorName: string = 'EnvelopeViolation';
  static isEnvelopeViolation(value: unknown): value is EnvelopeViolation {
    return hasMarker(value, 'EnvelopeViolation');
  }
}

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
    return hasMarker(value, 'UnknownOperationError');
  }
}

/** A workflow breaks the Anti-Failure limits at execution time: more than 5 steps or more than 2 human steps. */
export class AntiFailureViolation extends Tier2Error {
  static override readonly errorName: string = 'AntiFailureViolation';
  static isAntiFailureViolation(value: unknown): value is AntiFailureViolation {
    return hasMarker(value, 'AntiFailureViolation');
  }
}

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
    return hasMarker(value, 'AntiFailurePlanningError');
  }
}

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
    return hasMarker(value, 'UnknownMissionError');
  }
}

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

  constructor(message: string, operation: string, stepId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = operation;
    this.stepId = stepId;
  }

  static isOperationError(value: unknown): value is OperationError {
    return hasMarker(value, 'OperationError');
  }
}

/** A suite or expectations config (YAML/JSON data) is malformed. */
export class ConfigError extends Tier2Error {
  static override readonly errorName: string = 'ConfigError';
  /** Where in the config the problem is, e.g. `scenarios[2].missions[0].name`; empty for the whole document. */
  readonly location: string;
  /** The file the config came from, when known. */
  readonly file: string | undefined;
  /** The problem alone, without file and location. */
  readonly problem: string;

  constructor(problem: string, location: string, options?: { file?: string; cause?: unknown }) {
    const where = [options?.file, location].filter((part) => part !== undefined && part !== '').join(': ');
    super(where === '' ? problem : `${where}: ${problem}`, { cause: options?.cause });
    this.problem = problem;
    this.location = location;
    this.file = options?.file;
  }

  /** The same error, attributed to a file. */
  withFile(file: string): ConfigError {
    return new ConfigError(this.problem, this.location, { file, cause: this.cause });
  }

  static isConfigError(value: unknown): value is ConfigError {
    return hasMarker(value, 'ConfigError');
  }
}
