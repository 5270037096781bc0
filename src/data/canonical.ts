/**
 * Canonical JSON and hashing: the byte format every Tier-2 implementation
 * shares, so hashes match the reference byte for byte.
 *
 * - keys sorted by code point, separators `,` and `:`;
 * - every character outside printable ASCII escaped as lowercase `\uXXXX`
 *   (UTF-16 units), short escapes for `\b \f \n \r \t \" \\`;
 * - safe integers as integers; other numbers in shortest round-trip digits,
 *   in exponent form when the decimal exponent is < -4 or >= 16, with at least
 *   two exponent digits (`1e-07`, `1e+16`), and integral values in fixed form
 *   ending in `.0` (`9007199254740992.0`).
 *
 * Why this file is long: it holds one walk written twice, the checked walk ({@link serialise}) for any
 * value and the buffer writer (`fastSerialise`, `trustedText`, `untrustedText`) for data the runtime froze, with
 * the escape tables and the byte buffer they share. The two must write the same bytes for every value, so they are
 * read and changed side by side; the writer's buffer is module state that no other module may touch; and the
 * writer's near-copies are kept because merging them measured 15-60% slower (docs/performance.md). Hashing that
 * text lives in `hash.ts`.
 */
import { Buffer, constants as bufferConstants } from 'node:buffer';
import { types as utilTypes } from 'node:util';
import { DefinitionError } from './errors.js';
import { ACCESSOR, HOLE, MAX_SERIALISED_DEPTH, TOO_DEEP, containerProblem, describeValue, isTrusted, readOwnData, type PathSegment } from './json.js';
import { sortCodePoints, sortedKeys } from './code-point-order.js';

const { isArray, prototype: arrayPrototype } = Array;
const { isSafeInteger, isInteger, isFinite: numberIsFinite } = Number;
const { keys: objectKeys, getOwnPropertyDescriptor, getPrototypeOf, prototype: objectPrototype } = Object;
const reflectOwnKeys = Reflect.ownKeys;
const isProxy = utilTypes.isProxy;

const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** ASCII codes of the hex digits, and of the letter of each short escape. */
const HEX_CODES = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
/** For each ASCII unit with a short escape, the letter after the backslash (0: none). */
const SHORT_ESCAPE_LETTER = new Uint8Array(0x80);
for (const [unit, letter] of [
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x22, '"'],
  [0x5c, '\\'],
] as const) {
  SHORT_ESCAPE_LETTER[unit] = letter.charCodeAt(0);
}

/**
 * Quotes a string in the canonical form: printable ASCII as is, short escapes
 * for `\b \f \n \r \t " \\`, every other UTF-16 unit (controls, DEL,
 * non-ASCII, both halves of a surrogate pair, lone surrogates) as lowercase
 * `\uXXXX`. One pass into a byte buffer, so multi-megabyte strings stay fast.
 */
export function canonicalString(value: string): string {
  if (PLAIN_STRING.test(value)) return `"${value}"`;
  const out = Buffer.allocUnsafe(value.length * 6 + 2);
  out[0] = 0x22;
  return out.toString('latin1', 0, escapeInto(out, 1, value, 0));
}

/**
 * Writes `text` from unit `from` on, escaped, and the closing quote into `out`
 * at `n` (room for 6 bytes a unit and the quote); returns the new end.
 */
function escapeInto(out: Buffer, n: number, text: string, from: number): number {
  const length = text.length;
  for (let i = from; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit < 0x7f && unit !== 0x22 && unit !== 0x5c) {
      out[n++] = unit;
      continue;
    }
    out[n++] = 0x5c;
    const letter = unit < 0x80 ? (SHORT_ESCAPE_LETTER[unit] as number) : 0;
    if (letter !== 0) {
      out[n++] = letter;
      continue;
    }
    out[n++] = 0x75;
    out[n++] = HEX_CODES[(unit >> 12) & 15] as number;
    out[n++] = HEX_CODES[(unit >> 8) & 15] as number;
    out[n++] = HEX_CODES[(unit >> 4) & 15] as number;
    out[n++] = HEX_CODES[unit & 15] as number;
  }
  out[n++] = 0x22;
  return n;
}

/**
 * Formats a finite number the way the reference (Python `repr`) does. Both
 * print the shortest round-trip digits; they differ in where the exponent form
 * starts (JavaScript: below 1e-6 and from 1e21; Python: below 1e-4 and from
 * 1e16), in its digits (`1e-07`, not `1e-7`) and in the `.0` of an integral
 * value that is not a safe integer.
 */
