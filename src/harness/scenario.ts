/**
 * The scenario harness: runs a scenario's missions, each on the scenario's
 * initial state, and keys their results by mission key (HB-T2-HAR-01: keys are
 * unique; an explicit `key` runs the same mission twice).
 */
import { DEFINITIONS, refuseOtherVersion, schema, type Reader } from '../data/fields.js';
import { freezeTrusted, setOwn, type JsonObject, type JsonObjectInput, type PathSegment } from '../data/json.js';
import { sortCodePoints } from '../data/code-point-order.js';
import { executeValid } from '../runtime/orchestrator.js';
import { OrchestrationResult, type OrchestrationResultDict } from '../runtime/orchestration-result.js';
import { PlanCache } from '../runtime/mission.js';
import { FrozenMap } from '../data/readonly-map.js';
import { resolveRegistryOptions, type MissionRegistry, type RegistryOptions } from '../runtime/registry.js';
import { hashCanonicalChunks, type CanonicalHasher } from '../data/hash.js';
import { missionResultsPieces, scenarioHead, scenarioTail } from '../data/result-text.js';
import { brand, isBranded, validitySet } from '../data/brand.js';

/** One mission to run in a scenario. */
export interface MissionCall {
  /** The mission's name in the registry. */
  readonly mission: string;
  /** Its params (default none). */
  readonly params?: JsonObjectInput | null;
  /** The key its result is stored under (default: the mission name). Needed to run a mission twice. */
  readonly key?: string;
}

/** A scenario: an initial state and the missions to run on it. */
export interface ScenarioDefinition {
  readonly name: string;
  /** The state every mission starts from (default `{}`); each mission gets its own view of it. */
  readonly initialState?: JsonObjectInput;
  readonly missions: readonly MissionCall[];
}

/** A validated, deep-frozen mission call. */
export interface ValidMissionCall {
  readonly mission: string;
  readonly params: JsonObject | null;
  readonly key: string;
}

/** A validated, deep-frozen scenario. */
export interface ValidScenario {
  readonly name: string;
  readonly initialState: JsonObject;
  readonly missions: readonly ValidMissionCall[];
}

/** `ScenarioResult.toDict()` (HB-T2-HAR-03). */
export interface ScenarioResultDict {
  readonly scenario_name: string;
  readonly mission_results: { readonly [key: string]: OrchestrationResultDict };
  readonly metadata: { readonly scenario_name: string; readonly scenario_hash: string };
}

/** Scenarios validated by any copy of this version of the package (src/data/brand.ts). */
const validScenarios = validitySet('scenario');

/** The fields of a scenario definition. */
export const SCENARIO = schema<'name' | 'initialState' | 'missions'>('scenario', ['name', 'initialState?', 'missions'], { whole: 'scenario' });
/** The fields of a mission call. */
export const MISSION_CALL = schema<'mission' | 'params' | 'key'>('missionCall', ['mission', 'params?', 'key?']);

/** Validates a scenario definition and returns it deep-frozen. `at` prefixes paths in messages. */
export function validateScenario(input: unknown, where = 'scenario', at: readonly PathSegment[] = []): ValidScenario {
  if (validScenarios.has(input as object)) return input as ValidScenario;
  refuseOtherVersion('scenario', input, where, 'a scenario');
  return readScenario(DEFINITIONS, input, where, at);
}

/**
 * A scenario read by `reader` (a definition, or a config through its
 * spelling), each field read once; deep-frozen. An optional field given
 * `null` is absent (a config's empty value).
 */
export function readScenario(reader: Reader, input: unknown, where: string, at: readonly PathSegment[]): ValidScenario {
  const scenario = reader.open(input, where, at, SCENARIO);
  const name = reader.string(scenario, 'name');
  const label = `${where} '${name}'`;
  scenario.subject = label;
  const initialState = reader.jsonObject(scenario, 'initialState', 'an object of JSON data') ?? freezeTrusted({});
  const keys = new Map<string, number>();
  const calls = reader.list(scenario, 'missions', 'an array of mission calls').map((call: unknown, index) => {
    const valid = readMissionCall(reader, call, label, [...at, 'missions', index]);
    const earlier = keys.get(valid.key);
    if (earlier !== undefined) {
      const example = `{ ${reader.nameOf(MISSION_CALL, 'mission')}: '${valid.mission}', ${reader.nameOf(MISSION_CALL, 'key')}: '${valid.mission}-2' }`;
      throw reader.errors.make(
        'duplicate',
        label,
        [...at, 'missions', index],
        `mission key '${valid.key}' is already used by missions[${earlier}]; results are keyed by mission, so keys must be unique in a scenario — give this call a distinct key, e.g. ${example}`,
      );
    }
    keys.set(valid.key, index);
    return valid;
  });
  const valid: ValidScenario = freezeTrusted({ name, initialState, missions: freezeTrusted(calls) });
  validScenarios.add(valid);
  return valid;
}

/** One mission call of a scenario: its key defaults to the mission's name. */
function readMissionCall(reader: Reader, input: unknown, label: string, at: readonly PathSegment[]): ValidMissionCall {
  const call = reader.open(input, label, at, MISSION_CALL);
  const mission = reader.string(call, 'mission');
  const key = reader.optionalString(call, 'key') ?? mission;
  const params = reader.jsonObject(call, 'params', 'an object of JSON data (or null)') ?? null;
  return freezeTrusted({ mission, params, key });
}

