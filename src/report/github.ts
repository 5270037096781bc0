/**
 * GitHub Actions output: workflow-command annotations (`::error file=…,line=…,title=…::message`)
 * for raised missions, a `--runs` difference and failing expectations, and a
 * Markdown job summary for `$GITHUB_STEP_SUMMARY`.
 *
 * Limits (GitHub's, see docs/cli.md): a step shows at most 10 error, 10
 * warning and 10 notice annotations, and a step summary may hold 1 MiB. So the
 * annotations are prioritised (raised missions first: they hide every
 * expectation of their scenario; then a determinism failure; then failing
 * expectations in definition order), at most {@link MAX_ERROR_ANNOTATIONS} are
 * written, and a notice says how many more failed. The summary's table is cut
 * at {@link MAX_SUMMARY_ROWS} rows and {@link SUMMARY_BUDGET_BYTES} bytes.
 */
import { canonicalJson } from '../data/canonical.js';
import type { DeterminismReport } from '../harness/determinism.js';
import type { JsonValue } from '../data/json.js';
import { expectationPathText } from '../data/path-text.js';
import type { CliOutcome, CliVerdict, MissionError } from '../harness/outcome.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';
import { missionCallLabel, plural } from '../data/common.js';
import { countVerdicts, expectedText, reasonWithMessage } from '../data/verdict-text.js';

/** GitHub shows at most 10 error annotations per step; more are dropped without a word. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** Rows of failing expectations in the job summary's table. */
export const MAX_SUMMARY_ROWS = 200;

/** The job summary stays under this many bytes (GitHub refuses a step summary over 1 MiB). */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

const MAX_VALUE_CHARS = 300;

/**
 * Whether the GitHub reporter is on: `--reporter github`, or no `--reporter` and `GITHUB_ACTIONS=true`. The
 * reporter is the CLI's `--reporter` value, as a plain string: the reports do not depend on the CLI.
 *
 * @example
 * ```ts
 * githubReporterEnabled(undefined, { GITHUB_ACTIONS: 'true' }); // true
 * ```
 */
export function githubReporterEnabled(reporter: string | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return reporter === 'github' || (reporter === undefined && env.GITHUB_ACTIONS === 'true');
}

/**
 * Escapes the message of a workflow command: `%`, CR and LF (as GitHub's toolkit does).
 *
 * @example
 * ```ts
 * escapeCommandData('50%\nok'); // '50%25%0Aok'
 * ```
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a property value of a workflow command (`file`, `line`, `title`): as data, plus `:` and `,`.
 *
 * @example
 * ```ts
 * escapeCommandProperty('a:b,c'); // 'a%3Ab%2Cc'
 * ```
 */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line (`::error file=…,line=…,title=…::message`), its properties and message escaped. */
