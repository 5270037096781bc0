/**
 * `describeSuite`: a suite as one test per scenario and per expectation, so
 * runner reporters show each; with a shard spec it registers only one shard's
 * scenarios and records the shard's part file.
 */
import { dottedPath } from '../data/path-text.js';
import { writeFileAtomicSync } from '../io/write-file-atomic.js';
import { brand, isBranded } from '../data/brand.js';
import { DefinitionError } from '../data/errors.js';
import {
  evaluateExpectations,
  isPresenceOp,
  validateExpectations,
  type Expectation,
  type ExpectationResult,
  type ExpectationsDefinition,
  type ValidExpectation,
  type ValidExpectations,
} from '../harness/expectations.js';
import { readOptions } from '../data/fields.js';
import { hasOwn } from '../data/json.js';
import { partDocument, partText, type PartExpectationOutcome, type PartMissionError, type PartScenarioOutcome } from '../parts/part.js';
import { registryOption, resolveRegistry, type RegistryOptions } from '../runtime/registry.js';
import type { ScenarioResult, ValidScenario } from '../harness/scenario.js';
import { inShard, parseShardSpec, type ShardSpec } from '../parts/shard.js';
import { runSuite, validateSuite, type SuiteDefinition, type SuiteResult, type ValidSuite } from '../harness/suite.js';

/** The options of {@link describeSuite}, by name. */
const DESCRIBE_SUITE_OPTIONS = Object.freeze(['registry', 'describe', 'it', 'shard', 'out', 'record'] as const);

/** A test function as Vitest and Jest call it. */
export type TestBody = () => void | Promise<void>;

/** The runner functions `describeSuite` registers tests with: Vitest's or Jest's `describe` and `it`. */
export interface TestApi {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: TestBody) => void;
}

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
}

/** The shard and part file a `describeSuite` call works with: from its options, else the environment. */
function shardingOf(options: DescribeSuiteOptions): { shard: ShardSpec | undefined; out: string | undefined; record: boolean } {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const given = options.shard ?? (env.TIER2_SHARD === undefined || env.TIER2_SHARD === '' ? undefined : env.TIER2_SHARD);
  let shard: ShardSpec | undefined;
  if (typeof given === 'string') shard = parseShardSpec(given, options.shard === undefined ? 'describeSuite: TIER2_SHARD' : 'describeSuite: options.shard');
  else if (given !== undefined) shard = parseShardSpec(`${String(given.index)}/${String(given.count)}`, 'describeSuite: options.shard');
  const out = options.out ?? (env.TIER2_SHARD_OUT === '' ? undefined : env.TIER2_SHARD_OUT);
  return { shard, out, record: options.record ?? (shard !== undefined || out !== undefined) };
}

/** The first mission of a scenario that raises, found by running its calls one at a time (as `tier2 run` does). */
function raisingMission(scenario: ValidScenario, options: RegistryOptions, error: unknown): PartMissionError {
  const registry = resolveRegistry(options, 'describeSuite');
  const data = (thrown: unknown): PartMissionError['error'] =>
    thrown instanceof Error
      ? { name: thrown.name, message: thrown.message, ...(thrown.stack ? { stack: thrown.stack } : {}) }
      : { name: 'thrown value', message: String(thrown) };
  for (const call of scenario.missions) {
    try {
      registry.run(call.mission, { initialState: scenario.initialState }, call.params);
    } catch (thrown) {
      return { key: call.key, mission: call.mission, error: data(thrown) };
    }
  }
  const first = scenario.missions[0];
  return { key: first?.key ?? '', mission: first?.mission ?? '', error: data(error) };
}

/** The `meta` object of the test whose context Vitest passes as the first argument; Jest passes none. */
function metaOf(args: readonly unknown[]): Record<string, unknown> | undefined {
  const task = (args[0] as { task?: { meta?: unknown } } | undefined)?.task;
  return typeof task?.meta === 'object' && task.meta !== null ? (task.meta as Record<string, unknown>) : undefined;
}

