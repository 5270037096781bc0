/**
 * The config adapter: suites and expectations written as data (YAML/JSON, in
 * the reference's snake_case schema) turned into validated definitions. Every
 * problem is a {@link ConfigError} naming its exact location; an unknown
 * field is an error that suggests the closest known one (a misspelt field is
 * never dropped); inputs are never mutated.
 */
import { ConfigError, DefinitionError, type ErrorCode } from '../data/errors.js';
import {
  EXPECTATION_OPS,
  isPresenceOp,
  isSegmentList,
  noExpectedProblem,
  segmentsCache,
  trustedExpectation,
  trustedExpectations,
  type ExpectationOp,
  type ValidExpectations,
} from './expectations.js';
import { checkNames } from '../data/fields.js';
import {
  ACCESSOR,
  describeValue,
  getOwn,
  hasOwn,
  isPlainObject,
  readOwnData,
  toFrozenJson,
  type JsonObject,
  type JsonValue,
  type PathSegment,
} from '../data/json.js';
import type { RegistryOptions } from '../runtime/registry.js';
import { trustedScenario } from './scenario.js';
import { trustedSuite, type ValidSuite } from './suite.js';
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

/** The fields of a suite config (`expectations`: the combined single-file form; `$schema`: for editors). */
export const SUITE_CONFIG_FIELDS = Object.freeze(['$schema', 'suite_name', 'scenarios', 'expectations'] as const);
/** The fields of a scenario in config. */
export const SCENARIO_CONFIG_FIELDS = Object.freeze(['scenario_name', 'initial_state', 'missions'] as const);
/** The fields of a mission call in config. */
export const MISSION_CALL_CONFIG_FIELDS = Object.freeze(['name', 'params', 'key'] as const);
/** The fields of an expectations config (`$schema`: for editors). */
export const EXPECTATIONS_CONFIG_FIELDS = Object.freeze(['$schema', 'expectations'] as const);
/** The fields of an expectation in config. */
export const EXPECTATION_CONFIG_FIELDS = Object.freeze(['id', 'scenario_name', 'mission_name', 'path', 'op', 'expected'] as const);

type Path = PathSegment[];

// Captured at load time so user stubs of globals cannot change the checks.
const { getOwnPropertyNames } = Object;

/** The known ops, as listed in messages. */
const OPS_TEXT = EXPECTATION_OPS.map((known) => `'${known}'`).join(', ');

function problem(path: Path, message: string, code: ErrorCode): ConfigError {
  return new ConfigError({ code, segments: path, problem: message });
}

/** The same problem as a config error: its code, path and problem, without the definition's subject. */
function fromDefinitionError(error: DefinitionError): ConfigError {
  return new ConfigError({ code: error.code, segments: error.segments, problem: error.problem, cause: error });
}

function objectAt(value: unknown, path: Path, shape: string, fields?: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw problem(path, `expected an object ${shape}, got ${describeValue(value)}`, 'wrong_type');
  const names = getOwnPropertyNames(value);
  // A getter would run user code and could answer differently on each read: config is data only.
  for (const key of names) {
    if (readOwnData(value, key) === ACCESSOR) throw problem([...path, key], `a getter/setter property is not config data; expected a plain value`, 'not_json');
  }
  // A field the schema does not know is most likely a misspelt one: refused, never dropped.
  if (fields !== undefined) checkNames(names, fields, (key, message) => problem([...path, key], message, 'unknown_field'));
  return value;
}

function required(source: Record<string, unknown>, key: string, path: Path, expected: string): unknown {
  if (!hasOwn(source, key) || source[key] === undefined) throw problem([...path, key], `required field is missing; expected ${expected}`, 'missing_field');
  return getOwn(source, key);
}

function stringAt(source: Record<string, unknown>, key: string, path: Path): string {
  const value = required(source, key, path, 'a string');
  if (typeof value !== 'string') throw problem([...path, key], `expected a string, got ${describeValue(value)}`, 'wrong_type');
  return value;
}

function arrayAt(source: Record<string, unknown>, key: string, path: Path): unknown[] {
  const value = required(source, key, path, 'a list');
  if (!Array.isArray(value)) throw problem([...path, key], `expected a list, got ${describeValue(value)}`, 'wrong_type');
  return Array.from(value as unknown[]); // holes become undefined, reported at their index
}

function jsonAt(value: unknown, path: Path): JsonValue {
  try {
    return toFrozenJson(value, { at: path, subject: 'config' });
  } catch (error) {
    if (DefinitionError.isDefinitionError(error)) throw fromDefinitionError(error);
    throw error;
  }
}

function jsonObjectAt(value: unknown, path: Path, shape: string): JsonObject {
  objectAt(value, path, shape);
  return jsonAt(value, path) as JsonObject;
}

