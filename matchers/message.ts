/**
 * The one message format of every tier2-harness matcher: the runner's hint
 * line, one sentence, then labelled values and any further detail.
 */
import { describeValue, isPlainObject } from '../src/data/common.js';
import { escapeControl } from '../src/data/escape-control.js';
import type { MatcherContext } from './types.js';

/** One labelled value of a message; `raw` text is printed as is, other values through the runner's printer. */
export interface MessageLine {
  readonly label: string;
  readonly value: unknown;
  /** Which printer: `expected` (green), `received` (red) or `raw` text. */
  readonly as: 'expected' | 'received' | 'raw';
}

/** What a message is made of. */
export interface MessageParts {
  readonly matcher: string;
  /** The hint's argument placeholder (e.g. `expectations`); empty for none. */
  readonly expectedArg?: string;
  readonly sentence: string;
  readonly lines?: readonly MessageLine[];
  /** Further detail after the labelled values (a table, a list). */
  readonly detail?: string;
}

/** Builds a matcher message: hint line, sentence, labelled values aligned, detail. */
export function formatMessage(context: MatcherContext, parts: MessageParts): string {
  const hint = context.utils.matcherHint(parts.matcher, 'received', parts.expectedArg ?? '', {
    isNot: context.isNot === true,
    ...(context.promise ? { promise: context.promise } : {}),
  });
  const lines = parts.lines ?? [];
  const width = Math.max(0, ...lines.map((line) => line.label.length + 1));
  const printed = lines.map((line) => {
    // Names and paths in messages come from user input: control characters are shown, never obeyed by the terminal.
    const text =
      line.as === 'raw'
        ? escapeControl(String(line.value))
        : line.as === 'expected'
          ? context.utils.printExpected(line.value)
          : context.utils.printReceived(line.value);
    return `${`${line.label}:`.padEnd(width)} ${text}`;
  });
  const sentence = escapeControl(parts.sentence, { keepNewlines: true });
  const detail = escapeControl(parts.detail ?? '', { keepNewlines: true });
  return [hint, sentence, printed.join('\n'), detail].filter((block) => block !== '').join('\n\n');
}

/** Shorthand for a labelled expected value. */
export function expectedLine(label: string, value: unknown): MessageLine {
  return { label, value, as: 'expected' };
}

/** Shorthand for a labelled received value. */
export function receivedLine(label: string, value: unknown): MessageLine {
  return { label, value, as: 'received' };
}

/** Shorthand for a labelled line of plain text. */
export function rawLine(label: string, value: string): MessageLine {
  return { label, value, as: 'raw' };
}

/**
 * The error a misuse of a matcher throws: it starts with the matcher's name
 * and says what was received and what is accepted. The stack starts at the caller.
 */
export function misuse(matcher: string, problem: string, callee?: (...args: never[]) => unknown): TypeError {
  const error = new TypeError(`${matcher}: ${problem}`);
  if (callee) Error.captureStackTrace(error, callee);
  return error;
}

/**
 * True when the runner calls the matcher as an asymmetric matcher
 * (`expect.toX()` inside `toEqual`, `toHaveBeenCalledWith`...). Vitest and
 * Jest give `promise` (a string, `''` outside `.resolves`/`.rejects`) only to
 * direct calls; an asymmetric matcher's context is built without it.
 */
export function isAsymmetricCall(context: MatcherContext): boolean {
  return typeof context.promise !== 'string';
}

/**
 * A short description of a received value for misuse errors: the shared
 * description (numbers and strings as themselves), and a plain object's keys.
 */
export function describeReceived(value: unknown): string {
  const described = describeValue(value, { literal: true });
  if (!isPlainObject(value)) return described;
  return `${described} with keys ${
    Object.keys(value)
      .map((key) => escapeControl(key))
      .join(', ') || '(none)'
  }`;
}

/** Renders rows as an aligned plain-text table with a header. */
export function table(header: readonly string[], rawRows: readonly (readonly string[])[]): string {
  const rows = rawRows.map((row) => row.map((cell) => escapeControl(cell)));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)].join('\n');
}

/** Compact JSON for table cells and sentences. */
export function compact(value: unknown): string {
  return value === undefined ? '(absent)' : escapeControl(JSON.stringify(value));
}
