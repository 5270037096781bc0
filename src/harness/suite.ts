/**
 * The suite runner: scenarios in order, results keyed by scenario name.
 * Duplicate names are a definition error (HB-T2-SUITE-03): data is never
 * silently overwritten.
 */
import { CanonicalHasher } from '../data/hash.js';
import { DefinitionError } from '../data/errors.js';
import { readFields } from '../data/fields.js';
import { describeValue, freezeTrusted, isPlainObject, setOwn } from '../data/json.js';
import { sortCodePoints } from '../data/code-point-order.js';
import { PlanCache } from '../runtime/mission.js';
import { FrozenMap } from '../data/readonly-map.js';
import { resolveRegistry, resolveRegistryOptions, type RegistryOptions } from '../runtime/registry.js';
import { writeObject } from '../data/result-text.js';
import { executeScenario, validateScenario, type ScenarioDefinition, type ScenarioResult, type ScenarioResultDict, type ValidScenario } from './scenario.js';
import { brandClass } from '../data/common.js';

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
  if (!isPlainObject(input))
    throw new DefinitionError({ code: 'wrong_type', subject: where, problem: `expected { name, scenarios }, got ${describeValue(input)}` });
  const { name, scenarios } = readFields(
    input,
    SUITE_FIELDS,
    (key, problem) => new DefinitionError({ code: 'unknown_field', subject: where, segments: [key], problem }),
  );
  if (typeof name !== 'string')
    throw new DefinitionError({ code: 'wrong_type', subject: where, segments: ['name'], problem: `expected a string, got ${describeValue(name)}` });
  if (!Array.isArray(scenarios))
    throw new DefinitionError({
      code: 'wrong_type',
      subject: `${where} '${name}'`,
      segments: ['scenarios'],
      problem: `expected an array, got ${describeValue(scenarios)}`,
    });
  const names = new Map<string, number>();
  const valid = Array.from(scenarios as unknown[], (scenario: unknown, index) => {
    const checked = validateScenario(scenario, `${where} '${name}': scenario`, ['scenarios', index]);
    const earlier = names.get(checked.name);
    if (earlier !== undefined) {
      throw new DefinitionError({
        code: 'duplicate',
        subject: `${where} '${name}'`,
        segments: ['scenarios', index, 'name'],
        problem: `scenario name '${checked.name}' is already used by scenarios[${earlier}]; results are keyed by name, so names must be unique in a suite`,
      });
    }
    names.set(checked.name, index);
    return checked;
  });
  const suite: ValidSuite = freezeTrusted({ name, scenarios: freezeTrusted(valid) });
  validSuites.add(suite);
  return suite;
}

/**
 * @internal A valid suite from scenarios made by `trustedScenario` whose names
 * its caller has checked to be unique (the config adapter): frozen and
 * registered, without a second validation walk.
 */
export function trustedSuite(name: string, scenarios: readonly ValidScenario[]): ValidSuite {
  const suite: ValidSuite = freezeTrusted({ name, scenarios: freezeTrusted([...scenarios]) });
  validSuites.add(suite);
  return suite;
}

/** The deeply read-only result of a suite. */
export class SuiteResult {
  readonly name: string;
  /** Scenario results by name, in the suite's order (read-only at runtime). */
  readonly scenarioResults: ReadonlyMap<string, ScenarioResult>;
  readonly metadata: { readonly suiteName: string; readonly suiteHash: string };
  #dict: SuiteResultDict | undefined;
  /** Scenario names in code-point order: the order of `scenario_results` in canonical text. */
  readonly #sortedNames: readonly string[];

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Made by {@link runSuite}. */
  constructor(name: string, results: readonly ScenarioResult[]) {
    const scenarioResults = new FrozenMap(results.map((result) => [result.name, result] as const));
    this.#sortedNames = sortCodePoints([...scenarioResults.keys()]);
    this.name = name;
    this.scenarioResults = scenarioResults;
    // Each scenario writes the pieces it made with its own hash: nothing is serialised twice.
    const hasher = new CanonicalHasher();
    this.writeCanonicalScenarioText(hasher, false);
    this.metadata = Object.freeze({ suiteName: name, suiteHash: hasher.digest() });
    Object.freeze(this);
  }

  /** `{ suite_name, scenario_results, metadata }`, deep-frozen plain data, made on first use. */
  toDict(): SuiteResultDict {
    if (this.#dict === undefined) {
      const byName: Record<string, ScenarioResultDict> = {};
      for (const [key, result] of this.scenarioResults) setOwn(byName, key, result.toDict());
      this.#dict = freezeTrusted({
        suite_name: this.name,
        scenario_results: freezeTrusted(byName),
        metadata: freezeTrusted({ suite_name: this.name, suite_hash: this.metadata.suiteHash }),
      });
    }
    return this.#dict;
  }

  /**
   * @internal Writes the canonical text of `scenario_results` into a hash;
   * `release`: the scenarios then forget their texts (a test run's hash is the last to need them).
   */
  writeCanonicalScenarioText(hasher: CanonicalHasher, release: boolean): void {
    writeObject(hasher, this.#sortedNames, (key) => (this.scenarioResults.get(key) as ScenarioResult).writeCanonicalText(hasher, release));
  }
}
// Recognised by the matchers from any copy of the package (ESM and CommonJS side by side), unlike `instanceof`.
brandClass(SuiteResult, 'SuiteResult');

/** Runs an already validated suite; the scenarios share their mission plans. */
export function executeSuite(suite: ValidSuite, options: RegistryOptions | undefined): SuiteResult {
  const registry = resolveRegistry(options, 'runSuite'); // checked up front, even when there is no scenario to run
  const plans = new PlanCache();
  return new SuiteResult(
    suite.name,
    suite.scenarios.map((scenario) => executeScenario(scenario, registry, plans)),
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
