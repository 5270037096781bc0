/**
 * The config adapter: suites and expectations written as data (YAML/JSON, in
 * the reference's snake_case schema) turned into validated definitions. Every
 * problem is a {@link ConfigError} naming its exact location; an unknown
 * field is an error that suggests the closest known one (a misspelt field is
 * never dropped); inputs are never mutated.
 */
import { ConfigError } from '../data/errors.js';
import { configErrors, Reader, type Spelling } from '../data/fields.js';
import { ACCESSOR, HOLE, describeValue, isPlainObject, readOwnData, type JsonObject, type JsonValue } from '../data/json.js';
import { EXPECTATIONS, readExpectationList, type EXPECTATION_OPS, type ValidExpectations } from './expectations.js';
import type { RegistryOptions } from '../runtime/registry.js';
import { readSuite, type ValidSuite } from './suite.js';
import { runTestRun, type TestRunResult } from './test-run.js';

/** A mission call in config. */
export interface MissionCallConfig {
  readonly name: string;
  readonly params?: JsonObject | null;
  /** The key the result is stored under (default: `name`); needed to run a mission twice. */
  readonly key?: string;
}

/** A scenario in config. */
export interface ScenarioConfig {
  readonly scenario_name: string;
  /** Default `{}`. */
  readonly initial_state?: JsonObject;
  readonly missions: readonly MissionCallConfig[];
}

/** A suite config file. */
export interface SuiteConfig {
  readonly suite_name: string;
  readonly scenarios: readonly ScenarioConfig[];
}

/** An expectation in config. */
export interface ExpectationConfig {
  readonly id: string;
  readonly scenario_name: string;
  readonly mission_name: string;
  /** Dot-separated, or a list of segments. */
  readonly path: string | readonly (string | number)[];
  readonly op: (typeof EXPECTATION_OPS)[number];
  readonly expected?: JsonValue;
}

/** An expectations config file. */
export interface ExpectationsConfig {
  readonly expectations: readonly ExpectationConfig[];
}

/**
 * The config schema, as a table: for each kind of object, every field a config
 * may have, in snake_case and in the order messages list them, mapped to the
 * field of the definition it is read as (`null`: a field of the config alone,
 * allowed and not read here: `$schema` names the JSON Schema for editors, and
 * a suite file's `expectations` are the CLI's single-file form). The
 * definitions' own readers (src/harness/suite.ts, scenario.ts,
 * expectations.ts) read config through this table, so every rule and its
 * message exist once, and errors name the fields as the config spells them
 * (`scenarios[2].scenario_name`).
 */
export const CONFIG_SPELLING: Spelling = Object.freeze({
  suite: { $schema: null, suite_name: 'name', scenarios: 'scenarios', expectations: null },
  scenario: { scenario_name: 'name', initial_state: 'initialState', missions: 'missions' },
  missionCall: { name: 'mission', params: 'params', key: 'key' },
  expectations: { $schema: null, expectations: 'expectations' },
  expectation: { id: 'id', scenario_name: 'scenario', mission_name: 'mission', path: 'path', op: 'op', expected: 'expected' },
});

/** Config is data: read through its table, a getter/setter is refused (never run), and errors are `ConfigError`s located by path. */
const CONFIG = new Reader({ errors: configErrors(), spelling: CONFIG_SPELLING, dataOnly: true });
/** Config its reader parsed from a file and gives up (the CLI's): the same rules and messages, its JSON values frozen in place. */
const PARSED_CONFIG = new Reader({ errors: configErrors(), spelling: CONFIG_SPELLING, parsed: true });

/** `$schema`, when given, names the JSON Schema for editors: a string, otherwise unused. */
function checkSchemaField(root: unknown): void {
  if (!isPlainObject(root)) return;
  const value = readOwnData(root, '$schema');
  if (value === HOLE || value === ACCESSOR || typeof value === 'string') return; // an accessor is refused as the root is read
  throw new ConfigError({
    code: 'wrong_type',
    segments: ['$schema'],
    problem: `expected a string (the URL or path of the JSON Schema), got ${describeValue(value)}`,
  });
}

/**
 * Parses a suite config: `{ suite_name, scenarios: [{ scenario_name,
 * initial_state?, missions: [{ name, params?, key? }] }] }`.
 *
 * @throws ConfigError naming the location, e.g. `scenarios[2].missions[0].name: expected a string, got a number`.
 * @example
 * ```ts
 * const suite = parseSuiteDefinition(yaml.parse(text));
 * ```
 */
export function parseSuiteDefinition(config: unknown): ValidSuite {
  checkSchemaField(config);
  return readSuite(CONFIG, config, 'config');
}

/**
 * Internal (not for users; not covered by semver): {@link parseSuiteDefinition} for data the caller parsed from
 * text and gives up, no container in it twice (JSON.parse's output): it keeps the data, frozen, instead of a copy.
 */
export function adoptSuiteConfig(config: unknown): ValidSuite {
  checkSchemaField(config);
  return readSuite(PARSED_CONFIG, config, 'config');
}

/**
 * Parses an expectations config: `{ expectations: [{ id, scenario_name,
 * mission_name, path, op, expected? }] }`.
 *
 * @throws ConfigError naming the location, e.g. `expectations[3].op: expected one of 'eq', ...`.
 */
export function parseExpectationsDefinition(config: unknown): ValidExpectations {
  return readExpectationsConfig(CONFIG, config);
}

/** Internal (not for users; not covered by semver): {@link parseExpectationsDefinition} as {@link adoptSuiteConfig} reads. */
export function adoptExpectationsConfig(config: unknown): ValidExpectations {
  return readExpectationsConfig(PARSED_CONFIG, config);
}

function readExpectationsConfig(reader: Reader, config: unknown): ValidExpectations {
  checkSchemaField(config);
  const root = reader.open(config, 'config', [], EXPECTATIONS);
  return readExpectationList(reader, reader.list(root, 'expectations', 'an array of expectations'), 'config');
}

/**
 * Parses both configs, then runs the test run. Nothing runs unless both parse.
 *
 * @example
 * ```ts
 * const run = runTestRunFromConfig(suiteConfig, expectationsConfig);
 * console.log(run.passed, run.metadata.testRunHash);
 * ```
 */
export function runTestRunFromConfig(suiteConfig: unknown, expectationsConfig: unknown, options?: RegistryOptions): TestRunResult {
  const suite = parseSuiteDefinition(suiteConfig);
  const expectations = parseExpectationsDefinition(expectationsConfig);
  return runTestRun(suite, expectations, options);
}
