/**
 * Operations: what a runtime step does to the state. The built-ins are `noop`
 * and `fail` (ORCH-H1); users add pure transitions with {@link defineOperation}.
 * The operation set of a run is closed: the built-ins plus the registered ones.
 */
import { brand, isBranded } from '../data/brand.js';
import { DefinitionError } from '../data/errors.js';
import type { JsonObject, JsonObjectInput } from '../data/json.js';

/** The built-in operations, always known. */
const BUILTIN_OPERATIONS = Object.freeze(['fail', 'noop'] as const);

const FAILURE = Symbol('tier2-harness/operation-failure');

/** What an operation returns to fail its step; make one with `context.fail(reason)`. */
export interface OperationFailure {
  readonly [FAILURE]: true;
  readonly reason: string;
}

/** What an operation is told besides the state and its payload. */
export interface OperationContext {
  /** The id of the step being executed. */
  readonly stepId: string;
  /** The id of the workflow being executed. */
  readonly workflowId: string;
  /**
   * Fails the step: return its result. The run stops with `success: false` and
   * `error_message: "Step '<id>' failed: <reason>"`, like the built-in `fail`.
   */
  readonly fail: (reason: string) => OperationFailure;
}

/**
 * A pure state transition. It receives the current state and the step's payload,
 * both deep-frozen, and returns the next state as a new JSON object (or a
 * failure made with `context.fail`). It must not read clocks, randomness or
 * anything outside its arguments; `toBeDeterministic` catches those that do.
 */
export type OperationFunction = (state: JsonObject, payload: JsonObject, context: OperationContext) => JsonObjectInput | OperationFailure;

/** A named operation, made by {@link defineOperation}. */
export interface OperationDefinition<Name extends string = string> {
  readonly type: 'operation';
  readonly name: Name;
  readonly apply: OperationFunction;
}

const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/**
 * Defines a custom operation that runtime steps can name in `payload.operation`.
 *
 * @param name - letters, digits, `_ . : -`, starting with a letter; not a built-in name.
 * @param apply - the pure transition.
 * @returns a frozen operation definition, to pass to `createRegistry` or `new Orchestrator({ operations })`.
 * @example
 * ```ts
 * const increment = defineOperation('increment', (state, payload) => ({
 *   ...state,
 *   count: (typeof state.count === 'number' ? state.count : 0) + (typeof payload.by === 'number' ? payload.by : 1),
 * }));
 * ```
 */
export function defineOperation<const Name extends string>(name: Name, apply: OperationFunction): OperationDefinition<Name> {
  if (typeof name !== 'string' || !OPERATION_NAME.test(name)) {
    throw new DefinitionError({
      code: typeof name === 'string' ? 'invalid_value' : 'wrong_type',
      subject: 'defineOperation',
      segments: ['name'],
      placeInProblem: true,
      problem: `name must be a string of letters, digits, '_', '.', ':' or '-' starting with a letter, got ${typeof name === 'string' ? `'${name}'` : typeof name}`,
    });
  }
  if ((BUILTIN_OPERATIONS as readonly string[]).includes(name)) {
    throw new DefinitionError({
      code: 'duplicate',
      subject: 'defineOperation',
      segments: ['name'],
      placeInProblem: true,
      problem: `'${name}' is a built-in operation and cannot be redefined (built-ins: ${BUILTIN_OPERATIONS.join(', ')})`,
    });
  }
  if (typeof apply !== 'function') {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: `defineOperation('${name}')`,
      segments: ['apply'],
      placeInProblem: true,
      problem: `apply must be a function (state, payload, context) => newState, got ${typeof apply}`,
    });
  }
  return Object.freeze({ type: 'operation', name, apply });
}

/** Makes the failure value an operation returns. */
export function operationFailure(reason: string): OperationFailure {
  return Object.freeze({ [FAILURE]: true as const, reason });
}

/** True if an operation's return value is a failure. */
export function isOperationFailure(value: unknown): value is OperationFailure {
  return typeof value === 'object' && value !== null && (value as { [FAILURE]?: unknown })[FAILURE] === true;
}

/** A closed set of operations: the built-ins plus custom ones, by name. */
export class OperationSet {
  readonly #custom: ReadonlyMap<string, OperationDefinition>;
  /** Every known operation name, sorted. */
  readonly names: readonly string[];

  constructor(custom: readonly OperationDefinition[] = []) {
    const map = new Map<string, OperationDefinition>();
    custom.forEach((operation, index) => {
      if (typeof operation !== 'object' || operation === null || operation.type !== 'operation') {
        throw new DefinitionError({ code: 'wrong_type', segments: ['operations', index], problem: 'expected an operation made by defineOperation(name, fn)' });
      }
      if (map.has(operation.name)) {
        throw new DefinitionError({
          code: 'duplicate',
          segments: ['operations', index],
          problem: `operation '${operation.name}' is registered twice; operation names must be unique`,
        });
      }
      map.set(operation.name, operation);
    });
    this.#custom = map;
    this.names = Object.freeze([...BUILTIN_OPERATIONS, ...map.keys()].sort());
    Object.freeze(this);
  }

  /** True if the name is a built-in or registered operation. */
  has(name: string): boolean {
    return name === 'noop' || name === 'fail' || this.#custom.has(name);
  }

  /** The custom operation of that name, if any. */
  custom(name: string): OperationDefinition | undefined {
    return this.#custom.get(name);
  }

  /** The custom operations, in registration order. */
  get customOperations(): readonly OperationDefinition[] {
    return [...this.#custom.values()];
  }

  /** True for an operation set from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isOperationSet(value: unknown): value is OperationSet {
    return isBranded(value, 'OperationSet');
  }
}
brand(OperationSet, 'OperationSet');

/** The operation set with only the built-ins. */
export const BUILTIN_OPERATION_SET = new OperationSet();