/** The deeply read-only result of a scenario. */
export class ScenarioResult {
  readonly name: string;
  /** Results by mission key, in the scenario's order (read-only at runtime). */
  readonly missionResults: ReadonlyMap<string, OrchestrationResult>;
  readonly metadata: { readonly scenarioName: string; readonly scenarioHash: string };
  #dict: ScenarioResultDict | undefined;
  /** The pieces of the canonical text of `mission_results`, kept only until a test run hashes them ({@link writeCanonicalText}). */
  #pieces: readonly string[] | undefined;

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Made by {@link runScenario}. */
  constructor(name: string, results: readonly (readonly [string, OrchestrationResult])[]) {
    const missionResults = new FrozenMap(results);
    const pieces = missionResultsText(missionResults);
    this.#pieces = pieces;
    this.name = name;
    this.missionResults = missionResults;
    this.metadata = Object.freeze({ scenarioName: name, scenarioHash: hashCanonicalChunks(pieces) });
    Object.freeze(this);
  }

  /** `{ scenario_name, mission_results, metadata }`, deep-frozen plain data (HB-T2-HAR-03), made on first use. */
  toDict(): ScenarioResultDict {
    if (this.#dict === undefined) {
      const missionResults: Record<string, OrchestrationResultDict> = {};
      for (const [key, result] of this.missionResults) setOwn(missionResults, key, result.toDict());
      this.#dict = freezeTrusted({
        scenario_name: this.name,
        mission_results: freezeTrusted(missionResults),
        metadata: freezeTrusted({ scenario_name: this.name, scenario_hash: this.metadata.scenarioHash }),
      });
    }
    return this.#dict;
  }

  /**
   * @internal Writes the canonical text of `toDict()` into a hash. A suite
   * writes each scenario twice (its own hash, then the test run's); the second
   * write passes `release` and the pieces are forgotten (made again if ever
   * needed), so a finished run keeps no text.
   */
  writeCanonicalText(hasher: CanonicalHasher, release: boolean): void {
    const pieces = this.#pieces ?? missionResultsText(this.missionResults);
    this.#pieces = release ? undefined : pieces;
    hasher.add(scenarioHead(this.name, this.metadata.scenarioHash));
    hasher.addAll(pieces);
    hasher.add(scenarioTail(this.name));
  }

  /** True for a ScenarioResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isScenarioResult(value: unknown): value is ScenarioResult {
    return isBranded(value, 'ScenarioResult');
  }
}
brand(ScenarioResult, 'ScenarioResult');

/**
 * Internal (not for users; not covered by semver): Rebuilds a scenario result from its serialised mission results
 * (deep-frozen JSON data, in the scenario's call order) without running
 * anything: a sharded run's parts are merged this way. The scenario hash is
 * recomputed from the data, so it equals the original run's exactly when the
 * data does.
 */
export function assembleScenarioResult(name: string, missionResults: readonly (readonly [string, OrchestrationResultDict])[]): ScenarioResult {
  return new ScenarioResult(
    name,
    missionResults.map(([key, dict]) => [key, OrchestrationResult.fromDict(dict)] as const),
  );
}

/** The canonical text of `mission_results`, as pieces. */
function missionResultsText(results: ReadonlyMap<string, OrchestrationResult>): string[] {
  return missionResultsPieces(sortCodePoints([...results.keys()]), (key) => (results.get(key) as OrchestrationResult).textSource());
}

/** Runs an already validated scenario with a resolved registry; `plans` shares mission plans across the scenarios of a suite. */
export function executeScenario(scenario: ValidScenario, registry: MissionRegistry, plans: PlanCache = new PlanCache()): ScenarioResult {
  // The scenario's state was validated and frozen with it, and each plan was validated against the registry's
  // operations (those of its orchestrator): the runs need no second look at either.
  const results = scenario.missions.map(
    (call) =>
      [
        call.key,
        executeValid(registry.operations, plans.plan(registry.get(call.mission), call.params, registry.operations), scenario.initialState, undefined),
      ] as const,
  );
  return new ScenarioResult(scenario.name, results);
}

/**
 * Internal (not for users; not covered by semver): Runs validated scenarios one at a time with one registry and one
 * plan cache for all of them, as `runSuite` does: the CLI runs a suite
 * scenario by scenario (for progress, and to attribute a mission that raises)
 * and still builds and validates each (mission, params) plan once per run.
 */
export function scenarioRunner(options?: RegistryOptions): (scenario: ValidScenario) => ScenarioResult {
  const registry = resolveRegistryOptions(options, 'runScenario');
  const plans = new PlanCache();
  return (scenario) => executeScenario(validateScenario(scenario, 'runScenario'), registry, plans);
}

/**
 * Runs a scenario: every mission on the scenario's initial state (each run
 * sees it fresh: it is deep-frozen, so no mission can change what another sees).
 * `metadata.scenarioHash` is the hash of the serialised mission results.
 *
 * @throws DefinitionError for a malformed definition or a duplicate mission key;
 *   and the documented errors of the missions it runs.
 * @example
 * ```ts
 * const result = runScenario({
 *   name: 'smoke',
 *   initialState: { day: 1 },
 *   missions: [{ mission: 'daily_loop' }, { mission: 'echo', params: { x: 1 } }],
 * });
 * result.missionResults.get('echo')?.success; // true
 * ```
 */
export function runScenario(definition: ScenarioDefinition, options?: RegistryOptions): ScenarioResult {
  const scenario = validateScenario(definition, 'runScenario');
  return executeScenario(scenario, resolveRegistryOptions(options, 'runScenario'));
}
