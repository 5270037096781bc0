/**
 * The report for people: per scenario and mission, every failing expectation
 * with expected, actual and reason; a summary line; the test run hash.
 */
import pc from 'picocolors';
import type { DeterminismReport } from '../harness/determinism.js';
import type { JsonValue } from '../data/json.js';
import type { CliOutcome, CliVerdict, MissionError } from '../harness/outcome.js';
import { missionCallLabel, plural } from '../data/common.js';
import { countVerdicts, expectedText, failureReason } from '../data/verdict-text.js';
import { escapeControl as e } from '../data/escape-control.js';
import { expectationPathLabel } from '../data/path-text.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';

/** The colour functions the report uses (all identity functions when colour is off). */
export type Colors = Pick<ReturnType<typeof pc.createColors>, 'red' | 'green' | 'yellow' | 'bold' | 'dim'>;

/** Colour functions, on or off. */
export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Options of {@link formatReport}. */
export interface ReportOptions {
  readonly colors: Colors;
  /** Also list passing expectations and missions without expectations, and show values in full. */
  readonly verbose: boolean;
  /** `--runs` found runs that differ: the verdict is FAIL whatever the expectations say. */
  readonly nondeterministic?: boolean;
  /**
   * Where the expectations and mission calls were written: a failing or unevaluated expectation
   * shows its `file:line`, a mission that raised the line of its call. Only those are looked up.
   */
  readonly sources?: SourceLocations;
}

/** `file:line`, as terminals and editors make it a link. */
function sourceText(location: SourceLocation | undefined): string | undefined {
  return location === undefined ? undefined : e(`${location.file}:${location.line}`);
}

const MAX_VALUE_CHARS = 200;

