/**
 * `tier2 run`: load, validate, execute, report, exit code.
 *
 * Exit codes: 0 every expectation passed; 1 an expectation failed, a mission
 * raised, or `--runs` found a difference; 2 bad input (unreadable or malformed
 * file, schema error, unknown mission) or bad usage.
 */
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigError,
  MISSION_REGISTRY,
  MissionRegistry,
  Tier2Error,
  checkDeterminism,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  type DeterminismReport,
  type ValidExpectations,
  type ValidSuite,
} from 'tier2-harness';
import { USAGE, UsageError, parseCliArgs, type CliCommand } from './args.js';
import { checkMissionNames, executeSuite, outcomeData, type CliOutcome, type ProgressListener } from './execute.js';
import { toJunitXml } from './junit.js';
import { loadConfigFile, type LoadedConfig } from './load-config.js';
import { colors, formatDeterminism, formatReport, type Colors } from './report.js';

/** An output stream, as far as the CLI needs one. */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

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

/** Attributes a config error to its file and, where it can be found, its line. */
function locate(error: ConfigError, config: LoadedConfig): ConfigError {
  const withFile = error.file === undefined ? error.withFile(config.file) : error;
  const position = error.location === '' ? undefined : config.positionOf(error.location);
  if (!position) return withFile;
  return new ConfigError(`${withFile.problem} (line ${position.line}, column ${position.column})`, withFile.location, {
    file: config.file,
    cause: withFile.cause,
  });
}

interface Inputs {
  readonly suite: ValidSuite;
  readonly expectations: ValidExpectations;
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
  if (!expectationsConfig) return { suite, expectations: parseExpectationsDefinition({ expectations: [] }) };
  try {
    return { suite, expectations: parseExpectationsDefinition(expectationsConfig.data) };
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
    throw new UsageError(`--missions: cannot import '${module}': ${(error as Error).message}`);
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
      const name = scenario.length > 40 ? `${scenario.slice(0, 39)}…` : scenario;
      io.stderr.write(`\r\u001b[2Krunning scenario ${done}/${all}: ${name}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

function printError(io: CliIo, error: unknown, verbose: boolean, c: Colors): void {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${c.red('error:')} ${message}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${c.dim(error.stack)}\n`);
  else if (!(error instanceof UsageError) && !ConfigError.isConfigError(error) && !Tier2Error.isTier2Error(error)) {
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
  let command: CliCommand;
  const errorColors = colors(colorEnabled(io.stderr, io.env, argv.includes('--no-color')));
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    printError(io, error, false, errorColors);
    if (!(error instanceof UsageError) || error.showUsage) io.stderr.write(`\n${USAGE}\n`);
    return EXIT.badInput;
  }
  if (command.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.pass;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${version()}\n`);
    return EXIT.pass;
  }
  const c = colors(colorEnabled(io.stdout, io.env, command.noColor));
  let inputs: Inputs;
  let registry: MissionRegistry;
  try {
    registry = await loadRegistry(command.missionsModule);
    inputs = loadInputs(command, registry);
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }

  const progress = progressReporter(io, inputs.suite.scenarios.length);
  let outcome: CliOutcome;
  let determinism: DeterminismReport | undefined;
  try {
    if (command.runs > 1) {
      let first: CliOutcome | undefined;
      determinism = checkDeterminism(
        () => {
          const current = executeSuite(inputs.suite, inputs.expectations, registry, first === undefined ? progress.listener : undefined);
          first ??= current;
          return outcomeData(current);
        },
        { runs: command.runs },
      );
      outcome = first as CliOutcome;
    } else {
      outcome = executeSuite(inputs.suite, inputs.expectations, registry, progress.listener);
    }
  } catch (error) {
    progress.clear();
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  progress.clear();

  if (command.json) {
    io.stdout.write(`${JSON.stringify(outcomeData(outcome), null, 2)}\n`);
    if (determinism && !determinism.deterministic) io.stderr.write(`${formatDeterminism(determinism, errorColors)}\n`);
  } else {
    io.stdout.write(`${formatReport(outcome, { colors: c, verbose: command.verbose, nondeterministic: determinism?.deterministic === false })}\n`);
    if (determinism) io.stdout.write(`${formatDeterminism(determinism, c)}\n`);
  }
  // Written after the report, so a bad --junit path does not hide the report.
  if (command.junitFile !== undefined) {
    try {
      writeFileSync(command.junitFile, toJunitXml(outcome));
    } catch (error) {
      printError(io, new UsageError(`--junit: cannot write '${command.junitFile}': ${(error as Error).message}`), command.verbose, errorColors);
      return EXIT.badInput;
    }
  }
  return outcome.passed && (determinism?.deterministic ?? true) ? EXIT.pass : EXIT.fail;
}
