/**
 * The process around the CLI: its streams and environment (injected, so tests
 * can run the CLI in-process), the exit codes, whether to colour, and how an
 * error reaches stderr.
 */
import { ConfigError, Tier2Error } from '../data/errors.js';
import { describeThrown, thrownText } from '../data/describe-thrown.js';
import { escapeControl } from '../data/escape-control.js';
import type { Colors } from '../report/text.js';
import type { OutputStream } from './output.js';

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

/**
 * An error of the user's input or usage. Messages and stacks are described
 * without running user code and printed with control characters escaped.
 */
export function printError(io: CliIo, error: unknown, verbose: boolean, c: Colors): void {
  const { name, message, stack } = describeThrown(error);
  io.stderr.write(`${c.red('error:')} ${escapeControl(message, { keepNewlines: true })}\n`);
  if (verbose && stack) io.stderr.write(`${c.dim(escapeControl(stack, { keepNewlines: true }))}\n`);
  else if (name !== 'UsageError' && !ConfigError.isConfigError(error) && !Tier2Error.isTier2Error(error)) {
    io.stderr.write('(run with --verbose for the stack trace)\n');
  }
}
