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
 *   file fails at once instead of exhausting memory; an alias without an earlier anchor, or inside the
 *   node it names, is an error; merge keys (`<<`) are supported (explicit keys win);
 * - mapping keys are strings: a YAML key that the core schema reads as a number or boolean is accepted
 *   only when its text is what it would become (`1`, `true`), otherwise (`0x10`, `1.0`, `~`, `[a, b]`)
 *   it is an error; keys are duplicates when they are the same string (`1` and `"1"`);
 * - an integer literal that a JavaScript number does not keep (beyond ±(2^53−1): `12345678901234567890` would be
 *   read as `12345678901234567000`) is an error, in YAML and JSON;
 * - all checks are one pass over the parsed document, so time grows linearly with the file;
 * - the top level must be a mapping (object).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, type ErrorCode } from '../../data/errors.js';
import type { PathSegment } from '../../data/error-message.js';
import {
  LineCounter,
  Scalar,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import { readPlainBlockYaml } from './yaml-fast.js';

/** The largest config file read, in bytes (16 MiB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The `yaml` package's `maxAliasCount`: how much aliasing a document may do
 * (the package weighs each alias by the size of what it repeats). 100 is far
 * above what a hand-written suite needs and far below an expansion attack.
 */
export const MAX_ALIAS_COUNT = 100;

/** Where {@link LoadedConfig.positionOf} points. */
export interface PositionOptions {
  /** Point at the key of the last segment rather than at its value (an unknown field is its key). */
  readonly key?: boolean;
}

/** The data of one config file, and how to find a location in it. */
export interface LoadedConfig {
  /** The file as given (used in messages). */
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /** The parsed data: plain objects, arrays, strings, numbers, booleans and null. */
  readonly data: unknown;
  /**
   * The line and column (1-based) of a path in the data such as `['scenarios', 2, 'missions', 0, 'name']`
   * (a `ConfigError`'s `segments`), or undefined when it cannot be found. A path that goes beyond the
   * data (a missing field) is placed at the deepest part that exists. Computed on demand, when asked.
   */
  readonly positionOf: (segments: readonly PathSegment[], options?: PositionOptions) => { readonly line: number; readonly column: number } | undefined;
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
    if (!stats.isFile()) throw fileError('unreadable', 'not a regular file', file);
    size = stats.size;
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw error;
    throw fileError('unreadable', `cannot read the file: ${readProblem(error)}`, file, error);
  }
  if (size > MAX_CONFIG_BYTES) throw fileError('too_large', `the file is ${size} bytes; config files may be at most ${MAX_CONFIG_BYTES} bytes`, file);
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
  if (bytes.length > MAX_CONFIG_BYTES)
    throw fileError('too_large', `the input is ${bytes.length} bytes; config files may be at most ${MAX_CONFIG_BYTES} bytes`, file);
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch (error) {
    throw fileError('syntax', `not valid UTF-8 ${firstBadUtf8(bytes)}; config files must be UTF-8 text`, file, error);
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
  if (body.trim() === '') throw fileError('empty', 'the file is empty; expected a mapping (object) at the top level', file);
  const loaded = format === 'json' ? parseJson(body, file) : parseYaml(body, file);
  const { data } = loaded;
  // Suites and expectations files are both mappings; say so before the schema looks inside.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`;
    throw fileError('wrong_type', `expected a mapping (object) at the top level, got ${got}`, file);
  }
  return loaded;
}

/** A problem with the file as a whole (no path, no position). */
function fileError(code: ErrorCode, problem: string, file: string, cause?: unknown): ConfigError {
  return new ConfigError({ code, problem, ...(cause === undefined ? {} : { cause }) }, { file });
}

/** A problem at a position in the text of the file, before it has a path. */
function textError(code: ErrorCode, problem: string, file: string, position: Position | undefined, cause?: unknown): ConfigError {
  return new ConfigError({ code, problem, ...position, ...(cause === undefined ? {} : { cause }) }, { file });
}

interface Position {
  readonly line: number;
  readonly column: number;
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
  const code: ErrorCode = error.code === 'TAG_RESOLVE_FAILED' ? 'invalid_value' : 'syntax';
  return textError(code, describeYamlCode(error, yamlProblem(error)), file, { line: position.line, column: position.col }, error);
}

