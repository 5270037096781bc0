/**
 * The options of `tier2 compare <baseline> <candidate>`: their help text and
 * their parser (the CLI's argument parser hands every argument after
 * `compare` to {@link parseCompareArgs}).
 */
import { parseArgs } from 'node:util';

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