/** A failed expectation under {@link describeSuite}, with the verdict as the runner's diff. */
export class ExpectationFailure extends Error {
  /** The value the expectation compared against. */
  readonly expected: unknown;
  /** The value found at the path (null when it did not resolve). */
  readonly actual: unknown;
  /** Runners render a diff of `expected` and `actual` when this is set. */
  readonly showDiff: boolean;

  /** Not for users (kept in the declarations, so that `new` needs its arguments). */
  constructor(message: string, expected: unknown, actual: unknown, showDiff: boolean) {
    super(message);
    this.name = 'ExpectationFailure';
    this.expected = expected;
    this.actual = actual;
    this.showDiff = showDiff;
  }

  /** True for an ExpectationFailure from any copy of this version of the package. */
  static isExpectationFailure(value: unknown): value is ExpectationFailure {
    return isBranded(value, 'ExpectationFailure');
  }
}
brand(ExpectationFailure, 'ExpectationFailure');

function resolveTestApi(options: { readonly describe?: unknown; readonly it?: unknown }): TestApi {
  const globals = globalThis as { describe?: unknown; it?: unknown };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new DefinitionError({
      code: 'missing_field',
      subject: 'describeSuite',
      segments: ['options'],
      placeInProblem: true,
      problem:
        "no describe/it to register tests with: pass them, e.g. describeSuite(suite, expectations, { describe, it }) with describe and it imported from 'vitest' or '@jest/globals', or enable the runner's globals",
    });
  }
  return { describe: describe as TestApi['describe'], it: it as TestApi['it'] };
}

function pathText(expectation: ValidExpectation): string {
  return dottedPath(expectation.path);
}

/** The test title of an expectation: its id and what it checks. */
function expectationTitle(expectation: ValidExpectation): string {
  const what = `${expectation.mission} ${pathText(expectation) || '(whole result)'} ${expectation.op}`;
  return `${expectation.id}: ${what}${isPresenceOp(expectation.op) ? '' : ` ${JSON.stringify(expectation.expected)}`}`;
}

