/**
 * A fast reader for the plain block YAML most suites are written in (and that
 * `yaml.stringify` writes): mappings and sequences in block style, one scalar
 * per line, plain keys. It exists because the `yaml` package's full parse
 * (tokens, syntax tree, document with positions) costs several times the run
 * itself on a large suite (docs/performance.md).
 *
 * It is an accelerator, never a second opinion: it returns the data only when
 * it is certain the full parse would give exactly that data and raise nothing;
 * on anything else (anchors, aliases, tags, merge keys, flow collections other
 * than `[]`/`{}`, multi-line or escaped scalars, comments after a value,
 * duplicate keys, non-string keys, unsafe integers, tabs, CR, documents
 * markers, unusual characters) it returns `undefined` and the caller runs the
 * full parse, which gives the precise error with its line and column. Plain
 * scalars resolve through the same tests, in the same order, with the same
 * functions as the `yaml` package's YAML 1.2 core schema.
 */

/** Thrown inside the reader to give up; caught at the top and turned into `undefined`. */
const GIVE_UP = new Error('yaml-fast: not handled here');

/** Characters the reader does not handle anywhere (controls but LF, tab, CR, C1 controls, line/paragraph separators, BOM, non-characters). */
// eslint-disable-next-line no-control-regex
const UNHANDLED_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** A mapping entry's key (plain, starting with a letter, `_` or `$`) and its colon. */
const KEY_ENTRY = /^([A-Za-z_$][A-Za-z0-9_$./-]*):(?: |$)/;
/** A single-quoted scalar on one line (`''` is a quote). */
const SINGLE_QUOTED = /^'(?:[^']|'')*'$/;
/** First characters that make a plain scalar something else (indicators), or that the reader leaves to the full parse. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/**
 * The plain keys (a letter, `_` or `$` first, as KEY_ENTRY reads them) that the core schema does not
 * read as strings: its null and bool forms (its numbers start with a digit, a sign or a dot).
 */
const NOT_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** The first characters of the core schema's null, bool, int and float forms. */
const MAYBE_NOT_STRING = /^[~nNtTfF+\-.0-9]/;

// The YAML 1.2 core schema's implicit tags, in the `yaml` package's order, each with its resolution.
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * Whether a number keeps the integer literal it was read from (the loader's
 * rule for integers beyond the safe range; the loader passes its own).
 */
export type KeepsInteger = (literal: string, value: number) => boolean;

/**
 * The value of a plain scalar under the core schema, or GIVE_UP for what the
 * full parse treats specially (NaN and infinities are left to it too, so the
 * config's own error names them with their position).
 */
function plainValue(text: string, keepsInteger: KeepsInteger): string | number | boolean | null {
  // Every non-string form starts with one of `~ n N t T f F + - .` or a digit (or is empty): anything else is a string.
  if (text !== '' && !MAYBE_NOT_STRING.test(text)) return detached(text);
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  let integer: number | undefined;
  if (CORE_INT_OCT.test(text)) integer = parseInt(text.substring(2), 8);
  else if (CORE_INT.test(text)) integer = parseInt(text, 10);
  else if (CORE_INT_HEX.test(text)) integer = parseInt(text.substring(2), 16);
  if (integer !== undefined) {
    // The full parse refuses integers a number cannot hold exactly: let it say so.
    if (!Number.isSafeInteger(integer) && !keepsInteger(text, integer)) throw GIVE_UP;
    return integer;
  }
  if (CORE_FLOAT_NAN.test(text)) throw GIVE_UP;
  if (CORE_FLOAT_EXP.test(text) || CORE_FLOAT.test(text)) return parseFloat(text);
  return detached(text);
}

/**
 * A string value as a copy of its own. A piece cut from the file's text by `slice` may share the text's
 * memory (V8 does so from 13 characters up), and one such value would keep the whole text alive for as
 * long as the suite lives; JSON.parse copies its strings, and so does this.
 */
