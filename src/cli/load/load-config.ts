/**
 * Reads a suite or expectations file (YAML or JSON) into plain data, refusing
 * hostile or ambiguous input before the config adapter sees it. Every problem
 * is a `ConfigError` naming the file and, where known, the line and column.
 *
 * Rules (see docs/cli.md, "Input rules"):
 * - no size limit but the engine's: the text must fit in one JavaScript string ({@link MAX_TEXT_LENGTH});
 *   an empty (or whitespace/comment-only) file is an error;
 * - the bytes must be UTF-8 (a leading BOM is allowed and dropped); anything else is an error, never replaced;
 * - `.json` files are strict JSON (`JSON.parse`), and duplicate keys are an error (JSON.parse would keep the last);
 * - every other file is one YAML 1.2 document (core schema): duplicate keys, unknown tags and several
 *   documents are errors; alias expansion is bounded by {@link MAX_ALIAS_COUNT}, so a "billion laughs"
 *   file fails at once instead of exhausting memory; an alias without an earlier anchor, or inside the
 *   node it names, is an error; merge keys (`<<`) are supported (explicit keys win);
 * - mapping keys are strings: a YAML key that the core schema reads as a number or boolean is accepted
 *   only when its text is what it would become (`1`, `true`), otherwise (`0x10`, `1.0`, `~`, `[a, b]`)
 *   it is an error; keys are duplicates when they are the same string (`1` and `"1"`);
 * - an integer literal that a JavaScript number does not keep (beyond ±(2^53−1): `12345678901234567890` would be
 *   read as `12345678901234567000`) is an error, in YAML and JSON;
 * - all checks are one pass over the parsed document, so time grows linearly with the file;
 * - the top level must be a mapping (object).
 *
 * Positions (for messages and reports) are found only when asked for, in one linear pass per file
 * (json-positions.ts, yaml-fast-positions.ts), or from the full parse's document (yaml-positions.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from '../../data/errors.js';
import { fileError } from './config-errors.js';
import { parseJson } from './json.js';
import type { PositionFinder } from './positions.js';
import { MAX_TEXT_LENGTH, decodeUtf8, tooLongProblem } from './utf8.js';
import { parseYaml } from './yaml.js';

export { MAX_ALIAS_COUNT } from './yaml.js';
export { MAX_TEXT_LENGTH } from './utf8.js';

/** The data of one config file, and how to find a location in it. */
export interface LoadedConfig {
  /** The file as given (used in messages). */
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /** The parsed data: plain objects, arrays, strings, numbers, booleans and null. */
  readonly data: unknown;
  /**
   * True when no container appears twice in `data` (JSON, and YAML without aliases read by the fast reader):
   * its validation may keep it, frozen, instead of copying it. False for the full YAML parse, whose aliases may
   * share one object between places.
   */
  readonly unshared: boolean;
  /**
   * The line and column (1-based) of a path in the data such as `['scenarios', 2, 'missions', 0, 'name']`
   * (a `ConfigError`'s `segments`), or undefined when it cannot be found. A path that goes beyond the
   * data (a missing field) is placed at the deepest part that exists. Found on demand: the first call
   * makes the file's positions (one pass over its text), later calls look them up. It holds the file's
   * bytes or text, not its data.
   */
  readonly positionOf: PositionFinder;
}

/**
 * Reads and parses a config file.
 *
 * @throws ConfigError for an unreadable, empty, non-UTF-8 or malformed file, or one whose text cannot be one string.
 * @example
 * ```ts
 * const { data } = loadConfigFile('examples/nightly.suite.yaml');
 * ```
 */
export function loadConfigFile(file: string): LoadedConfig {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw fileError('unreadable', 'not a regular file', file);
    size = stats.size;
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw error;
    throw fileError('unreadable', `cannot read the file: ${readProblem(error)}`, file, error);
  }
  // A UTF-8 byte makes at most one UTF-16 code unit and a code unit takes at least one byte... but up to three:
  // beyond three bytes per unit of the limit, no text of that size fits in a string, so it is not even read.
  if (size > 3 * MAX_TEXT_LENGTH) throw fileError('too_large', tooLongProblem(size), file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw fileError('unreadable', `cannot read the file: ${readProblem(error)}`, file, error);
  }
  return parseConfigBytes(bytes, file);
}

/** Why a file could not be read, in words (the system's code in parentheses for the rarer ones). */
export function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'ENOTDIR') return `a directory in the path is a file (${code})`;
  return code ?? String(error);
}

/** The format a file name implies: `.json` is JSON, everything else YAML. */
export function formatOf(file: string): 'yaml' | 'json' {
  return extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/**
 * Parses config bytes; `file` names the input in messages and picks the format ({@link formatOf}).
 *
 * @throws ConfigError as {@link loadConfigFile}.
 * @example
 * ```ts
 * parseConfigBytes(new TextEncoder().encode('suite_name: s\nscenarios: []\n'), 'inline.yaml').data;
 * ```
 */
export function parseConfigBytes(bytes: Uint8Array, file: string, format: 'yaml' | 'json' = formatOf(file)): LoadedConfig {
  // Positions decode the bytes again if they are ever asked for: the bytes take less memory than the text
  // (a text with one character beyond Latin-1 takes two bytes per character), and most runs ask for none.
  return parseConfig(decodeUtf8(bytes, file), file, format, () => decodeUtf8(bytes, file));
}

/**
 * Parses config text (already decoded).
 *
 * @throws ConfigError as {@link loadConfigFile}.
 * @example
 * ```ts
 * parseConfigText('{"expectations": []}', 'e.json').data; // { expectations: [] }
 * ```
 */
export function parseConfigText(text: string, file: string, format: 'yaml' | 'json' = formatOf(file)): LoadedConfig {
  return parseConfig(text, file, format, () => text);
}

/** The text without a leading byte order mark. */
function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function parseConfig(text: string, file: string, format: 'yaml' | 'json', source: () => string): LoadedConfig {
  const body = withoutBom(text);
  if (body.trim() === '') throw fileError('empty', 'the file is empty; expected a mapping (object) at the top level', file);
  const bodyAgain = (): string => withoutBom(source());
  const { data, positionOf, unshared } = format === 'json' ? parseJson(body, file, bodyAgain) : parseYaml(body, file, bodyAgain);
  // Suites and expectations files are both mappings; say so before the schema looks inside.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`;
    throw fileError('wrong_type', `expected a mapping (object) at the top level, got ${got}`, file);
  }
  return { file, format, data, unshared, positionOf };
}
