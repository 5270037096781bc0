/**
 * Workflows and steps: their types, and the validation every entry point runs
 * before any step executes (kinds, Anti-Failure limits, payloads, operations).
 */
import { antiFailureBreaches, MAX_HUMAN_STEPS, MAX_TOTAL_STEPS, STEP_KINDS, type StepCountBreach, type StepKind } from './anti-failure.js';
import { AntiFailureViolation, DefinitionError, EnvelopeViolation, UnknownOperationError } from '../data/errors.js';
import { readFields, readOptions, refuseOtherVersion, type Fields } from '../data/fields.js';
import { validitySet } from '../data/brand.js';
import {
  describeValue,
  freezeTrusted,
  getOwn,
  hasOwn,
  isPlainObject,
  safeString,
  toFrozenJsonObject,
  type JsonObject,
  type JsonObjectInput,
} from '../data/json.js';
import { BUILTIN_OPERATION_SET, OperationSet } from './operations.js';

// The rule set lives in anti-failure.ts; the public constants are exported from here, as they always were.
export { MAX_HUMAN_STEPS, MAX_TOTAL_STEPS, STEP_KINDS, type StepKind };

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

/** Workflows validated by any copy of this version of the package (src/data/brand.ts): their shape, kinds, limits and payloads need no second look. */
const validated = validitySet('workflow');

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
  if (validated.has(input as Workflow)) {
    checkOperations(input as Workflow, operations, subject);
    return input as Workflow;
  }
  refuseOtherVersion('workflow', input, subject, 'a workflow');
  if (!isPlainObject(input))
    throw new DefinitionError({ code: 'wrong_type', subject, problem: `expected a plain object { id, steps }, got ${describeValue(input)}` });
  const fields = readFields(input, WORKFLOW_FIELDS, (key, problem) => new DefinitionError({ code: 'unknown_field', subject, segments: [key], problem }));
  const workflowId = workflowIdOf(fields, subject);
  const label = `${subject} '${workflowId}'`;
  const snapshots = readSteps(fields.steps, label, true);
  const kinds = checkAntiFailureRules(snapshots, label);
  const metadata = (): JsonObject => ('metadata' in fields ? toFrozenJsonObject(fields.metadata, { at: ['metadata'], subject: label }) : freezeTrusted({}));
  return buildWorkflow(workflowId, snapshots, kinds, metadata, operations, subject, label);
}

/**
 * Internal (not exported by the package): the workflow a mission template
 * planned, from the snapshots planning read once (each step's fields already
 * read with {@link STEP_FIELDS}) and whose kinds and limits planning already
 * checked against the same rules; the rest is checked as in
 * {@link validateWorkflow}, with the same errors.
 */
export function validatePlannedWorkflow(
  workflowId: string,
  steps: readonly unknown[],
  kinds: readonly StepKind[],
  metadata: JsonObject,
  operations: OperationSet,
  subject: string,
): Workflow {
  const label = `${subject} '${workflowId}'`;
  return buildWorkflow(workflowId, readSteps(steps, label, false), kinds, () => metadata, operations, subject, label);
}

/** The frozen, checked workflow from its read and checked parts: payloads (ORCH-H4), metadata, then operations (ORCH-H1). */
function buildWorkflow(
  workflowId: string,
  snapshots: readonly StepFields[],
  kinds: readonly StepKind[],
  metadataOf: () => JsonObject,
  operations: OperationSet,
  subject: string,
  label: string,
): Workflow {
  const frozenSteps = snapshots.map((step, index) => freezeStep(step, kinds[index] as StepKind, index, label));
  const workflow: Workflow = freezeTrusted({ id: workflowId, name: workflowId, steps: freezeTrusted(frozenSteps), metadata: metadataOf() });
  checkOperations(workflow, operations, subject);
  validated.add(workflow);
  return workflow;
}

/** The workflow's id: `id`, `name`, or both when they are equal (HB-T2-REG-01). */
function workflowIdOf(fields: Fields<(typeof WORKFLOW_FIELDS)[number]>, subject: string): string {
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
      problem: `id '${id}' and name '${name}' differ; give one of them, or the same value in both`,
    });
  }
  return (id ?? name) as string;
}

/**
 * Checks that each step is an object with a unique string id; `read`: reads
 * it once into a snapshot first (otherwise the steps are snapshots already).
 */
function readSteps(steps: unknown, label: string, read: boolean): StepFields[] {
  if (!Array.isArray(steps))
    throw new DefinitionError({ code: 'wrong_type', subject: label, segments: ['steps'], problem: `expected an array of steps, got ${describeValue(steps)}` });
  const seen = new Set<string>();
  // Array.from reads each index once and turns holes into undefined, so a sparse list is reported at the hole.
  return Array.from(steps as unknown[], (step: unknown, index) => {
    if (!isPlainObject(step)) {
      const problem = `expected a plain object { id, kind, payload? }, got ${describeValue(step)}`;
      throw new DefinitionError({ code: 'wrong_type', subject: label, segments: ['steps', index], problem });
    }
    const snapshot: StepFields = read
      ? readFields(step, STEP_FIELDS, (key, problem) => {
          return new DefinitionError({ code: 'unknown_field', subject: label, segments: ['steps', index, key], problem });
        })
      : step;
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
}

/**
 * The Anti-Failure rules on the steps' kinds: the first step of a kind outside
 * the envelope is an EnvelopeViolation; then too many steps, then too many
 * human steps, an AntiFailureViolation. Returns the (now known valid) kinds.
 */
function checkAntiFailureRules(snapshots: readonly StepFields[], label: string): StepKind[] {
  const kinds = snapshots.map((step) => step.kind);
  const [breach] = antiFailureBreaches(kinds);
  if (breach === undefined) return kinds as StepKind[];
  if (breach.rule === 'step_kind') {
    const index = breach.steps[0] as number;
    throw new EnvelopeViolation(`${label}: ${stepLabel(snapshots[index] as StepFields, index)} has kind ${shownKind(kinds[index])}; ${ALLOWED_KINDS}`);
  }
  throw new AntiFailureViolation(`${label}: ${limitText(breach)}`);
}

/** A step's payload frozen as JSON (ORCH-H4), with the reason of a `fail` step checked, and the step itself frozen. */
function freezeStep(step: StepFields, kind: StepKind, index: number, label: string): Step {
  const payload = 'payload' in step ? step.payload : {};
  const frozenPayload = toFrozenJsonObject(payload, {
    at: ['steps', index, 'payload'],
    subject: `${label}: ${stepLabel(step, index)}: payload must be a plain object of JSON data`,
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
}

/** The allowed kinds, as validation messages list them. */
export const ALLOWED_KINDS = `allowed kinds: ${STEP_KINDS.map((kind) => `'${kind}'`).join(', ')}`;

/** A kind as validation and planning messages show it: quoted when it is a string. */
export function shownKind(kind: unknown): string {
  return typeof kind === 'string' ? `'${kind}'` : describeValue(kind);
}

/** How a breached step limit reads in validation and planning messages. */
export function limitText(breach: StepCountBreach): string {
  return breach.rule === 'max_steps'
    ? `has ${breach.actual} steps; the Anti-Failure limit is ${breach.limit} steps per workflow`
    : `has ${breach.actual} human steps; the Anti-Failure limit is ${breach.limit} human steps per workflow`;
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
  if (operations !== undefined && !OperationSet.isOperationSet(operations)) {
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
