/**
 * The orchestrator (`engine` in the backlog): validates a workflow completely,
 * then executes its steps in order against a deep-frozen state.
 */
import { DefinitionError, OperationError, Tier2Error } from '../data/errors.js';
import { readFields, readOptions } from '../data/fields.js';
import { describeThrown, isThenableSafe, markPromiseHandled } from '../data/describe-thrown.js';
import { isFrozenWrite } from './frozen-write.js';
import {
  describeValue,
  freezeTrusted,
  freshTopLevel,
  getOwn,
  isPlainObject,
  toFrozenJsonObject,
  type JsonObject,
  type JsonObjectInput,
  type JsonValue,
} from '../data/json.js';
import { BUILTIN_OPERATION_SET, OperationSet, isOperationFailure, operationFailure, type OperationDefinition } from './operations.js';
import { missionHead, missionTail, type MissionTextSource, type RunShapeParts } from '../data/result-text.js';
import { operationOf, validateWorkflow, type Step, type WorkflowDefinition, type Workflow } from './workflow.js';
import { brand, isBranded } from '../data/brand.js';

/**
 * Run metadata with a fixed schema (ORCH-H3). `caller` and `policy_version`
 * appear in the result's lineage and `run_id` in its receipt, only when given.
 */
export interface RunMetadata {
  readonly run_id?: string;
  readonly caller?: string;
  readonly policy_version?: string;
}

const RUN_METADATA_KEYS = Object.freeze(['caller', 'policy_version', 'run_id'] as const);
/** The fields of an execution context. */
const CONTEXT_FIELDS = Object.freeze(['initialState', 'metadata'] as const);
/** The options of an orchestrator. */
const ORCHESTRATOR_OPTIONS = Object.freeze(['operations'] as const);

/** The execution context of one run. */
export interface ExecutionContext {
  /** The state the first step sees; a plain JSON object, never mutated (default `{}`). */
  readonly initialState?: JsonObjectInput;
  /** Run metadata (ORCH-H3). */
  readonly metadata?: RunMetadata;
}

/** The serialised form of a step, as in `executed_steps`. */
export interface StepDict {
  readonly id: string;
  readonly kind: 'runtime' | 'human';
  readonly payload: JsonObject;
}

/** `OrchestrationResult.toDict()`: the reference's snake_case shape. */
export interface OrchestrationResultDict {
  readonly id: string;
  readonly success: boolean;
  readonly executed_steps: readonly StepDict[];
  readonly final_state: JsonObject;
  readonly failed_step_id: string | null;
  readonly error_message: string | null;
  readonly lineage: {
    readonly executed_step_ids: readonly string[];
    readonly workflow_id: string;
    readonly caller?: string;
    readonly policy_version?: string;
  };
  readonly receipt: {
    readonly id: string;
    readonly steps: readonly string[];
    readonly run_id?: string;
  };
}

/** Lineage of a run, camelCase view. */
export interface Lineage {
  readonly executedStepIds: readonly string[];
  readonly workflowId: string;
  readonly caller?: string;
  readonly policyVersion?: string;
}

/** Receipt of a run, camelCase view. */
export interface Receipt {
  readonly id: string;
  readonly steps: readonly string[];
  readonly runId?: string;
}

/**
 * Everything about a run except its final state: the same for every run of a
 * workflow that executes the same steps with the same outcome, so it is made
 * once per workflow and outcome, frozen and shared by all those results,
 * together with its canonical text around `final_state`.
 */
class RunShape implements RunShapeParts {
  readonly id: string;
  readonly success: boolean;
  readonly executedSteps: readonly Step[];
  readonly failedStepId: string | null;
  readonly errorMessage: string | null;
  readonly lineage: OrchestrationResultDict['lineage'];
  readonly receipt: OrchestrationResultDict['receipt'];
  readonly lineageView: Lineage;
  readonly receiptView: Receipt;
  #head: string | undefined;
  #tail: string | undefined;

  constructor(id: string, executedSteps: readonly Step[], failedStepId: string | null, errorMessage: string | null, metadata: RunMetadata | undefined) {
    this.id = id;
    this.success = failedStepId === null;
    this.executedSteps = executedSteps;
    this.failedStepId = failedStepId;
    this.errorMessage = errorMessage;
    const stepIds = freezeTrusted(executedSteps.map((step) => step.id));
    this.lineage = freezeTrusted({
      executed_step_ids: stepIds,
      workflow_id: id,
      ...(metadata?.caller === undefined ? {} : { caller: metadata.caller }),
      ...(metadata?.policy_version === undefined ? {} : { policy_version: metadata.policy_version }),
    });
    this.receipt = freezeTrusted({ id, steps: stepIds, ...(metadata?.run_id === undefined ? {} : { run_id: metadata.run_id }) });
    this.lineageView = Object.freeze({
      executedStepIds: stepIds,
      workflowId: id,
      ...(metadata?.caller === undefined ? {} : { caller: metadata.caller }),
      ...(metadata?.policy_version === undefined ? {} : { policyVersion: metadata.policy_version }),
    });
    this.receiptView = Object.freeze({ id, steps: stepIds, ...(metadata?.run_id === undefined ? {} : { runId: metadata.run_id }) });
  }

