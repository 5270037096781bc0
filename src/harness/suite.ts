/**
 * The suite runner: scenarios in order, results keyed by scenario name.
 * Duplicate names are a definition error (HB-T2-SUITE-03): data is never
 * silently overwritten.
 */
import { CanonicalHasher } from '../data/hash.js';
import { DEFINITIONS, refuseOtherVersion, schema, type Reader } from '../data/fields.js';
import { freezeTrusted, setOwn } from '../data/json.js';
import { sortCodePoints } from '../data/code-point-order.js';
import { PlanCache } from '../runtime/mission.js';
import { FrozenMap } from '../data/readonly-map.js';
import { resolveRegistry, resolveRegistryOptions, type RegistryOptions } from '../runtime/registry.js';
import { writeObject } from '../data/result-text.js';
import {
  SCENARIO,
  executeScenario,
  readScenario,
  type ScenarioDefinition,
  type ScenarioResult,
  type ScenarioResultDict,
  type ValidScenario,
} from './scenario.js';
import { brand, isBranded, validitySet } from '../data/brand.js';

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

/** Suites validated by any copy of this version of the package (src/data/brand.ts). */
const validSuites = validitySet('suite');

/** The fields of a suite definition. */
export const SUITE = schema<'name' | 'scenarios'>('suite', ['name', 'scenarios']);

/** Validates a suite definition and returns it deep-frozen. */
export function validateSuite(input: unknown, where = 'suite'): ValidSuite {
  if (validSuites.has(input as object)) return input as ValidSuite;
  refuseOtherVersion('suite', input, where, 'a suite');
  return readSuite(DEFINITIONS, input, where);
}

/**
 * A suite read by `reader`: a definition, or a config through the config's
 * spelling (src/harness/config.ts), checked by the same rules; deep-frozen.
 */
export function readSuite(reader: Reader, input: unknown, where: string): ValidSuite {
  const suite = reader.open(input, where, [], SUITE);
  const name = reader.string(suite, 'name');
  const label = `${where} '${name}'`;
  suite.subject = label;
  const names = new Map<string, number>();
  const scenarios = reader.list(suite, 'scenarios', 'an array of scenarios').map((scenario: unknown, index) => {
    const checked = readScenario(reader, scenario, `${label}: scenario`, ['scenarios', index]);
    const earlier = names.get(checked.name);
    if (earlier !== undefined) {
      throw reader.errors.make(
        'duplicate',
        label,
        ['scenarios', index, reader.nameOf(SCENARIO, 'name')],
        `scenario name '${checked.name}' is already used by scenarios[${earlier}]; results are keyed by name, so names must be unique in a suite`,
      );
    }
    names.set(checked.name, index);
    return checked;
  });
  const valid: ValidSuite = freezeTrusted({ name, scenarios: freezeTrusted(scenarios) });
  validSuites.add(valid);
  return valid;
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

  /** True for a SuiteResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isSuiteResult(value: unknown): value is SuiteResult {
    return isBranded(value, 'SuiteResult');
  }
}
brand(SuiteResult, 'SuiteResult');

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
