/**
 * Mission templates and the planning check that every template's output must
 * pass — built-in or user-defined (BLD-H3, BLD-H4, BLD-H7).
 */
import { canonicalJson } from '../data/canonical.js';
import { AntiFailurePlanningError, DefinitionError, Tier2Error, UnknownOperationError } from '../data/errors.js';
import { describeValue, formatPath, freezeTrusted, getOwn, isPlainObject, toFrozenJsonObject, type JsonObject, type PathSegment } from '../data/json.js';
import { jsonEquals, sortedObject } from '../data/json-compare.js';
import { describeThrown, isThenableSafe, markPromiseHandled } from '../data/describe-thrown.js';
import { isFrozenWrite } from './frozen-write.js';
import type { OperationSet } from './operations.js';
import { readFields } from '../data/fields.js';
import { antiFailureBreaches } from './anti-failure.js';
import { ALLOWED_KINDS, STEP_FIELDS, limitText, shownKind, validatePlannedWorkflow, type StepDefinition, type StepKind, type Workflow } from './workflow.js';

/** What a mission template returns: the workflow id and its steps. The runtime adds the metadata. */
export interface MissionPlan {
  readonly id: string;
  readonly steps: readonly StepDefinition[];
}

/** A mission: a name and a pure template from params to a plan. */
export interface MissionDefinition<Name extends string = string> {
  readonly type: 'mission';
  readonly name: Name;
  /** One line for listings and error messages. */
  readonly description: string;
  /**
   * The template: a pure function of the (deep-frozen, copied) params. It may
   * throw a `DefinitionError` for params it does not accept.
   */
  readonly build: (params: JsonObject) => MissionPlan;
}

/** The metadata every built workflow carries (BLD-H1): one canonical key, params sorted. */
export interface MissionMetadata {
  readonly mission_type: string;
  readonly params: JsonObject;
}

/** A workflow built from a mission template. */
export interface MissionWorkflow extends Workflow {
  readonly metadata: MissionMetadata & JsonObject;
}

/** The fields of a mission definition. */
const MISSION_FIELDS = Object.freeze(['name', 'description', 'build'] as const);
/** The fields a template's plan may have (`metadata` only to be refused unless it is exactly the runtime's). */
const PLAN_FIELDS = Object.freeze(['id', 'steps', 'metadata'] as const);

const MISSION_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/**
 * Defines a mission. Its template's output is checked against the extension
 * rules every time it is built: at most 5 steps and 2 human steps, kinds in
 * {runtime, human}, payloads of JSON data, every operation known, params
 * preserved sorted in the metadata.
 *
 * @example
 * ```ts
 * const approval = defineMission({
 *   name: 'approval',
 *   description: 'ask a human, then count the approval',
 *   build: (params) => ({
 *     id: 'wf-approval',
 *     steps: [
 *       { id: 'ask', kind: 'human', payload: { description: `Approve ${String(params.item ?? 'it')}?` } },
 *       { id: 'count', kind: 'runtime', payload: { operation: 'increment' } },
 *     ],
 *   }),
 * });
 * ```
 */
export function defineMission<const Name extends string>(definition: {
  readonly name: Name;
  readonly description?: string;
  // NoInfer: the template takes no part in inferring Name, so its returned
  // literal is checked against MissionPlan directly (no widened union of steps).
  readonly build: NoInfer<(params: JsonObject) => MissionPlan>;
}): MissionDefinition<Name> {
  if (!isPlainObject(definition)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'defineMission',
      problem: `expected { name, build, description? }, got ${describeValue(definition)}`,
    });
  }
  const { name, build, description } = readFields(definition, MISSION_FIELDS, (key, problem) => {
    return new DefinitionError({ code: 'unknown_field', subject: 'defineMission', segments: [key], problem });
  });
  if (typeof name !== 'string' || !MISSION_NAME.test(name)) {
    throw new DefinitionError({
      code: typeof name === 'string' ? 'invalid_value' : 'wrong_type',
      subject: 'defineMission',
      segments: ['name'],
      placeInProblem: true,
      problem: `name must be a string of letters, digits, '_', '.', ':' or '-' starting with a letter, got ${typeof name === 'string' ? `'${name}'` : describeValue(name)}`,
    });
  }
  const field = (key: string, problem: string): DefinitionError =>
    new DefinitionError({ code: 'wrong_type', subject: `defineMission('${name}')`, segments: [key], placeInProblem: true, problem });
  if (typeof build !== 'function') throw field('build', `build must be a function (params) => { id, steps }, got ${describeValue(build)}`);
  if (description !== undefined && typeof description !== 'string')
    throw field('description', `description must be a string, got ${describeValue(description)}`);
  return Object.freeze({ type: 'mission', name: name as Name, description: description ?? '', build: build as MissionDefinition['build'] });
}

function planningError(mission: string, rule: AntiFailurePlanningError['rule'], message: string): AntiFailurePlanningError {
  return new AntiFailurePlanningError(`mission '${mission}': template ${message} (extension rule '${rule}')`, mission, rule);
}

/** Copies and freezes mission params (DLR-H3); `null`/`undefined` mean none. */
export function normaliseParams(mission: string, params: unknown): JsonObject {
  if (params === undefined || params === null) return freezeTrusted({});
  return toFrozenJsonObject(params, { at: ['params'], subject: `mission '${mission}'` });
}

