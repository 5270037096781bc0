/**
 * Workflows and steps: their types, and the validation every entry point runs
 * before any step executes (kinds, Anti-Failure limits, payloads, operations).
 */
import { AntiFailureViolation, DefinitionError, EnvelopeViolation, UnknownOperationError } from './errors.js';
import { readFields, readOptions, type Fields } from './fields.js';
import {
  describeValue,
  freezeTrusted,
  getOwn,
  hasOwn,
  isPlainObject,
  isTrusted,
  safeString,
  toFrozenJsonObject,
  type JsonObject,
  type JsonObjectInput,
} from './json.js';
import { BUILTIN_OPERATION_SET, OperationSet } from './operations.js';

/** The execution envelope: the only step kinds a Tier-2 workflow may use. */
export const STEP_KINDS = Object.freeze(['runtime', 'human'] as const);
/** Anti-Failure limit: steps per workflow. */
export const MAX_TOTAL_STEPS = 5;
/** Anti-Failure limit: human steps per workflow. */
export const MAX_HUMAN_STEPS = 2;

/** A step kind. */
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * A step as written by a user. `payload` must be a plain object of JSON data
 * (ORCH-H4); on a runtime step, `payload.operation` names the operation
 * (default `"noop"`), and `payload.reason` is the reason of a `"fail"`.
 */
export interface StepDefinition {
  readonly id: string;
  readonly kind: StepKind;
  readonly payload?: JsonObjectInput;
}

/** A workflow as written by a user: `id`, `name` or both (equal, HB-T2-REG-01). */
export type WorkflowDefinition = {
  readonly steps: readonly StepDefinition[];
  readonly metadata?: JsonObjectInput;
} & ({ readonly id: string; readonly name?: string } | { readonly id?: string; readonly name: string });

/** A validated step: a deep-frozen snapshot (ORCH-H2). */
export interface Step {
  readonly id: string;
  readonly kind: StepKind;
  readonly payload: JsonObject;
}

/** A validated, deep-frozen workflow. */
export interface Workflow {
  readonly id: string;
  readonly name: string;
  readonly steps: readonly Step[];
  readonly metadata: JsonObject;
}

/** Workflows this module validated itself: their shape, kinds, limits and payloads need no second look. */
const validated = new WeakSet<Workflow>();

/** The fields a workflow definition may have. */
export const WORKFLOW_FIELDS = Object.freeze(['id', 'name', 'steps', 'metadata'] as const);
/** The fields a step definition may have. */
export const STEP_FIELDS = Object.freeze(['id', 'kind', 'payload'] as const);

/** A step as read: each field read once, own properties only. */
type StepFields = Fields<(typeof STEP_FIELDS)[number]>;

function stepLabel(step: StepFields, index: number): string {
  return typeof step.id === 'string' ? `step '${step.id}' (steps[${index}])` : `steps[${index}]`;
}

/**
 * Checks the shape, then the kinds (EnvelopeViolation), then the Anti-Failure
 * limits (AntiFailureViolation), then the payloads (ORCH-H4), then the operations
 * (ORCH-H1), in that order, and returns a deep-frozen workflow. Every field of
 * the definition is read exactly once, into a snapshot that is then validated
 * and used: a getter cannot answer one thing to the checks and another to the run.
 */
