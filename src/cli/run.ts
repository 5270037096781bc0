/**
 * The `tier2` command line: parses the arguments and hands over to the command
 * (`run`, `merge`, `compare`; each in `commands/`).
 *
 * Exit codes: 0 every expectation passed; 1 an expectation failed, a mission
 * raised, `--runs` found a difference, or there was no expectation (without
 * `--pass-with-no-expectations`); 2 bad input (unreadable or malformed
 * file, schema error, unknown mission), bad usage, an output file that cannot
 * be written, or an internal error. A reader that closes stdout early
 * (`| head`) does not change the exit code: the run finishes quietly.
 */
import { createRequire } from 'node:module';
import { colors, type Colors } from '../report/text.js';
import { USAGE, UsageError, parseCliArgs, type CliCommand } from './args.js';
import { runCompare } from './commands/compare.js';
import { mergeCommand } from './commands/merge.js';
import { runCommand } from './commands/run.js';
import { EXIT, colorEnabled, printError, type CliIo } from './io.js';

export type { CliIo } from './io.js';

function version(): string {
  // The package can always read its own package.json through its `exports`.
  const pkg = createRequire(import.meta.url)('tier2-harness/package.json') as { version: string };
  return pkg.version;
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
      return runCompare(command.options, io, errorColors, colorEnabled(io.stdout, io.env, command.options.noColor));
    case 'merge':
      return mergeCommand(io, command, errorColors);
    default:
      return runCommand(io, command, errorColors);
  }
}