  /** The canonical text before `final_state`'s value, made on first use. */
  get head(): string {
    this.#head ??= missionHead(this);
    return this.#head;
  }

  /** The canonical text after `final_state`'s value, made on first use. */
  get tail(): string {
    this.#tail ??= missionTail(this);
    return this.#tail;
  }
}

/**
 * Shapes of runs without run metadata whose outcome the workflow alone decides
 * (success, or a built-in `fail` step), by number of executed steps.
 */
const sharedShapes = new WeakMap<Workflow, RunShape[]>();

function shapeOf(
  workflow: Workflow,
  executedCount: number,
  failedStepId: string | null,
  errorMessage: string | null,
  metadata: RunMetadata | undefined,
  shareable: boolean,
): RunShape {
  const make = (): RunShape =>
    new RunShape(
      workflow.id,
      executedCount === workflow.steps.length ? workflow.steps : freezeTrusted(workflow.steps.slice(0, executedCount)),
      failedStepId,
      errorMessage,
      metadata,
    );
  if (!shareable) return make();
  let shapes = sharedShapes.get(workflow);
  if (shapes === undefined) {
    shapes = [];
    sharedShapes.set(workflow, shapes);
  }
  return (shapes[executedCount] ??= make());
}

/**
 * The deeply read-only result of one workflow run. `toDict()` gives the
 * reference's serialisation; its canonical JSON is what hashes are made of.
 */
export class OrchestrationResult {
  /** The workflow id. */
  readonly id: string;
  /** False when a step failed. */
  readonly success: boolean;
  /** Deep-frozen snapshots of the steps that ran, the failing one included (ORCH-H2). */
  readonly executedSteps: readonly Step[];
  /** The state after the last executed step: a fresh deep-frozen object, never the caller's (DLR-H1). */
  readonly finalState: JsonObject;
  /** The id of the step that failed, or null. */
  readonly failedStepId: string | null;
  /** `Step '<id>' failed: <reason>`, or null. */
  readonly errorMessage: string | null;
  readonly lineage: Lineage;
  readonly receipt: Receipt;
  readonly #shape: RunShape;
  /** An object with the same canonical text as `finalState` (the state it copied, so one text serves every copy). */
  readonly #stateSource: JsonObject;
  #dict: OrchestrationResultDict | undefined;

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Results are made by the orchestrator. */
  constructor(shape: RunShape, finalState: JsonObject, stateSource: JsonObject) {
    this.#shape = shape;
    this.#stateSource = stateSource;
    this.id = shape.id;
    this.success = shape.success;
    this.executedSteps = shape.executedSteps;
    this.finalState = finalState;
    this.failedStepId = shape.failedStepId;
    this.errorMessage = shape.errorMessage;
    this.lineage = shape.lineageView;
    this.receipt = shape.receiptView;
    Object.freeze(this);
  }

  /**
   * @internal Rebuilds a result from its serialised form (deep-frozen JSON data
   * of a run made elsewhere, e.g. a shard's part), running nothing: it
   * serialises back to the very same text.
   */
  static fromDict(dict: OrchestrationResultDict): OrchestrationResult {
    const metadata: RunMetadata = {
      ...(dict.lineage.caller === undefined ? {} : { caller: dict.lineage.caller }),
      ...(dict.lineage.policy_version === undefined ? {} : { policy_version: dict.lineage.policy_version }),
      ...(dict.receipt.run_id === undefined ? {} : { run_id: dict.receipt.run_id }),
    };
    const shape = new RunShape(dict.id, dict.executed_steps, dict.failed_step_id, dict.error_message, metadata);
    return new OrchestrationResult(shape, dict.final_state, dict.final_state);
  }

