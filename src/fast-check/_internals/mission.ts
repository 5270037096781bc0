/**
 * The mission invariants, checked on one input: Anti-Failure limits, only
 * documented errors, inputs never mutated, same input ⇒ same canonical hash.
 */
import { readOptions } from '../../data/fields.js';
import * as fc from 'fast-check';
import {
  AntiFailurePlanningError,
  AntiFailureViolation,
  DefinitionError,
  EnvelopeViolation,
  OperationError,
  Tier2Error,
  UnknownOperationError,
} from '../../data/errors.js';
import { findDivergence } from '../../data/divergence.js';
import { stableHash } from '../../data/hash.js';
import type { JsonObject, JsonValue } from '../../data/json.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import type { OrchestrationResult } from '../../runtime/orchestration-result.js';
import type { Workflow } from '../../runtime/workflow.js';
import { ANTI_FAILURE_RULES, STEP_KINDS, antiFailureBreaches, countHumanSteps } from '../../runtime/anti-failure.js';
import { describeThrown, thrownText } from '../../data/describe-thrown.js';
import { dottedPath } from '../../data/path-text.js';
import { JSON_NESTED, jsonObjectArbitrary, resolveJson, type JsonConstraints } from './json.js';
import { arbitraryOption, booleanOption, integerOption, missionName, optionNames, registryOption } from './options.js';
import { isBuiltin, paramsFor } from './params.js';

/** One generated input of a mission: its params (absent: none) and the initial state of the run. */
export interface MissionInput {
  readonly params?: JsonObject | null;
  readonly initialState: JsonObject;
}

/**
 * The invariants a mission must keep for every input, in the order they are checked.
 *
 * @example
 * ```ts
 * if (report.status === 'failed' && report.invariant === INVARIANTS[0]) console.log('a limit was broken');
 * ```
 */
export const INVARIANTS = Object.freeze(['anti_failure_limits', 'extension_rules', 'documented_errors', 'inputs_not_mutated', 'deterministic'] as const);

/** Name of an invariant. */
export type InvariantName = (typeof INVARIANTS)[number];

/** Options shared by `missionInput`, `missionPredicate`, `missionProperty`, `checkMission` and `fuzzMission`. */
export interface MissionPropertyOptions {
  /** The registry the mission comes from (default: the built-in `MISSION_REGISTRY`). */
  readonly registry?: MissionRegistry;
  /** The params arbitrary (default: `missionParams(name, { invalidValues: true })`, sometimes no params at all). */
  readonly params?: fc.Arbitrary<JsonObject | null | undefined>;
  /** The initial-state arbitrary (default: `jsonState(json)`). */
  readonly initialState?: fc.Arbitrary<JsonObject>;
  /** Also generate param values the template must reject (default true; ignored when `params` is given). */
  readonly invalidValues?: boolean;
  /** Bounds of the generated JSON (default params and states). */
  readonly json?: JsonConstraints;
  /** How many times each input is run to compare hashes (default 2, from 2 to 10). */
  readonly determinismRuns?: number;
}

/** The fields of {@link MissionPropertyOptions}. */
export const MISSION_PROPERTY_OPTIONS = optionNames<MissionPropertyOptions>()([
  'registry',
  'params',
  'initialState',
  'invalidValues',
  'json',
  'determinismRuns',
]);

/**
 * Reads the options of a mission helper once, allowing exactly `allowed` (the
 * fields of that helper's options type: `checkMission` also takes the run options).
 */
export function missionOptions<T extends MissionPropertyOptions>(api: string, options: T | undefined, allowed: readonly (keyof T & string)[]): Partial<T> {
  return readOptions(api, options, allowed, { nested: JSON_NESTED }) as Partial<T>;
}

/** The resolved mission options. */
export interface ResolvedMission {
  readonly api: string;
  readonly mission: string;
  readonly registry: MissionRegistry;
  readonly input: fc.Arbitrary<MissionInput>;
  readonly determinismRuns: number;
}

