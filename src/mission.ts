/**
 * Mission templates and the planning check that every template's output must
 * pass — built-in or user-defined (BLD-H3, BLD-H4, BLD-H7).
 */
import { AntiFailurePlanningError, DefinitionError, Tier2Error, UnknownOperationError } from './errors.js';
import {
  describeValue,
  freezeTrusted,
  getOwn,
  hasOwn,
  isPlainObject,
  jsonEquals,
  sortedObject,
  toFrozenJsonObject,
  type JsonObject,
} from './json.js';
import { describeThrown, isThenableSafe, markPromiseHandled } from './internal/describe-thrown.js';
import type { OperationSet } from './operations.js';
import { checkLimits, validateWorkflow, type StepDefinition, type Workflow } from './workflow.js';

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
  if (!isPlainObject(definition)) throw new DefinitionError(`defineMission: expected { name, build, description? }, got ${describeValue(definition)}`);
  const { name, build, description } = definition;
  if (typeof name !== 'string' || !MISSION_NAME.test(name)) {
    throw new DefinitionError(
      `defineMission: name must be a string of letters, digits, '_', '.', ':' or '-' starting with a letter, got ${typeof name === 'string' ? `'${name}'` : describeValue(name)}`,
      'name',
    );
  }
  if (typeof build !== 'function')
    throw new DefinitionError(`defineMission('${name}'): build must be a function (params) => { id, steps }, got ${describeValue(build)}`, 'build');
  if (description !== undefined && typeof description !== 'string') {
    throw new DefinitionError(`defineMission('${name}'): description must be a string, got ${describeValue(description)}`, 'description');
  }
  return Object.freeze({ type: 'mission', name, description: description ?? '', build });
}

function planningError(mission: string, rule: AntiFailurePlanningError['rule'], message: string): AntiFailurePlanningError {
  return new AntiFailurePlanningError(`mission '${mission}': template ${message} (extension rule '${rule}', BLD-H7)`, mission, rule);
}

/** Copies and freezes mission params (DLR-H3); `null`/`undefined` mean none. */
export function normaliseParams(mission: string, params: unknown): JsonObject {
  if (params === undefined || params === null) return freezeTrusted({});
  return toFrozenJsonObject(params, { at: ['params'], subject: `mission '${mission}'` });
}

/**
 * Builds a mission's workflow and checks it against the extension rules.
 * Rule breaches raise {@link AntiFailurePlanningError}; params the template
 * rejects raise whatever documented error it threw.
 */
export function planMission(mission: MissionDefinition, rawParams: unknown, operations: OperationSet): MissionWorkflow {
  const params = normaliseParams(mission.name, rawParams);
  let plan: unknown;
  try {
    plan = mission.build(params);
  } catch (error) {
    if (Tier2Error.isTier2Error(error)) throw error;
    throw new DefinitionError(
      `mission '${mission.name}': the template rejected its params: ${describeThrown(error).message}`,
      'params',
      { cause: error },
    );
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
  const id = getOwn(plan, 'id');
  const steps = getOwn(plan, 'steps');
  if (typeof id !== 'string') throw planningError(mission.name, 'template_output', `returned an id that is ${describeValue(id)}, not a string`);
  if (!Array.isArray(steps)) throw planningError(mission.name, 'template_output', `returned steps that are ${describeValue(steps)}, not an array`);
  const kinds = steps.map((step: unknown, index) => {
    const kind = isPlainObject(step) ? getOwn(step, 'kind') : undefined;
    if (kind !== 'runtime' && kind !== 'human') {
      const shown = typeof kind === 'string' ? `'${kind}'` : describeValue(kind);
      throw planningError(mission.name, 'step_kind', `produced steps[${index}] with kind ${shown}; allowed kinds: 'runtime', 'human'`);
    }
    return kind;
  });
  checkLimits(kinds, (message) =>
    planningError(mission.name, message.includes('human') ? 'max_human_steps' : 'max_steps', `produced a workflow that ${message}`),
  );
  const sortedParams = sortedObject(params);
  const metadata = freezeTrusted({ mission_type: mission.name, params: sortedParams });
  if (hasOwn(plan, 'metadata')) {
    const given = getOwn(plan, 'metadata');
    if (!isPlainObject(given) || !jsonEquals(toFrozenJsonObject(given, { at: ['metadata'], subject: `mission '${mission.name}'` }), metadata)) {
      throw planningError(
        mission.name,
        'metadata_params',
        `returned its own metadata; the metadata of a mission workflow is always { mission_type, params } with the params sorted, so leave it out`,
      );
    }
  }
  try {
    return validateWorkflow({ id, steps, metadata }, operations, `mission '${mission.name}' workflow`) as MissionWorkflow;
  } catch (error) {
    if (UnknownOperationError.isUnknownOperationError(error))
      throw planningError(mission.name, 'unknown_operation', `produced a step whose operation is not known: ${error.message}`);
    if (DefinitionError.isDefinitionError(error)) throw planningError(mission.name, 'template_output', `produced an invalid workflow: ${error.message}`);
    throw error;
  }
}
