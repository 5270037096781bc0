/**
 * The runner-neutral side of the matchers: the context a matcher runs in (a
 * structural type both Vitest and Jest satisfy), what a matcher returns, and
 * the one interface that documents and types every matcher. The `/vitest` and
 * `/jest` entries adapt this interface to their runner in a few lines.
 */
import type { Expectation, ExpectationsDefinition, ValidExpectations } from '../src/harness/expectations.js';
import type { JsonObjectInput } from '../src/data/json.js';
import type { MissionRegistry } from '../src/runtime/registry.js';

/** `this.utils.matcherHint`'s options, as both runners accept them. */
export interface MatcherHintOptions {
  readonly isNot?: boolean;
  readonly promise?: string;
}

/**
 * The part of a runner's matcher context (`this` inside a matcher) that the
 * tier2-harness matchers use. Vitest's `MatcherState` and Jest's
 * `MatcherContext` both satisfy it, so the matchers need no suppressed errors.
 */
export interface MatcherContext {
  /** True under `.not` (Jest leaves it undefined otherwise). */
  readonly isNot?: boolean;
  /** `'resolves'` / `'rejects'` when chained after them. */
  readonly promise?: string;
  readonly currentTestName?: string;
  /** Jest (29.7+): the name of the test whose code is running, also in `test.concurrent`. */
  readonly currentConcurrentTestName?: () => string | undefined;
  /** Vitest 4+: the test of the `expect` that was called (present, if undefined, on every Vitest 4 context). */
  readonly task?: unknown;
  readonly testPath?: string;
  /** The runner's snapshot state; its update mode tells whether `-u` was given. */
  readonly snapshotState?: unknown;
  readonly utils: {
    matcherHint(matcherName: string, received?: string, expected?: string, options?: MatcherHintOptions): string;
    printExpected(value: unknown): string;
    printReceived(value: unknown): string;
  };
}

/** What a matcher returns: `pass` is the plain truth; the runner inverts it for `.not`. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/** Expectations as every tier2-harness API accepts them. */
export type ExpectationsInput = ExpectationsDefinition | ValidExpectations | readonly Expectation[];

/** Options of {@link Tier2Matchers.toMeetExpectations}. */
export interface ToMeetExpectationsOptions {
  /** The registry that runs a received suite definition's missions (default: the built-in registry). Needed for custom missions. */
  readonly registry?: MissionRegistry;
  /**
   * Pass when there is no expectation at all (default false: zero
   * expectations checked nothing, so the matcher fails, and `.not` too, as
   * Jest's and Vitest's `passWithNoTests` decide for an empty test run).
   */
  readonly passWithNoExpectations?: boolean;
}

/** Options of {@link Tier2Matchers.toBeDeterministic}. */
export interface ToBeDeterministicOptions {
  /** How many runs to compare (an integer >= 2; default 3). */
  readonly runs?: number;
  /** The registry to run missions from (default: the built-in registry). */
  readonly registry?: MissionRegistry;
  /** The initial state of a workflow or mission call (default `{}`). */
  readonly initialState?: JsonObjectInput;
  /**
   * Pass even when an ambient source (`Math.random`, `Date.now`, ...) was
   * called, as long as every run produced the same result (default false:
   * calling one fails, because a result that depends on the clock or on
   * chance is only equal by luck).
   */
  readonly allowAmbient?: boolean;
  /**
   * Compare thrown errors like results, so that a subject throwing the same
   * error (same name and message) on every run passes (default false: a run
   * that throws fails the matcher, and `.not` too, with each error and the runs
   * that threw it; a misspelt mission name must not pass as "deterministic").
   */
  readonly allowErrors?: boolean;
  /**
   * How long the runs of an async subject may take in all, in milliseconds
   * (default 5000; raise it together with the test's timeout).
   */
  readonly timeout?: number;
}

/** True when `T` is a function that returns a promise (not one typed `() => never`, which always throws synchronously). */
export type IsAsyncFunction<T> = T extends (...args: never[]) => infer Result
  ? [Result] extends [never]
    ? false
    : [Result] extends [PromiseLike<unknown>]
      ? true
      : false
  : false;

/**
 * Every tier2-harness matcher, once, with its documentation. `R` is what the
 * runner's sync matchers return; `T` is the received value's type.
 */
