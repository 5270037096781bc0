/**
 * Command-line arguments, parsed with Node's own `util.parseArgs`: the CLI
 * has a dozen flags and three commands, which needs no parser dependency (and
 * no dependency means nothing more to audit, install or keep in step with Node).
 *
 * To add an option: one line in {@link OPTIONS} (its type, short name, the
 * commands that take it, whether it names a file), one in {@link USAGE}, and
 * the field on the command it belongs to. A command refuses every option that
 * does not list it, naming the ones it takes. `compare` has options of its own
 * (a baseline and a candidate, `--fail-on`, `--suite`): compare-args.ts parses them.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '../data/closest-name.js';
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

/** The commands (`help` and `version` are flags). */
export type CommandName = 'run' | 'merge' | 'compare';

const COMMANDS: readonly CommandName[] = ['run', 'merge', 'compare'];

/** One option of {@link OPTIONS}. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The commands that take it (`--help` and `--version` are answered before any command). */
  readonly commands: readonly CommandName[];
  /** A string option whose value is a file name: an empty value is refused. */
  readonly file?: boolean;
}

/** Every option, in the order of the help text (which is also the order messages list them in). */
const OPTIONS = {
  expectations: { type: 'string', short: 'e', commands: ['run'], file: true },
  json: { type: 'boolean', commands: ['run', 'merge'] },
  junit: { type: 'string', commands: ['run', 'merge'], file: true },
  'junit-testcase-file': { type: 'boolean', commands: ['run'] },
  reporter: { type: 'string', commands: ['run', 'merge'] },
  html: { type: 'string', commands: ['run', 'merge'], file: true },
  runs: { type: 'string', commands: ['run'] },
  missions: { type: 'string', commands: ['run'], file: true },
  shard: { type: 'string', commands: ['run'] },
  out: { type: 'string', commands: ['run'], file: true },
  'pass-with-no-expectations': { type: 'boolean', commands: ['run', 'merge'] },
  verbose: { type: 'boolean', short: 'v', commands: ['run', 'merge'] },
  'no-color': { type: 'boolean', commands: ['run', 'merge'] },
  help: { type: 'boolean', short: 'h', commands: [] },
  version: { type: 'boolean', short: 'V', commands: [] },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

/** What decides how an outcome is shown: the same flags for `run` and `merge`. */
export interface OutputOptions {
  readonly json: boolean;
  readonly junitFile: string | undefined;
  /** `--junit-testcase-file`: `file` and `line` on each `<testcase>` (not valid against junit-10.xsd). */
  readonly junitTestcaseFile: boolean;
  /** `--reporter`: undefined lets `GITHUB_ACTIONS=true` choose `github`. */
  readonly reporter: Reporter | undefined;
  /** `--html <file>`: a self-contained HTML report. */
  readonly htmlFile: string | undefined;
  readonly verbose: boolean;
  readonly noColor: boolean;
  /** `--pass-with-no-expectations`: a suite without expectations passes (by default it fails: nothing was checked). */
  readonly passWithNoExpectations: boolean;
}

/** `tier2 run <suite file> [options]`. */
export interface RunCommand extends OutputOptions {
  readonly kind: 'run';
  readonly suiteFile: string;
  readonly expectationsFile: string | undefined;
  /** 1 unless `--runs N` asks for a determinism check. */
  readonly runs: number;
  /** A module exporting a mission registry (`default` or `registry`). */
  readonly missionsModule: string | undefined;
  /** `--shard i/n`: run only that shard's scenarios (needs `outFile`). */
  readonly shard: ShardSpec | undefined;
  /** `--out <file>`: write the part file there. */
  readonly outFile: string | undefined;
}

/** `tier2 merge <part file>...`. */
export interface MergeCommand extends OutputOptions {
  readonly kind: 'merge';
  readonly partFiles: readonly string[];
}

/** `tier2 compare <baseline> <candidate>`. */
export interface CompareCommand {
  readonly kind: 'compare';
  readonly options: CompareOptions;
}

/** What the command line asks for. */
export type CliCommand = { readonly kind: 'help' } | { readonly kind: 'version' } | RunCommand | MergeCommand | CompareCommand;

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
      --json                 print the test run's toDict() as compact JSON instead of the report
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

/** The arguments as `util.parseArgs` reads them with {@link OPTIONS}. */
function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
}

type Values = ReturnType<typeof parse>['values'];

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
  if (argv[0] === 'compare' && !argv.includes('-h') && !argv.includes('--help')) return compareCommand(argv.slice(1));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw unknownOptionError(error) ?? new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('no command given; expected: tier2 run <suite file>');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const hint = /\.(ya?ml|json)$/i.test(command) ? `; did you mean: tier2 run ${command}` : '';
    throw new UsageError(`unknown command '${command}'; the commands are 'run', 'merge' and 'compare'${hint}`);
  }
  const name = command as CommandName;
  checkOptionsApply(name, values);
  if (name === 'merge') return mergeCommand(files, values);
  return runCommand(files, values);
}

