/**
 * Command-line arguments, parsed with Node's own `util.parseArgs`: the CLI
 * has six flags and one command, which needs no parser dependency (and no
 * dependency means nothing more to audit, install or keep in step with Node).
 */
import { parseArgs } from 'node:util';

/** A usage problem: exit code 2, with the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The reporters `--reporter` accepts. */
export const REPORTERS = ['default', 'github'] as const;

/** `default`: the report only; `github`: the report plus GitHub Actions annotations and job summary. */
export type Reporter = (typeof REPORTERS)[number];

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly suiteFile: string;
      readonly expectationsFile: string | undefined;
      readonly json: boolean;
      readonly junitFile: string | undefined;
      /** `--junit-testcase-file`: `file` and `line` on each `<testcase>` (not valid against junit-10.xsd). */
      readonly junitTestcaseFile: boolean;
      /** `--reporter`: undefined lets `GITHUB_ACTIONS=true` choose `github`. */
      readonly reporter: Reporter | undefined;
      /** `--html <file>`: a self-contained HTML report. */
      readonly htmlFile: string | undefined;
      /** 1 unless `--runs N` asks for a determinism check. */
      readonly runs: number;
      readonly verbose: boolean;
      readonly noColor: boolean;
      /** A module exporting a mission registry (`default` or `registry`). */
      readonly missionsModule: string | undefined;
    };

/** The help text. */
export const USAGE = `Usage: tier2 run <suite file> [options]

Runs a suite written as YAML or JSON and judges its expectations.

Arguments:
  <suite file>               suite config (.yaml, .yml or .json); it may hold a
                             top-level 'expectations:' list itself

Options:
  -e, --expectations <file>  expectations config (instead of an 'expectations:' list in the suite file)
      --json                 print the test run's toDict() as JSON instead of the report
      --junit <file>         also write JUnit XML to <file> (valid against junit-10.xsd)
      --junit-testcase-file  with --junit: add file and line of the expectation to each <testcase>
                             (for GitLab and GitHub JUnit actions; not valid against junit-10.xsd)
      --reporter <name>      default, or github: also GitHub Actions annotations and a job summary
                             (github is the default when GITHUB_ACTIONS=true)
      --html <file>          also write a self-contained HTML report to <file>
      --runs <N>             run N times (2 to 1000) and fail on any difference (determinism check)
      --missions <module>    ES module exporting a mission registry (default export or 'registry')
  -v, --verbose              list passing expectations too; stack traces for errors
      --no-color             no colours (also: NO_COLOR set, or output not a terminal)
  -h, --help                 this help
  -V, --version              the version

Exit codes: 0 every expectation passed; 1 an expectation failed, a mission raised,
or the runs differed; 2 bad input or usage.`;

/**
 * Parses the arguments after `node cli.js`.
 *
 * @throws UsageError for unknown options, missing or extra arguments, or a bad `--runs`.
 * @example
 * ```ts
 * parseCliArgs(['run', 'suite.yaml', '--json']);
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, suiteFile, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given; expected: tier2 run <suite file>');
  if (command !== 'run') {
    const hint = /\.(ya?ml|json)$/i.test(command) ? `; did you mean: tier2 run ${command}` : '';
    throw new UsageError(`unknown command '${command}'; the only command is 'run'${hint}`);
  }
  if (suiteFile === undefined) throw new UsageError("'run' needs a suite file: tier2 run <suite file>");
  if (extra.length > 0) throw new UsageError(`unexpected extra argument${extra.length === 1 ? '' : 's'}: ${extra.join(' ')}`);
  let runs = 1;
  if (values.runs !== undefined) {
    if (!/^\d+$/.test(values.runs) || Number(values.runs) < 2 || Number(values.runs) > 1000) {
      throw new UsageError(`--runs expects an integer from 2 to 1000, got '${values.runs}'`);
    }
    runs = Number(values.runs);
  }
  for (const [flag, value] of [
    ['--expectations', values.expectations],
    ['--junit', values.junit],
    ['--html', values.html],
    ['--missions', values.missions],
  ] as const) {
    if (value === '') throw new UsageError(`${flag} expects a file name`);
  }
  const reporter = values.reporter;
  if (reporter !== undefined && !(REPORTERS as readonly string[]).includes(reporter)) {
    throw new UsageError(`--reporter expects one of ${REPORTERS.join(', ')}, got '${reporter}'`);
  }
  if (values['junit-testcase-file'] === true && values.junit === undefined) {
    throw new UsageError('--junit-testcase-file changes the JUnit XML; it needs --junit <file>');
  }
  return {
    kind: 'run',
    suiteFile,
    expectationsFile: values.expectations,
    json: values.json ?? false,
    junitFile: values.junit,
    junitTestcaseFile: values['junit-testcase-file'] ?? false,
    reporter: reporter as Reporter | undefined,
    htmlFile: values.html,
    runs,
    verbose: values.verbose ?? false,
    noColor: values['no-color'] ?? false,
    missionsModule: values.missions,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      expectations: { type: 'string', short: 'e' },
      json: { type: 'boolean' },
      junit: { type: 'string' },
      'junit-testcase-file': { type: 'boolean' },
      reporter: { type: 'string' },
      html: { type: 'string' },
      runs: { type: 'string' },
      missions: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}
