/**
 * The one place where an error's location and message are turned into text.
 * `DefinitionError` and `ConfigError` keep their parts as data (the path as
 * segments, the problem, the line and column) and build `message`, `path` and
 * `location` here; nothing in the package reads those texts back.
 *
 * Internal: the runtime, the CLI and the fast-check helpers import it; it is not a public entry.
 */

import { formatPath, type PathSegment } from './path-text.js';

export { formatPath, type PathSegment };

/** The parts an error message is made of. */
export interface MessageParts {
  /** The file the input came from (config errors). */
  readonly file?: string | undefined;
  /** Who reports, e.g. `defineWorkflow` or `workflow 'wf-a'`; comes first. */
  readonly subject?: string | undefined;
  /** The path to the problem, as data. */
  readonly segments: readonly PathSegment[];
  /** What the segments are relative to, shown before them but not part of them (e.g. `options`). */
  readonly root?: string | undefined;
  /** How the location reads when `segments` is empty (e.g. `value`); by default it is left out. */
  readonly whole?: string | undefined;
  /** The problem text names the place itself, so the location is not repeated. */
  readonly placeInProblem?: boolean | undefined;
  /** What is wrong, and what is allowed. */
  readonly problem: string;
  /** 1-based line of the problem in its file, when known. */
  readonly line?: number | undefined;
  /** 1-based column of the problem in its file, when known. */
  readonly column?: number | undefined;
}

/**
 * The location as it reads in a message: the path (with its root, or the name
 * of the whole value), or `line L, column C` for a problem found in the text
 * of a file before it had a path; `''` when there is neither.
 */
export function locationText(parts: MessageParts): string {
  const { segments, root, whole, line, column } = parts;
  if (segments.length > 0) return formatPath(root === undefined ? segments : [root, ...segments]);
  if (whole !== undefined) return whole;
  if (line !== undefined) return `line ${line}, column ${column ?? 1}`;
  return '';
}

/**
 * The message of an error: `file: subject: location: problem`, leaving out the
 * parts that are absent; a path found in a file is followed by its position,
 * `(line L, column C)`.
 */
export function renderErrorMessage(parts: MessageParts): string {
  const location = parts.placeInProblem === true ? '' : locationText(parts);
  const head = [parts.file, parts.subject, location].filter((part) => part !== undefined && part !== '').join(': ');
  const position = parts.segments.length > 0 && parts.line !== undefined ? ` (line ${parts.line}, column ${parts.column ?? 1})` : '';
  return `${head === '' ? '' : `${head}: `}${parts.problem}${position}`;
}