function describeYamlCode(error: YAMLError, problem: string): string {
  // The yaml package turns its own stack overflow on absurd nesting into a parse error.
  if (/maximum call stack/i.test(problem)) return 'the document is nested too deeply to parse';
  if (error.code === 'TAG_RESOLVE_FAILED') return `${problem} (only plain YAML data is accepted: no custom tags)`;
  return problem;
}

function parseDocumentSafely(text: string, file: string, lineCounter: LineCounter): Document.Parsed {
  try {
    // The yaml package's own duplicate check compares each key with every earlier one (quadratic: a
    // 60,000-key mapping took minutes); checkYamlDocument does it in one pass, by the key's final string.
    return parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, merge: true, version: '1.2', schema: 'core' });
  } catch (error) {
    if (error instanceof RangeError) throw fileError('too_large', 'the document is nested too deeply to parse', file, error);
    throw error;
  }
}

function parseYaml(text: string, file: string): LoadedConfig {
  // Plain block YAML is read directly, and positions are found (by the full parse) only when a message needs one.
  const plain = readPlainBlockYaml(text, keepsInteger);
  if (plain !== undefined) return { file, format: 'yaml', data: plain, positionOf: lazyPositionFinder(text, file) };
  const lineCounter = new LineCounter();
  const doc = parseDocumentSafely(text, file, lineCounter);
  const firstError = doc.errors[0];
  if (firstError) throw yamlError(firstError, file, lineCounter);
  // An unknown tag (`!foo`, `!!js/function`) is only a warning to the yaml package; here it is an error.
  const tagWarning = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) throw yamlError(tagWarning, file, lineCounter);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw fileError('empty', 'the file has no content; expected a mapping (object) at the top level', file);
  }
  try {
    checkYamlDocument(doc, file, lineCounter);
  } catch (error) {
    if (error instanceof RangeError) throw fileError('too_large', 'the document is nested too deeply to parse', file, error);
    throw error;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      throw fileError(
        'too_large',
        `too much alias expansion (${error.message}); anchors and aliases may repeat at most ${MAX_ALIAS_COUNT} nodes' worth of data`,
        file,
        error,
      );
    }
    if (error instanceof RangeError) throw fileError('too_large', 'the document is nested too deeply to parse', file, error);
    throw error;
  }
  return { file, format: 'yaml', data, positionOf: positionFinder(doc, lineCounter) };
}

function parseJson(text: string, file: string): LoadedConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fileError('syntax', `not valid JSON: ${(error as Error).message}`, file, error);
  }
  // JSON.parse keeps the last of duplicate keys without a word and rounds big integers; one scan of
  // the (now known valid) text finds both, with their position.
  checkJsonText(text, file);
  return { file, format: 'json', data, positionOf: jsonPositionFinder(text) };
}

// ---------------------------------------------------------------------------------------------
// Checks on the parsed YAML document (one pass, in document order; aliases are not expanded)

const YAML_INT_TAG = 'tag:yaml.org,2002:int';
/** The core schema's integer forms: decimal, `0o` octal and `0x` hexadecimal. */
const YAML_INT_LITERAL = /^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$/;

/** How far a YAML check has got: the anchors defined so far, and the anchored nodes being walked. */
interface YamlWalk {
  readonly file: string;
  readonly lineCounter: LineCounter;
  readonly anchors: Map<string, Node>;
  readonly open: Set<Node>;
}

function nodePosition(node: Node | null | undefined, fallback: Node, walk: YamlWalk): Position | undefined {
  const range = node?.range ?? fallback.range;
  if (!range) return undefined;
  const { line, col } = walk.lineCounter.linePos(range[0]);
  return { line, column: col };
}

function nodeAt(node: Node | null | undefined, fallback: Node, walk: YamlWalk): string {
  const position = nodePosition(node, fallback, walk);
  return position === undefined ? '' : at(position.line, position.column);
}

function yamlNodeError(code: ErrorCode, problem: string, node: Node | null | undefined, fallback: Node, walk: YamlWalk): ConfigError {
  return textError(code, problem, walk.file, nodePosition(node, fallback, walk));
}

