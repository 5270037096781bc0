/**
 * The loader's errors: a problem with a file as a whole, or at a line and
 * column of its text (before the data has a path).
 */
import { ConfigError, type ErrorCode } from '../../data/errors.js';
import type { Position } from './positions.js';

/** A problem with the file as a whole (no path, no position). */
export function fileError(code: ErrorCode, problem: string, file: string, cause?: unknown): ConfigError {
  return new ConfigError({ code, problem, ...(cause === undefined ? {} : { cause }) }, { file });
}

/** A problem at a position in the text of the file, before it has a path. */
export function textError(code: ErrorCode, problem: string, file: string, position: Position | undefined, cause?: unknown): ConfigError {
  return new ConfigError({ code, problem, ...position, ...(cause === undefined ? {} : { cause }) }, { file });
}

/** `line L, column C`, as messages name an earlier place (`first at line 1, column 1`). */
export function at(position: Position): string {
  return `line ${position.line}, column ${position.column}`;
}