export interface Tier2Matchers<R = unknown, T = unknown> {
  /**
   * Runs the received suite definition against `expectations` (or judges a
   * suite result or test run) and passes when every expectation holds. A
   * failure lists every failing expectation: id, scenario, mission, path, op,
   * expected, actual and reason. On a test run, `expectations` may be left out
   * to use the run's own verdicts. A suite definition of custom missions needs
   * `{ registry }` (the registry that holds them). Zero expectations fail it
   * (and `.not`): nothing was checked; `{ passWithNoExpectations: true }` says
   * that an empty set is meant. Any other option is an error.
   *
   * @example
   * ```ts
   * expect(suite).toMeetExpectations(expectations);
   * expect(approvalSuite).toMeetExpectations(expectations, { registry });
   * expect(runSuite(suite)).toMeetExpectations([{ id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true }]);
   * expect(runTestRun(suite, expectations)).toMeetExpectations();
   * ```
   */
  toMeetExpectations(expectations?: ExpectationsInput, options?: ToMeetExpectationsOptions): R;

  /**
   * Runs the received function, workflow, mission call, scenario or suite
   * definition several times and passes when every run produced the same
   * canonical hash and no ambient source of nondeterminism (clock, randomness)
   * was called. On failure it names the runs that differ, the first diverging
   * path with both values, and each ambient source called with its first call
   * site. A run that throws fails it (and `.not`), showing each error with the
   * runs that threw it, unless `{ allowErrors: true }`. An async function makes
   * the matcher async: `await` it.
   *
   * @example
   * ```ts
   * expect({ mission: 'echo', params: { x: 1 } }).toBeDeterministic();
   * expect(suite).toBeDeterministic({ runs: 5 });
   * await expect(async () => runMission('echo')).toBeDeterministic();
   * ```
   */
  toBeDeterministic(options?: ToBeDeterministicOptions): IsAsyncFunction<T> extends true ? Promise<void> : R;

  /**
   * Pins the received result's canonical hash in a golden file beside the
   * test file (`__tier2__/<test file>.json`, keyed by test name and `name`).
   * The first run writes it (except in CI, where a missing entry fails); `-u`
   * or `TIER2_UPDATE_HASHES=1` rewrites it; a changed hash fails with the
   * first diverging path against the stored result. Not usable with `.not`.
   *
   * @example
   * ```ts
   * expect(runTestRun(suite, expectations)).toMatchRunHash();
   * expect(runMission('daily_loop')).toMatchRunHash('daily loop');
   * ```
   */
  toMatchRunHash(name?: string): R;

  /**
   * Passes when the received workflow definition keeps the Anti-Failure
   * limits: at most 5 steps, at most 2 human steps, and only `runtime` and
   * `human` kinds. A failure lists every limit broken.
   *
   * @example
   * ```ts
   * expect({ id: 'wf', steps: [{ id: 'a', kind: 'runtime' }] }).toRespectAntiFailureLimits();
   * ```
   */
  toRespectAntiFailureLimits(): R;

  /**
   * Passes when the received orchestration result executed exactly these
   * steps, in this order (the failing step counts as executed).
   *
   * @example
   * ```ts
   * expect(runMission('run_tests')).toHaveExecutedSteps(['tests-discover', 'tests-execute', 'tests-report']);
   * ```
   */
  toHaveExecutedSteps(stepIds: readonly string[]): R;

  /**
   * Passes when the received orchestration result failed, and at this step.
   *
   * @example
   * ```ts
   * expect(new Orchestrator().runWorkflow(workflow)).toFailAtStep('check');
   * ```
   */
  toFailAtStep(stepId: string): R;
}

/** The asymmetric form of every matcher (`expect.toX(...)`), derived from {@link Tier2Matchers}. */
export type Tier2AsymmetricMatchers = {
  readonly [K in keyof Tier2Matchers]: (...args: Parameters<Tier2Matchers[K]>) => unknown;
};

/** A raw matcher: `this` is the runner's context. */
export type RawMatcher<A extends unknown[] = never[]> = (this: MatcherContext, received: unknown, ...args: A) => MatcherResult | Promise<MatcherResult>;

/** The raw matchers by name, typed from {@link Tier2Matchers} so the list cannot drift. */
export type Tier2RawMatchers = {
  readonly [K in keyof Tier2Matchers]: RawMatcher<Parameters<Tier2Matchers[K]>>;
};