/**
 * Refuses what the yaml package would read silently: keys that are not strings or collapse onto
 * another key, unsafe integers, aliases without an anchor before them or inside their own anchor,
 * and merge keys (`<<`) whose value is not mappings.
 */
function checkYamlDocument(doc: Document.Parsed, file: string, lineCounter: LineCounter): void {
  const walk: YamlWalk = { file, lineCounter, anchors: new Map(), open: new Set() };
  if (doc.contents) checkYamlNode(doc.contents, walk);
}

function checkYamlNode(node: Node, walk: YamlWalk): void {
  if (isAlias(node)) {
    const target = walk.anchors.get(node.source);
    if (target === undefined) {
      throw yamlNodeError(
        'invalid_value',
        `unresolved alias *${node.source}: no anchor &${node.source} is defined before it (an alias must follow its anchor)`,
        node,
        node,
        walk,
      );
    }
    if (walk.open.has(target)) {
      throw yamlNodeError('not_json', `alias *${node.source} is inside the node it refers to; recursive data is not JSON data`, node, node, walk);
    }
    return;
  }
  // The anchor is defined before the node's contents, as YAML reads it (so `&a [*a]` is caught above).
  if (node.anchor !== undefined) walk.anchors.set(node.anchor, node);
  if (isScalar(node)) {
    checkYamlNumber(node, walk);
    return;
  }
  if (!isSeq(node) && !isMap(node)) return;
  walk.open.add(node);
  if (isSeq(node)) {
    for (const item of node.items) if (item) checkYamlNode(item as Node, walk);
  } else {
    checkYamlMap(node, walk);
  }
  walk.open.delete(node);
}

function checkYamlNumber(node: Scalar, walk: YamlWalk): void {
  const { value } = node;
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) return;
  const source = (node as { source?: unknown }).source;
  const text = typeof source === 'string' ? source : String(value);
  const written = node.tag === YAML_INT_TAG || (node.tag === undefined && node.type === Scalar.PLAIN && YAML_INT_LITERAL.test(text));
  if (written && !keepsInteger(text, value)) throw yamlNodeError('too_large', inexactIntegerProblem(text, value), node, node, walk);
}

/**
 * Whether a JavaScript number keeps an integer literal beyond the safe range: it is the literal's exact
 * value, or it is written back as the same digits. `9007199254740992` (2^53) and `10000000000000000` keep
 * theirs, and so does `1152921504606847000` (what `JSON.stringify(2 ** 60)` writes, read back as itself);
 * `9007199254740993` becomes `9007199254740992` and `12345678901234567890` becomes `12345678901234567000`.
 */
export function keepsInteger(literal: string, value: number): boolean {
  if (String(value) === literal.replace(/^\+/, '').replace(/^(-?)0+(?=[0-9])/, '$1')) return true;
  try {
    return BigInt(literal) === BigInt(value);
  } catch {
    return false;
  }
}

function inexactIntegerProblem(text: string, value: number): string {
  return (
    `the integer ${text} cannot be held by a JavaScript number (it would be read as ${String(value)}); ` +
    `integers are exact only up to ±${Number.MAX_SAFE_INTEGER} (2^53 - 1): write it as a string, or with an exponent (1.2e19) if an approximate float is meant`
  );
}

/** The one `<<` key of a mapping, when the yaml package reads it as a merge key (plain `<<`). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function checkYamlMap(map: YAMLMap, walk: YamlWalk): void {
  const seen = new Map<string, Node>();
  let merge: Node | undefined;
  for (const pair of map.items) {
    const key = (pair.key ?? null) as Node | null;
    const value = (pair.value ?? null) as Node | null;
    if (isMergeKey(key)) {
      const mergeKey = key as Node;
      if (merge !== undefined) {
        throw yamlNodeError(
          'duplicate',
          `a second merge key << in one mapping (first at ${nodeAt(merge, map, walk)}); merge several mappings with one key: <<: [*a, *b]`,
          mergeKey,
          map,
          walk,
        );
      }
      merge = mergeKey;
      if (value) checkYamlNode(value, walk);
      checkMergeSources(value, mergeKey, walk);
      continue;
    }
    if (key) checkYamlNode(key, walk);
    const name = yamlKeyString(key, map, walk);
    const first = seen.get(name);
    if (first !== undefined) {
      throw yamlNodeError(
        'duplicate',
        `duplicate key ${JSON.stringify(name)} (first at ${nodeAt(first, map, walk)}); a key may appear only once in a mapping`,
        key,
        map,
        walk,
      );
    }
    seen.set(name, key ?? map);
    if (value) checkYamlNode(value, walk);
  }
}

/** What a node resolves to through an alias (already checked to resolve). */
function dereference(node: Node | null, walk: YamlWalk): Node | null {
  return node !== null && isAlias(node) ? (walk.anchors.get(node.source) ?? null) : node;
}