/**
 * Registers one test per scenario (it runs) and one per expectation (it holds)
 * with the runner, grouped as `suite '<name>' > scenario '<name>'`. Each
 * scenario runs at most once, lazily, in the test that first needs it.
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
  // Where the user called describeSuite: a failing expectation's stack points there, at the user's test
  // file, instead of into this package (whose sources are not installed).
  const callSite: { stack?: string } = {};
  Error.captureStackTrace(callSite, describeSuite);
  const validSuite = validateSuite(suite, 'describeSuite: suite');
  const validExpectations = validateExpectations(expectations, 'describeSuite: expectations');
  const given = readOptions('describeSuite', options ?? undefined, DESCRIBE_SUITE_OPTIONS) as DescribeSuiteOptions;
  const { describe, it } = resolveTestApi(given);
  const sharding = shardingOf(given);
  const mine = (name: string): boolean => sharding.shard === undefined || inShard(name, sharding.shard);
  const registry = { registry: registryOption(given.registry, 'describeSuite') };
  const outcomes = new Map<string, { result: SuiteResult } | { error: unknown }>();
  const outcomeOf = (scenario: ValidScenario): { result: SuiteResult } | { error: unknown } => {
    let outcome = outcomes.get(scenario.name);
    if (outcome === undefined) {
      try {
        outcome = { result: runSuite({ name: validSuite.name, scenarios: [scenario] }, registry) };
      } catch (error) {
        outcome = { error };
      }
      outcomes.set(scenario.name, outcome);
    }
    return outcome;
  };
  const resultOf = (scenario: ValidScenario): SuiteResult => {
    const outcome = outcomeOf(scenario);
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  };
  const noScenarios = (): SuiteResult => runSuite({ name: validSuite.name, scenarios: [] }, registry);
  const verdictOf = (expectation: ValidExpectation, result: SuiteResult): ExpectationResult =>
    evaluateExpectations(result, { expectations: [expectation] }).results.get(expectation.id) as ExpectationResult;
  const check = (expectation: ValidExpectation, result: SuiteResult, meta: Record<string, unknown> | undefined): void => {
    const verdict = verdictOf(expectation, result);
    // Own properties only: a `reason` or `message` inherited from a polluted Object.prototype is not part of the verdict.
    const ownReason = hasOwn(verdict.details, 'reason') ? verdict.details.reason : undefined;
    if (meta) meta.tier2 = { expectation: verdict.id, passed: verdict.passed, ...(ownReason ? { reason: ownReason } : {}) };
    if (verdict.passed) return;
    const reason = ownReason ?? 'failed';
    const lines = [
      `expectation '${verdict.id}' failed: ${reason}${hasOwn(verdict.details, 'message') ? ` (${verdict.details.message})` : ''}`,
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
  const known = new Set(validSuite.scenarios.map((scenario) => scenario.name));
  const byName = new Map(validSuite.scenarios.map((scenario) => [scenario.name, scenario]));
  /** The shard's part: every scenario of the shard run (once), every expectation on them judged. */
  const part = (): object =>
    partDocument(
      validSuite,
      validExpectations,
      sharding.shard ?? { index: 1, count: 1 },
      (scenario): PartScenarioOutcome | undefined => {
        if (!mine(scenario.name)) return undefined;
        const outcome = outcomeOf(scenario);
        if ('error' in outcome) return { missionError: raisingMission(scenario, registry, outcome.error) };
        return { result: outcome.result.scenarioResults.get(scenario.name) as ScenarioResult };
      },
      (expectation): PartExpectationOutcome | undefined => {
        if (!mine(expectation.scenario)) return undefined;
        const scenario = byName.get(expectation.scenario);
        let result: SuiteResult;
        if (scenario === undefined) result = noScenarios();
        else {
          const outcome = outcomeOf(scenario);
          if ('error' in outcome) return { status: 'error' };
          result = outcome.result;
        }
        const verdict = verdictOf(expectation, result);
        return { status: verdict.passed ? 'passed' : 'failed', result: verdict };
      },
    );
  describe(`suite '${validSuite.name}'`, () => {
    for (const scenario of validSuite.scenarios) {
      if (!mine(scenario.name)) continue;
      describe(`scenario '${scenario.name}'`, () => {
        it('runs', (...args: unknown[]) => {
          const result = resultOf(scenario);
          const meta = metaOf(args);
          if (meta) meta.tier2 = { scenario: scenario.name, scenarioHash: result.scenarioResults.get(scenario.name)?.metadata.scenarioHash };
        });
        for (const expectation of byScenario.get(scenario.name) ?? []) {
          it(expectationTitle(expectation), (...args: unknown[]) => check(expectation, resultOf(scenario), metaOf(args)));
        }
      });
    }
    for (const expectation of validExpectations.expectations) {
      if (known.has(expectation.scenario) || !mine(expectation.scenario)) continue;
      // An expectation on a scenario the suite lacks fails as scenario_missing, in its own test.
      it(expectationTitle(expectation), (...args: unknown[]) => check(expectation, noScenarios(), metaOf(args)));
    }
    if (sharding.record) {
      const label = sharding.shard === undefined ? 'the whole suite' : `shard ${sharding.shard.index}/${sharding.shard.count}`;
      it(`tier2 part: ${label}${sharding.out === undefined ? '' : ` → ${sharding.out}`}`, (...args: unknown[]) => {
        const text = partText(part());
        const meta = metaOf(args);
        if (meta) meta.tier2Part = text;
        if (sharding.out !== undefined) writeFileAtomicSync(sharding.out, text);
      });
    }
  });
}
