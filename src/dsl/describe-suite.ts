/**
 * `describeSuite`: a suite as one test per scenario and per expectation, so
 * runner reporters show each; with a shard spec it registers only one shard's
 * scenarios and records the shard's part file.
 */
import { writeFileAtomicSync } from '../io/write-file-atomic.js';
import { DefinitionError } from '../data/errors.js';
import { validateExpectations, type Expectation, type ExpectationsDefinition, type ValidExpectation, type ValidExpectations } from '../harness/expectations.js';
import { readOptions } from '../data/fields.js';
import { describeValue } from '../data/common.js';
import { partText } from '../parts/part.js';
import { registryOption, type RegistryOptions } from '../runtime/registry.js';
import type { ValidScenario } from '../harness/scenario.js';
import { validateSuite, type SuiteDefinition, type ValidSuite } from '../harness/suite.js';
import { atCallSite, checkVerdict, expectationTitle } from './expectation-test.js';
import { emptyResult, resultOf, scenarioRuns, verdictOf, type ScenarioRuns } from './scenario-runs.js';
import { isMine, shardPart, shardingOf, type Sharding } from './shard-part.js';
import type { ShardSpec } from '../parts/shard.js';
import { metaOf, resolveTestApi, type TestApi } from './test-api.js';

export { ExpectationFailure } from './expectation-test.js';
export type { TestApi, TestBody } from './test-api.js';

/** The options of {@link describeSuite}, by name. */
const DESCRIBE_SUITE_OPTIONS = Object.freeze(['registry', 'describe', 'it', 'shard', 'out', 'record', 'passWithNoExpectations'] as const);

/** Options of {@link describeSuite}. */
export interface DescribeSuiteOptions extends RegistryOptions, Partial<TestApi> {
  /**
   * Register only the scenarios of this shard (and the expectations on them):
   * `'i/n'` or `{ index, count }`. Default: `TIER2_SHARD` from the
   * environment, else the whole suite. A scenario's shard depends on its name
   * only (see docs/sharding.md).
   */
  readonly shard?: string | ShardSpec;
  /**
   * Write the shard's part file (the format of `tier2 run --out`, for
   * `tier2 merge`) to this path, in a last test. Default: `TIER2_SHARD_OUT`.
   */
  readonly out?: string;
  /**
   * Register the last test that records the part (in the test's `meta`, for
   * `tier2-harness/reporter`) even without a shard spec or `out`. Default: true
   * when a shard spec or `out` is given.
   */
  readonly record?: boolean;
  /**
   * Accept a suite without any expectation (default false: such a suite
   * registers a failing test `has expectations`, because its tests would only
   * check that each scenario runs). A shard that holds none of the suite's
   * expectations is fine either way.
   */
  readonly passWithNoExpectations?: boolean;
}

/** What the registering functions share: the validated definitions, the runner, the shard and the scenario runs. */
interface Registration {
  readonly suite: ValidSuite;
  readonly expectations: ValidExpectations;
  readonly api: TestApi;
  readonly sharding: Sharding;
  readonly runs: ScenarioRuns;
  /** Where the user called describeSuite: failures point there. */
  readonly callSite: { readonly stack?: string };
}

function passWithNoExpectationsOf(value: unknown): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  throw new DefinitionError({
    code: 'wrong_type',
    subject: 'describeSuite',
    segments: ['passWithNoExpectations'],
    root: 'options',
    problem: `expected true or false, got ${describeValue(value)}`,
  });
}

/** The failing test of a suite without expectations: its tests would check nothing but that the scenarios run. */
function registerNoExpectations(plan: Registration): void {
  plan.api.it('has expectations', () => {
    throw atCallSite(
      new DefinitionError({
        code: 'empty',
        subject: 'describeSuite',
        segments: ['expectations'],
        problem: `suite '${plan.suite.name}' has no expectations, so its tests would only check that each scenario runs. Were the expectations filtered to nothing, or not passed? Pass { passWithNoExpectations: true } if running the scenarios is all you mean to test`,
      }),
      plan.callSite,
    );
  });
}