function kindOf(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const { value } = node;
    return value === null ? 'null' : `a ${typeof value === 'object' ? 'non-JSON value' : typeof value}`;
  }
  return 'an unknown node';
}

function checkMergeSources(value: Node | null, key: Node, walk: YamlWalk): void {
  const source = dereference(value, walk);
  const sources = source !== null && isSeq(source) ? source.items.map((item) => (item ?? null) as Node | null) : [value];
  // A bad item of a list reached through an alias is reported at the alias, where the merge is written.
  const throughAlias = value !== null && isAlias(value);
  for (const item of sources) {
    const target = dereference(item, walk);
    if (target === null || !isMap(target)) {
      throw yamlNodeError(
        'wrong_type',
        `a merge key << takes a mapping or a list of mappings (<<: *base, <<: [*a, *b]), got ${kindOf(target)}`,
        throughAlias ? value : (item ?? value),
        key,
        walk,
      );
    }
  }
}

/**
 * The string a mapping key becomes. Keys are strings; a plain key the core schema reads as a
 * number or boolean is kept only when its text is exactly that string (`1`, `true`, `-3`);
 * otherwise the text would change meaning (`0x10` would become "16", `1.0` "1", `~` ""), so it is
 * an error, as are null, collection and non-JSON keys.
 */
function yamlKeyString(key: Node | null, map: Node, walk: YamlWalk): string {
  const target = dereference(key, walk);
  const missing = 'a mapping key is missing (an empty key is null in YAML); a mapping key must be a string';
  if (target === null) throw yamlNodeError('wrong_type', missing, key, map, walk);
  if (!isScalar(target)) {
    throw yamlNodeError('wrong_type', `a mapping key must be a string, got ${kindOf(target)}`, key, map, walk);
  }
  const { value } = target;
  if (typeof value === 'string') return value;
  const source = (target as { source?: unknown }).source;
  const text = typeof source === 'string' ? source : '';
  if (value === null) {
    throw yamlNodeError(
      'wrong_type',
      text === '' ? missing : `the key ${text} is null in YAML; a mapping key must be a string: quote it ('${text}')`,
      key,
      map,
      walk,
    );
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && target.type === Scalar.PLAIN) {
    if (String(value) === text) return text;
    throw yamlNodeError(
      'wrong_type',
      `the key ${text} is the ${typeof value} ${String(value)} in YAML and would become the key ${JSON.stringify(String(value))}; ` +
        `a mapping key must be a string: quote it ('${text}')`,
      key,
      map,
      walk,
    );
  }
  throw yamlNodeError('wrong_type', `a mapping key must be a string, got ${kindOf(target)}`, key, map, walk);
}

// ---------------------------------------------------------------------------------------------
// Checks on JSON text (run after JSON.parse accepted it, so the scan may assume valid JSON)

/** The offset just past the string literal starting (with its quote) at `start`. */
function jsonStringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

function jsonStringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