  /** The reference's serialisation (snake_case, deep-frozen, plain JSON data), made on first use. */
  toDict(): OrchestrationResultDict {
    this.#dict ??= freezeTrusted({
      id: this.id,
      success: this.success,
      executed_steps: this.executedSteps,
      final_state: this.finalState,
      failed_step_id: this.failedStepId,
      error_message: this.errorMessage,
      lineage: this.#shape.lineage,
      receipt: this.#shape.receipt,
    });
    return this.#dict;
  }

  /** @internal What a scenario needs to write this result's canonical text (see result-text.ts). */
  textSource(): MissionTextSource {
    return { head: this.#shape.head, tail: this.#shape.tail, state: this.#stateSource };
  }

  /** @internal One top-level field of `toDict()` without building it (`undefined` for a key it does not have). */
  dictField(key: string): JsonValue | undefined {
    switch (key) {
      case 'id':
        return this.id;
      case 'success':
        return this.success;
      case 'executed_steps':
        return this.executedSteps as unknown as JsonValue;
      case 'final_state':
        return this.finalState;
      case 'failed_step_id':
        return this.failedStepId;
      case 'error_message':
        return this.errorMessage;
      case 'lineage':
        return this.#shape.lineage;
      case 'receipt':
        return this.#shape.receipt;
      default:
        return undefined;
    }
  }

  /** True for an OrchestrationResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isOrchestrationResult(value: unknown): value is OrchestrationResult {
    return isBranded(value, 'OrchestrationResult');
  }
}
brand(OrchestrationResult, 'OrchestrationResult');

function validateRunMetadata(value: unknown): RunMetadata | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value))
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'runWorkflow',
      segments: ['metadata'],
      problem: `expected a plain object { run_id?, caller?, policy_version? }, got ${describeValue(value)}`,
    });
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    if (!(RUN_METADATA_KEYS as readonly string[]).includes(key)) {
      const problem = `unknown key; allowed keys: ${RUN_METADATA_KEYS.join(', ')}`;
      throw new DefinitionError({ code: 'unknown_field', subject: 'runWorkflow', segments: ['metadata', key], problem });
    }
    const field = getOwn(value, key);
    if (field === undefined) continue;
    if (typeof field !== 'string') {
      throw new DefinitionError({
        code: 'wrong_type',
        subject: 'runWorkflow',
        segments: ['metadata', key],
        problem: `expected a string, got ${describeValue(field)}`,
      });
    }
    out[key] = field;
  }
  return Object.freeze(out);
}

/** Options of {@link Orchestrator}. */
export interface OrchestratorOptions {
  /** Custom operations runtime steps may name, besides `noop` and `fail`. */
  readonly operations?: readonly OperationDefinition[] | OperationSet;
}

/**
 * Runs workflows. Stateless apart from its closed operation set: one instance
 * can run any number of workflows, concurrently or not.
 *
 * @example
 * ```ts
 * const result = new Orchestrator().runWorkflow(
 *   { id: 'wf-a', steps: [{ id: 's1', kind: 'runtime', payload: { operation: 'noop' } }] },
 *   { initialState: { count: 1 } },
 * );
 * result.success; // true
 * ```
 */
export class Orchestrator {
  /** The closed set of operations this orchestrator runs. */
  readonly operations: OperationSet;

  constructor(options: OrchestratorOptions = {}) {
    const { operations } = readOptions('Orchestrator', options, ORCHESTRATOR_OPTIONS);
    if (operations !== undefined && !OperationSet.isOperationSet(operations) && !Array.isArray(operations)) {
      throw new DefinitionError({
        code: 'wrong_type',
        subject: 'Orchestrator',
        root: 'options',
        segments: ['operations'],
        problem: `expected an array of operations made by defineOperation, got ${describeValue(operations)}`,
      });
    }
    this.operations = OperationSet.isOperationSet(operations)
      ? operations
      : operations === undefined
        ? BUILTIN_OPERATION_SET
        : new OperationSet(operations as readonly OperationDefinition[]);
    Object.freeze(this);
  }

  /**
   * Validates everything, then runs the steps in order. A `fail` step (or a
   * custom operation that fails) stops the run with `success: false`; human
   * steps are recorded and change nothing.
   *
   * @throws EnvelopeViolation (a kind outside runtime/human), AntiFailureViolation
   *   (more than 5 steps or 2 human steps), DefinitionError (bad shape, payload
   *   or metadata), UnknownOperationError, OperationError (a custom operation misbehaved).
   */
  runWorkflow(workflow: WorkflowDefinition | Workflow, context: ExecutionContext = {}): OrchestrationResult {
    const valid = validateWorkflow(workflow, this.operations, 'runWorkflow');
    if (!isPlainObject(context))
      throw new DefinitionError({
        code: 'wrong_type',
        subject: 'runWorkflow',
        segments: ['context'],
        problem: `expected { initialState?, metadata? }, got ${describeValue(context)}`,
      });
    const fields = readFields(context, CONTEXT_FIELDS, (key, problem) => {
      return new DefinitionError({ code: 'unknown_field', subject: 'runWorkflow', segments: ['context', key], problem });
    });
    const initial = fields.initialState;
    const metadata = validateRunMetadata(fields.metadata);
    const state = initial === undefined ? freezeTrusted({}) : toFrozenJsonObject(initial, { at: ['initialState'], subject: 'runWorkflow' });
    return executeValid(this.operations, valid, state, metadata);
  }

  /** True for an orchestrator from any copy of this version of the package. */
  static isOrchestrator(value: unknown): value is Orchestrator {
    return isBranded(value, 'Orchestrator');
  }
}
brand(Orchestrator, 'Orchestrator');

/**
 * Internal (not exported by the package): runs a workflow that was validated
 * against `operations`, from a state the runtime froze itself, with validated
 * metadata. The scenario harness runs its planned missions through this,
 * without checking each run's context again.
 */
export function executeValid(operations: OperationSet, valid: Workflow, startState: JsonObject, metadata: RunMetadata | undefined): OrchestrationResult {
  let state = startState;
  let executedCount = 0;
  let failedStepId: string | null = null;
  let errorMessage: string | null = null;
  let builtinOutcome = true;
  for (const step of valid.steps) {
    executedCount += 1;
    if (step.kind !== 'runtime') continue;
    const operation = operationOf(step) as string;
    if (operation === 'noop') continue;
    let reason: string | undefined;
    if (operation === 'fail') {
      const given = getOwn(step.payload, 'reason');
      reason = typeof given === 'string' ? given : 'unspecified';
    } else {
      const next = applyOperation(operations, operation, step, valid.id, state);
      if (isOperationFailure(next)) {
        reason = next.reason;
        builtinOutcome = false; // the reason came from user code: this outcome is not the workflow's alone
      } else state = next;
    }
    if (reason !== undefined) {
      failedStepId = step.id;
      errorMessage = `Step '${step.id}' failed: ${reason}`;
      break;
    }
  }
  const shape = shapeOf(valid, executedCount, failedStepId, errorMessage, metadata, builtinOutcome && metadata === undefined);
  // A fresh top-level object: the result never aliases the caller's state or
  // another run's; the frozen subtrees it shares can never change.
  const finalState = state === startState ? freshTopLevel(state) : freezeTrusted(state);
  return new OrchestrationResult(shape, finalState, state);
}

function applyOperation(
  operations: OperationSet,
  operation: string,
  step: Step,
  workflowId: string,
  state: JsonObject,
): JsonObject | ReturnType<typeof operationFailure> {
  const definition = operations.custom(operation);
  /* c8 ignore next -- validation guarantees the operation is known */
  if (definition === undefined) throw new Tier2Error(`internal: operation '${operation}' vanished after validation`);
  const context = Object.freeze({ stepId: step.id, workflowId, fail: operationFailure });
  let returned: unknown;
  try {
    returned = definition.apply(state, step.payload, context);
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw error;
    // Described without running user code: a thrown Proxy or a `message` getter must not escape raw.
    const thrown = describeThrown(error);
    const mutation = isFrozenWrite(thrown);
    const what = mutation
      ? `tried to mutate its input (state and payload are deep-frozen; return a new object instead): ${thrown.message}`
      : `threw: ${thrown.message}`;
    throw new OperationError(`operation '${operation}' in step '${step.id}' of workflow '${workflowId}' ${what}`, operation, step.id, {
      cause: error,
      code: mutation ? 'mutated_input' : 'threw',
    });
  }
  if (isThenableSafe(returned)) {
    // An async operation: its result would come too late, and its rejection must not end the process.
    markPromiseHandled(returned);
    throw new OperationError(
      `operation '${operation}' in step '${step.id}' of workflow '${workflowId}' returned a promise (or a thenable): operations are synchronous and pure, so an async function cannot be one; compute the next state and return it directly (or context.fail(reason))`,
      operation,
      step.id,
      { code: 'returned_promise' },
    );
  }
  if (isOperationFailure(returned)) {
    if (typeof returned.reason !== 'string') {
      throw new OperationError(
        `operation '${operation}' in step '${step.id}': fail(reason) needs a string reason, got ${describeValue(returned.reason)}`,
        operation,
        step.id,
        { code: 'invalid_failure' },
      );
    }
    return returned;
  }
  if (!isPlainObject(returned)) {
    throw new OperationError(
      `operation '${operation}' in step '${step.id}' of workflow '${workflowId}' returned ${describeValue(returned)}; it must return the next state as a plain JSON object (or context.fail(reason))`,
      operation,
      step.id,
      { code: 'not_an_object' },
    );
  }
  try {
    return toFrozenJsonObject(returned, { at: ['state'], subject: `operation '${operation}' in step '${step.id}' returned a state that is not JSON data` });
  } catch (error) {
    throw new OperationError((error as Error).message, operation, step.id, { cause: error, code: 'not_json' });
  }
}