export function workflowCommand(kind: 'error' | 'warning' | 'notice', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${kind}${props === '' ? '' : ` ${props}`}::${escapeCommandData(message)}`;
}

function short(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  const text = canonicalJson(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}

/** One failure as both outputs describe it. */
interface Problem {
  readonly title: string;
  readonly message: string;
  readonly location: SourceLocation | undefined;
  /** Fields for the summary table. */
  readonly row: readonly [scenario: string, expectation: string, check: string, expected: string, actual: string, reason: string];
}

function raisedProblem(missionError: MissionError, outcome: CliOutcome, sources: SourceLocations | undefined): Problem {
  const hidden = outcome.verdicts.filter((verdict) => verdict.status === 'error' && verdict.missionError === missionError).length;
  const name = missionCallLabel(missionError.key, missionError.mission);
  return {
    title: `tier2: mission ${name} of scenario '${missionError.scenario}' raised`,
    message: `${missionError.error.name}: ${missionError.error.message}\n${plural(hidden, 'expectation')} of this scenario not evaluated`,
    location: sources?.missionCall(missionError.scenarioIndex, missionError.key),
    row: [missionError.scenario, `(mission ${name})`, 'raised', '', '', `${missionError.error.name}: ${missionError.error.message}`],
  };
}

function failedProblem(verdict: Exclude<CliVerdict, { status: 'error' }>, sources: SourceLocations | undefined): Problem {
  const { expectation, result } = verdict;
  const reason = reasonWithMessage(result.details);
  const expected = expectedText(expectation.op, result.expected, short);
  const path = expectationPathText(expectation.path);
  return {
    title: `tier2: ${expectation.id} failed (scenario '${expectation.scenario}', mission '${expectation.mission}')`,
    message: `${reason}: ${expectation.op} at path '${path}'\nexpected: ${expected}\nactual:   ${short(result.actual)}`,
    location: sources?.expectation(expectation.id),
    row: [expectation.scenario, expectation.id, `${expectation.op} at ${path}`, expected, short(result.actual), reason],
  };
}

function determinismProblem(report: DeterminismReport, outcome: CliOutcome, sources: SourceLocations | undefined): Problem {
  const { divergence } = report;
  let location: SourceLocation | undefined;
  if (divergence && divergence.segments[0] === 'suite_result' && divergence.segments[1] === 'scenario_results') {
    const index = outcome.suite.scenarios.findIndex((scenario) => scenario.name === divergence.segments[2]);
    if (index >= 0) location = sources?.missionCall(index, divergence.segments[3] === 'mission_results' ? (divergence.segments[4] ?? '') : '');
  }
  const where = divergence
    ? `run ${divergence.firstRun} and run ${divergence.otherRun} first differ at ${divergence.path === '' ? '(the root)' : divergence.path}\nrun ${divergence.firstRun}: ${short(divergence.left)}\nrun ${divergence.otherRun}: ${short(divergence.right)}`
    : `the ${report.runs} runs gave different hashes`;
  return {
    title: `tier2: the ${report.runs} runs of --runs differ`,
    message: where,
    location: location ?? (sources ? { file: sources.suiteFile, line: 1 } : undefined),
    row: [
      '(all)',
      '(--runs)',
      'determinism',
      short(divergence?.left),
      short(divergence?.right),
      divergence ? `runs differ at ${divergence.path}` : 'runs differ',
    ],
  };
}

/** A suite without expectations, failed by the CLI's rule: nothing was checked but that the missions ran. */
function noExpectationsProblem(sources: SourceLocations | undefined): Problem {
  return {
    title: 'tier2: no expectations',
    message:
      'no expectations were given, so nothing was checked but that every mission ran without raising; pass --pass-with-no-expectations if that is all you mean to check',
    location: sources ? { file: sources.suiteFile, line: 1 } : undefined,
    row: ['(all)', '(none)', 'expectations', '', '', 'no expectations were given'],
  };
}

/** Every failure of a run, in the order GitHub should show them. */
function problems(outcome: CliOutcome, determinism: DeterminismReport | undefined, sources: SourceLocations | undefined): Problem[] {
  const list = outcome.missionErrors.map((missionError) => raisedProblem(missionError, outcome, sources));
  if (determinism && !determinism.deterministic) list.push(determinismProblem(determinism, outcome, sources));
  for (const verdict of outcome.verdicts) if (verdict.status === 'failed') list.push(failedProblem(verdict, sources));
  if (outcome.noExpectations === 'failed') list.push(noExpectationsProblem(sources));
  return list;
}

/** Options of {@link githubAnnotations} and {@link githubSummary}. */
export interface GithubOptions {
  readonly sources?: SourceLocations;
  readonly determinism?: DeterminismReport;
}

/**
 * The workflow-command lines for a run (no trailing newline): at most
 * {@link MAX_ERROR_ANNOTATIONS} `::error` lines, then one `::notice` saying how
 * many more failed when there were more. Empty when the run passed.
 *
 * @example
 * ```ts
 * process.stdout.write(`${githubAnnotations(outcome, { sources }).join('\n')}\n`);
 * ```
 */
export function githubAnnotations(outcome: CliOutcome, options: GithubOptions = {}): string[] {
  const all = problems(outcome, options.determinism, options.sources);
  const lines = all
    .slice(0, MAX_ERROR_ANNOTATIONS)
    .map((problem) => workflowCommand('error', { file: problem.location?.file, line: problem.location?.line, title: problem.title }, problem.message));
  const more = all.length - MAX_ERROR_ANNOTATIONS;
  if (more > 0) {
    lines.push(
      workflowCommand(
        'notice',
        { title: `tier2: ${more} more failure${more === 1 ? '' : 's'} not annotated` },
        `${all.length} failures in all; GitHub shows ${MAX_ERROR_ANNOTATIONS} error annotations per step. The log above and the job summary list them.`,
      ),
    );
  }
  return lines;
}

/**
 * Escapes text for one cell of a Markdown table: HTML-significant characters
 * as entities, `|` and Markdown emphasis/link/code characters with a
 * backslash, line breaks as `<br>`.
 *
 * @example
 * ```ts
 * markdownCell('a|b\nc'); // 'a\\|b<br>c'
 * ```
 */
export function markdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~|]/g, (char) => `\\${char}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The Markdown job summary of a run (ends with a newline), under
 * {@link SUMMARY_BUDGET_BYTES}: verdict, counts, run hash, determinism, and a
 * table of the failures (capped).
 *
 * @example
 * ```ts
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY, githubSummary(outcome, { sources }));
 * ```
 */
export function githubSummary(outcome: CliOutcome, options: GithubOptions = {}): string {
  const { determinism } = options;
  const { passed, failed, notEvaluated } = countVerdicts(outcome.verdicts);
  const ok = outcome.passed && (determinism?.deterministic ?? true);
  const head = [
    `### tier2: suite ${markdownCell(`'${outcome.suite.name}'`)}: ${ok ? 'PASS' : 'FAIL'}`,
    '',
    '| scenarios | expectations | passed | failed | not evaluated | missions raised |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${outcome.suite.scenarios.length} | ${outcome.verdicts.length} | ${passed} | ${failed} | ${notEvaluated} | ${outcome.missionErrors.length} |`,
    '',
    outcome.testRun
      ? `test_run_hash: \`${outcome.testRun.metadata.testRunHash}\``
      : 'test_run_hash: none (a mission raised, so the suite has no complete result)',
  ];
  if (determinism) {
    head.push(
      '',
      determinism.deterministic
        ? `determinism: ${determinism.runs} runs, identical results`
        : `determinism: **the ${determinism.runs} runs differ**${determinism.divergence ? ` (first at ${markdownCell(determinism.divergence.path === '' ? '(the root)' : determinism.divergence.path)})` : ''}`,
    );
  }
  const all = problems(outcome, determinism, options.sources);
  if (all.length === 0) return `${head.join('\n')}\n`;
  head.push('', '| scenario | expectation | check | expected | actual | reason | source |', '| --- | --- | --- | --- | --- | --- | --- |');
  let text = head.join('\n');
  let shown = 0;
  for (const problem of all.slice(0, MAX_SUMMARY_ROWS)) {
    const where = problem.location ? `${problem.location.file}:${problem.location.line}` : '';
    const row = `\n| ${[...problem.row, where].map(markdownCell).join(' | ')} |`;
    // Keep room for the closing line.
    if (utf8Length(text) + utf8Length(row) > SUMMARY_BUDGET_BYTES - 200) break;
    text += row;
    shown += 1;
  }
  if (shown < all.length) text += `\n\n… and ${all.length - shown} more failure${all.length - shown === 1 ? '' : 's'} (the log lists every one).`;
  return `${text}\n`;
}