export function validateWorkflow(input: unknown, operations: OperationSet = BUILTIN_OPERATION_SET, subject = 'workflow'): Workflow {
  if (isTrusted(input) && validated.has(input as Workflow)) {
    checkOperations(input as Workflow, operations, subject);
    return input as Workflow;
  }
  if (!isPlainObject(input))
    throw new DefinitionError({ code: 'wrong_type', subject, problem: `expected a plain object { id, steps }, got ${describeValue(input)}` });
  const fields = readFields(input, WORKFLOW_FIELDS, (key, problem) => new DefinitionError({ code: 'unknown_field', subject, segments: [key], problem }));
  const { id, name } = fields;
  if (id !== undefined && typeof id !== 'string')
    throw new DefinitionError({ code: 'wrong_type', subject, segments: ['id'], problem: `expected a string, got ${describeValue(id)}` });
  if (name !== undefined && typeof name !== 'string')
    throw new DefinitionError({ code: 'wrong_type', subject, segments: ['name'], problem: `expected a string, got ${describeValue(name)}` });
  if (id === undefined && name === undefined)
    throw new DefinitionError({
      code: 'missing_field',
      subject,
      segments: ['id'],
      placeInProblem: true,
      problem: 'needs an id (or a name, which then serves as the id)',
    });
  if (id !== undefined && name !== undefined && id !== name) {
    throw new DefinitionError({
      code: 'conflict',
      subject,
      segments: ['name'],
      placeInProblem: true,
      problem: `id '${id}' and name '${name}' differ (HB-T2-REG-01); give one of them, or the same value in both`,
    });
  }
  const workflowId = (id ?? name) as string;
  const label = `${subject} '${workflowId}'`;
  const steps = fields.steps;
  if (!Array.isArray(steps))
    throw new DefinitionError({ code: 'wrong_type', subject: label, segments: ['steps'], problem: `expected an array of steps, got ${describeValue(steps)}` });
  const seen = new Set<string>();
  // Array.from reads each index once and turns holes into undefined, so a sparse list is reported at the hole.
  const snapshots: StepFields[] = Array.from(steps as unknown[], (step: unknown, index) => {
    if (!isPlainObject(step)) {
      const problem = `expected a plain object { id, kind, payload? }, got ${describeValue(step)}`;
      throw new DefinitionError({ code: 'wrong_type', subject: label, segments: ['steps', index], problem });
    }
    const snapshot = readFields(step, STEP_FIELDS, (key, problem) => {
      return new DefinitionError({ code: 'unknown_field', subject: label, segments: ['steps', index, key], problem });
    });
    const stepId = snapshot.id;
    if (typeof stepId !== 'string')
      throw new DefinitionError({
        code: 'wrong_type',
        subject: label,
        segments: ['steps', index, 'id'],
        problem: `expected a string, got ${describeValue(stepId)}`,
      });
    if (seen.has(stepId))
      throw new DefinitionError({
        code: 'duplicate',
        subject: label,
        segments: ['steps', index, 'id'],
        problem: `step id '${stepId}' is used twice; step ids must be unique in a workflow`,
      });
    seen.add(stepId);
    return snapshot;
  });

  const kinds = snapshots.map((step, index): StepKind => {
    const kind = step.kind;
    if (kind !== 'runtime' && kind !== 'human') {
      const shown = typeof kind === 'string' ? `'${kind}'` : describeValue(kind);
      throw new EnvelopeViolation(`${label}: ${stepLabel(step, index)} has kind ${shown}; allowed kinds: 'runtime', 'human'`);
    }
    return kind;
  });
  checkLimits(kinds, (message) => new AntiFailureViolation(`${label}: ${message}`));

  const frozenSteps = snapshots.map((step, index) => {
    const kind = kinds[index] as StepKind;
    const payload = 'payload' in step ? step.payload : {};
    const frozenPayload = toFrozenJsonObject(payload, {
      at: ['steps', index, 'payload'],
      subject: `${label}: ${stepLabel(step, index)}: payload must be a plain object of JSON data (ORCH-H4)`,
    });
    const reason = getOwn(frozenPayload, 'reason');
    if (kind === 'runtime' && getOwn(frozenPayload, 'operation') === 'fail' && hasOwn(frozenPayload, 'reason') && typeof reason !== 'string') {
      throw new DefinitionError({
        code: 'wrong_type',
        subject: `${label}: ${stepLabel(step, index)}`,
        segments: ['steps', index, 'payload', 'reason'],
        placeInProblem: true,
        problem: `payload.reason of a 'fail' step must be a string, got ${describeValue(reason)}`,
      });
    }
    return freezeTrusted({ id: step.id as string, kind, payload: frozenPayload });
  });
  const metadata = 'metadata' in fields ? toFrozenJsonObject(fields.metadata, { at: ['metadata'], subject: label }) : freezeTrusted({});
  const workflow: Workflow = freezeTrusted({ id: workflowId, name: workflowId, steps: freezeTrusted(frozenSteps), metadata });
  checkOperations(workflow, operations, subject);
  validated.add(workflow);
  return workflow;
}

/** Which Anti-Failure limit a list of kinds breaks. */
export type LimitRule = 'max_steps' | 'max_human_steps';

/** Applies the Anti-Failure limits to a list of kinds; `fail` builds the error to throw from the message and the rule broken. */
export function checkLimits(kinds: readonly StepKind[], fail: (message: string, rule: LimitRule) => Error): void {
  if (kinds.length > MAX_TOTAL_STEPS) throw fail(`has ${kinds.length} steps; the Anti-Failure limit is ${MAX_TOTAL_STEPS} steps per workflow`, 'max_steps');
  const human = kinds.filter((kind) => kind === 'human').length;
  if (human > MAX_HUMAN_STEPS) throw fail(`has ${human} human steps; the Anti-Failure limit is ${MAX_HUMAN_STEPS} human steps per workflow`, 'max_human_steps');
}

/** The operation a runtime step asks for (`noop` when its payload names none). */
export function operationOf(step: Step): unknown {
  return hasOwn(step.payload, 'operation') ? step.payload.operation : 'noop';
}

function checkOperations(workflow: Workflow, operations: OperationSet, subject: string): void {
  workflow.steps.forEach((step, index) => {
    if (step.kind !== 'runtime') return;
    const operation = operationOf(step);
    if (typeof operation === 'string' && operations.has(operation)) return;
    const shown = typeof operation === 'string' ? `'${operation}'` : describeValue(operation);
    throw new UnknownOperationError(
      `${subject} '${workflow.id}': step '${step.id}' (steps[${index}]) asks for operation ${shown}, which is not known; known operations: ${operations.names.map((name) => `'${name}'`).join(', ')}`,
      typeof operation === 'string' ? operation : safeString(operation),
      operations.names,
    );
  });
}

/**
 * Validates a workflow and returns it deep-frozen, so it can be shared and run
 * many times without being validated or copied again.
 *
 * @param definition - `{ id, steps, metadata? }` (or `name` instead of / equal to `id`).
 * @param options - `operations`: the custom operations its steps may use (default: built-ins only).
 * @throws DefinitionError, EnvelopeViolation, AntiFailureViolation, UnknownOperationError
 * @example
 * ```ts
 * const wf = defineWorkflow({
 *   id: 'wf-release',
 *   steps: [
 *     { id: 'approve', kind: 'human' },
 *     { id: 'ship', kind: 'runtime', payload: { operation: 'noop' } },
 *   ],
 * });
 * ```
 */
export function defineWorkflow(definition: WorkflowDefinition, options?: { readonly operations?: OperationSet }): Workflow {
  const { operations } = readOptions('defineWorkflow', options, ['operations']);
  if (operations !== undefined && !(operations instanceof OperationSet)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'defineWorkflow',
      root: 'options',
      segments: ['operations'],
      problem: `expected an operation set (e.g. registry.operations or new Orchestrator({ operations }).operations), got ${describeValue(operations)}`,
    });
  }
  return validateWorkflow(definition, operations ?? BUILTIN_OPERATION_SET, 'defineWorkflow');
}
