/**
 * The suite runner: scenarios in order, results keyed by scenario name.
 * Duplicate names are a definition error (HB-T2-SUITE-03): data is never
 * silently overwritten.
 */
import { canonicalJson, canonicalString } from './canonical.js';
import { DefinitionError } from './errors.js';
import { readFields } from './fields.js';
import { describeValue, formatPath, freezeTrusted, isPlainObject, setOwn, sortedKeys } from './json.js';
import { FrozenMap } from './readonly-map.js';
import { resolveRegistry, resolveRegistryOptions, type RegistryOptions } from './registry.js';
import { executeScenario, validateScenario, type ScenarioDefinition, type ScenarioResult, type ScenarioResultDict, type ValidScenario } from './scenario.js';
import { createHash } from 'node:crypto';

/** A suite: a name and its scenarios. */
export interface SuiteDefinition {
  readonly name: string;
  readonly scenarios: readonly ScenarioDefinition[];
}

/** A validated, deep-frozen suite. */
export interface ValidSuite {
  readonly name: string;
  readonly scenarios: readonly ValidScenario[];
}

/** `SuiteResult.toDict()`. */
export interface SuiteResultDict {
  readonly suite_name: string;
  readonly scenario_results: { readonly [name: string]: ScenarioResultDict };
  readonly metadata: { readonly suite_name: string; readonly suite_hash: string };
}

const validSuites = new WeakSet<object>();

/** The fields of a suite definition. */
export const SUITE_FIELDS = Object.freeze(['name', 'scenarios'] as const);

/** Validates a suite definition and returns it deep-frozen. */
export function validateSuite(input: unknown, where = 'suite'): ValidSuite {
  if (validSuites.has(input as object)) return input as ValidSuite;
  if (!isPlainObject(input)) throw new DefinitionError(`${where}: expected { name, scenarios }, got ${describeValue(input)}`);
  const { name, scenarios } = readFields(input, SUITE_FIELDS, (key, problem) => new DefinitionError(`${where}: ${formatPath([key])}: ${problem}`, formatPath([key])));
  if (typeof name !== 'string') throw new DefinitionError(`${where}: name: expected a string, got ${describeValue(name)}`, 'name');
  if (!Array.isArray(scenarios)) throw new DefinitionError(`${where} '${name}': scenarios: expected an array, got ${describeValue(scenarios)}`, 'scenarios');
  const names = new Map<string, number>();
  const valid = Array.from(scenarios as unknown[], (scenario: unknown, index) => {
    const checked = validateScenario(scenario, `${where} '${name}': scenario`, ['scenarios', index]);
    const earlier = names.get(checked.name);
    if (earlier !== undefined) {
      throw new DefinitionError(
        `${where} '${name}': scenarios[${index}].name: scenario name '${checked.name}' is already used by scenarios[${earlier}]; results are keyed by name, so names must be unique in a suite (HB-T2-SUITE-03)`,
        `scenarios[${index}].name`,
      );
    }
    names.set(checked.name, index);
    return checked;
  });
  const suite: ValidSuite = freezeTrusted({ name, scenarios: freezeTrusted(valid) });
  validSuites.add(suite);
  return suite;
}

/** The deeply read-only result of a suite. */
export class SuiteResult {
  readonly name: string;
  /** Scenario results by name, in the suite's order (read-only at runtime). */
  readonly scenarioResults: ReadonlyMap<string, ScenarioResult>;
  readonly metadata: { readonly suiteName: string; readonly suiteHash: string };
  readonly #dict: SuiteResultDict;
  readonly #pieces: readonly string[];

  /** @internal Made by {@link runSuite}. */
  constructor(name: string, results: readonly ScenarioResult[]) {
    const byName: Record<string, ScenarioResultDict> = {};
    for (const result of results) setOwn(byName, result.name, result.toDict());
    freezeTrusted(byName);
    // The canonical text of `scenario_results`, as pieces: each scenario's text
    // was made once by the scenario itself, and is hashed here without copying.
    const pieces: string[] = ['{'];
    sortedKeys(byName).forEach((key, index) => {
      pieces.push(`${index === 0 ? '' : ','}${canonicalString(key)}:`, canonicalJson(byName[key]));
    });
    pieces.push('}');
    const hash = createHash('sha256');
    for (const piece of pieces) hash.update(piece, 'utf8');
    const suiteHash = hash.digest('hex');
    this.#pieces = pieces;
    this.#dict = freezeTrusted({ suite_name: name, scenario_results: byName, metadata: freezeTrusted({ suite_name: name, suite_hash: suiteHash }) });
    this.name = name;
    this.scenarioResults = new FrozenMap(results.map((result) => [result.name, result] as const));
    this.metadata = Object.freeze({ suiteName: name, suiteHash });
    Object.freeze(this);
  }

  /** `{ suite_name, scenario_results, metadata }`, deep-frozen plain data. */
  toDict(): SuiteResultDict {
    return this.#dict;
  }

  /** @internal The canonical JSON of `scenario_results`, in pieces, for hashing without copying. */
  canonicalScenarioPieces(): readonly string[] {
    return this.#pieces;
  }
}

/** Runs an already validated suite. */
export function executeSuite(suite: ValidSuite, options: RegistryOptions | undefined): SuiteResult {
  resolveRegistry(options, 'runSuite'); // checked up front, even when there is no scenario to run
  return new SuiteResult(
    suite.name,
    suite.scenarios.map((scenario) => executeScenario(scenario, options)),
  );
}

/**
 * Runs a suite: its scenarios in order. `metadata.suiteHash` is the hash of
 * `{ <scenario name>: <serialised scenario result> }`.
 *
 * @throws DefinitionError for a malformed definition or a duplicate scenario
 *   name; and the documented errors of the missions it runs.
 * @example
 * ```ts
 * const result = runSuite({ name: 'nightly', scenarios: [{ name: 's1', missions: [{ mission: 'echo' }] }] });
 * result.metadata.suiteHash; // 64 hex digits, the same on every run
 * ```
 */
export function runSuite(definition: SuiteDefinition, options?: RegistryOptions): SuiteResult {
  const suite = validateSuite(definition, 'runSuite');
  return executeSuite(suite, { registry: resolveRegistryOptions(options, 'runSuite') });
}
