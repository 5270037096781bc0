/**
 * Valid workflows, and invalid ones labelled with the error class the
 * orchestrator must raise. Validation runs in a fixed order (shape → kinds →
 * limits → payloads → operations), so an invalid workflow may carry extra
 * defects of *later* stages only: the label is what the first failing stage raises.
 */
import { readOptions } from '../../data/fields.js';
import * as fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../data/json.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import type { WorkflowDefinition } from '../../runtime/workflow.js';
import {
  MAX_HUMAN_STEPS,
  MAX_TOTAL_STEPS,
  STEP_KINDS,
  antiFailureBreaches,
  isStepKind,
  type StepCountBreach,
  type StepKind,
} from '../../runtime/anti-failure.js';
import { describeValue } from '../../data/common.js';
import { JSON_NESTED, jsonObjectArbitrary, objectFromEntries, omitKeys, resolveJson, text, type JsonConstraints, type ResolvedJson } from './json.js';
import { integerOption, optionError, optionNames, registryOption } from './options.js';

/** Options of `workflowDefinition` and `invalidWorkflow`. */
export interface WorkflowConstraints {
  /** Where custom operation names come from (default: the built-in registry: `noop` and `fail` only). */
  readonly registry?: MissionRegistry;
  /** Most steps of a valid workflow (default and at most 5, the Anti-Failure limit `MAX_TOTAL_STEPS`). */
  readonly maxSteps?: number;
  /** Bounds of the JSON in payloads and metadata. */
  readonly json?: JsonConstraints;
}

/**
 * The error classes an invalid workflow is labelled with.
 *
 * @example
 * ```ts
 * invalidWorkflow({ errors: INVALID_WORKFLOW_ERRORS.filter((name) => name !== 'DefinitionError') });
 * ```
 */
export const INVALID_WORKFLOW_ERRORS = Object.freeze(['DefinitionError', 'EnvelopeViolation', 'AntiFailureViolation', 'UnknownOperationError'] as const);

/** The error class an invalid workflow must raise. */
export type InvalidWorkflowError = (typeof INVALID_WORKFLOW_ERRORS)[number];

export interface ResolvedWorkflows {
  readonly operations: readonly string[];
  readonly maxSteps: number;
  readonly json: ResolvedJson;
  readonly errors: readonly InvalidWorkflowError[];
}

/** The fields of {@link WorkflowConstraints}. */
export const WORKFLOW_OPTIONS = optionNames<WorkflowConstraints>()(['registry', 'maxSteps', 'json']);

/** The options `resolveWorkflows` reads: those of `workflowDefinition`, and `errors` of `invalidWorkflow`. */
type WorkflowOptions = WorkflowConstraints & { readonly errors?: readonly InvalidWorkflowError[] };

/**
 * Reads, checks and defaults the options of `workflowDefinition` or
 * `invalidWorkflow`, each with its own allowed fields (a field left out gets its default).
 */
export function resolveWorkflows<T extends Partial<WorkflowOptions>>(
  api: string,
  constraints: T | undefined,
  allowed: readonly (keyof T & string)[],
): ResolvedWorkflows {
  const given: Partial<WorkflowOptions> = readOptions(api, constraints, allowed, { nested: JSON_NESTED }) as Partial<T>;
  const registry = registryOption(api, given.registry);
  let errors: readonly InvalidWorkflowError[] = INVALID_WORKFLOW_ERRORS;
  if (given.errors !== undefined) {
    const known = INVALID_WORKFLOW_ERRORS as readonly string[];
    if (!Array.isArray(given.errors) || given.errors.length === 0 || !given.errors.every((name: unknown) => typeof name === 'string' && known.includes(name))) {
      const problem = `options.errors must be a non-empty array of ${known.map((name) => `'${name}'`).join(', ')}, got ${describeValue(given.errors, { literal: true })}`;
      throw optionError(api, 'errors', Array.isArray(given.errors) ? 'invalid_value' : 'wrong_type', problem);
    }
    errors = Object.freeze([...(given.errors as readonly InvalidWorkflowError[])]);
  }
  return Object.freeze({
    operations: registry.operations.names,
    maxSteps: integerOption(api, 'maxSteps', given.maxSteps, MAX_TOTAL_STEPS, 0, MAX_TOTAL_STEPS),
    json: resolveJson(api, given.json, 'json'),
    errors,
  });
}

// The two kinds by name; `satisfies` ties each to the rule set's StepKind, so a renamed kind does not compile.
const RUNTIME = 'runtime' satisfies StepKind;
const HUMAN = 'human' satisfies StepKind;
type RawStep = Record<string, unknown>;
type RawWorkflow = Record<string, unknown> & { steps: unknown };

