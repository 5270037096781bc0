/**
 * `tier2 compare <baseline> <candidate>`: its options, and the command itself
 * (read both files, compare, print, write the outputs, exit code). The CLI's
 * argument parser and dispatcher call {@link parseCompareArgs} and
 * {@link runCompare}; everything else about compare lives here.
 *
 * Exit codes: 0 identical; 1 the files differ (with `--fail-on verdicts`: only
 * when an expectation newly fails or disappears); 2 bad input or usage.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, Tier2Error } from '../data/errors.js';
import { describeThrown } from '../data/describe-thrown.js';
import { escapeControl } from '../data/escape-control.js';
import { FileWriteError, removingTempFilesOnSignal, writeFileAtomic } from '../io/write-file-atomic.js';
import { compareGithubAnnotations, compareGithubSummary, type ScenarioLines } from '../report/compare-github.js';
import { compareHtml } from '../report/compare-html.js';
import { githubReporterEnabled } from '../report/github.js';
import { compareJsonChunks } from '../report/compare-json.js';
import { compareTextLines } from '../report/compare-text.js';
import { colors, type Colors } from '../report/text.js';
import { checkOutputPaths, type NamedPath } from '../cli/output-paths.js';
import { writeChunks, type OutputStream } from '../cli/output.js';
import { compareResults } from './compare-results.js';
import type { Comparison } from './model.js';
import { readResultFile, type ResultFile } from './read-result.js';
import { suiteLines } from './suite-lines.js';

/** What `tier2 compare` was asked to do. */
export interface CompareOptions {
  readonly baseline: string;
  readonly candidate: string;
  /** Print the comparison as JSON (schemas/compare.schema.json) instead of the text report. */
  readonly json: boolean;
  /** Also write the side-by-side HTML page there. */
  readonly htmlFile: string | undefined;
  /** `github`: annotations and a step summary; undefined lets `GITHUB_ACTIONS=true` choose it. */
  readonly reporter: 'default' | 'github' | undefined;
  /** The candidate's suite file, for annotations on the lines of changed scenarios. */
  readonly suiteFile: string | undefined;
  /** `changes` (the default): exit 1 on any difference; `verdicts`: only when an expectation newly fails or disappears. */
  readonly failOn: 'changes' | 'verdicts';
  readonly noColor: boolean;
}

/** The help text of compare's options (part of `tier2 --help`). */
export const COMPARE_USAGE = `'tier2 compare <baseline> <candidate>' lists every difference between two result files
('tier2 run --json', 'tier2 merge --json' or a part file of 'tier2 run --out'):
scenarios changed, added and removed, and expectation verdicts that changed.
      --json                 with compare: print the comparison as JSON (schemas/compare.schema.json)
      --html <file>          with compare: also write a side-by-side HTML page of the differences
      --suite <file>         with compare: the candidate's suite file, for annotations on its lines
      --fail-on <what>       with compare: 'changes' (default: exit 1 on any difference) or 'verdicts'
                             (exit 1 only when an expectation newly fails or disappears)`;