function canonicalNumber(value: number): string {
  const text = String(value); // `String(-0)` is '0'
  if (isSafeInteger(value)) return text;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return isInteger(value) ? `${text}.0` : text;
  const exponential = magnitude < 1e-6 || magnitude >= 1e21 ? text : value.toExponential();
  const e = exponential.indexOf('e');
  // One exponent digit ('1e-7', '1e+5' never: that is fixed form) gets a leading zero.
  return exponential.length - e === 3 ? `${exponential.slice(0, e + 2)}0${exponential.slice(e + 2)}` : exponential;
}

function invalid(value: unknown, path: PathSegment[], reason?: string): DefinitionError {
  return new DefinitionError({
    code: 'not_json',
    subject: 'canonicalJson',
    segments: path,
    whole: 'value',
    problem: `${reason ?? `${describeValue(value)} is not JSON data`} (allowed: null, booleans, finite numbers, strings, arrays and plain objects)`,
  });
}

/** The text of a JSON primitive; `undefined` for an object or array (or null, handled by the walks), `NOT_JSON` for anything else. */
const NOT_JSON = Symbol('not JSON');
function primitiveText(value: unknown): string | undefined | typeof NOT_JSON {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      return numberIsFinite(value) ? canonicalNumber(value) : NOT_JSON;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : undefined;
    default:
      return NOT_JSON;
  }
}

function serialise(value: unknown, path: PathSegment[], active: Set<object>): string {
  const text = primitiveText(value);
  if (text === NOT_JSON) throw invalid(value, path, typeof value === 'number' ? `${String(value)} is not a finite number` : undefined);
  if (text !== undefined) return text;
  if (typeof value !== 'object' || value === null) throw invalid(value, path); // unreachable: primitives are handled above
  // Data the runtime validated and froze itself needs no second check; its
  // height is bounded (see MAX_SERIALISED_DEPTH).
  // A proxy is never trusted, and asking would run its isExtensible trap.
  const checked = !isProxy(value) && isTrusted(value);
  if (!checked) {
    if (path.length >= MAX_SERIALISED_DEPTH) throw invalid(value, path, `${TOO_DEEP} + 64 levels of room for results`);
    if (active.has(value)) throw invalid(value, path, 'a circular reference');
    const problem = containerProblem(value);
    if (problem !== undefined) throw invalid(value, path, problem);
  }
  const child = (key: string | number): string => {
    const raw = checked ? (value as Record<string | number, unknown>)[key] : readOwnData(value, key);
    path.push(key);
    if (raw === HOLE) throw invalid(raw, path, 'a hole in a sparse array');
    if (raw === ACCESSOR) throw invalid(raw, path, 'a getter/setter property is not JSON data');
    const text = serialise(raw, path, active);
    path.pop();
    return text;
  };
  active.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + child(i);
    out += ']';
  } else {
    out = '{';
    let first = true;
    for (const key of sortedKeys(value)) {
      out += `${first ? '' : ','}${canonicalString(key)}:${child(key)}`;
      first = false;
    }
    out += '}';
  }
  active.delete(value);
  return out;
}

/** Thrown by {@link fastSerialise} when the value needs the checked walk, which then throws the precise error. */
const RECHECK = new Error('canonicalJson: internal: take the checked walk');

/*
 * The fast walk writes the text's bytes (ASCII: everything else is escaped)
 * into one buffer, and makes one flat string of them at the end: no
 * per-value string, no rope of small pieces for the collector to copy, no
 * per-level array. The buffer is reused between calls (nothing re-enters the
 * walk: it runs no user code), unless a call grew it past KEPT_BYTES.
 */
const INITIAL_BYTES = 1 << 12;
const KEPT_BYTES = 1 << 20;
let bytes = Buffer.allocUnsafeSlow(INITIAL_BYTES);
let size = 0;

/** Makes room for `extra` more bytes. */
function reserve(extra: number): void {
  const needed = size + extra;
  if (needed > bytes.length) grow(needed);
}

/** Grows the buffer to hold `needed` bytes (a text longer than one string can hold is a RangeError, reported by canonicalJson). */
function grow(needed: number): void {
  if (needed > MAX_TEXT_LENGTH) throw new RangeError('canonicalJson: the text is longer than the longest string');
  const grown = Buffer.allocUnsafeSlow(Math.max(needed, Math.min(bytes.length * 2, MAX_TEXT_LENGTH)));
  bytes.copy(grown, 0, 0, size);
  bytes = grown;
}

