/**
 * The built-in mission templates: `daily_loop`, `run_tests` and `echo`.
 * Their step ids, payloads and workflow ids are part of the hashed output and
 * match the reference byte for byte.
 */
import { DefinitionError } from '../data/errors.js';
import { describeValue, hasOwn, type JsonObject } from '../data/json.js';
import { sortedObject } from '../data/json-compare.js';
import { defineMission, type MissionDefinition } from './mission.js';
import { MAX_HUMAN_STEPS, MAX_TOTAL_STEPS, type StepDefinition } from './workflow.js';

function integerParam(mission: string, params: JsonObject, key: string, fallback: number): number {
  // Own properties only: a value inherited from a polluted Object.prototype is not a param.
  if (!hasOwn(params, key)) return fallback;
  const value = params[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: `mission '${mission}'`,
      segments: ['params', key],
      placeInProblem: true,
      problem: `params.${key} must be an integer (it is an upper bound, clamped to the Anti-Failure limits), got ${typeof value === 'number' ? String(value) : describeValue(value)}`,
    });
  }
  return value;
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}

/** The runtime steps of the daily loop, in the order they are added. */
const DAILY_RUNTIME_STEPS = [
  ['daily-summarise-yesterday', "Summarise yesterday's activities"],
  ['daily-generate-priorities', "Generate today's priorities"],
  ['daily-log-summary', 'Log daily summary'],
  ['daily-archive', 'Archive completed items'],
] as const;

/**
 * `daily_loop`: the human step `daily-confirm-priorities` when
 * `requested_human_steps >= 1`, then the runtime steps while slots remain
 * below `requested_steps`; both are upper bounds clamped to the limits (BLD-H2).
 * Defaults give 4 steps (1 human, 3 runtime); `requested_steps: 5` adds
 * `daily-archive` (BLD-H5). No step at all becomes the single runtime step `daily-noop`.
 */
const dailyLoopMission: MissionDefinition<'daily_loop'> = defineMission({
  name: 'daily_loop',
  description: 'confirm priorities, summarise, generate priorities, log, archive',
  build(params) {
    const requestedSteps = clamp(integerParam('daily_loop', params, 'requested_steps', 4), MAX_TOTAL_STEPS);
    const requestedHumanSteps = clamp(integerParam('daily_loop', params, 'requested_human_steps', 1), MAX_HUMAN_STEPS);
    const steps: StepDefinition[] = [];
    if (requestedHumanSteps >= 1) {
      steps.push({ id: 'daily-confirm-priorities', kind: 'human', payload: { description: "Confirm today's priorities" } });
    }
    // BLD-H6: the remaining slots drive the expansion.
    let remainingSlots = requestedSteps - steps.length;
    for (const [id, description] of DAILY_RUNTIME_STEPS) {
      if (remainingSlots <= 0) break;
      steps.push({ id, kind: 'runtime', payload: { description, operation: 'noop' } });
      remainingSlots -= 1;
    }
    if (steps.length === 0) steps.push({ id: 'daily-noop', kind: 'runtime', payload: { description: 'Daily placeholder', operation: 'noop' } });
    return { id: 'wf-daily-loop', steps };
  },
});

/** `run_tests`: discover, execute and report for `params.target`, a string (default `all` when absent; `null` is refused). */
const runTestsMission: MissionDefinition<'run_tests'> = defineMission({
  name: 'run_tests',
  description: 'discover, execute and report tests for params.target',
  build(params) {
    // Absent means 'all'; null is not absent but a value of the wrong type, refused like any other (as daily_loop does).
    const target = hasOwn(params, 'target') ? params.target : 'all';
    if (typeof target !== 'string')
      throw new DefinitionError({
        code: 'wrong_type',
        subject: "mission 'run_tests'",
        segments: ['params', 'target'],
        placeInProblem: true,
        problem: `params.target must be a string, got ${describeValue(target)}`,
      });
    return {
      id: 'wf-run-tests',
      steps: [
        { id: 'tests-discover', kind: 'runtime', payload: { description: `Discover tests in ${target}`, operation: 'noop' } },
        { id: 'tests-execute', kind: 'runtime', payload: { description: `Execute tests for ${target}`, operation: 'noop' } },
        { id: 'tests-report', kind: 'runtime', payload: { description: 'Generate test report', operation: 'noop' } },
      ],
    };
  },
});

/** `echo`: one runtime noop step whose payload carries the params, sorted. */
const echoMission: MissionDefinition<'echo'> = defineMission({
  name: 'echo',
  description: 'one noop step carrying the params',
  build(params) {
    return {
      id: 'wf-echo',
      steps: [{ id: 'echo-step', kind: 'runtime', payload: { description: 'Echo workflow step', operation: 'noop', params: sortedObject(params) } }],
    };
  },
});

/** The built-in missions, by name. */
export const BUILTIN_MISSIONS = Object.freeze([dailyLoopMission, echoMission, runTestsMission] as const);