const OPTIONS = {
  json: { type: 'boolean' },
  html: { type: 'string' },
  reporter: { type: 'string' },
  suite: { type: 'string' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
} as const;

/**
 * Parses the arguments after `compare`; returns the options, or the problem as text (a usage error).
 *
 * @example
 * ```ts
 * parseCompareArgs(['main.json', 'pr.json', '--fail-on', 'verdicts']);
 * ```
 */
export function parseCompareArgs(argv: readonly string[]): CompareOptions | string {
  // Not strict: an unknown option is found in the tokens and named with the ones that apply, without reading Node's message.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((token) => token.kind === 'option' && !Object.hasOwn(OPTIONS, token.name));
  if (unknown?.kind === 'option')
    return `${unknown.rawName} does not apply to 'compare'; it takes ${Object.keys(OPTIONS)
      .map((name) => `--${name}`)
      .join(', ')}`;
  if (positionals.length !== 2) return `'compare' needs exactly two result files: tier2 compare <baseline> <candidate> (got ${positionals.length})`;
  for (const [name, value] of Object.entries(values)) {
    const type = OPTIONS[name as keyof typeof OPTIONS].type;
    if (type === 'string' && (typeof value !== 'string' || value === ''))
      return `--${name} expects ${name === 'html' || name === 'suite' ? 'a file name' : 'a value'}`;
    if (type === 'boolean' && typeof value !== 'boolean') return `--${name} takes no value`;
  }
  const text = (name: 'html' | 'reporter' | 'suite' | 'fail-on'): string | undefined => values[name] as string | undefined;
  const reporter = text('reporter');
  if (reporter !== undefined && reporter !== 'default' && reporter !== 'github') return `--reporter expects one of default, github, got '${reporter}'`;
  const failOn = text('fail-on') ?? 'changes';
  if (failOn !== 'changes' && failOn !== 'verdicts') return `--fail-on expects 'changes' or 'verdicts', got '${failOn}'`;
  return {
    baseline: positionals[0] as string,
    candidate: positionals[1] as string,
    json: values.json === true,
    htmlFile: text('html'),
    reporter,
    suiteFile: text('suite'),
    failOn,
    noColor: values['no-color'] === true,
  };
}

/** The streams and environment of the process (the CLI's own, or a test's). */
export interface CompareIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of compare. */
export const COMPARE_EXIT = Object.freeze({ identical: 0, different: 1, badInput: 2 });

/** A problem with the input or an output (exit 2), as opposed to a bug (which escapes). */
class CompareInputError extends Error {
  override readonly name = 'CompareInputError';
}

function isInputProblem(error: unknown): boolean {
  // checkOutputPaths reports with the CLI's UsageError.
  return (
    error instanceof CompareInputError ||
    (error as Error | undefined)?.name === 'UsageError' ||
    ConfigError.isConfigError(error) ||
    Tier2Error.isTier2Error(error)
  );
}

function readBoth(options: CompareOptions): [ResultFile, ResultFile] {
  const baseline = readResultFile(options.baseline);
  try {
    return [baseline, readResultFile(options.candidate)];
  } catch (error) {
    baseline.close();
    throw error;
  }
}

function checkHtmlPath(options: CompareOptions): void {
  if (options.htmlFile === undefined) return;
  const inputs: NamedPath[] = [
    { role: 'the baseline', path: options.baseline },
    { role: 'the candidate', path: options.candidate },
  ];
  if (options.suiteFile !== undefined) inputs.push({ role: 'the --suite file', path: options.suiteFile });
  checkOutputPaths([{ role: '--html', path: options.htmlFile }], inputs);
}

/** Writes the outputs that go to files and to GitHub, after the report (a bad path does not hide it). */
async function writeOutputs(comparison: Comparison, options: CompareOptions, io: CompareIo): Promise<void> {
  if (githubReporterEnabled(options.reporter, io.env)) {
    const lines: ScenarioLines | undefined = options.suiteFile === undefined ? undefined : suiteLines(options.suiteFile);
    const annotations = compareGithubAnnotations(comparison, lines);
    if (annotations.length > 0) (options.json ? io.stderr : io.stdout).write(`${annotations.join('\n')}\n`);
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile !== undefined && summaryFile !== '') {
      try {
        appendFileSync(summaryFile, compareGithubSummary(comparison));
      } catch (error) {
        throw new CompareInputError(`GITHUB_STEP_SUMMARY: cannot append to '${summaryFile}': ${describeThrown(error).message}`);
      }
    }
  }
  if (options.htmlFile !== undefined) {
    try {
      await writeFileAtomic(options.htmlFile, compareHtml(comparison));
    } catch (error) {
      if (error instanceof FileWriteError) throw new CompareInputError(`--html: ${error.message}`);
      throw error;
    }
  }
}

async function printReport(comparison: Comparison, options: CompareOptions, io: CompareIo, c: Colors): Promise<void> {
  await writeChunks(io.stdout, options.json ? compareJsonChunks(comparison) : linesOf(compareTextLines(comparison, c)));
}

function* linesOf(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/**
 * Runs `tier2 compare` and returns its exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCompare(parseCompareArgs(['main.json', 'pr.json']) as CompareOptions, process, colors(false));
 * ```
 */
export async function runCompare(options: CompareOptions, io: CompareIo, errorColors: Colors, useColor: boolean): Promise<number> {
  let comparison: Comparison;
  try {
    checkHtmlPath(options);
    const [baseline, candidate] = readBoth(options);
    try {
      comparison = compareResults(baseline, candidate);
    } finally {
      baseline.close();
      candidate.close();
    }
    await printReport(comparison, options, io, colors(useColor));
    await removingTempFilesOnSignal(() => writeOutputs(comparison, options, io));
  } catch (error) {
    if (!isInputProblem(error)) throw error;
    io.stderr.write(`${errorColors.red('error:')} ${escapeControl(describeThrown(error).message, { keepNewlines: true })}\n`);
    return COMPARE_EXIT.badInput;
  }
  if (comparison.identical) return COMPARE_EXIT.identical;
  if (options.failOn === 'verdicts') return comparison.verdicts_worse ? COMPARE_EXIT.different : COMPARE_EXIT.identical;
  return COMPARE_EXIT.different;
}
