/**
 * Command-line arguments, parsed with Node's own `util.parseArgs`: the CLI
 * has six flags and one command, which needs no parser dependency (and no
 * dependency means nothing more to audit, install or keep in step with Node).
 */
import { parseArgs } from 'node:util';
import { parseShardSpec, type ShardSpec } from '../parts/shard.js';
import { COMPARE_USAGE, parseCompareArgs, type CompareOptions } from './compare-args.js';

/** A usage problem: exit code 2, with the usage text unless `showUsage` is false. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Whether the CLI prints the usage text after the message (not for an unknown option: one line says it all). */
  readonly showUsage: boolean;

  constructor(message: string, options: { readonly showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? true;
  }
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
      /** `--shard i/n`: run only that shard's scenarios (needs `outFile`). */
      readonly shard: ShardSpec | undefined;
      /** `--out <file>`: write the part file there. */
      readonly outFile: string | undefined;
      /** `--pass-with-no-expectations`: a suite without expectations passes. */
      readonly passWithNoExpectations: boolean;
    }
  | ({
      readonly kind: 'merge';
      readonly partFiles: readonly string[];
    } & OutputOptions)
  | { readonly kind: 'compare'; readonly options: CompareOptions };

/** What decides how an outcome is shown: the same flags for `run` and `merge`. */
export interface OutputOptions {
  readonly json: boolean;
  readonly junitFile: string | undefined;
  readonly junitTestcaseFile: boolean;
  readonly reporter: Reporter | undefined;
  readonly htmlFile: string | undefined;
  readonly verbose: boolean;
  readonly noColor: boolean;
  /** `--pass-with-no-expectations`: a suite without expectations passes (by default it fails: nothing was checked). */
  readonly passWithNoExpectations: boolean;
}

/** The help text. */
export const USAGE = `Usage: tier2 run <suite file> [options]
       tier2 merge <part file>... [--json] [--junit <file>] [--pass-with-no-expectations] [-v] [--no-color]
       tier2 compare <baseline> <candidate> [--json] [--html <file>] [--reporter github] [--suite <file>] [--fail-on verdicts]

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
      --missions <module>    ES module (.js, or .ts through tsx) exporting a mission registry (default export or 'registry')
      --shard <i/n>          run only shard i of n (scenarios split by a hash of their name); needs --out
      --out <file>           write the part file (the shard's results) to <file>, for 'tier2 merge'
      --pass-with-no-expectations
                             pass a suite that has no expectations (by default it fails: nothing was checked)
  -v, --verbose              list passing expectations too; stack traces for errors
      --no-color             no colours (also: NO_COLOR set, or output not a terminal without FORCE_COLOR)
  -h, --help                 this help
  -V, --version              the version

'tier2 merge' combines the part files of every shard into the report, exit code,
JSON and JUnit of the unsharded run (same test_run_hash).

${COMPARE_USAGE}

Exit codes: 0 every expectation passed; 1 an expectation failed, a mission raised,
the runs differed, or there was no expectation to check; 2 bad input or usage.
compare: 0 identical, 1 different, 2 bad input.`;

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
  if (argv[0] === 'compare' && !argv.includes('--help') && !argv.includes('-h')) return compareCommand(argv.slice(1));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw unknownOptionError(error) ?? new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, suiteFile, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given; expected: tier2 run <suite file>');
  if (command === 'merge') return shardingCommand(command, positionals.slice(1), values);
  if (command !== 'run') {
    const hint = /\.(ya?ml|json)$/i.test(command) ? `; did you mean: tier2 run ${command}` : '';
    throw new UsageError(`unknown command '${command}'; the commands are 'run', 'merge' and 'compare'${hint}`);
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
    ['--out', values.out],
  ] as const) {
    if (value === '') throw new UsageError(`${flag} expects a file name`);
  }
  const reporter = reporterOf(values.reporter);
  if (values['junit-testcase-file'] === true && values.junit === undefined) {
    throw new UsageError('--junit-testcase-file changes the JUnit XML; it needs --junit <file>');
  }
  const shard = values.shard === undefined ? undefined : shardSpec(values.shard);
  if (shard !== undefined && values.out === undefined) throw new UsageError('--shard needs --out <file>: the part file that tier2 merge combines');
  if (values.out !== undefined) {
    for (const [flag, given] of [
      ['--json', values.json],
      ['--junit', values.junit],
      ['--runs', values.runs],
      ['--html', values.html],
      ['--pass-with-no-expectations', values['pass-with-no-expectations']],
    ] as const) {
      if (given !== undefined) throw new UsageError(`${flag} cannot be used with --out: give it to 'tier2 merge', which reports the whole run`);
    }
  }
  return {
    kind: 'run',
    suiteFile,
    expectationsFile: values.expectations,
    json: values.json ?? false,
    junitFile: values.junit,
    junitTestcaseFile: values['junit-testcase-file'] ?? false,
    reporter,
    htmlFile: values.html,
    runs,
    verbose: values.verbose ?? false,
    noColor: values['no-color'] ?? false,
    missionsModule: values.missions,
    shard,
    outFile: values.out,
    passWithNoExpectations: values['pass-with-no-expectations'] ?? false,
  };
}