/** Checks and defaults the mission options, already read by {@link missionOptions}. */
export function resolveMission(api: string, name: unknown, given: Partial<MissionPropertyOptions>): ResolvedMission {
  const registry = registryOption(api, given.registry);
  const mission = missionName(api, registry, name);
  const json = resolveJson(api, given.json, 'json');
  const invalidValues = booleanOption(api, 'invalidValues', given.invalidValues, true);
  const params = arbitraryOption<JsonObject | null | undefined>(api, 'params', given.params, () =>
    fc.option(paramsFor(mission, isBuiltin(registry, mission), json, invalidValues), { nil: undefined, freq: 8 }),
  );
  const initialState = arbitraryOption<JsonObject>(api, 'initialState', given.initialState, () => jsonObjectArbitrary(json));
  const input = fc
    .record({ params, initialState })
    .map(({ params: p, initialState: s }): MissionInput => (p === undefined ? { initialState: s } : { params: p, initialState: s }));
  return Object.freeze({ api, mission, registry, input, determinismRuns: integerOption(api, 'determinismRuns', given.determinismRuns, 2, 2, 10) });
}

/**
 * What one attempt to build and run a mission on an input produced: the
 * workflow and result, or the error. (Not the public `RunOutcome` of
 * `checkDeterminism`, which records a subject's run; hence its own name.)
 */
export type MissionAttempt =
  | { readonly kind: 'value'; readonly workflow: Workflow; readonly result: OrchestrationResult; readonly data: JsonValue }
  | { readonly kind: 'error'; readonly error: unknown; readonly data: JsonValue };

function errorData(error: unknown): JsonValue {
  const { name, message } = describeThrown(error);
  return { error: { name, message } };
}

/** Builds and runs the mission once on the input. */
export function runOnce(config: ResolvedMission, input: MissionInput): MissionAttempt {
  try {
    const workflow = config.registry.build(config.mission, input.params);
    const result = config.registry.orchestrator.runWorkflow(workflow, { initialState: input.initialState });
    return { kind: 'value', workflow, result, data: { value: result.toDict() as unknown as JsonValue } };
  } catch (error) {
    return { kind: 'error', error, data: errorData(error) };
  }
}

/** A breach: which invariant, why, facts as data, and the error behind it. */
export interface Breach {
  readonly invariant: InvariantName;
  readonly message: string;
  readonly details: JsonValue;
  readonly cause?: unknown;
}

// The planning rules that are Anti-Failure rules (the others are extension rules).
const LIMIT_RULES: ReadonlySet<string> = new Set(ANTI_FAILURE_RULES);

/** True when the runtime recorded (`code: 'mutated_input'`) that user code tried to change its frozen input, anywhere in the chain. */
function mutatedInput(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && Tier2Error.isTier2Error(current); depth++) {
    if ((DefinitionError.isDefinitionError(current) || OperationError.isOperationError(current)) && current.code === 'mutated_input') return true;
    current = current.cause;
  }
  return false;
}