/** A scenario's tests: `runs`, then one per expectation on it. */
function registerScenario(plan: Registration, scenario: ValidScenario, expectations: readonly ValidExpectation[]): void {
  plan.api.describe(`scenario '${scenario.name}'`, () => {
    plan.api.it('runs', (...args: unknown[]) => {
      const result = resultOf(plan.runs, scenario);
      const meta = metaOf(args);
      if (meta) meta.tier2 = { scenario: scenario.name, scenarioHash: result.scenarioResults.get(scenario.name)?.metadata.scenarioHash };
    });
    for (const expectation of expectations) {
      plan.api.it(expectationTitle(expectation), (...args: unknown[]) =>
        checkVerdict(expectation, verdictOf(expectation, resultOf(plan.runs, scenario)), metaOf(args), plan.callSite),
      );
    }
  });
}

/** An expectation on a scenario the suite lacks fails as `scenario_missing`, in its own test. */
function registerMissingScenario(plan: Registration, expectation: ValidExpectation): void {
  plan.api.it(expectationTitle(expectation), (...args: unknown[]) =>
    checkVerdict(expectation, verdictOf(expectation, emptyResult(plan.runs)), metaOf(args), plan.callSite),
  );
}

/** The last test: records the shard's part in its `meta` and, with `out`, in a file. */
function registerPartTest(plan: Registration): void {
  const { shard, out } = plan.sharding;
  const label = shard === undefined ? 'the whole suite' : `shard ${shard.index}/${shard.count}`;
  plan.api.it(`tier2 part: ${label}${out === undefined ? '' : ` → ${out}`}`, (...args: unknown[]) => {
    const text = partText(shardPart(plan.suite, plan.expectations, plan.sharding, plan.runs));
    const meta = metaOf(args);
    if (meta) meta.tier2Part = text;
    if (out !== undefined) writeFileAtomicSync(out, text);
  });
}

/** Every test of the call, inside the suite's `describe`. */
function registerTests(plan: Registration, passWithNoExpectations: boolean): void {
  if (plan.expectations.expectations.length === 0 && !passWithNoExpectations) registerNoExpectations(plan);
  const byScenario = new Map<string, ValidExpectation[]>();
  for (const expectation of plan.expectations.expectations) {
    byScenario.set(expectation.scenario, [...(byScenario.get(expectation.scenario) ?? []), expectation]);
  }
  for (const scenario of plan.suite.scenarios) {
    if (isMine(plan.sharding, scenario.name)) registerScenario(plan, scenario, byScenario.get(scenario.name) ?? []);
  }
  const known = new Set(plan.suite.scenarios.map((scenario) => scenario.name));
  for (const expectation of plan.expectations.expectations) {
    if (!known.has(expectation.scenario) && isMine(plan.sharding, expectation.scenario)) registerMissingScenario(plan, expectation);
  }
  if (plan.sharding.record) registerPartTest(plan);
}

/**
 * Registers one test per scenario (it runs) and one per expectation (it holds)
 * with the runner, grouped as `suite '<name>' > scenario '<name>'`. Each
 * scenario runs at most once, lazily, in the test that first needs it.
 *
 * A suite without any expectation registers a failing test `has expectations`
 * (its other tests would check nothing but that the scenarios run), unless
 * `options.passWithNoExpectations` is true.
 *
 * The runners' own `--shard` splits by test file, so it cannot spread one
 * suite. With a shard spec (`options.shard` or `TIER2_SHARD=i/n`) only that
 * shard's scenarios and their expectations are registered, plus a last test
 * that records the shard's part (in Vitest's `task.meta`, and in the file
 * `options.out` / `TIER2_SHARD_OUT`) for `tier2 merge` or
 * `tier2-harness/reporter` (docs/sharding.md).
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
  // Where the user called describeSuite: a failing test's stack points there, at the user's test file.
  const callSite: { stack?: string } = {};
  Error.captureStackTrace(callSite, describeSuite);
  const validSuite = validateSuite(suite, 'describeSuite: suite');
  const validExpectations = validateExpectations(expectations, 'describeSuite: expectations');
  const given = readOptions('describeSuite', options ?? undefined, DESCRIBE_SUITE_OPTIONS) as DescribeSuiteOptions;
  const api = resolveTestApi(given);
  const passWithNoExpectations = passWithNoExpectationsOf(given.passWithNoExpectations);
  const runs = scenarioRuns(validSuite.name, { registry: registryOption(given.registry, 'describeSuite') });
  const plan: Registration = { suite: validSuite, expectations: validExpectations, api, sharding: shardingOf(given), runs, callSite };
  api.describe(`suite '${validSuite.name}'`, () => registerTests(plan, passWithNoExpectations));
}
