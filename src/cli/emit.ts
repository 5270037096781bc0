/**
 * What `tier2 run` and `tier2 merge` show of an outcome: the report or the JSON
 * on stdout, GitHub Actions annotations and job summary, and the `--junit` and
 * `--html` files; and the exit code that goes with it.
 */
import { appendFileSync } from 'node:fs';
import type { JsonValue } from '../data/json.js';
import { describeThrown } from '../data/describe-thrown.js';
import type { DeterminismReport } from '../harness/determinism.js';
import { outcomeData, requireExpectations, type CliOutcome } from '../harness/outcome.js';
import { githubAnnotations, githubReporterEnabled, githubSummary } from '../report/github.js';
import { htmlReportData, toHtmlReport } from '../report/html.js';
import { toJunitXml } from '../report/junit.js';
import type { SourceLocations } from '../data/source-locations.js';
import { colors, formatDeterminism, formatReport, noExpectationsLine, type Colors } from '../report/text.js';
import { FileWriteError, removingTempFilesOnSignal, writeFileAtomic } from '../io/write-file-atomic.js';
import { UsageError, type OutputOptions } from './args.js';
import { EXIT, colorEnabled, printError, printInternalError, type CliIo } from './io.js';
import { jsonText } from '../data/json-chunks.js';
import { writeChunks } from './output.js';

/** What an outcome's outputs need beside the outcome: where items were written, and the other run of a `--runs` difference. */
export interface EmitContext {
  readonly sources?: SourceLocations;
  /** For the HTML report's side-by-side view: the data of the first run that differs from run 1. */
  readonly otherRunData?: JsonValue;
}

/** Writes an output file atomically; a failed write is a usage error naming the flag and the file. */
export async function writeOutput(flag: string, file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    if (error instanceof FileWriteError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** The outcome on stdout: its JSON (streamed: it may exceed the engine's string limit) or the report. */
async function printOutcome(
  io: CliIo,
  command: OutputOptions,
  outcome: CliOutcome,
  determinism: DeterminismReport | undefined,
  c: Colors,
  errorColors: Colors,
  sources: SourceLocations | undefined,
): Promise<void> {
  if (command.json) {
    await writeChunks(
      io.stdout,
      (function* (): Generator<string> {
        yield* jsonText(outcomeData(outcome));
        yield '\n';
      })(),
    );
    if (determinism && !determinism.deterministic) io.stderr.write(`${formatDeterminism(determinism, errorColors)}\n`);
    if (outcome.noExpectations === 'failed') io.stderr.write(`${noExpectationsLine(outcome, errorColors) ?? ''}\n`);
    return;
  }
  // Runs that all raised the same way did not differ; the report's raised missions already fail it.
  const differed = determinism !== undefined && !determinism.deterministic && determinism.divergence !== undefined;
  io.stdout.write(`${formatReport(outcome, { colors: c, verbose: command.verbose, nondeterministic: differed, ...(sources ? { sources } : {}) })}\n`);
  if (determinism) io.stdout.write(`${formatDeterminism(determinism, c)}\n`);
}

/** GitHub Actions annotations (workflow commands) and the job summary, when the github reporter is on. */
function githubOutputs(
  io: CliIo,
  command: OutputOptions,
  outcome: CliOutcome,
  determinism: DeterminismReport | undefined,
  sources: SourceLocations | undefined,
): void {
  if (!githubReporterEnabled(command.reporter, io.env)) return;
  const options = { sources, ...(determinism ? { determinism } : {}) };
  // Workflow commands are read from stdout and stderr alike; with --json they keep out of the JSON.
  const annotations = githubAnnotations(outcome, options);
  if (annotations.length > 0) (command.json ? io.stderr : io.stdout).write(`${annotations.join('\n')}\n`);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile === undefined || summaryFile === '') return;
  try {
    appendFileSync(summaryFile, githubSummary(outcome, options));
  } catch (error) {
    throw new UsageError(`GITHUB_STEP_SUMMARY: cannot append to '${summaryFile}': ${describeThrown(error).message}`);
  }
}

/** The `--junit` and `--html` files, each written whole or not at all. */
async function writeReportFiles(command: OutputOptions, outcome: CliOutcome, determinism: DeterminismReport | undefined, context: EmitContext): Promise<void> {
  const { sources, otherRunData } = context;
  const outputs: [flag: string, file: string | undefined, text: () => string][] = [
    ['--junit', command.junitFile, () => toJunitXml(outcome, { sources, testcaseLocations: command.junitTestcaseFile })],
    [
      '--html',
      command.htmlFile,
      () =>
        toHtmlReport(htmlReportData(outcome, { sources, ...(determinism ? { determinism } : {}), ...(otherRunData === undefined ? {} : { otherRunData }) })),
    ],
  ];
  for (const [flag, file, text] of outputs) {
    if (file !== undefined) await writeOutput(flag, file, text());
  }
}

/**
 * Prints an outcome (report or JSON), writes its output files, and returns the
 * exit code: one path for `run` and `merge`. Files are written whole or not at
 * all, and an interrupting signal removes unfinished temporary files (the old
 * files stay).
 */
export async function emitOutcome(
  io: CliIo,
  command: OutputOptions,
  outcome: CliOutcome,
  determinism: DeterminismReport | undefined,
  errorColors: Colors,
  context: EmitContext = {},
): Promise<number> {
  // Zero expectations checked nothing: the run fails unless --pass-with-no-expectations (every output below says so).
  outcome = requireExpectations(outcome, command.passWithNoExpectations);
  const c = colors(colorEnabled(io.stdout, io.env, command.noColor));
  try {
    await removingTempFilesOnSignal(async () => {
      await printOutcome(io, command, outcome, determinism, c, errorColors, context.sources);
      githubOutputs(io, command, outcome, determinism, context.sources);
      // Written after the report, so a bad output path does not hide the report.
      await writeReportFiles(command, outcome, determinism, context);
    });
  } catch (error) {
    if (error instanceof UsageError) printError(io, error, command.verbose, errorColors);
    else printInternalError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  return outcome.passed && (determinism?.deterministic ?? true) ? EXIT.pass : EXIT.fail;
}
