import { describeThrown } from '../src/data/describe-thrown.js';
import { checkDeterminism, type DeterminismReport, type DeterminismSubject } from '../src/harness/determinism.js';
import { describeReceived, expectedLine, formatMessage, misuse, rawLine, receivedLine, type MessageLine } from './message.js';
import type { MatcherContext, MatcherResult, ToBeDeterministicOptions } from './types.js';

const NAME = 'toBeDeterministic';

function isSubject(value: unknown): value is DeterminismSubject {
  return typeof value === 'function' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function ambientText(report: DeterminismReport): string {
  return report.ambient
    .map((call) => `  ${call.source} called ${call.count} time${call.count === 1 ? '' : 's'}${call.firstCaller ? `, first at ${call.firstCaller}` : ''}`)
    .join('\n');
}

function runList(runs: readonly number[]): string {
  return `${runs.length === 1 ? 'run' : 'runs'} ${runs.join(', ')}`;
}

/** The message when runs threw and errors were not allowed: whichever way the matcher was asked, there is no verdict. */
function raisedMessage(context: MatcherContext, report: DeterminismReport, ambientDetail: string): string {
  const runs = report.errors.flatMap((error) => error.runs).sort((a, b) => a - b);
  const all = runs.length === report.runs;
  return formatMessage(context, {
    matcher: NAME,
    expectedArg: 'options',
    sentence: `Expected ${report.subject} ${context.isNot === true ? 'not ' : ''}to be deterministic, but ${all ? `every run (${runs.length} of ${report.runs})` : `${runList(runs)} of ${report.runs}`} threw instead of returning a result. Pass { allowErrors: true } if throwing the same error on every run is what you mean to test.`,
    lines: report.errors.map((error) => rawLine(`Thrown by ${runList(error.runs)}`, `${error.name}: ${error.message}`)),
    detail: ambientDetail,
  });
}

/** The runs (numbered from 1) that returned `undefined`. */
function undefinedRuns(report: DeterminismReport): number[] {
  return report.outcomes.flatMap((outcome, index) => (outcome.kind === 'undefined' ? [index + 1] : []));
}

/** A run's value at the diverging path as shown: `undefined` for a run that returned nothing, `(absent)` for a missing key. */
function shown(report: DeterminismReport, run: number, value: unknown): unknown {
  return report.outcomes[run - 1]?.kind === 'undefined' ? undefined : (value ?? '(absent)');
}

/** Why a run returns `undefined`, most of the time, and what to write instead. */
const MISSING_RETURN =
  'A function with a block body returns undefined unless it says `return`: write () => runMission(...) or () => { return runMission(...); }. Return null if "nothing" is the result you mean to compare.';

/** The message when every run returned undefined: nothing was compared, whichever way the matcher was asked. */
function nothingComparedMessage(context: MatcherContext, report: DeterminismReport, ambientDetail: string): string {
  return formatMessage(context, {
    matcher: NAME,
    expectedArg: 'options',
    sentence: `Expected ${report.subject} ${context.isNot === true ? 'not ' : ''}to be deterministic, but every run (${report.runs} of ${report.runs}) returned undefined, so there was nothing to compare. ${MISSING_RETURN}`,
    detail: ambientDetail,
  });
}

function verdict(context: MatcherContext, report: DeterminismReport, allowAmbient: boolean, allowErrors: boolean): MatcherResult {
  const ambientCalled = report.ambient.length > 0;
  const ambientDetail = ambientCalled ? `Ambient sources of nondeterminism called during the runs:\n${ambientText(report)}` : '';
  if (report.errors.length > 0 && !allowErrors) {
    // A subject that throws is neither deterministic nor not: fail under .not too.
    return { pass: context.isNot === true, message: () => raisedMessage(context, report, ambientDetail) };
  }
  if (report.nothingCompared) {
    // Equal because empty: neither deterministic nor not, so .not fails too.
    return { pass: context.isNot === true, message: () => nothingComparedMessage(context, report, ambientDetail) };
  }
  const pass = report.deterministic && (allowAmbient || !ambientCalled);
  const message = (): string => {
    if (pass) {
      return formatMessage(context, {
        matcher: NAME,
        expectedArg: 'options',
        sentence: `Expected ${report.subject} not to be deterministic, but all ${report.runs} runs produced the same ${report.errors.length > 0 ? 'error (allowed by allowErrors)' : 'result'}${ambientCalled ? ' (ambient sources were called, and allowed)' : ' and no ambient source was called'}.`,
        lines: [rawLine('Hash', report.hashes[0] ?? '')],
        detail: ambientDetail,
      });
    }
    const divergence = report.divergence;
    if (!divergence) {
      return formatMessage(context, {
        matcher: NAME,
        expectedArg: 'options',
        sentence: `Expected ${report.subject} to be deterministic: all ${report.runs} runs produced the same result, but it called ambient sources of nondeterminism, so it is equal by luck only (pass { allowAmbient: true } to accept this).`,
        detail: ambientDetail,
      });
    }
    const where = divergence.path === '' ? 'the whole result' : `'${divergence.path}'`;
    const lines: MessageLine[] = [
      rawLine('First diverging path', where),
      expectedLine(`Run ${divergence.firstRun}`, shown(report, divergence.firstRun, divergence.left)),
      receivedLine(`Run ${divergence.otherRun}`, shown(report, divergence.otherRun, divergence.right)),
    ];
    const returnedNothing = undefinedRuns(report);
    const nothingNote = returnedNothing.length === 0 ? '' : ` ${runList(returnedNothing).replace(/^r/, 'R')} returned undefined. ${MISSING_RETURN}`;
    return formatMessage(context, {
      matcher: NAME,
      expectedArg: 'options',
      sentence: `Expected ${report.subject} to be deterministic, but run ${divergence.otherRun} of ${report.runs} differs from run ${divergence.firstRun} at ${where}.${nothingNote}`,
      lines,
      detail: ambientDetail || `No ambient source was called; look for state shared between runs (a module-level variable, a cache) or an external input.`,
    });
  };
  const divergence = report.divergence;
  return { pass, message, ...(divergence ? { expected: divergence.left, actual: divergence.right } : {}) };
}

/**
 * `expect(subject).toBeDeterministic(options?)`: see {@link Tier2Matchers.toBeDeterministic}.
 * Returns a promise when the subject is an async function.
 *
 * @example
 * ```ts
 * expect({ mission: 'echo', params: { x: 1 } }).toBeDeterministic({ runs: 5 });
 * ```
 */
export function toBeDeterministic(this: MatcherContext, received: unknown, options: ToBeDeterministicOptions = {}): MatcherResult | Promise<MatcherResult> {
  if (!isSubject(received)) {
    throw misuse(
      NAME,
      `expected a function, a workflow ({ id, steps }), a mission call ({ mission, params? }), a scenario ({ name, missions }) or a suite ({ name, scenarios }), got ${describeReceived(received)}`,
      toBeDeterministic,
    );
  }
  if (typeof options !== 'object' || options === null)
    throw misuse(NAME, `options must be an object such as { runs: 5 }, got ${describeReceived(options)}`, toBeDeterministic);
  const { allowAmbient = false, ...checkOptions } = options;
  const allowErrors = options.allowErrors === true;
  let report: DeterminismReport | Promise<DeterminismReport>;
  try {
    report = checkDeterminism(received, checkOptions);
  } catch (error) {
    // A subject checkDeterminism cannot run is a misuse, reported under the matcher's name.
    throw misuse(NAME, describeThrown(error).message, toBeDeterministic);
  }
  return report instanceof Promise
    ? report.then((settled) => verdict(this, settled, allowAmbient, allowErrors))
    : verdict(this, report, allowAmbient, allowErrors);
}