/** The 1-based line and column of an offset (counted once, for a message). */
function jsonPosition(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function jsonAt(text: string, offset: number): string {
  const { line, column } = jsonPosition(text, offset);
  return at(line, column);
}

/** One linear scan: duplicate keys (a Map per open object) and integers that cannot be held exactly. */
function checkJsonText(text: string, file: string): void {
  // One entry per open container: the keys seen so far (with their offset) for an object, null for an array.
  const open: (Map<string, number> | null)[] = [];
  let expectKey = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const end = jsonStringEnd(text, index);
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = jsonStringValue(text, index, end);
        const first = keys.get(key);
        if (first !== undefined) {
          throw textError(
            'duplicate',
            `duplicate key ${JSON.stringify(key)} (first at ${jsonAt(text, first)}); a key may appear only once in an object`,
            file,
            jsonPosition(text, index),
          );
        }
        keys.set(key, index);
      }
      index = end;
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      JSON_NUMBER.lastIndex = index;
      const match = JSON_NUMBER.exec(text) as RegExpExecArray;
      const token = match[0];
      const value = Number(token);
      if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(value) && !keepsInteger(token, value)) {
        throw textError('too_large', inexactIntegerProblem(token, value), file, jsonPosition(text, index));
      }
      index += token.length;
    } else {
      if (char === '{') open.push(new Map());
      else if (char === '[') open.push(null);
      else if (char === '}' || char === ']') open.pop();
      if (char === '{' || char === ',') expectKey = open[open.length - 1] !== null;
      else if (char === ':' || char === '[') expectKey = false;
      index += 1;
    }
  }
}

function skipJsonSpace(text: string, index: number): number {
  let at = index;
  while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1;
  return at;
}

/** The offset just past the JSON value starting at `start` (the text is valid JSON). */
function skipJsonValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return jsonStringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let end = start;
    while (end < text.length && !',}] \t\n\r'.includes(text[end] as string)) end += 1;
    return end;
  }
  let depth = 0;
  let index = start;
  do {
    const char = text[index];
    if (char === '"') {
      index = jsonStringEnd(text, index);
      continue;
    }
    if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
    index += 1;
  } while (depth > 0);
  return index;
}

/** The offset of the value a segment names inside the container at `start`, or undefined. */
function jsonChild(text: string, start: number, segment: string | number, atKey = false): number | undefined {
  const open = text[start];
  if (open !== (typeof segment === 'number' ? '[' : '{')) return undefined;
  let index = skipJsonSpace(text, start + 1);
  for (let position = 0; text[index] !== '}' && text[index] !== ']'; position += 1) {
    let valueStart = index;
    let matches = position === segment;
    if (open === '{') {
      const keyEnd = jsonStringEnd(text, index);
      matches = jsonStringValue(text, index, keyEnd) === segment;
      valueStart = skipJsonSpace(text, skipJsonSpace(text, keyEnd) + 1);
    }
    if (matches) return atKey && open === '{' ? index : valueStart;
    index = skipJsonSpace(text, skipJsonValue(text, valueStart));
    if (text[index] === ',') index = skipJsonSpace(text, index + 1);
  }
  return undefined;
}

function jsonPositionFinder(text: string): LoadedConfig['positionOf'] {
  return (segments, options) => {
    // Walk down as far as the path exists: a missing field is reported at its parent.
    let offset = skipJsonSpace(text, 0);
    for (const [depth, segment] of segments.entries()) {
      const child = jsonChild(text, offset, segment, options?.key === true && depth === segments.length - 1);
      if (child === undefined) break;
      offset = child;
    }
    return jsonPosition(text, offset);
  };
}

/** The full parse's position finder, made on first use (the fast path only reads texts the full parse accepts). */
function lazyPositionFinder(text: string, file: string): LoadedConfig['positionOf'] {
  let find: LoadedConfig['positionOf'] | undefined;
  return (segments, options) => {
    if (find === undefined) {
      const lineCounter = new LineCounter();
      find = positionFinder(parseDocumentSafely(text, file, lineCounter), lineCounter);
    }
    return find(segments, options);
  };
}

/** The key node of the last segment of an existing path, when its parent is a mapping that holds the key itself. */
function keyNode(doc: Document.Parsed, path: readonly PathSegment[]): unknown {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = String(path[path.length - 1]);
  return parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === last)?.key;
}

function positionFinder(doc: Document.Parsed, lineCounter: LineCounter): LoadedConfig['positionOf'] {
  return (segments, options) => {
    // Walk down as far as the path exists: a missing field is reported at its parent.
    let path = segments;
    while (path.length > 0 && !doc.hasIn(path)) path = path.slice(0, -1);
    const key = options?.key === true && path.length > 0 && path.length === segments.length ? keyNode(doc, path) : undefined;
    const node: unknown = key ?? (path.length === 0 ? doc.contents : doc.getIn(path, true));
    const range = (isCollection(node) || isScalar(node)) && node.range ? node.range : undefined;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
}