function detached(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

/** The value written after `key: ` or `- ` (already trimmed at both ends, not empty). */
function scalarValue(text: string, keepsInteger: KeepsInteger): unknown {
  const first = text[0];
  if (first === '"') {
    const inner = text.slice(1, -1);
    if (text.length < 2 || text[text.length - 1] !== '"' || inner.includes('"') || inner.includes('\\')) throw GIVE_UP;
    return detached(inner);
  }
  if (first === "'") {
    if (!SINGLE_QUOTED.test(text)) throw GIVE_UP;
    return detached(text.slice(1, -1).replaceAll("''", "'"));
  }
  if (text === '[]') return [];
  if (text === '{}') return {};
  // A plain scalar may start with `-` when a non-space follows (`-1`, `-x`); `--` is left to the full parse.
  const indicator = first === '-' ? text.length === 1 || text[1] === ' ' || text[1] === '-' : INDICATOR_START.test(text);
  if (indicator || text.includes(' #') || text.includes(': ') || text.endsWith(':')) throw GIVE_UP;
  return plainValue(text, keepsInteger);
}

interface Line {
  /** Spaces before the content. */
  indent: number;
  /** The line without its indentation and trailing spaces (never empty, never a comment). */
  content: string;
}

/**
 * The reader's state: the current content line, read from the text when the
 * previous one is done (so no line outlives its use: a large file never holds
 * an object per line at once).
 */
class Reader {
  /** The content line being read, or undefined at the end of the text. */
  current: Line | undefined;
  /** Where the line after the current one starts. */
  private next = 0;

  constructor(
    private readonly text: string,
    readonly keepsInteger: KeepsInteger,
  ) {
    this.advance();
  }

  /** Moves to the next content line: blank and whole-line comment lines are skipped; GIVE_UP on document markers and directives. */
  advance(): void {
    const { text } = this;
    while (this.next <= text.length) {
      const lineStart = this.next;
      let end = text.indexOf('\n', lineStart);
      if (end === -1) end = text.length;
      this.next = end + 1;
      let start = lineStart;
      while (start < end && text.charCodeAt(start) === 0x20) start += 1;
      while (end > start && text.charCodeAt(end - 1) === 0x20) end -= 1;
      if (start === end || text.charCodeAt(start) === 0x23) continue;
      if (start === lineStart && (text.startsWith('---', start) || text.startsWith('...', start) || text.charCodeAt(start) === 0x25)) throw GIVE_UP;
      this.current = { indent: start - lineStart, content: text.slice(start, end) };
      return;
    }
    this.current = undefined;
  }

  /** The block (mapping or sequence) whose first line is the current one, at its indentation. */
  block(): unknown {
    const line = this.current as Line;
    return isSequenceItem(line.content) ? this.sequence(line.indent) : this.mapping(line.indent);
  }

  /** The value of an entry whose text ended at its indicator (`key:` or `-`) at `indent`: a nested block, or null. */
  nested(indent: number, sequenceAllowed: boolean): unknown {
    const next = this.current;
    if (next === undefined || next.indent < indent) return null;
    if (next.indent > indent) return this.block();
    // A sequence may sit at its key's own indentation; anything else at that indentation is the next entry.
    return sequenceAllowed && isSequenceItem(next.content) ? this.sequence(indent) : null;
  }

  /** After a scalar value: a more indented line would continue it (a multi-line scalar), which is left to the full parse. */
  endOfScalar(indent: number): void {
    const next = this.current;
    if (next !== undefined && next.indent > indent) throw GIVE_UP;
  }

  mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.current; line !== undefined && line.indent >= indent; line = this.current) {
      if (line.indent > indent) throw GIVE_UP;
      const entry = KEY_ENTRY.exec(line.content);
      if (entry === null) throw GIVE_UP;
      const key = entry[1] as string;
      // Keys must stay strings, unique, and not the merge key or the prototype's name.
      if (NOT_STRING_KEYS.has(key) || key === '__proto__' || Object.hasOwn(map, key)) throw GIVE_UP;
      const rest = trimSpaces(line.content.slice(entry[0].length));
      this.advance();
      if (rest === '') {
        map[key] = this.nested(indent, true);
      } else {
        map[key] = scalarValue(rest, this.keepsInteger);
        this.endOfScalar(indent);
      }
    }
    return map;
  }

  sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.current; line !== undefined && line.indent === indent && isSequenceItem(line.content); line = this.current) {
      if (line.content === '-') {
        this.advance();
        items.push(this.nested(indent, false));
        continue;
      }
      const rest = trimSpaces(line.content.slice(2));
      const column = indent + (line.content.length - rest.length);
      if (isSequenceItem(rest)) throw GIVE_UP; // `- - a`: left to the full parse
      if (KEY_ENTRY.test(rest)) {
        // `- key: value`: a mapping whose first entry starts on the dash's line, at the column after it.
        line.indent = column;
        line.content = rest;
        items.push(this.mapping(column));
        continue;
      }
      this.advance();
      items.push(scalarValue(rest, this.keepsInteger));
      this.endOfScalar(indent);
    }
    const after = this.current;
    if (after !== undefined && after.indent > indent) throw GIVE_UP;
    return items;
  }
}

/** The text without its leading and trailing spaces (only U+0020: YAML's other white space, the tab, is not handled here). */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) === 0x20) end -= 1;
  return text.slice(start, end);
}

function isSequenceItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/**
 * The data of a YAML text when it is plain block YAML this reader handles
 * exactly as the `yaml` package's full parse (core schema) would, with a
 * mapping at the top; otherwise `undefined` (the caller then runs the full parse).
 */
export function readPlainBlockYaml(text: string, keepsInteger: KeepsInteger): Record<string, unknown> | undefined {
  if (UNHANDLED_CHARACTER.test(text)) return undefined;
  try {
    const reader = new Reader(text, keepsInteger);
    const first = reader.current;
    if (first === undefined || first.indent !== 0 || isSequenceItem(first.content)) return undefined;
    const data = reader.mapping(0);
    return reader.current === undefined ? data : undefined;
  } catch (error) {
    // GIVE_UP, or the engine's stack limit on absurd nesting: either way the full parse decides.
    if (error === GIVE_UP || error instanceof RangeError) return undefined;
    throw error;
  }
}
