/**
 * Reads a suite or expectations file (YAML or JSON) into plain data, refusing
 * hostile or ambiguous input before the config adapter sees it. Every problem
 * is a `ConfigError` naming the file and, where known, the line and column.
 *
 * Rules (see docs/cli.md, "Input rules"):
 * - at most {@link MAX_CONFIG_BYTES} bytes; an empty (or whitespace/comment-only) file is an error;
 * - the bytes must be UTF-8 (a leading BOM is allowed and dropped); anything else is an error, never replaced;
 * - `.json` files are strict JSON (`JSON.parse`), and duplicate keys are an error (JSON.parse would keep the last);
 * - every other file is one YAML 1.2 document (core schema): duplicate keys, unknown tags and several
 *   documents are errors; alias expansion is bounded by {@link MAX_ALIAS_COUNT}, so a "billion laughs"
 *   file fails at once instead of exhausting memory;
 * - the top level must be a mapping (object).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from 'tier2-harness';
import { LineCounter, isCollection, isScalar, parseDocument, type Document, type YAMLError } from 'yaml';

/** The largest config file read, in bytes (16 MiB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The `yaml` package's `maxAliasCount`: how much aliasing a document may do
 * (the package weighs each alias by the size of what it repeats). 100 is far
 * above what a hand-written suite needs and far below an expansion attack.
 */
export const MAX_ALIAS_COUNT = 100;

/** The data of one config file, and how to find a location in it. */
export interface LoadedConfig {
  /** The file as given (used in messages). */
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /** The parsed data: plain objects, arrays, strings, numbers, booleans and null. */
  readonly data: unknown;
  /**
   * The line and column (1-based) of a config location such as `scenarios[2].missions[0].name`,
   * or undefined when it cannot be found.
   */
  readonly positionOf: (location: string) => { readonly line: number; readonly column: number } | undefined;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads and parses a config file.
 *
 * @throws ConfigError for an unreadable, empty, oversized, non-UTF-8 or malformed file.
 * @example
 * ```ts
 * const { data } = loadConfigFile('examples/nightly.suite.yaml');
 * ```
 */
export function loadConfigFile(file: string): LoadedConfig {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new ConfigError('not a regular file', '', { file });
    size = stats.size;
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw error;
    throw new ConfigError(`cannot read the file: ${readProblem(error)}`, '', { file, cause: error });
  }
  if (size > MAX_CONFIG_BYTES) throw new ConfigError(`the file is ${size} bytes; config files may be at most ${MAX_CONFIG_BYTES} bytes`, '', { file });
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`cannot read the file: ${readProblem(error)}`, '', { file, cause: error });
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
  if (bytes.length > MAX_CONFIG_BYTES)
    throw new ConfigError(`the input is ${bytes.length} bytes; config files may be at most ${MAX_CONFIG_BYTES} bytes`, '', { file });
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch (error) {
    throw new ConfigError(`not valid UTF-8 ${firstBadUtf8(bytes)}; config files must be UTF-8 text`, '', { file, cause: error });
  }
  return parseConfigText(text, file, format);
}

/** Where the first invalid UTF-8 sequence starts, for the message. */
function firstBadUtf8(bytes: Uint8Array): string {
  const decodes = (end: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // The shortest prefix that cannot be the start of UTF-8 text (an unfinished last character is allowed)...
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (decodes(mid + 1, true)) low = mid + 1;
    else high = mid;
  }
  // ...and the start of the sequence it breaks: the longest complete prefix before it.
  let start = Math.min(low, bytes.length);
  while (start > 0 && !decodes(start, false)) start -= 1;
  return `(byte 0x${(bytes[start] ?? 0).toString(16).padStart(2, '0')} at offset ${start})`;
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
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new ConfigError('the file is empty; expected a mapping (object) at the top level', '', { file });
  const loaded = format === 'json' ? parseJson(body, file) : parseYaml(body, file);
  const { data } = loaded;
  // Suites and expectations files are both mappings; say so before the schema looks inside.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`;
    throw new ConfigError(`expected a mapping (object) at the top level, got ${got}`, '', { file });
  }
  return loaded;
}

function at(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}

/** The first line of a yaml error message, without its "at line L, column C" tail (we say that in the location). */
function yamlProblem(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlError(error: YAMLError, file: string, lineCounter: LineCounter): ConfigError {
  const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  return new ConfigError(describeYamlCode(error, yamlProblem(error)), at(position.line, position.col), { file, cause: error });
}

function describeYamlCode(error: YAMLError, problem: string): string {
  // The yaml package turns its own stack overflow on absurd nesting into a parse error.
  if (/maximum call stack/i.test(problem)) return 'the document is nested too deeply to parse';
  if (error.code === 'DUPLICATE_KEY') return `duplicate key: ${problem.toLowerCase()} (a key may appear only once in a mapping)`;
  if (error.code === 'TAG_RESOLVE_FAILED') return `${problem} (only plain YAML data is accepted: no custom tags)`;
  return problem;
}

function parseDocumentSafely(text: string, file: string, lineCounter: LineCounter, json: boolean): Document.Parsed {
  try {
    return parseDocument(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: true,
      version: '1.2',
      ...(json ? { schema: 'json' as const } : { schema: 'core' as const }),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new ConfigError('the document is nested too deeply to parse', '', { file, cause: error });
    throw error;
  }
}

function parseYaml(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocumentSafely(text, file, lineCounter, false);
  const firstError = doc.errors[0];
  if (firstError) throw yamlError(firstError, file, lineCounter);
  // An unknown tag (`!foo`, `!!js/function`) is only a warning to the yaml package; here it is an error.
  const tagWarning = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) throw yamlError(tagWarning, file, lineCounter);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new ConfigError('the file has no content; expected a mapping (object) at the top level', '', { file });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ConfigError(`too much alias expansion (${error.message}); anchors and aliases may repeat at most ${MAX_ALIAS_COUNT} nodes' worth of data`, '', {
        file,
        cause: error,
      });
    }
    if (error instanceof RangeError) throw new ConfigError('the document is nested too deeply to parse', '', { file, cause: error });
    throw error;
  }
  return { file, format: 'yaml', data, positionOf: positionFinder(doc, lineCounter) };
}

function parseJson(text: string, file: string): LoadedConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON: ${(error as Error).message}`, '', { file, cause: error });
  }
  // JSON.parse keeps the last of duplicate keys without a word. YAML 1.2 reads
  // JSON text too, and its parser reports duplicates with their position.
  const lineCounter = new LineCounter();
  const doc = parseDocumentSafely(text, file, lineCounter, true);
  const duplicate = doc.errors.find((error) => error.code === 'DUPLICATE_KEY');
  if (duplicate) throw yamlError(duplicate, file, lineCounter);
  return { file, format: 'json', data, positionOf: doc.errors.length === 0 ? positionFinder(doc, lineCounter) : () => undefined };
}

/** Parses a location as `formatPath` writes it: `a.b[2]["odd key"]`. */
function locationSegments(location: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  const pattern = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let index = 0;
  while (index < location.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(location);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
    index = pattern.lastIndex;
  }
  return segments;
}

function positionFinder(doc: Document.Parsed, lineCounter: LineCounter): LoadedConfig['positionOf'] {
  return (location) => {
    const segments = locationSegments(location);
    if (segments === undefined) return undefined;
    // Walk down as far as the path exists: a missing field is reported at its parent.
    let path = segments;
    while (path.length > 0 && !doc.hasIn(path)) path = path.slice(0, -1);
    const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const range = (isCollection(node) || isScalar(node)) && node.range ? node.range : undefined;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
}
