/**
 * The definitions of the DSL for suites written as ordinary test files:
 * `defineScenario`, `defineSuite`, `defineExpectations` and `mission(...)`
 * validate eagerly and deep-freeze what they return.
 */
import { DefinitionError } from '../data/errors.js';
import { readOptions } from '../data/fields.js';
import { describeValue, type JsonObjectInput } from '../data/json.js';
import { validateExpectations, type Expectation, type ExpectationsDefinition, type ValidExpectations } from '../harness/expectations.js';
import { validateScenario, type ScenarioDefinition, type ValidMissionCall, type ValidScenario } from '../harness/scenario.js';
import { validateSuite, type SuiteDefinition, type ValidSuite } from '../harness/suite.js';

/**
 * Validates a scenario now (not when it first runs) and returns it deep-frozen.
 *
 * @throws DefinitionError naming the field at fault, e.g. a duplicate mission key (HB-T2-HAR-01).
 * @example
 * ```ts
 * const smoke = defineScenario({ name: 'smoke', initialState: { day: 1 }, missions: [mission('echo', { x: 1 })] });
 * ```
 */
export function defineScenario(definition: ScenarioDefinition): ValidScenario {
  return validateScenario(definition, 'defineScenario');
}

/**
 * Validates a suite now and returns it deep-frozen.
 *
 * @throws DefinitionError naming the field at fault, e.g. a duplicate scenario name (HB-T2-SUITE-03).
 * @example
 * ```ts
 * const nightly = defineSuite({ name: 'nightly', scenarios: [smoke] });
 * ```
 */
export function defineSuite(definition: SuiteDefinition): ValidSuite {
  return validateSuite(definition, 'defineSuite');
}

/**
 * Validates a collection of expectations now and returns it deep-frozen.
 * `gt`/`lt` take a number or a string; `eq`/`ne` any JSON value.
 *
 * @throws DefinitionError naming the field at fault, e.g. a duplicate id (HB-T2-EXP-04).
 * @example
 * ```ts
 * const checks = defineExpectations([
 *   { id: 'echo-ok', scenario: 'smoke', mission: 'echo', path: 'success', op: 'eq', expected: true },
 * ]);
 * ```
 */
export function defineExpectations(definition: ExpectationsDefinition | readonly Expectation[]): ValidExpectations {
  return validateExpectations(definition, 'defineExpectations');
}

/** Options of {@link mission}. */
export interface MissionCallOptions {
  /** The key the result is stored under (default: the mission name); needed to run a mission twice in a scenario. */
  readonly key?: string;
}

/**
 * A mission call for a scenario, validated and deep-frozen.
 *
 * @example
 * ```ts
 * defineScenario({ name: 'twice', missions: [mission('echo', { n: 1 }), mission('echo', { n: 2 }, { key: 'echo-2' })] });
 * ```
 */
export function mission(name: string, params?: JsonObjectInput | null, options: MissionCallOptions = {}): ValidMissionCall {
  if (typeof options !== 'object' || options === null) {
    const problem = `options must be { key? }, got ${describeValue(options)}`;
    throw new DefinitionError({ code: 'wrong_type', subject: 'mission', segments: ['options'], placeInProblem: true, problem });
  }
  const { key } = readOptions('mission', options, MISSION_CALL_OPTIONS);
  const call = { mission: name, ...(params === undefined ? {} : { params }), ...(key === undefined ? {} : { key }) };
  const [valid] = validateScenario({ name: 'mission', missions: [call] }, 'mission').missions;
  return valid as ValidMissionCall;
}

/** The options of {@link mission}, by name. */
const MISSION_CALL_OPTIONS = Object.freeze(['key'] as const);
