/**
 * `tier2 compare <baseline> <candidate>`: the command itself (read both files,
 * compare, print, write the outputs, exit code). Its options are parsed by
 * compare-args.ts; the comparison is src/compare/'s, its outputs src/report/'s.
 *
 * Exit codes: 0 identical; 1 the files differ (with `--fail-on verdicts`: only
 * when an expectation newly fails or disappears); 2 bad input or usage.
 */
import { appendFileSync } from 'node:fs';
import { ConfigError, Tier2Error } from '../../data/errors.js';
import { describeThrown } from '../../data/describe-thrown.js';
import { escapeControl } from '../../data/escape-control.js';
import { FileWriteError, removingTempFilesOnSignal, writeFileAtomic } from '../../io/write-file-atomic.js';
import { compareGithubAnnotations, compareGithubSummary, type ScenarioLines } from '../../report/compare-github.js';
import { compareHtml } from '../../report/compare-html.js';
import { githubReporterEnabled } from '../../report/github.js';
import { compareJsonChunks } from '../../report/compare-json.js';
import { compareTextLines } from '../../report/compare-text.js';
import { colors, type Colors } from '../../report/text.js';
import { checkOutputPaths, type NamedPath } from '../output-paths.js';
import { writeChunks, type OutputStream } from '../output.js';
import type { CompareOptions } from '../compare-args.js';
import { compareResults } from '../../compare/compare-results.js';
import type { Comparison } from '../../compare/model.js';
import { readResultFile, type ResultFile } from '../../compare/read-result.js';
import { suiteLines } from '../suite-lines.js';

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
