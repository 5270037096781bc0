/**
 * `tier2 run`: load, validate, execute, report, exit code.
 *
 * Exit codes: 0 every expectation passed; 1 an expectation failed, a mission
 * raised, or `--runs` found a difference; 2 bad input (unreadable or malformed
 * file, schema error, unknown mission), bad usage, an output file that cannot
 * be written, or an internal error. A reader that closes stdout early
 * (`| head`) does not change the exit code: the run finishes quietly.
 */
import { createRequire } from 'node:module';
import { appendFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, Tier2Error } from '../data/errors.js';
import { MISSION_REGISTRY, MissionRegistry } from '../runtime/registry.js';
import { canonicalJson } from '../data/canonical.js';
import { checkDeterminism, type DeterminismReport } from '../harness/determinism.js';
import { partText } from '../parts/part.js';
import { parseExpectationsDefinition, parseSuiteDefinition } from '../harness/config.js';
import type { JsonValue } from '../data/json.js';
import type { ValidExpectations } from '../harness/expectations.js';
import type { ValidSuite } from '../harness/suite.js';
import { USAGE, UsageError, parseCliArgs, type CliCommand, type OutputOptions } from './args.js';
import { compareFiles } from '../parts/compare.js';
import { checkMissionNames, judgeSuite, outcomeData, type CliOutcome, type ProgressListener } from '../harness/outcome.js';
import { githubAnnotations, githubReporterEnabled, githubSummary } from '../report/github.js';
import { htmlReportData, toHtmlReport } from '../report/html.js';
import { makePart, readPart, shardInputs } from '../parts/part-file.js';
import { mergeParts, mergedSuiteFile } from '../parts/merge.js';
import { toJunitXml } from '../report/junit.js';
import { loadConfigFile, type LoadedConfig } from './load/load-config.js';
import { collectLocations } from './load/locations.js';
import type { SourceLocations } from '../report/locations.js';
import { checkOutputPaths, type NamedPath } from './output-paths.js';
import { jsonText, writeChunks, type OutputStream } from './output.js';
import { FileWriteError, removingTempFilesOnSignal, writeFileAtomic } from '../io/write-file-atomic.js';
import { describeThrown, thrownText } from '../data/describe-thrown.js';
import { escapeControl } from '../data/escape-control.js';
import { colors, formatDeterminism, formatReport, type Colors } from '../report/text.js';

/** An output stream, as far as the CLI needs one (see {@link OutputStream}). */
export type CliStream = OutputStream;

/** The process around the CLI (injected, so tests can run it in-process). */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes. */
export const EXIT = Object.freeze({ pass: 0, fail: 1, badInput: 2 });

/** Suites with at least this many scenarios show a progress line on a terminal's stderr. */
export const PROGRESS_THRESHOLD = 20;

function version(): string {
  // The package can always read its own package.json through its `exports`.
  const pkg = createRequire(import.meta.url)('tier2-harness/package.json') as { version: string };
  return pkg.version;
}

/**
 * Whether to colour a stream, in this order: `--no-color` or NO_COLOR (any
 * non-empty value) turn colour off; FORCE_COLOR turns it on even when piped
 * (any value but `0` and `false`, which turn it off even on a terminal);
 * otherwise colour only on a terminal whose TERM is not `dumb`.
 */