function reporterOf(value: string | undefined): Reporter | undefined {
  if (value !== undefined && !(REPORTERS as readonly string[]).includes(value)) {
    throw new UsageError(`--reporter expects one of ${REPORTERS.join(', ')}, got '${value}'`);
  }
  return value as Reporter | undefined;
}

function shardSpec(text: string): ShardSpec {
  try {
    return parseShardSpec(text, '--shard');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `compare`: its own options (compare-args.ts). */
function compareCommand(argv: readonly string[]): CliCommand {
  const options = parseCompareArgs(argv);
  if (typeof options === 'string') throw new UsageError(options);
  return { kind: 'compare', options };
}

/** `merge`: only the flags that mean something to it. */
function shardingCommand(command: 'merge', files: readonly string[], values: ReturnType<typeof parse>['values']): CliCommand {
  const allowed = ['json', 'junit', 'reporter', 'html', 'pass-with-no-expectations', 'verbose', 'no-color'];
  for (const [flag, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.includes(flag))
      throw new UsageError(`--${flag} does not apply to '${command}'; it takes ${allowed.map((name) => `--${name}`).join(', ')}`);
  }
  if (files.length === 0) throw new UsageError("'merge' needs the part files: tier2 merge part-1.json part-2.json ...");
  if (values.junit === '') throw new UsageError('--junit expects a file name');
  if (values.html === '') throw new UsageError('--html expects a file name');
  return {
    kind: 'merge',
    partFiles: files,
    json: values.json ?? false,
    junitFile: values.junit,
    junitTestcaseFile: false,
    reporter: reporterOf(values.reporter),
    htmlFile: values.html,
    verbose: values.verbose ?? false,
    noColor: values['no-color'] ?? false,
    passWithNoExpectations: values['pass-with-no-expectations'] ?? false,
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
      shard: { type: 'string' },
      out: { type: 'string' },
      'pass-with-no-expectations': { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}

/** Edit distance between two strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The valid option closest to `flag` (`--colr` → `--no-color`, `-x` → `-e`),
 * compared by edit distance, long with long and short with short; ties go to
 * the first in the help's order.
 */
export function closestOption(flag: string): string {
  // The options as the help lists them, so the suggestion can only name a documented one.
  const long = [...USAGE.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1] ?? '');
  const short = [...USAGE.matchAll(/^\s+(-\w), --/gm)].map((match) => match[1] ?? '');
  const candidates = flag.startsWith('--') ? long : [...short, ...long];
  const bare = flag.replace(/=.*$/, '');
  // `--no-color` is what someone means by `--color` or `--colour`: a negated option is also compared without its `no-`.
  const score = (candidate: string): number => Math.min(distance(bare, candidate), distance(bare, candidate.replace(/^--no-/, '--')) + 1);
  let best = candidates[0] ?? '--help';
  for (const candidate of candidates) {
    if (score(candidate) < score(best)) best = candidate;
  }
  return best;
}

/**
 * Node's unknown-option error as one line naming the flag and the closest
 * valid option (instead of Node's text and the whole help), or undefined for
 * any other error.
 */
function unknownOptionError(error: unknown): UsageError | undefined {
  if ((error as { code?: unknown }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const flag = /^Unknown option '([^']+)'/.exec((error as Error).message)?.[1];
  if (flag === undefined) return undefined;
  return new UsageError(`unknown option '${flag}'; did you mean '${closestOption(flag)}'? (tier2 --help lists every option)`, { showUsage: false });
}
