import { MissionRegistry } from '../src/runtime/registry.js';
import { evaluateExpectations, type ExpectationsResult } from '../src/harness/expectations-result.js';
import { SuiteResult, runSuite, type SuiteDefinition } from '../src/harness/suite.js';
import { TestRunResult } from '../src/harness/test-run.js';
import { expectsValue, failureReason } from '../src/data/verdict-text.js';
import { dottedPath } from '../src/data/path-text.js';
import { compact, describeReceived, formatMessage, isAsymmetricCall, misuse, rawLine, table } from './message.js';
import type { ExpectationsInput, MatcherContext, MatcherResult, ToMeetExpectationsOptions } from './types.js';

const NAME = 'toMeetExpectations';

function isSuiteDefinition(value: unknown): value is SuiteDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, 'scenarios') &&
    Array.isArray((value as { scenarios?: unknown }).scenarios)
  );
}

/** The options, each read once as an own property. */
interface ReadOptions {
  readonly registry: MissionRegistry | undefined;
  readonly passWithNoExpectations: boolean;
}

const OPTION_NAMES: readonly string[] = ['registry', 'passWithNoExpectations'];

/** The options, read once as own properties; any other option is a misuse (a misspelt option must not vanish). */
function optionsOf(options: unknown): ReadOptions {
  if (options === undefined) return { registry: undefined, passWithNoExpectations: false };
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw misuse(NAME, `options must be an object such as { registry }, got ${describeReceived(options)}`, toMeetExpectations);
  for (const key of Object.getOwnPropertyNames(options)) {
    if (!OPTION_NAMES.includes(key))
      throw misuse(
        NAME,
        `options.${key}: unknown option; the options are 'registry' (the registry that runs a suite definition's missions) and 'passWithNoExpectations'`,
        toMeetExpectations,
      );
  }
  const own = (key: string): unknown => (Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined);
  const registry = own('registry');
  if (registry !== undefined && !MissionRegistry.isMissionRegistry(registry))
    throw misuse(NAME, `options.registry must be a registry made by createRegistry, got ${describeReceived(registry)}`, toMeetExpectations);
  const passWithNoExpectations = own('passWithNoExpectations') ?? false;
  if (typeof passWithNoExpectations !== 'boolean')
    throw misuse(NAME, `options.passWithNoExpectations must be true or false, got ${describeReceived(passWithNoExpectations)}`, toMeetExpectations);
  return { registry, passWithNoExpectations };
}

/** The message when there was no expectation to judge and the user did not say that is fine: whichever way the matcher was asked. */
function noExpectationsMessage(context: MatcherContext, subject: string): string {
  return formatMessage(context, {
    matcher: NAME,
    expectedArg: 'expectations',
    sentence: `Expected ${subject} ${context.isNot === true ? 'not ' : ''}to meet its expectations, but there are none (0 expectations), so nothing was checked. Were the expectations filtered to nothing, or aimed at another suite? Pass { passWithNoExpectations: true } if an empty set is what you mean.`,
  });
}

/** Judges the received subject: a test run's own verdicts, or the expectations against a suite (run here when a definition). */
function verdictsOf(
  received: unknown,
  expectations: ExpectationsInput | undefined,
  registry: MissionRegistry | undefined,
): { subject: string; verdicts: ExpectationsResult } {
  // Brand checks, not `instanceof`: a result from another copy of the package (CommonJS beside ESM) is accepted.
  if (TestRunResult.isTestRunResult(received)) {
    const testRun = received;
    const verdicts = expectations === undefined ? testRun.expectationsResult : evaluateExpectations(testRun.suiteResult, expectations);
    return { subject: `test run of suite '${testRun.suiteResult.name}'`, verdicts };
  }
  if (expectations === undefined) {
    throw misuse(
      NAME,
      'expected expectations as the argument (only a test run carries its own), e.g. expect(suite).toMeetExpectations(expectations)',
      toMeetExpectations,
    );
  }
  if (SuiteResult.isSuiteResult(received)) {
    const suiteResult = received;
    return { subject: `suite result '${suiteResult.name}'`, verdicts: evaluateExpectations(suiteResult, expectations) };
  }
  if (isSuiteDefinition(received)) {
    // A suite of custom missions needs their registry: without it, the UnknownMissionError says to pass { registry }.
    const suiteResult = runSuite(received, registry === undefined ? undefined : { registry });
    return { subject: `suite '${received.name}'`, verdicts: evaluateExpectations(suiteResult, expectations) };
  }
  throw misuse(
    NAME,
    `expected a suite definition ({ name, scenarios }), a SuiteResult or a TestRunResult, got ${describeReceived(received)}`,
    toMeetExpectations,
  );
}

/**
 * `expect(suiteOrResult).toMeetExpectations(expectations?, options?)`: see {@link Tier2Matchers.toMeetExpectations}.
 *
 * @example
 * ```ts
 * expect(suite).toMeetExpectations(expectations);
 * expect(customSuite).toMeetExpectations(expectations, { registry });
 * ```
 */
export function toMeetExpectations(
  this: MatcherContext,
  received: unknown,
  expectations?: ExpectationsInput,
  options?: ToMeetExpectationsOptions,
): MatcherResult {
  let judged: ReturnType<typeof verdictsOf>;
  let read: ReadOptions;
  try {
    read = optionsOf(options);
    judged = verdictsOf(received, expectations, read.registry);
  } catch (error) {
    // As an asymmetric matcher, a value that is no suite simply does not match (toEqual compares it with
    // every kind of value); called directly, the same value is a misuse and throws.
    if (isAsymmetricCall(this) && error instanceof TypeError) return { pass: false, message: () => error.message };
    throw error;
  }
  const { subject, verdicts } = judged;
  // Zero expectations compared nothing: neither met nor not met, so .not fails too (unless the user says it is fine).
  if (verdicts.total === 0 && !read.passWithNoExpectations) return { pass: this.isNot === true, message: () => noExpectationsMessage(this, subject) };
  const failures = verdicts.failures;
  const pass = failures.length === 0;
  const summary = `${verdicts.passedCount} of ${verdicts.total} expectation${verdicts.total === 1 ? '' : 's'} passed`;
  const message = (): string => {
    if (pass) {
      const ids = [...verdicts.results.keys()].join(', ') || '(none)';
      return formatMessage(this, {
        matcher: NAME,
        expectedArg: 'expectations',
        sentence: `Expected ${subject} not to meet its expectations, but all of them held (${summary}).`,
        lines: [rawLine('Held', ids)],
      });
    }
    const rows = failures.map((failure) => [
      failure.id,
      failure.scenario,
      failure.mission,
      dottedPath(failure.path),
      failure.op,
      expectsValue(failure.op) ? compact(failure.expected) : '-',
      compact(failure.actual),
      failureReason(failure.details),
    ]);
    return formatMessage(this, {
      matcher: NAME,
      expectedArg: 'expectations',
      sentence: `Expected ${subject} to meet its expectations, but ${failures.length} failed (${summary}).`,
      detail: table(['id', 'scenario', 'mission', 'path', 'op', 'expected', 'actual', 'reason'], rows),
    });
  };
  // The diff shows, for each failing id, what was expected against what was found.
  const expected = Object.fromEntries(failures.map((failure) => [failure.id, failure.expected]));
  const actual = Object.fromEntries(failures.map((failure) => [failure.id, failure.actual]));
  // Nothing to diff when every expectation held (the .not case).
  return pass ? { pass, message } : { pass, message, expected, actual };
}