/** Writes one byte. */
function put(byte: number): void {
  if (size === bytes.length) reserve(1);
  bytes[size++] = byte;
}

// The value writers take the byte to write before the value (`[` or `,` in an
// array, 0 for none): written within the value's own reservation, it costs no call.

/** Writes a string known to be printable ASCII without escapes (a number's text, `true`, `null`...). */
function writeAscii(text: string, before: number): void {
  const length = text.length;
  reserve(length + 1);
  const out = bytes;
  let n = size;
  if (before !== 0) out[n++] = before;
  for (let i = 0; i < length; i++) out[n++] = text.charCodeAt(i);
  size = n;
}

/** Writes a string quoted and escaped as {@link canonicalString} does. */
function writeString(text: string, before: number): void {
  const length = text.length;
  reserve(length + 3);
  const out = bytes;
  let n = size;
  if (before !== 0) out[n++] = before;
  out[n++] = 0x22;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit > 0x7e || unit === 0x22 || unit === 0x5c) {
      size = n;
      writeEscaped(text, i);
      return;
    }
    out[n++] = unit;
  }
  out[n++] = 0x22;
  size = n;
}

/**
 * Writes an object's key with the byte before it (`{` or `,`) and the colon
 * after it. A near-copy of {@link writeString} on purpose, like the array and
 * object loops of trustedText and untrustedText: merged (a byte-after
 * parameter, shared loops with a trusted flag), the walk measured 15-60%
 * slower (docs/performance.md, issue 14).
 */
function writeKey(key: string, before: number): void {
  const length = key.length;
  reserve(length + 4);
  const out = bytes;
  let n = size;
  out[n++] = before;
  out[n++] = 0x22;
  for (let i = 0; i < length; i++) {
    const unit = key.charCodeAt(i);
    if (unit < 0x20 || unit > 0x7e || unit === 0x22 || unit === 0x5c) {
      size = n;
      writeEscaped(key, i);
      put(0x3a);
      return;
    }
    out[n++] = unit;
  }
  out[n++] = 0x22;
  out[n++] = 0x3a;
  size = n;
}

/** Writes the rest of a string from its first unit that needs an escape, and the closing quote. */
function writeEscaped(text: string, from: number): void {
  const length = text.length;
  let extra = 1;
  for (let i = from; i < length; i++) {
    const unit = text.charCodeAt(i);
    extra += unit >= 0x20 && unit < 0x7f && unit !== 0x22 && unit !== 0x5c ? 1 : unit < 0x80 && SHORT_ESCAPE_LETTER[unit] !== 0 ? 2 : 6;
  }
  reserve(extra);
  size = escapeInto(bytes, size, text, from);
}

/** Writes a finite number: a safe integer digit by digit, anything else as {@link canonicalNumber} formats it. */
function writeNumber(value: number, before: number): void {
  if (!isSafeInteger(value)) {
    writeAscii(canonicalNumber(value), before);
    return;
  }
  let rest = value < 0 ? -value : value; // -0 is written as 0
  let digits = value < 0 ? 2 : 1;
  for (let power = 10; power <= rest; power *= 10) digits++;
  reserve(digits + 1);
  const out = bytes;
  if (before !== 0) out[size++] = before;
  if (value < 0) out[size] = 0x2d;
  size += digits;
  let at = size;
  do {
    const digit = rest % 10;
    out[--at] = 0x30 + digit;
    rest = (rest - digit) / 10;
  } while (rest > 0);
}

/**
 * The walk for valid data: no path and no cycle set (a cycle ends at the depth
 * limit, and the checked walk then names it). `before` is the byte to write
 * before the value (0: none). Anything unusual (a non-JSON value, a cycle, too
 * deep) throws {@link RECHECK}.
 */
function fastSerialise(value: unknown, depth: number, before: number): void {
  switch (typeof value) {
    case 'string':
      writeString(value, before);
      return;
    case 'number':
      if (!numberIsFinite(value)) throw RECHECK;
      writeNumber(value, before);
      return;
    case 'boolean':
      writeAscii(value ? 'true' : 'false', before);
      return;
    case 'object':
      if (value === null) writeAscii('null', before);
      else if (depth >= MAX_SERIALISED_DEPTH) throw RECHECK;
      // A proxy first: asking whether it is trusted would run its isExtensible trap.
      else if (isProxy(value)) throw RECHECK;
      // Data the runtime froze itself was validated: its properties are read directly.
      else if (isTrusted(value)) trustedText(value, depth + 1, before);
      else untrustedText(value, depth + 1, before);
      return;
    default:
      throw RECHECK;
  }
}