function smallJson(json: ResolvedJson): ResolvedJson {
  return { ...json, maxDepth: Math.min(json.maxDepth, 2), maxKeys: Math.min(json.maxKeys, 3) };
}

function runtimePayload(config: ResolvedWorkflows): fc.Arbitrary<JsonObject | undefined> {
  const extras = jsonObjectArbitrary(smallJson(config.json)).map((extra) => omitKeys(extra, ['operation', 'reason']));
  const operation = fc.option(fc.constantFrom(...config.operations), { nil: undefined, freq: 4 });
  const reason = fc.option(text(12), { nil: undefined });
  return fc.option(
    fc.tuple(operation, reason, extras).map(([op, why, extra]): JsonObject => {
      const payload: Record<string, JsonValue> = { ...extra };
      if (op !== undefined) payload.operation = op;
      if (why !== undefined) payload.reason = why;
      return payload;
    }),
    { nil: undefined, freq: 6 },
  );
}

function humanPayload(config: ResolvedWorkflows): fc.Arbitrary<JsonObject | undefined> {
  return fc.option(jsonObjectArbitrary(smallJson(config.json)), { nil: undefined, freq: 3 });
}

/** Kinds with at most MAX_HUMAN_STEPS human steps (later human steps become runtime ones, so shrinking stays simple). */
function kindsArbitrary(maxSteps: number): fc.Arbitrary<StepKind[]> {
  return fc.array(fc.constantFrom<StepKind>(...STEP_KINDS), { maxLength: maxSteps }).map((kinds) => {
    let human = 0;
    return kinds.map((kind) => (kind === HUMAN && ++human > MAX_HUMAN_STEPS ? RUNTIME : kind));
  });
}

/** A valid workflow, as a fresh mutable object. */
export function validWorkflowArbitrary(config: ResolvedWorkflows): fc.Arbitrary<RawWorkflow & WorkflowDefinition> {
  return kindsArbitrary(config.maxSteps).chain((kinds) =>
    fc
      .record({
        ids: fc.uniqueArray(text(8), { minLength: kinds.length, maxLength: kinds.length }),
        payloads: fc.tuple(...kinds.map((kind) => (kind === RUNTIME ? runtimePayload(config) : humanPayload(config)))),
        id: text(10),
        form: fc.constantFrom('id', 'name', 'both'),
        metadata: fc.option(jsonObjectArbitrary(smallJson(config.json)), { nil: undefined, freq: 3 }),
      })
      .map(({ ids, payloads, id, form, metadata }) => {
        const steps = kinds.map((kind, index): RawStep => {
          const step: RawStep = { id: ids[index], kind };
          const payload = payloads[index];
          if (payload !== undefined) step.payload = payload;
          return step;
        });
        const workflow: Record<string, unknown> = form === 'name' ? { name: id, steps } : form === 'both' ? { id, name: id, steps } : { id, steps };
        if (metadata !== undefined) workflow.metadata = metadata;
        return workflow as RawWorkflow & WorkflowDefinition;
      }),
  );
}

// ---------------------------------------------------------------------------
// Invalid workflows

/** An invalid workflow and what it must raise. */
export interface InvalidWorkflowCase {
  /** The workflow: plain data, possibly holding non-JSON values (NaN, undefined, functions). */
  readonly workflow: unknown;
  /** The error class the orchestrator must raise (`UnknownOperationError` rather than its parent `EnvelopeViolation`). */
  readonly error: InvalidWorkflowError;
  /** What is wrong, in words (e.g. `step kind 'automated'`, `6 steps`). */
  readonly defect: string;
}

function copySteps(workflow: RawWorkflow): RawStep[] {
  return (workflow.steps as RawStep[]).map((step) => ({ ...step }));
}