function display(value: JsonValue | undefined, verbose: boolean): string {
  if (value === undefined) return '(none)';
  const text = e(JSON.stringify(value));
  return !verbose && text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters; --verbose shows all)` : text;
}

function verdictLines(verdict: CliVerdict, options: ReportOptions, indent: string): string[] {
  const c = options.colors;
  const { expectation } = verdict;
  const head = `${e(expectation.id)}  ${c.dim(`${expectation.op} at ${e(expectationPathLabel(expectation.path))}`)}`;
  if (verdict.status === 'passed') return [`${indent}${c.green('✓')} ${head}`];
  const defined = sourceText(options.sources?.expectation(expectation.id));
  const pad = `${indent}    `;
  const definedLines = defined === undefined ? [] : [`${pad}${c.dim(`defined:  ${defined}`)}`];
  if (verdict.status === 'error') return [`${indent}${c.red('!')} ${head}  ${c.dim('not evaluated: a mission of this scenario raised')}`, ...definedLines];
  const { result } = verdict;
  const reason = e(failureReason(result.details));
  const explained =
    result.details.message ??
    (result.details.path !== undefined
      ? `path '${result.details.path}' does not exist in the mission result`
      : result.details.scenario !== undefined
        ? `no scenario '${result.details.scenario}' in the suite`
        : result.details.mission !== undefined
          ? `no mission '${result.details.mission}' in the scenario`
          : undefined);
  const extra = explained === undefined ? undefined : e(explained);
  return [
    `${indent}${c.red('✗')} ${head}`,
    `${pad}expected: ${expectedText(expectation.op, result.expected, (value) => display(value, options.verbose))}`,
    `${pad}actual:   ${display(result.actual, options.verbose)}`,
    `${pad}reason:   ${c.red(reason)}${extra === undefined ? '' : c.dim(` (${extra})`)}`,
    ...definedLines,
  ];
}

function missionErrorLines(missionError: MissionError, options: ReportOptions, indent: string): string[] {
  const c = options.colors;
  const name = e(missionCallLabel(missionError.key, missionError.mission));
  const lines = [`${indent}${c.red('!')} mission ${name} raised ${c.red(e(missionError.error.name))}: ${e(missionError.error.message)}`];
  const called = sourceText(options.sources?.missionCall(missionError.scenarioIndex, missionError.key));
  if (called !== undefined) lines.push(`${indent}    ${c.dim(`called:   ${called}`)}`);
  if (options.verbose && missionError.error.stack)
    lines.push(
      ...missionError.error.stack
        .split('\n')
        .slice(1)
        .map((line) => `${indent}    ${c.dim(e(line.trim()))}`),
    );
  return lines;
}

interface Group {
  readonly scenario: string;
  readonly inSuite: boolean;
  readonly missionKeys: readonly string[];
  readonly verdicts: CliVerdict[];
  readonly missionError?: MissionError;
}

function groups(outcome: CliOutcome): Group[] {
  const byName = new Map<string, Group>();
  for (const scenario of outcome.suite.scenarios) {
    const missionError = outcome.missionErrors.find((item) => item.scenario === scenario.name);
    byName.set(scenario.name, {
      scenario: scenario.name,
      inSuite: true,
      missionKeys: scenario.missions.map((call) => call.key),
      verdicts: [],
      ...(missionError ? { missionError } : {}),
    });
  }
  for (const verdict of outcome.verdicts) {
    const name = verdict.expectation.scenario;
    let group = byName.get(name);
    if (!group) {
      group = { scenario: name, inSuite: false, missionKeys: [], verdicts: [] };
      byName.set(name, group);
    }
    group.verdicts.push(verdict);
  }
  return [...byName.values()];
}

function groupLines(group: Group, options: ReportOptions): string[] {
  const c = options.colors;
  const failing = group.verdicts.filter((verdict) => verdict.status !== 'passed');
  const ok = failing.length === 0 && group.missionError === undefined && group.inSuite;
  const passedCount = group.verdicts.length - failing.length;
  const counts = `${plural(group.missionKeys.length, 'mission')}, ${passedCount}/${group.verdicts.length} expectations`;
  const title = `scenario '${e(group.scenario)}'${group.inSuite ? '' : ' (not in the suite)'}`;
  const lines = [`${ok ? c.green('✓') : c.red('✗')} ${c.bold(title)} ${c.dim(`(${counts})`)}`];
  if (ok && !options.verbose) return lines;
  if (group.missionError) lines.push(...missionErrorLines(group.missionError, options, '    '));
  const keys = [...group.missionKeys];
  for (const verdict of group.verdicts) if (!keys.includes(verdict.expectation.mission)) keys.push(verdict.expectation.mission);
  for (const key of keys) {
    const verdicts = group.verdicts.filter((verdict) => verdict.expectation.mission === key);
    const bad = verdicts.filter((verdict) => verdict.status !== 'passed');
    if (bad.length === 0 && !options.verbose) continue;
    const known = group.missionKeys.includes(key) || !group.inSuite;
    const mark = bad.length === 0 ? c.green('✓') : c.red('✗');
    lines.push(
      `    ${mark} mission '${e(key)}'${known ? '' : ' (not in the scenario)'} ${c.dim(`(${verdicts.length - bad.length}/${verdicts.length} expectations)`)}`,
    );
    for (const verdict of options.verbose ? verdicts : bad) lines.push(...verdictLines(verdict, options, '        '));
  }
  return lines;
}

/**
 * The human report of an outcome (no trailing newline).
 *
 * @example
 * ```ts
 * process.stdout.write(`${formatReport(outcome, { colors: colors(false), verbose: false })}\n`);
 * ```
 */
export function formatReport(outcome: CliOutcome, options: ReportOptions): string {
  const c = options.colors;
  const missionCount = outcome.suite.scenarios.reduce((sum, scenario) => sum + scenario.missions.length, 0);
  const lines = [
    c.bold(
      `suite '${e(outcome.suite.name)}': ${plural(outcome.suite.scenarios.length, 'scenario')}, ${plural(missionCount, 'mission call')}, ${plural(outcome.verdicts.length, 'expectation')}`,
    ),
    '',
  ];
  for (const group of groups(outcome)) lines.push(...groupLines(group, options));
  const { passed, failed, notEvaluated } = countVerdicts(outcome.verdicts);
  const parts = [`${passed}/${outcome.verdicts.length} expectations passed`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (outcome.missionErrors.length > 0) parts.push(`${plural(outcome.missionErrors.length, 'mission')} raised`);
  if (notEvaluated > 0) parts.push(`${notEvaluated} not evaluated`);
  if (options.nondeterministic === true) parts.push('but the runs differed (see below)');
  const verdict = outcome.passed && options.nondeterministic !== true ? c.green(c.bold('PASS')) : c.red(c.bold('FAIL'));
  lines.push('', `${verdict}  ${parts.join(', ')}`);
  lines.push(
    outcome.testRun ? `test_run_hash: ${outcome.testRun.metadata.testRunHash}` : `test_run_hash: none (a mission raised, so the suite has no complete result)`,
  );
  const noExpectations = noExpectationsLine(outcome, c);
  if (noExpectations !== undefined) lines.push(noExpectations);
  return lines.join('\n');
}

/**
 * What the report says of a suite without expectations: a failure with the
 * flag that accepts it, a note when it was accepted, or undefined when there
 * were expectations. `--json` prints it on stderr.
 *
 * @example
 * ```ts
 * noExpectationsLine(requireExpectations(outcome, false), colors(false)); // 'FAIL: no expectations were given, ...'
 * ```
 */
export function noExpectationsLine(outcome: CliOutcome, c: Colors): string | undefined {
  if (outcome.verdicts.length > 0) return undefined;
  if (outcome.noExpectations === 'failed') {
    return c.red(
      'FAIL: no expectations were given, so nothing was checked but that every mission ran without raising; pass --pass-with-no-expectations if that is all you mean to check',
    );
  }
  const allowed = outcome.noExpectations === 'allowed' ? ' (allowed by --pass-with-no-expectations)' : '';
  return c.yellow(`note: no expectations were given${allowed}, so only that every mission ran without raising was checked`);
}

/**
 * The determinism line(s) for `--runs`.
 *
 * @example
 * ```ts
 * formatDeterminism(report, colors(false)); // 'determinism: 3 runs, identical results'
 * ```
 */
export function formatDeterminism(report: DeterminismReport, c: Colors): string {
  const { divergence } = report;
  const lines: string[] = [];
  if (report.deterministic) {
    lines.push(`determinism: ${c.green(`${report.runs} runs, identical results`)}`);
  } else if (report.errors.length > 0) {
    // A run that raised has no result to compare: not judged deterministic, whatever the other runs did.
    const raisedRuns = report.errors.flatMap((error) => error.runs).length;
    lines.push(c.red(c.bold(`NOT DETERMINISTIC: ${raisedRuns} of the ${report.runs} runs raised, so their results cannot be compared`)));
    for (const error of report.errors) lines.push(`  ${error.runs.length === 1 ? 'run' : 'runs'} ${error.runs.join(', ')}: ${error.name}: ${error.message}`);
  } else {
    lines.push(c.red(c.bold(`NONDETERMINISTIC: the ${report.runs} runs did not all produce the same result`)));
    if (divergence) {
      lines.push(`  run ${divergence.firstRun} and run ${divergence.otherRun} first differ at: ${divergence.path === '' ? '(the root)' : e(divergence.path)}`);
      lines.push(`    run ${divergence.firstRun}: ${display(divergence.left, false)}`);
      lines.push(`    run ${divergence.otherRun}: ${display(divergence.right, false)}`);
    }
    report.hashes.forEach((hash, index) => lines.push(c.dim(`  hash of run ${index + 1}: ${hash}`)));
  }
  for (const call of report.ambient) {
    lines.push(
      c.yellow(`  ambient source called: ${call.source} (${plural(call.count, 'call')}${call.firstCaller ? `, first from ${e(call.firstCaller)}` : ''})`),
    );
  }
  return lines.join('\n');
}