/** Refuses an option the command does not take, naming those it does. */
function checkOptionsApply(command: CommandName, values: Values): void {
  const names = Object.keys(OPTIONS) as OptionName[];
  const allowed = names.filter((name) => (OPTIONS[name].commands as readonly CommandName[]).includes(command));
  for (const name of names) {
    if (values[name] !== undefined && !allowed.includes(name)) {
      throw new UsageError(`--${name} does not apply to '${command}'; it takes ${allowed.map((flag) => `--${flag}`).join(', ')}`);
    }
  }
}

/** Refuses an empty file name (`--junit ''`). */
function checkFileNames(values: Values): void {
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const spec: OptionSpec = OPTIONS[name];
    if (spec.file === true && values[name] === '') throw new UsageError(`--${name} expects a file name`);
  }
}

/** `--runs`: 1 when absent, else an integer from 2 to 1000. */
function runsOf(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d+$/.test(value) || Number(value) < 2 || Number(value) > 1000) {
    throw new UsageError(`--runs expects an integer from 2 to 1000, got '${value}'`);
  }
  return Number(value);
}

/** `--out` writes a shard's part: the outputs of a whole run belong to `tier2 merge`. */
function checkShardOptions(values: Values): ShardSpec | undefined {
  const shard = values.shard === undefined ? undefined : shardSpec(values.shard);
  if (shard !== undefined && values.out === undefined) throw new UsageError('--shard needs --out <file>: the part file that tier2 merge combines');
  if (values.out !== undefined) {
    for (const name of ['json', 'junit', 'runs', 'html', 'pass-with-no-expectations'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} cannot be used with --out: give it to 'tier2 merge', which reports the whole run`);
    }
  }
  return shard;
}

/** The flags `run` and `merge` share. */
function outputOptions(values: Values, reporter: Reporter | undefined): OutputOptions {
  return {
    json: values.json ?? false,
    junitFile: values.junit,
    junitTestcaseFile: values['junit-testcase-file'] ?? false,
    reporter,
    htmlFile: values.html,
    verbose: values.verbose ?? false,
    noColor: values['no-color'] ?? false,
    passWithNoExpectations: values['pass-with-no-expectations'] ?? false,
  };
}

function runCommand(files: readonly string[], values: Values): RunCommand {
  const [suiteFile, ...extra] = files;
  if (suiteFile === undefined) throw new UsageError("'run' needs a suite file: tier2 run <suite file>");
  if (extra.length > 0) throw new UsageError(`unexpected extra argument${extra.length === 1 ? '' : 's'}: ${extra.join(' ')}`);
  const runs = runsOf(values.runs);
  checkFileNames(values);
  const reporter = reporterOf(values.reporter);
  if (values['junit-testcase-file'] === true && values.junit === undefined) {
    throw new UsageError('--junit-testcase-file changes the JUnit XML; it needs --junit <file>');
  }
  const shard = checkShardOptions(values);
  return {
    kind: 'run',
    suiteFile,
    expectationsFile: values.expectations,
    ...outputOptions(values, reporter),
    runs,
    missionsModule: values.missions,
    shard,
    outFile: values.out,
  };
}

function mergeCommand(files: readonly string[], values: Values): MergeCommand {
  if (files.length === 0) throw new UsageError("'merge' needs the part files: tier2 merge part-1.json part-2.json ...");
  checkFileNames(values);
  return { kind: 'merge', partFiles: files, ...outputOptions(values, reporterOf(values.reporter)) };
}

/** `compare`: its own options (compare-args.ts). */
function compareCommand(argv: readonly string[]): CompareCommand {
  const options = parseCompareArgs(argv);
  if (typeof options === 'string') throw new UsageError(options);
  return { kind: 'compare', options };
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

/**
 * The valid option closest to `flag` (`--colr` → `--no-color`, `-x` → `-e`),
 * compared by edit distance (a swap of neighbours costs 1), long with long and short with short; ties go to
 * the first in the help's order.
 */
export function closestOption(flag: string): string {
  // The options as the help lists them, so the suggestion can only name a documented one.
  const long = [...USAGE.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1] ?? '');
  const short = [...USAGE.matchAll(/^\s+(-\w), --/gm)].map((match) => match[1] ?? '');
  const candidates = flag.startsWith('--') ? long : [...short, ...long];
  const bare = flag.replace(/=.*$/, '');
  // `--no-color` is what someone means by `--color` or `--colour`: a negated option is also compared without its `no-`.
  const score = (candidate: string): number => Math.min(editDistance(bare, candidate), editDistance(bare, candidate.replace(/^--no-/, '--')) + 1);
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