export function colorEnabled(stream: CliStream, env: CliIo['env'], noColor: boolean): boolean {
  if (noColor || (env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** What a `--runs` run throws when a mission raised in it (name and message say which, so equal raises compare equal). */
class MissionRaised extends Error {
  constructor(outcome: CliOutcome) {
    super(
      outcome.missionErrors.map((raised) => `scenario '${raised.scenario}', mission '${raised.key}': ${raised.error.name}: ${raised.error.message}`).join('; '),
    );
    this.name = 'MissionRaised';
  }
}

/** Attributes a config error to its file and, where it can be found, its line. */
function locate(error: ConfigError, config: LoadedConfig): ConfigError {
  // The position comes from the path as data (computed only now, for the error), never from its text.
  // An unknown field is its key, so it is placed at the key rather than at its value.
  const position = error.segments.length === 0 ? undefined : config.positionOf(error.segments, { key: error.code === 'unknown_field' });
  if (!position) return error.file === undefined ? error.withFile(config.file) : error;
  return error.withFile(config.file, position);
}

interface Inputs {
  readonly suite: ValidSuite;
  readonly expectations: ValidExpectations;
  /** Files and lines of the expectations and mission calls, for CI outputs. */
  readonly sources: SourceLocations;
}

function loadInputs(command: Extract<CliCommand, { kind: 'run' }>, registry: MissionRegistry): Inputs {
  const suiteConfig = loadConfigFile(command.suiteFile);
  const suiteData = suiteConfig.data;
  let suite: ValidSuite;
  try {
    suite = parseSuiteDefinition(suiteData);
    checkMissionNames(suite, registry);
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw locate(error, suiteConfig);
    throw error;
  }
  const combined = typeof suiteData === 'object' && suiteData !== null && !Array.isArray(suiteData) && Object.hasOwn(suiteData, 'expectations');
  if (combined && command.expectationsFile !== undefined) {
    throw new UsageError(`${command.suiteFile} has its own 'expectations:' list; do not also pass --expectations`);
  }
  let expectationsConfig: LoadedConfig | undefined;
  if (command.expectationsFile !== undefined) expectationsConfig = loadConfigFile(command.expectationsFile);
  else if (combined) expectationsConfig = suiteConfig;
  const sources = collectLocations(suiteConfig, suite, expectationsConfig, process.cwd());
  if (!expectationsConfig) return { suite, expectations: parseExpectationsDefinition({ expectations: [] }), sources };
  try {
    // In the combined form the suite file's other fields belong to the suite: only its `expectations:` list is read here.
    const data = expectationsConfig === suiteConfig ? { expectations: (suiteData as Record<string, unknown>).expectations } : expectationsConfig.data;
    return { suite, expectations: parseExpectationsDefinition(data), sources };
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw locate(error, expectationsConfig);
    throw error;
  }
}

/** File names `--missions` loads through tsx: TypeScript, which Node 20 cannot import itself. */
const TYPESCRIPT_MODULE = /\.(?:ts|mts|cts)$/i;

/**
 * Imports a `--missions` module: JavaScript with Node's `import()`,
 * TypeScript through tsx's `tsImport` (an optional peer dependency, loaded
 * only here and only from the user's project).
 */
async function importMissions(module: string): Promise<Record<string, unknown>> {
  const path = resolve(module);
  if (!existsSync(path)) throw new UsageError(`--missions: no such file '${module}'`);
  const url = pathToFileURL(path).href;
  if (!TYPESCRIPT_MODULE.test(path)) return (await import(url)) as Record<string, unknown>;
  let tsx: { tsImport: (specifier: string, parentURL: string) => Promise<unknown> };
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    throw new UsageError(
      `--missions: '${module}' is TypeScript; install tsx beside tier2-harness (npm i -D tsx) so the CLI can load it, or compile it to JavaScript and pass the .js file`,
    );
  }
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

async function loadRegistry(module: string | undefined): Promise<MissionRegistry> {
  if (module === undefined) return MISSION_REGISTRY;
  let loaded: Record<string, unknown>;
  try {
    loaded = await importMissions(module);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--missions: cannot import '${module}': ${thrownText(error)}`);
  }
  const registry = loaded.registry ?? loaded.default;
  if (!MissionRegistry.isMissionRegistry(registry)) {
    throw new UsageError(`--missions: '${module}' must export a mission registry (made with createRegistry) as its default export or as 'registry'`);
  }
  return registry;
}

function progressReporter(io: CliIo, total: number): { listener: ProgressListener | undefined; clear: () => void } {
  if (io.stderr.isTTY !== true || total < PROGRESS_THRESHOLD) return { listener: undefined, clear: () => undefined };
  let shown = false;
  return {
    listener: (done, all, scenario) => {
      shown = true;
      const visible = escapeControl(scenario);
      const name = visible.length > 40 ? `${visible.slice(0, 39)}…` : visible;
      io.stderr.write(`\r\u001b[2Krunning scenario ${done}/${all}: ${name}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

/** The files a run command reads and writes, for {@link checkOutputPaths}. */
function filesOf(command: Extract<CliCommand, { kind: 'run' }>): { inputs: NamedPath[]; outputs: NamedPath[] } {
  const inputs: NamedPath[] = [{ role: 'the suite file', path: command.suiteFile }];
  if (command.expectationsFile !== undefined) inputs.push({ role: 'the --expectations file', path: command.expectationsFile });
  if (command.missionsModule !== undefined) inputs.push({ role: 'the --missions module', path: command.missionsModule });
  const outputs: NamedPath[] = [];
  if (command.junitFile !== undefined) outputs.push({ role: '--junit', path: command.junitFile });
  if (command.htmlFile !== undefined) outputs.push({ role: '--html', path: command.htmlFile });
  if (command.outFile !== undefined) outputs.push({ role: '--out', path: command.outFile });
  return { inputs, outputs };
}

/**
 * A failure of the CLI itself (not of the suite, not of the user's files): one
 * line, exit code 2, never mistaken for a failed expectation (exit 1).
 */
export function printInternalError(io: CliIo, error: unknown, verbose: boolean, c: Colors): void {
  const text = escapeControl(thrownText(error));
  io.stderr.write(
    `${c.red('error:')} internal error of the tier2 CLI (not a verdict on the suite): ${text}${verbose ? '' : ' (--verbose shows the stack trace)'}\n`,
  );
  const { stack } = describeThrown(error);
  if (verbose && stack) io.stderr.write(`${c.dim(escapeControl(stack, { keepNewlines: true }))}\n`);
}

// Messages and stacks are described without running user code and printed with control characters escaped.
function printError(io: CliIo, error: unknown, verbose: boolean, c: Colors): void {
  const { name, message, stack } = describeThrown(error);
  io.stderr.write(`${c.red('error:')} ${escapeControl(message, { keepNewlines: true })}\n`);
  if (verbose && stack) io.stderr.write(`${c.dim(escapeControl(stack, { keepNewlines: true }))}\n`);
  else if (name !== 'UsageError' && !ConfigError.isConfigError(error) && !Tier2Error.isTier2Error(error)) {
    io.stderr.write('(run with --verbose for the stack trace)\n');
  }
}

/**
 * Runs the CLI with `argv` (the arguments after the script) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), process);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const errorColors = colors(colorEnabled(io.stderr, io.env, argv.includes('--no-color')));
  const command = parseOrExplain(argv, io, errorColors);
  if (typeof command === 'number') return command;
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return EXIT.pass;
    case 'version':
      io.stdout.write(`${version()}\n`);
      return EXIT.pass;
    case 'compare':
      return compareCommand(io, command, errorColors);
    case 'merge':
      return mergeCommand(io, command, errorColors);
    default:
      return runCommand(io, command, errorColors);
  }
}

/** The parsed command, or the exit code of a usage error (printed, with the usage when it helps). */
function parseOrExplain(argv: readonly string[], io: CliIo, errorColors: Colors): CliCommand | number {
  try {
    return parseCliArgs(argv);
  } catch (error) {
    printError(io, error, false, errorColors);
    if (!(error instanceof UsageError) || error.showUsage) io.stderr.write(`\n${USAGE}\n`);
    return EXIT.badInput;
  }
}

/** `tier2 run`: loads the inputs, then writes a shard's part or judges the whole suite and reports it. */
async function runCommand(io: CliIo, command: Extract<CliCommand, { kind: 'run' }>, errorColors: Colors): Promise<number> {
  let inputs: Inputs;
  let registry: MissionRegistry;
  const files = filesOf(command);
  try {
    checkOutputPaths(files.outputs, files.inputs);
    registry = await loadRegistry(command.missionsModule);
    inputs = loadInputs(command, registry);
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  if (command.outFile !== undefined) return shardCommand(io, command, command.outFile, inputs, registry, errorColors);

  const progress = progressReporter(io, inputs.suite.scenarios.length);
  let judged: Judged;
  try {
    judged =
      command.runs > 1
        ? judgeRepeatedly(command, inputs, registry, progress.listener)
        : { outcome: judgeSuite(inputs.suite, inputs.expectations, registry, progress.listener), determinism: undefined, otherRunData: undefined };
  } catch (error) {
    progress.clear();
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  progress.clear();
  const { outcome, determinism, otherRunData } = judged;
  return emitOutcome(io, command, outcome, determinism, errorColors, { sources: inputs.sources, ...(otherRunData === undefined ? {} : { otherRunData }) });
}

/** What judging a suite gave: the outcome to report and, with `--runs`, the determinism check. */
interface Judged {
  readonly outcome: CliOutcome;
  readonly determinism: DeterminismReport | undefined;
  /** For the HTML report's side-by-side view: the data of the first run that differs from run 1. */
  readonly otherRunData: JsonValue | undefined;
}

/**
 * `--runs n`: judges the suite n times under the determinism check and reports
 * the first run's outcome. A run in which a mission raised counts as a raising
 * run; when every run raised, there is nothing to report and this throws.
 */
function judgeRepeatedly(
  command: Extract<CliCommand, { kind: 'run' }>,
  inputs: Inputs,
  registry: MissionRegistry,
  listener: ProgressListener | undefined,
): Judged {
  let first: CliOutcome | undefined;
  let firstCanonical: string | undefined;
  let otherRunData: JsonValue | undefined;
  const determinism = checkDeterminism(
    () => {
      const current = judgeSuite(inputs.suite, inputs.expectations, registry, first === undefined ? listener : undefined);
      first ??= current;
      // A run in which a mission raised has no result to compare: the check records it as a raising run, never as deterministic.
      if (current.missionErrors.length > 0) throw new MissionRaised(current);
      const data = outcomeData(current);
      if (command.htmlFile !== undefined && otherRunData === undefined) {
        const canonical = canonicalJson(data);
        firstCanonical ??= canonical;
        if (canonical !== firstCanonical) otherRunData = data;
      }
      return data;
    },
    { runs: command.runs },
  );
  if (first === undefined) {
    const raised = determinism.errors[0];
    throw new Error(`every one of the ${command.runs} runs failed before reporting: ${raised ? `${raised.name}: ${raised.message}` : 'unknown error'}`);
  }
  return { outcome: first, determinism, otherRunData };
}

/**
 * Prints an outcome (report or JSON), writes its output files, and returns the
 * exit code: one path for `run` and `merge`. Output is streamed (it may exceed
 * the engine's string limit); files are written whole or not at all, and an
 * interrupting signal removes unfinished temporary files (the old files stay).
 */
async function emitOutcome(
  io: CliIo,
  command: OutputOptions,
  outcome: CliOutcome,
  determinism: DeterminismReport | undefined,
  errorColors: Colors,
  context: { readonly sources?: SourceLocations; readonly otherRunData?: JsonValue } = {},
): Promise<number> {
  const c = colors(colorEnabled(io.stdout, io.env, command.noColor));
  const { sources, otherRunData } = context;
  try {
    await removingTempFilesOnSignal(async () => {
      if (command.json) {
        const data = outcomeData(outcome);
        await writeChunks(
          io.stdout,
          (function* (): Generator<string> {
            yield* jsonText(data);
            yield '\n';
          })(),
        );
        if (determinism && !determinism.deterministic) io.stderr.write(`${formatDeterminism(determinism, errorColors)}\n`);
      } else {
        // Runs that all raised the same way did not differ; the report's raised missions already fail it.
        const differed = determinism !== undefined && !determinism.deterministic && determinism.divergence !== undefined;
        io.stdout.write(`${formatReport(outcome, { colors: c, verbose: command.verbose, nondeterministic: differed })}\n`);
        if (determinism) io.stdout.write(`${formatDeterminism(determinism, c)}\n`);
      }
      if (githubReporterEnabled(command.reporter, io.env)) {
        // Workflow commands are read from stdout and stderr alike; with --json they keep out of the JSON.
        const annotations = githubAnnotations(outcome, { sources, ...(determinism ? { determinism } : {}) });
        if (annotations.length > 0) (command.json ? io.stderr : io.stdout).write(`${annotations.join('\n')}\n`);
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (summaryFile !== undefined && summaryFile !== '') {
          try {
            appendFileSync(summaryFile, githubSummary(outcome, { sources, ...(determinism ? { determinism } : {}) }));
          } catch (error) {
            throw new UsageError(`GITHUB_STEP_SUMMARY: cannot append to '${summaryFile}': ${describeThrown(error).message}`);
          }
        }
      }
      // Written after the report, so a bad output path does not hide the report.
      const outputs: [flag: string, file: string | undefined, text: () => string][] = [
        ['--junit', command.junitFile, () => toJunitXml(outcome, { sources, testcaseLocations: command.junitTestcaseFile })],
        [
          '--html',
          command.htmlFile,
          () =>
            toHtmlReport(
              htmlReportData(outcome, { sources, ...(determinism ? { determinism } : {}), ...(otherRunData === undefined ? {} : { otherRunData }) }),
            ),
        ],
      ];
      for (const [flag, file, text] of outputs) {
        if (file !== undefined) await writeOutput(flag, file, text());
      }
    });
  } catch (error) {
    if (error instanceof UsageError) printError(io, error, command.verbose, errorColors);
    else printInternalError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  return outcome.passed && (determinism?.deterministic ?? true) ? EXIT.pass : EXIT.fail;
}

/** Writes an output file atomically; a failed write is a usage error naming the flag and the file. */
async function writeOutput(flag: string, file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    if (error instanceof FileWriteError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** `tier2 run --shard i/n --out <file>` (or `--out` alone: shard 1/1): runs the shard and writes its part file. */
async function shardCommand(
  io: CliIo,
  command: Extract<CliCommand, { kind: 'run' }>,
  outFile: string,
  inputs: Inputs,
  registry: MissionRegistry,
  errorColors: Colors,
): Promise<number> {
  const shard = command.shard ?? { index: 1, count: 1 };
  const own = shardInputs(inputs.suite, inputs.expectations, shard);
  const progress = progressReporter(io, own.suite.scenarios.length);
  let outcome: CliOutcome;
  try {
    outcome = judgeSuite(own.suite, own.expectations, registry, progress.listener);
  } catch (error) {
    progress.clear();
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  progress.clear();
  try {
    await removingTempFilesOnSignal(() =>
      writeOutput('--out', outFile, partText(makePart(inputs.suite, inputs.expectations, shard, outcome, inputs.sources.suiteFile))),
    );
  } catch (error) {
    if (error instanceof UsageError) printError(io, error, command.verbose, errorColors);
    else printInternalError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  const c = colors(colorEnabled(io.stdout, io.env, command.noColor));
  const passed = outcome.verdicts.filter((verdict) => verdict.status === 'passed').length;
  const lines = [
    c.bold(
      `suite '${inputs.suite.name}', shard ${shard.index}/${shard.count}: ${own.suite.scenarios.length} of ${inputs.suite.scenarios.length} scenarios, ${own.expectations.expectations.length} of ${inputs.expectations.expectations.length} expectations`,
    ),
  ];
  for (const verdict of outcome.verdicts) {
    if (verdict.status === 'failed')
      lines.push(`  ${c.red('✗')} expectation '${verdict.expectation.id}' failed (${verdict.result.details.reason ?? 'failed'})`);
    if (verdict.status === 'error')
      lines.push(`  ${c.red('✗')} expectation '${verdict.expectation.id}' not evaluated: mission '${verdict.missionError.key}' raised`);
  }
  for (const missionError of outcome.missionErrors) {
    lines.push(
      `  ${c.red('!')} scenario '${missionError.scenario}': mission '${missionError.key}' raised ${missionError.error.name}: ${missionError.error.message}`,
    );
  }
  lines.push(`${outcome.passed ? c.green(c.bold('PASS')) : c.red(c.bold('FAIL'))}  ${passed}/${outcome.verdicts.length} expectations of this shard passed`);
  lines.push(`wrote ${outFile} (merge every shard's part with: tier2 merge <part files>)`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return outcome.passed ? EXIT.pass : EXIT.fail;
}

/** `tier2 merge <part>...`: the report, JSON, JUnit and exit code of the whole run, from its parts. */
async function mergeCommand(io: CliIo, command: Extract<CliCommand, { kind: 'merge' }>, errorColors: Colors): Promise<number> {
  const outputs: NamedPath[] = [];
  if (command.junitFile !== undefined) outputs.push({ role: '--junit', path: command.junitFile });
  if (command.htmlFile !== undefined) outputs.push({ role: '--html', path: command.htmlFile });
  try {
    checkOutputPaths(
      outputs,
      command.partFiles.map((file) => ({ role: 'a part file', path: file })),
    );
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  let outcome: CliOutcome;
  let suiteFile: string | undefined;
  try {
    const parts = command.partFiles.map(readPart);
    outcome = mergeParts(parts);
    suiteFile = mergedSuiteFile(parts);
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  // Parts keep the suite file's name, not the lines of each expectation: file and line per test case come from `tier2 run` only.
  const sources: SourceLocations | undefined = suiteFile === undefined ? undefined : { suiteFile, expectation: () => undefined, missionCall: () => undefined };
  return emitOutcome(io, command, outcome, undefined, errorColors, sources === undefined ? {} : { sources });
}

/** `tier2 compare a b`: exit 0 when the results are the same, 1 with the first difference otherwise. */
function compareCommand(io: CliIo, command: Extract<CliCommand, { kind: 'compare' }>, errorColors: Colors): number {
  let result: ReturnType<typeof compareFiles>;
  try {
    result = compareFiles(command.fileA, command.fileB);
  } catch (error) {
    printError(io, error, false, errorColors);
    return EXIT.badInput;
  }
  io.stdout.write(`${result.text}\n`);
  return result.same ? EXIT.pass : EXIT.fail;
}