/**
 * Calls the mission's template once, with the frozen params. What it throws (other than a Tier2Error) becomes a
 * DefinitionError naming the mission; what it returns must be a plain object, never a promise.
 */
function runTemplate(mission: MissionDefinition, params: JsonObject): Record<string, unknown> {
  let plan: unknown;
  try {
    plan = mission.build(params);
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw error;
    const thrown = describeThrown(error);
    throw new DefinitionError({
      code: isFrozenWrite(thrown) ? 'mutated_input' : 'rejected',
      subject: `mission '${mission.name}'`,
      segments: ['params'],
      placeInProblem: true,
      problem: `the template rejected its params: ${thrown.message}`,
      cause: error,
    });
  }
  if (isThenableSafe(plan)) {
    markPromiseHandled(plan);
    throw planningError(
      mission.name,
      'template_output',
      'returned a promise (or a thenable) instead of { id, steps }: templates are synchronous and pure, so an async function cannot be one',
    );
  }
  if (!isPlainObject(plan)) throw planningError(mission.name, 'template_output', `returned ${describeValue(plan)} instead of { id, steps }`);
  return plan;
}

/**
 * Builds a mission's workflow and checks it against the extension rules.
 * Rule breaches raise {@link AntiFailurePlanningError}; params the template
 * rejects raise whatever documented error it threw.
 */
export function planMission(mission: MissionDefinition, rawParams: unknown, operations: OperationSet): MissionWorkflow {
  const params = normaliseParams(mission.name, rawParams);
  const plan = runTemplate(mission, params);
  // The template's output is read once, into snapshots that are checked and then built: a getter cannot answer twice.
  const unknownField =
    (at: PathSegment[]) =>
    (key: string, problem: string): Error =>
      planningError(mission.name, 'template_output', `returned ${formatPath([...at, key])}: ${problem}`);
  const fields = readFields(plan, PLAN_FIELDS, unknownField([]));
  const { id, steps: rawSteps } = fields;
  if (typeof id !== 'string') throw planningError(mission.name, 'template_output', `returned an id that is ${describeValue(id)}, not a string`);
  if (!Array.isArray(rawSteps)) throw planningError(mission.name, 'template_output', `returned steps that are ${describeValue(rawSteps)}, not an array`);
  const steps = Array.from(rawSteps as unknown[], (step, index) =>
    isPlainObject(step) ? readFields(step, STEP_FIELDS, unknownField(['steps', index])) : step,
  );
  const kinds = steps.map((step: unknown) => (isPlainObject(step) ? getOwn(step, 'kind') : undefined));
  const [breach] = antiFailureBreaches(kinds);
  if (breach !== undefined) {
    if (breach.rule === 'step_kind') {
      const index = breach.steps[0] as number;
      throw planningError(mission.name, 'step_kind', `produced steps[${index}] with kind ${shownKind(kinds[index])}; ${ALLOWED_KINDS}`);
    }
    throw planningError(mission.name, breach.rule, `produced a workflow that ${limitText(breach)}`);
  }
  const sortedParams = sortedObject(params);
  const metadata = freezeTrusted({ mission_type: mission.name, params: sortedParams });
  if ('metadata' in fields) {
    const given = fields.metadata;
    if (!isPlainObject(given) || !jsonEquals(toFrozenJsonObject(given, { at: ['metadata'], subject: `mission '${mission.name}'` }), metadata)) {
      throw planningError(
        mission.name,
        'metadata_params',
        `returned its own metadata; the metadata of a mission workflow is always { mission_type, params } with the params sorted, so leave it out`,
      );
    }
  }
  try {
    // The plan and its steps were read once above, and their kinds and limits checked: validated from those snapshots.
    return validatePlannedWorkflow(id, steps, kinds as StepKind[], metadata, operations, `mission '${mission.name}' workflow`) as MissionWorkflow;
  } catch (error) {
    if (UnknownOperationError.isUnknownOperationError(error))
      throw planningError(mission.name, 'unknown_operation', `produced a step whose operation is not known: ${error.message}`);
    if (DefinitionError.isDefinitionError(error)) throw planningError(mission.name, 'template_output', `produced an invalid workflow: ${error.message}`);
    throw error;
  }
}

/**
 * Internal (not exported by the package): the plans of one suite or scenario run: each (mission, params) is
 * built and checked once, and every call with the same canonical params shares
 * that frozen workflow (so runs of it share their steps and texts too). Scoped
 * to one run on purpose: a template that is not pure still shows it between
 * runs (`toBeDeterministic`), and nothing is kept once the run ends.
 */
export class PlanCache {
  readonly #plans = new Map<MissionDefinition, Map<string, MissionWorkflow>>();

  /** The workflow of `mission` for already validated, frozen `params` (null: none). */
  plan(mission: MissionDefinition, params: JsonObject | null, operations: OperationSet): MissionWorkflow {
    let byParams = this.#plans.get(mission);
    if (byParams === undefined) {
      byParams = new Map();
      this.#plans.set(mission, byParams);
    }
    const key = params === null ? '{}' : canonicalJson(params);
    let workflow = byParams.get(key);
    if (workflow === undefined) {
      workflow = planMission(mission, params, operations);
      byParams.set(key, workflow);
    }
    return workflow;
  }
}