/** A step id not used in `steps`. */
function freshId(steps: readonly RawStep[], base: string): string {
  const used = new Set(steps.map((step) => step.id));
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function ensureSteps(steps: RawStep[], count: number, kind: StepKind = RUNTIME): void {
  while (steps.length < count) steps.push({ id: freshId(steps, `extra-${steps.length}`), kind });
}

const badKind: fc.Arbitrary<unknown> = fc.oneof(
  text(8).filter((kind) => !isStepKind(kind)),
  fc.constantFrom<unknown>('Runtime', 'HUMAN', 'automated', '', null, 0, true, ['runtime']),
);

const nonJsonValue: fc.Arbitrary<[string, unknown]> = fc.constantFrom<[string, unknown]>(
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['undefined', undefined],
  ['a function', () => 0],
  ['a Date', new Date(0)],
  ['a BigInt', BigInt(1)],
  ['a Map', new Map()],
);

type Noise = 'none' | 'limits' | 'payload' | 'operation';

/** Defects of later validation stages, which must not change the label; the step at `skip` keeps its own defect. */
function addNoise(steps: RawStep[], noise: Noise, operations: readonly string[], skip = -1): void {
  if (noise === 'limits') ensureSteps(steps, MAX_TOTAL_STEPS + 2);
  if (noise === 'payload') {
    const target = steps.findLast((_, index) => index !== skip);
    if (target) target.payload = ['not', 'an', 'object'];
  }
  if (noise === 'operation') {
    const target = steps.find((step, index) => index !== skip && step.kind === RUNTIME);
    if (target) target.payload = { operation: unknownOperationName(operations) };
  }
}

function unknownOperationName(operations: readonly string[]): string {
  let name = 'no-such-operation';
  while (operations.includes(name)) name += '!';
  return name;
}

function envelopeCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  return fc
    .tuple(validWorkflowArbitrary(config), fc.nat(), badKind, fc.boolean(), fc.constantFrom<Noise>('none', 'limits', 'payload', 'operation'))
    .map(([base, pick, kind, omit, noise]) => {
      const steps = copySteps(base);
      ensureSteps(steps, 1);
      const index = pick % steps.length;
      const target = steps[index] as RawStep;
      if (omit) delete target.kind;
      else target.kind = kind;
      addNoise(steps, noise, config.operations, index);
      return {
        workflow: { ...base, steps },
        error: 'EnvelopeViolation' as const,
        defect: omit ? `steps[${index}] has no kind` : `steps[${index}] has kind ${describeValue(kind, { literal: true })}`,
      };
    });
}

function limitsCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  return fc
    .tuple(
      validWorkflowArbitrary(config),
      fc.constantFrom('steps', 'human'),
      fc.integer({ min: MAX_TOTAL_STEPS + 1, max: MAX_TOTAL_STEPS + 3 }),
      fc.integer({ min: MAX_HUMAN_STEPS + 1, max: MAX_HUMAN_STEPS + 3 }),
      fc.constantFrom<Noise>('none', 'payload', 'operation'),
    )
    .map(([base, mode, total, human, noise]) => {
      const steps = copySteps(base);
      if (mode === 'steps') {
        ensureSteps(steps, total);
      } else {
        let humans = steps.filter((step) => step.kind === HUMAN).length;
        // Turn runtime steps into human ones, then add human steps, until there are enough.
        for (const step of steps) {
          if (humans < human && step.kind === RUNTIME) {
            step.kind = HUMAN;
            humans += 1;
          }
        }
        for (; humans < human; humans++) steps.push({ id: freshId(steps, `extra-human-${humans}`), kind: HUMAN });
      }
      addNoise(steps, noise, config.operations);
      // The label names the rule the orchestrator raises first: too many steps, else too many human steps.
      const breach = antiFailureBreaches(steps.map((step) => step.kind)).find((found): found is StepCountBreach => found.rule !== 'step_kind');
      const defect = breach?.rule === 'max_steps' ? `${breach.actual} steps` : `${breach?.actual ?? 0} human steps`;
      return { workflow: { ...base, steps }, error: 'AntiFailureViolation' as const, defect };
    });
}

type ShapeDefect = 'id_name_differ' | 'no_id' | 'id_not_string' | 'steps_not_array' | 'duplicate_step_id' | 'step_not_object' | 'step_id_not_string';
type PayloadDefect = 'payload_not_object' | 'payload_not_json' | 'fail_reason';

/** Breaks the workflow's shape in place, as `defect` says; `odd` is a value of the wrong type to use. */
function applyShapeDefect(workflow: Record<string, unknown>, steps: RawStep[], defect: ShapeDefect, odd: unknown): void {
  const id = (workflow.id ?? workflow.name) as string;
  switch (defect) {
    case 'id_name_differ':
      workflow.id = id;
      workflow.name = `${id}-other`;
      break;
    case 'no_id':
      delete workflow.id;
      delete workflow.name;
      break;
    case 'id_not_string':
      delete workflow.name;
      workflow.id = typeof odd === 'string' ? 7 : odd;
      break;
    case 'steps_not_array':
      workflow.steps = Array.isArray(odd) ? { 0: steps[0] ?? {} } : odd;
      break;
    case 'duplicate_step_id':
      ensureSteps(steps, 2);
      (steps[steps.length - 1] as RawStep).id = (steps[0] as RawStep).id;
      break;
    case 'step_not_object':
      ensureSteps(steps, 1);
      steps[steps.length - 1] = odd as RawStep;
      break;
    case 'step_id_not_string':
      ensureSteps(steps, 1);
      (steps[0] as RawStep).id = odd === 'step' ? 3 : odd;
      break;
  }
}