/** The first error in the cause chain that tier2-harness did not throw (a raw error the runtime wrapped). */
function rawCause(error: unknown): Error | undefined {
  let current: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (!Tier2Error.isTier2Error(current)) return current instanceof Error ? current : new Error(fc.stringify(current));
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeError(error: unknown): string {
  return describeThrown(error).isError ? thrownText(error) : `a non-error value (${thrownText(error)})`;
}

function errorBreach(mission: string, error: unknown): Breach | undefined {
  const named = describeThrown(error).name;
  if (!Tier2Error.isTier2Error(error)) {
    return {
      invariant: 'documented_errors',
      message: `mission '${mission}' threw ${describeError(error)}, which is not a tier2-harness error (only Tier2Error and its subclasses may escape a mission)`,
      details: { error: named },
      cause: error,
    };
  }
  if (AntiFailurePlanningError.isAntiFailurePlanningError(error)) {
    const limits = LIMIT_RULES.has(error.rule);
    return {
      invariant: limits ? 'anti_failure_limits' : 'extension_rules',
      message: error.message,
      details: { error: named, rule: error.rule },
      cause: error,
    };
  }
  if (
    (AntiFailureViolation.isAntiFailureViolation(error) || EnvelopeViolation.isEnvelopeViolation(error)) &&
    !UnknownOperationError.isUnknownOperationError(error)
  ) {
    return { invariant: 'anti_failure_limits', message: `mission '${mission}': ${error.message}`, details: { error: named }, cause: error };
  }
  const raw = rawCause(error);
  if (raw !== undefined) {
    if (mutatedInput(error)) {
      return {
        invariant: 'inputs_not_mutated',
        message: `mission '${mission}' tried to mutate its input (params and state are deep-frozen; build new objects instead): ${raw.message}`,
        details: { error: named, cause: raw.name },
        cause: error,
      };
    }
    return {
      invariant: 'documented_errors',
      message: `mission '${mission}' threw a raw ${describeError(raw)}, wrapped by the runtime in ${named}; a mission should reject what it cannot handle with a DefinitionError`,
      details: { error: named, cause: raw.name },
      cause: error,
    };
  }
  return undefined;
}

/**
 * @internal The `anti_failure_limits` breach of a workflow's kinds: the rule set's first broken rule, in the order
 * every judge of the rules reports them (a kind outside the envelope, then too many steps, then too many human steps).
 */
export function limitsBreach(mission: string, what: string, kinds: readonly string[]): Breach | undefined {
  const [breach] = antiFailureBreaches(kinds);
  if (breach === undefined) return undefined;
  const human = countHumanSteps(kinds);
  const problem =
    breach.rule === 'step_kind'
      ? `a step of kind '${String(breach.actual[0])}' (allowed: ${STEP_KINDS.join(', ')})`
      : breach.rule === 'max_steps'
        ? `${breach.actual} steps (limit ${breach.limit})`
        : `${breach.actual} human steps (limit ${breach.limit})`;
  return {
    invariant: 'anti_failure_limits',
    message: `mission '${mission}': the ${what} has ${problem}`,
    details: { steps: kinds.length, human, kinds: [...kinds] },
  };
}

/** A deep, structural fingerprint of any value (also non-JSON ones), to detect mutation. */
function fingerprint(value: unknown): string {
  return fc.stringify(value);
}

/** Checks every invariant on one input; the first breach found, or `undefined`. */
export function checkInput(config: ResolvedMission, input: MissionInput): Breach | undefined {
  const before = fingerprint(input);
  const outcomes: MissionAttempt[] = [];
  for (let run = 0; run < config.determinismRuns; run++) outcomes.push(runOnce(config, input));
  const first = outcomes[0] as MissionAttempt;
  const { mission } = config;

  const breach =
    first.kind === 'error'
      ? errorBreach(mission, first.error)
      : (limitsBreach(
          mission,
          'planned workflow',
          first.workflow.steps.map((step) => step.kind),
        ) ??
        limitsBreach(
          mission,
          'run',
          first.result.executedSteps.map((step) => step.kind),
        ));
  if (breach) return breach;

  const after = fingerprint(input);
  if (after !== before) {
    return {
      invariant: 'inputs_not_mutated',
      message: `mission '${mission}' changed its input: before ${before}, after ${after}`,
      details: { before, after },
    };
  }

  const firstHash = stableHash(first.data);
  for (let run = 1; run < outcomes.length; run++) {
    const other = outcomes[run] as MissionAttempt;
    if (stableHash(other.data) === firstHash) continue;
    const divergence = findDivergence(first.data, other.data);
    const path = divergence === undefined ? '' : dottedPath(divergence.segments[0] === 'value' ? divergence.segments.slice(1) : divergence.segments);
    const show = (value: JsonValue | undefined): string => (value === undefined ? '(absent)' : JSON.stringify(value));
    return {
      invariant: 'deterministic',
      message: `mission '${mission}' is not deterministic: run 1 and run ${run + 1} of the same input differ at '${path}': ${show(divergence?.left)} vs ${show(divergence?.right)}`,
      details: { firstRun: 1, otherRun: run + 1, path, left: divergence?.left ?? null, right: divergence?.right ?? null },
    };
  }
  return undefined;
}