/** `$schema`, when given, names the JSON Schema for editors: a string, otherwise unused. */
function schemaAt(root: Record<string, unknown>): void {
  if (hasOwn(root, '$schema') && typeof root.$schema !== 'string')
    throw problem(['$schema'], `expected a string (the URL or path of the JSON Schema), got ${describeValue(root.$schema)}`, 'wrong_type');
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
  const root = objectAt(config, [], '{ suite_name, scenarios }', SUITE_CONFIG_FIELDS);
  schemaAt(root);
  const name = stringAt(root, 'suite_name', []);
  const scenarioNames = new Map<string, number>();
  const scenarios = arrayAt(root, 'scenarios', []).map((rawScenario, index) => {
    const at: Path = ['scenarios', index];
    const scenario = objectAt(rawScenario, at, '{ scenario_name, initial_state?, missions }', SCENARIO_CONFIG_FIELDS);
    const scenarioName = stringAt(scenario, 'scenario_name', at);
    const earlier = scenarioNames.get(scenarioName);
    if (earlier !== undefined) {
      throw problem(
        [...at, 'scenario_name'],
        `scenario name '${scenarioName}' is already used by scenarios[${earlier}]; names must be unique in a suite`,
        'duplicate',
      );
    }
    scenarioNames.set(scenarioName, index);
    const initialState =
      hasOwn(scenario, 'initial_state') && scenario.initial_state !== undefined && scenario.initial_state !== null
        ? jsonObjectAt(scenario.initial_state, [...at, 'initial_state'], 'of JSON data')
        : undefined;
    const keys = new Map<string, number>();
    const missions = arrayAt(scenario, 'missions', at).map((rawCall, callIndex) => {
      const callAt: Path = [...at, 'missions', callIndex];
      const call = objectAt(rawCall, callAt, '{ name, params?, key? }', MISSION_CALL_CONFIG_FIELDS);
      const mission = stringAt(call, 'name', callAt);
      const key = hasOwn(call, 'key') && call.key !== undefined && call.key !== null ? call.key : mission;
      if (typeof key !== 'string') throw problem([...callAt, 'key'], `expected a string, got ${describeValue(key)}`, 'wrong_type');
      const earlierCall = keys.get(key);
      if (earlierCall !== undefined) {
        throw problem(
          callAt,
          `mission key '${key}' is already used by missions[${earlierCall}]; keys must be unique in a scenario — add a distinct 'key' to run a mission twice`,
          'duplicate',
        );
      }
      keys.set(key, callIndex);
      const params =
        hasOwn(call, 'params') && call.params !== undefined && call.params !== null
          ? jsonObjectAt(call.params, [...callAt, 'params'], 'of JSON data (or null)')
          : undefined;
      return { mission, key, params };
    });
    // Everything validateScenario checks was checked above, on data frozen here: no second walk.
    return trustedScenario(scenarioName, initialState, missions);
  });
  return trustedSuite(name, scenarios);
}

/**
 * Parses an expectations config: `{ expectations: [{ id, scenario_name,
 * mission_name, path, op, expected? }] }`.
 *
 * @throws ConfigError naming the location, e.g. `expectations[3].op: expected one of 'eq', ...`.
 */
export function parseExpectationsDefinition(config: unknown): ValidExpectations {
  const root = objectAt(config, [], '{ expectations }', EXPECTATIONS_CONFIG_FIELDS);
  schemaAt(root);
  const ids = new Map<string, number>();
  const segmentsOf = segmentsCache();
  // Each expectation is checked here as validateExpectations would, and built valid: no second walk.
  const expectations = arrayAt(root, 'expectations', []).map((raw, index) => {
    const at: Path = ['expectations', index];
    const entry = objectAt(raw, at, '{ id, scenario_name, mission_name, path, op, expected? }', EXPECTATION_CONFIG_FIELDS);
    const id = stringAt(entry, 'id', at);
    const earlier = ids.get(id);
    if (earlier !== undefined)
      throw problem([...at, 'id'], `expectation id '${id}' is already used by expectations[${earlier}]; ids must be unique`, 'duplicate');
    ids.set(id, index);
    const scenario = stringAt(entry, 'scenario_name', at);
    const mission = stringAt(entry, 'mission_name', at);
    const path = required(entry, 'path', at, 'a dot-separated string or a list of segments');
    if (typeof path !== 'string' && !isSegmentList(path)) {
      throw problem([...at, 'path'], `expected a dot-separated string or a list of segments, got ${describeValue(path)}`, 'wrong_type');
    }
    const op = required(entry, 'op', at, `one of ${OPS_TEXT}`);
    if (typeof op !== 'string' || !(EXPECTATION_OPS as readonly string[]).includes(op)) {
      throw problem(
        [...at, 'op'],
        `expected one of ${OPS_TEXT}, got ${typeof op === 'string' ? `'${op}'` : describeValue(op)}`,
        typeof op === 'string' ? 'invalid_value' : 'wrong_type',
      );
    }
    const expected = hasOwn(entry, 'expected') && entry.expected !== undefined ? jsonAt(entry.expected, [...at, 'expected']) : undefined;
    if (expected !== undefined && isPresenceOp(op)) throw problem([...at, 'expected'], noExpectedProblem(op), 'conflict');
    return trustedExpectation(id, scenario, mission, path, op as ExpectationOp, expected ?? null, segmentsOf);
  });
  return trustedExpectations(expectations);
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