/** A workflow of the wrong shape (DefinitionError), possibly with defects of every later stage. */
function shapeCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  return fc
    .tuple(
      validWorkflowArbitrary(config),
      fc.constantFrom<ShapeDefect>('id_name_differ', 'no_id', 'id_not_string', 'steps_not_array', 'duplicate_step_id', 'step_not_object', 'step_id_not_string'),
      fc.constantFrom<Noise | 'kind'>('none', 'kind', 'limits', 'payload', 'operation'),
      fc.constantFrom<unknown>(null, 42, 'step', [], true),
    )
    .map(([base, defect, noise, odd]): InvalidWorkflowCase => {
      const steps = copySteps(base);
      if (noise === 'kind') {
        ensureSteps(steps, 1);
        (steps[0] as RawStep).kind = 'automated';
      } else addNoise(steps, noise, config.operations);
      const workflow: Record<string, unknown> = { ...base, steps };
      applyShapeDefect(workflow, steps, defect, odd);
      return { workflow, error: 'DefinitionError', defect: defect.replaceAll('_', ' ') };
    });
}

/** Breaks the payload of `target` (the step at `index`) in place, as `defect` says; returns the defect in words. */
function applyPayloadDefect(target: RawStep, index: number, defect: PayloadDefect, odd: unknown, [what, bad]: [string, unknown]): string {
  if (defect === 'payload_not_object') {
    target.payload = odd;
    return `steps[${index}].payload is ${describeValue(odd, { literal: true })}`;
  }
  if (defect === 'payload_not_json') {
    target.payload = objectFromEntries([['bad', bad]]);
    return `steps[${index}].payload.bad is ${what}`;
  }
  target.kind = RUNTIME;
  target.payload = { operation: 'fail', reason: 42 };
  return `steps[${index}] fails with a reason that is not a string`;
}

/** A workflow with a bad payload (DefinitionError), possibly with an unknown operation on another step. */
function payloadCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  return fc
    .tuple(
      validWorkflowArbitrary(config),
      fc.nat(),
      fc.constantFrom<PayloadDefect>('payload_not_object', 'payload_not_json', 'fail_reason'),
      fc.constantFrom<unknown>(null, 'payload', 3, ['operation', 'noop'], undefined),
      nonJsonValue,
      fc.constantFrom<Noise>('none', 'operation'),
    )
    .map(([base, pick, defect, odd, nonJson, noise]): InvalidWorkflowCase => {
      const steps = copySteps(base);
      ensureSteps(steps, 1);
      const index = pick % steps.length;
      const described = applyPayloadDefect(steps[index] as RawStep, index, defect, odd, nonJson);
      // Operation noise goes on another step: the payload stage must still come first.
      addNoise(steps, noise, config.operations, index);
      return { workflow: { ...base, steps }, error: 'DefinitionError', defect: described };
    });
}

/** A workflow that must raise a DefinitionError: a bad shape or a bad payload. */
function definitionCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  return fc.oneof(shapeCase(config), payloadCase(config));
}

function operationCase(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  const operation = fc.oneof(
    text(10).filter((name) => !config.operations.includes(name)),
    fc.constantFrom<unknown>('NOOP', 'Noop', 'fail ', 42, null, true, ['noop'], { name: 'noop' }),
  );
  return fc.tuple(validWorkflowArbitrary(config), fc.nat(), operation).map(([base, pick, op]): InvalidWorkflowCase => {
    const steps = copySteps(base);
    ensureSteps(steps, 1);
    const index = pick % steps.length;
    const target = steps[index] as RawStep;
    target.kind = RUNTIME;
    target.payload = { ...(target.payload ?? {}), operation: op };
    return {
      workflow: { ...base, steps },
      error: 'UnknownOperationError',
      defect: `steps[${index}] asks for operation ${describeValue(op, { literal: true })}`,
    };
  });
}

export function invalidWorkflowArbitrary(config: ResolvedWorkflows): fc.Arbitrary<InvalidWorkflowCase> {
  const builders: Record<InvalidWorkflowError, (c: ResolvedWorkflows) => fc.Arbitrary<InvalidWorkflowCase>> = {
    DefinitionError: definitionCase,
    EnvelopeViolation: envelopeCase,
    AntiFailureViolation: limitsCase,
    UnknownOperationError: operationCase,
  };
  return fc.oneof(...config.errors.map((error) => builders[error](config)));
}
