/**
 * The DSL for suites written as ordinary test files: `defineScenario`,
 * `defineSuite`, `defineExpectations` and `mission(...)` validate eagerly and
 * deep-freeze; `describeSuite` turns a suite into one test per scenario and
 * per expectation, so runner reporters show each and `--shard` spreads them.
 */
import { DefinitionError } from './errors.js';
import {
  evaluateExpectations,
  validateExpectations,
  type Expectation,
  type ExpectationsDefinition,
  type ValidExpectation,
  type ValidExpectations,
} from './expectations.js';
import { describeValue, type JsonObjectInput } from './json.js';
import type { RegistryOptions } from './registry.js';
import { validateScenario, type ScenarioDefinition, type ValidMissionCall, type ValidScenario } from './scenario.js';
import { runSuite, validateSuite, type SuiteDefinition, type SuiteResult, type ValidSuite } from './suite.js';

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
  if (typeof options !== 'object' || options === null) throw new DefinitionError(`mission: options must be { key? }, got ${describeValue(options)}`, 'options');
  const call = { mission: name, ...(params === undefined ? {} : { params }), ...(options.key === undefined ? {} : { key: options.key }) };
  const [valid] = validateScenario({ name: 'mission', missions: [call] }, 'mission').missions;
  return valid as ValidMissionCall;
}

/** A test function as Vitest and Jest call it. */
export type TestBody = () => void | Promise<void>;

/** The runner functions `describeSuite` registers tests with: Vitest's or Jest's `describe` and `it`. */
export interface TestApi {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: TestBody) => void;
}

/** Options of {@link describeSuite}. */
export interface DescribeSuiteOptions extends RegistryOptions, Partial<TestApi> {}

/** A failed expectation under {@link describeSuite}, with the verdict as the runner's diff. */
export class ExpectationFailure extends Error {
  /** The value the expectation compared against. */
  readonly expected: unknown;
  /** The value found at the path (null when it did not resolve). */
  readonly actual: unknown;
  /** Runners render a diff of `expected` and `actual` when this is set. */
  readonly showDiff: boolean;

  /** @internal */
  constructor(message: string, expected: unknown, actual: unknown, showDiff: boolean) {
    super(message);
    this.name = 'ExpectationFailure';
    this.expected = expected;
    this.actual = actual;
    this.showDiff = showDiff;
  }
}

function resolveTestApi(options: DescribeSuiteOptions): TestApi {
  const globals = globalThis as { describe?: unknown; it?: unknown };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new DefinitionError(
      "describeSuite: no describe/it to register tests with: pass them, e.g. describeSuite(suite, expectations, { describe, it }) with describe and it imported from 'vitest' or '@jest/globals', or enable the runner's globals",
      'options',
    );
  }
  return { describe: describe as TestApi['describe'], it: it as TestApi['it'] };
}

function pathText(expectation: ValidExpectation): string {
  return typeof expectation.path === 'string' ? expectation.path : expectation.path.join('.');
}

/** The test title of an expectation: its id and what it checks. */
function expectationTitle(expectation: ValidExpectation): string {
  const what = `${expectation.mission} ${pathText(expectation) || '(whole result)'} ${expectation.op}`;
  return `${expectation.id}: ${what}${expectation.op === 'exists' ? '' : ` ${JSON.stringify(expectation.expected)}`}`;
}

/**
 * Registers one test per scenario (it runs) and one per expectation (it holds)
 * with the runner, grouped as `suite '<name>' > scenario '<name>'`. Each
 * scenario runs at most once, lazily, in the test that first needs it, so a
 * shard runs only what its tests need.
 *
 * `describe` and `it` come from `options`, else from the runner's globals
 * (Vitest with `globals: true`, Jest by default); without either it throws.
 * Definitions are validated when `describeSuite` is called (at collection).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * describeSuite(nightly, checks, { describe, it });
 * ```
 */
export function describeSuite(
  suite: SuiteDefinition | ValidSuite,
  expectations: ExpectationsDefinition | ValidExpectations | readonly Expectation[] = [],
  options: DescribeSuiteOptions = {},
): void {
  // Where the user called describeSuite: a failing expectation's stack points there, at the user's test
  // file, instead of into this package (whose sources are not installed).
  const callSite: { stack?: string } = {};
  Error.captureStackTrace(callSite, describeSuite);
  const validSuite = validateSuite(suite, 'describeSuite: suite');
  const validExpectations = validateExpectations(expectations, 'describeSuite: expectations');
  const { describe, it } = resolveTestApi(options);
  const registry = options.registry === undefined ? {} : { registry: options.registry };
  const results = new Map<string, SuiteResult>();
  const resultOf = (scenario: ValidScenario): SuiteResult => {
    let result = results.get(scenario.name);
    if (result === undefined) {
      result = runSuite({ name: validSuite.name, scenarios: [scenario] }, registry);
      results.set(scenario.name, result);
    }
    return result;
  };
  const check = (expectation: ValidExpectation, result: SuiteResult): void => {
    const verdict = evaluateExpectations(result, { expectations: [expectation] }).results.get(expectation.id);
    if (verdict === undefined || verdict.passed) return;
    const reason = verdict.details.reason ?? 'failed';
    const lines = [
      `expectation '${verdict.id}' failed: ${reason}${verdict.details.message ? ` (${verdict.details.message})` : ''}`,
      `  scenario: ${verdict.scenario}`,
      `  mission:  ${verdict.mission}`,
      `  path:     ${pathText(expectation) || '(whole result)'}`,
      `  op:       ${verdict.op}`,
      `  expected: ${JSON.stringify(verdict.expected)}`,
      `  actual:   ${JSON.stringify(verdict.actual)}`,
    ];
    const failure = new ExpectationFailure(lines.join('\n'), verdict.expected, verdict.actual, verdict.op === 'eq');
    const frames = (callSite.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    if (frames.length > 0) failure.stack = [`${failure.name}: ${failure.message}`, ...frames].join('\n');
    throw failure;
  };
  const byScenario = new Map<string, ValidExpectation[]>();
  for (const expectation of validExpectations.expectations) {
    byScenario.set(expectation.scenario, [...(byScenario.get(expectation.scenario) ?? []), expectation]);
  }
  describe(`suite '${validSuite.name}'`, () => {
    for (const scenario of validSuite.scenarios) {
      describe(`scenario '${scenario.name}'`, () => {
        it('runs', () => {
          resultOf(scenario);
        });
        for (const expectation of byScenario.get(scenario.name) ?? []) {
          it(expectationTitle(expectation), () => check(expectation, resultOf(scenario)));
        }
      });
    }
    const known = new Set(validSuite.scenarios.map((scenario) => scenario.name));
    for (const expectation of validExpectations.expectations) {
      if (known.has(expectation.scenario)) continue;
      // An expectation on a scenario the suite lacks fails as scenario_missing, in its own test.
      it(expectationTitle(expectation), () => check(expectation, runSuite({ name: validSuite.name, scenarios: [] }, registry)));
    }
  });
}
