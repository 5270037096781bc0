/**
 * The orchestrator (`engine` in the backlog): validates a workflow completely,
 * then executes its steps in order against a deep-frozen state.
 */
import { brand, isBranded } from '../data/brand.js';
import { DefinitionError, OperationError, Tier2Error } from '../data/errors.js';
import { readFields, readOptions } from '../data/fields.js';
import { describeThrown, isThenableSafe, markPromiseHandled } from '../data/describe-thrown.js';
import { isFrozenWrite } from './frozen-write.js';
import { describeValue, freezeTrusted, freshTopLevel, getOwn, isPlainObject, toFrozenJsonObject, type JsonObject, type JsonObjectInput } from '../data/json.js';
import { BUILTIN_OPERATION_SET, OperationSet, isOperationFailure, operationFailure, type OperationDefinition } from './operations.js';
import { OrchestrationResult, shapeOf, type RunMetadata } from './orchestration-result.js';
import { operationOf, validateWorkflow, type Step, type WorkflowDefinition, type Workflow } from './workflow.js';

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
 * Calls a custom operation once. What it throws (other than a Tier2Error) becomes an OperationError naming the
 * operation, the step and the workflow; a write to its frozen input is told apart (`mutated_input`).
 */
function callOperation(definition: OperationDefinition, operation: string, step: Step, workflowId: string, state: JsonObject): unknown {
  const context = Object.freeze({ stepId: step.id, workflowId, fail: operationFailure });
  try {
    return definition.apply(state, step.payload, context);
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
}

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
  const returned = callOperation(definition, operation, step, workflowId, state);
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