/** A runtime-frozen container (`depth` is its children's): read directly, no check. */
function trustedText(value: object, depth: number, before: number): void {
  if (isArray(value)) {
    const length = value.length;
    if (length === 0) {
      writeAscii('[]', before);
      return;
    }
    if (before !== 0) put(before);
    for (let i = 0; i < length; i++) fastSerialise(value[i], depth, i === 0 ? 0x5b : 0x2c);
    put(0x5d);
    return;
  }
  const keys = objectKeys(value);
  sortCodePoints(keys);
  if (keys.length === 0) writeAscii('{}', before);
  else if (before !== 0) put(before);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    writeKey(key, i === 0 ? 0x7b : 0x2c);
    fastSerialise((value as Record<string, unknown>)[key], depth, 0);
  }
  if (keys.length !== 0) put(0x7d);
}

/** A property's value if it is an enumerable own data property; anything else sends the value to the checked walk. */
function dataValue(target: object, key: string | number): unknown {
  const descriptor = getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || !descriptor.enumerable || !('value' in descriptor)) throw RECHECK;
  return descriptor.value;
}

/**
 * Data the runtime did not freeze and that is no proxy (`depth` is its
 * children's): checked as a container in as few calls as possible (one
 * `Reflect.ownKeys` serves the symbol, sparse-array and extra-property checks)
 * and read through property descriptors, so no getter ever runs. Any problem
 * sends it to the checked walk for its message.
 */
function untrustedText(value: object, depth: number, before: number): void {
  const ownKeys = reflectOwnKeys(value);
  const prototype = getPrototypeOf(value) as unknown;
  if (isArray(value)) {
    const length = value.length;
    // Own keys are the indices and `length`: a hole, an extra or a symbol key changes the count (or leaves a hole the read finds).
    if (prototype !== arrayPrototype || ownKeys.length !== length + 1) throw RECHECK;
    if (length === 0) {
      writeAscii('[]', before);
      return;
    }
    if (before !== 0) put(before);
    for (let i = 0; i < length; i++) fastSerialise(dataValue(value, i), depth, i === 0 ? 0x5b : 0x2c);
    put(0x5d);
    return;
  }
  if (prototype !== objectPrototype && prototype !== null) throw RECHECK;
  const count = ownKeys.length;
  // Symbol keys come last in own-key order.
  if (count > 0 && typeof ownKeys[count - 1] === 'symbol') throw RECHECK;
  const keys = ownKeys as string[];
  sortCodePoints(keys);
  if (count === 0) writeAscii('{}', before);
  else if (before !== 0) put(before);
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    writeKey(key, i === 0 ? 0x7b : 0x2c);
    fastSerialise(dataValue(value, key), depth, 0);
  }
  if (count !== 0) put(0x7d);
}

/** The fast walk's text, or `undefined` when the value needs the checked walk. */
function fastText(value: unknown): string | undefined {
  size = 0;
  try {
    fastSerialise(value, 0, 0);
    return bytes.toString('latin1', 0, size);
  } catch (error) {
    if (error !== RECHECK) throw error;
    return undefined;
  } finally {
    size = 0;
    if (bytes.length > KEPT_BYTES) bytes = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  }
}

/**
 * The canonical JSON text of a JSON value: the reference's byte format
 * (sorted keys, compact separators, ASCII-only with `\uXXXX` escapes,
 * Python-style number formatting). Non-JSON values are an error, never dropped.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1e-7, a: 'ü' }); // '{"a":"\\u00fc","b":1e-07}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  try {
    return fastText(value) ?? serialise(value, [], new Set());
  } catch (error) {
    // The depth limit bounds the recursion, so the one RangeError left is the
    // engine refusing a string longer than its limit.
    if (error instanceof RangeError) throw textTooLong('canonicalJson', error);
    throw error;
  }
}

/** The longest string the engine can make (V8: 2^29 - 24 characters). */
export const MAX_TEXT_LENGTH: number = bufferConstants.MAX_STRING_LENGTH;

/** The documented error for canonical text longer than one JavaScript string can hold. */
function textTooLong(where: string, cause: unknown): DefinitionError {
  return new DefinitionError({
    code: 'too_large',
    subject: where,
    problem: `the canonical text of this value is longer than the longest string the JavaScript engine can make (${MAX_TEXT_LENGTH} characters); the runtime's own result hashes never build one string and are not limited by this`,
    cause,
  });
}
