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
 */
import { Buffer, constants as bufferConstants } from 'node:buffer';
import { createHash, hash as oneShotHash, type Hash } from 'node:crypto';
import { types as utilTypes } from 'node:util';
import { DefinitionError } from './errors.js';
import {
  ACCESSOR,
  HOLE,
  MAX_SERIALISED_DEPTH,
  TOO_DEEP,
  containerProblem,
  describeValue,
  isTrusted,
  readOwnData,
  sortCodePoints,
  sortedKeys,
  type PathSegment,
} from './json.js';

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
  const length = value.length;
  const out = Buffer.allocUnsafe(length * 6 + 2);
  let n = 0;
  out[n++] = 0x22;
  for (let i = 0; i < length; i++) {
    const unit = value.charCodeAt(i);
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
  return out.toString('latin1', 0, n);
}

/** Formats a finite number the way the reference (Python `repr`) does. */
export function canonicalNumber(value: number): string {
  if (isSafeInteger(value)) return String(value === 0 ? 0 : value);
  const magnitude = Math.abs(value);
  if (!isInteger(value) && magnitude >= 1e-4 && magnitude < 1e16) return String(value);
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // Fixed notation for an integral value outside the safe range (2^53 <= |x| < 1e16).
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${negative ? '-' : ''}${whole}.${fraction === '' ? '0' : fraction}`;
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
  const checked = isTrusted(value);
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

/**
 * The walk for valid data: no path and no cycle set (a cycle ends at the depth
 * limit, and the checked walk then names it). Each level joins its parts into a
 * flat string: one long rope of small pieces would survive every scavenge.
 * Anything unusual (a non-JSON value, a cycle, too deep) throws {@link RECHECK}.
 */
function fastSerialise(value: unknown, depth: number): string {
  const text = primitiveText(value);
  if (text === NOT_JSON) throw RECHECK;
  if (text !== undefined) return text;
  if (typeof value !== 'object' || value === null) throw RECHECK; // unreachable: primitives are handled above
  if (depth >= MAX_SERIALISED_DEPTH) throw RECHECK;
  // Data the runtime froze itself was validated: its properties are read directly.
  return isTrusted(value) ? trustedText(value, depth) : untrustedText(value, depth);
}

function trustedText(value: object, depth: number): string {
  if (isArray(value)) {
    const length = value.length;
    const parts = new Array<string>(length);
    for (let i = 0; i < length; i++) parts[i] = fastSerialise(value[i], depth + 1);
    return `[${parts.join(',')}]`;
  }
  return objectText(objectKeys(value), (key) => (value as Record<string, unknown>)[key], depth);
}

/** A property's value if it is an enumerable own data property; anything else sends the value to the checked walk. */
function dataValue(target: object, key: string | number): unknown {
  const descriptor = getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || !descriptor.enumerable || !('value' in descriptor)) throw RECHECK;
  return descriptor.value;
}

/**
 * Data the runtime did not freeze: checked as a container in as few calls as
 * possible (one `Reflect.ownKeys` serves the symbol, sparse-array and
 * extra-property checks) and read through property descriptors, so no getter
 * or proxy trap ever runs. Any problem sends it to the checked walk for its message.
 */
function untrustedText(value: object, depth: number): string {
  if (isProxy(value)) throw RECHECK;
  const ownKeys = reflectOwnKeys(value);
  const prototype = getPrototypeOf(value) as unknown;
  if (isArray(value)) {
    const length = value.length;
    // Own keys are the indices and `length`: a hole, an extra or a symbol key changes the count (or leaves a hole the read finds).
    if (prototype !== arrayPrototype || ownKeys.length !== length + 1) throw RECHECK;
    const parts = new Array<string>(length);
    for (let i = 0; i < length; i++) parts[i] = fastSerialise(dataValue(value, i), depth + 1);
    return `[${parts.join(',')}]`;
  }
  if (prototype !== objectPrototype && prototype !== null) throw RECHECK;
  // Symbol keys come last in own-key order.
  if (ownKeys.length > 0 && typeof ownKeys[ownKeys.length - 1] === 'symbol') throw RECHECK;
  return objectText(ownKeys as string[], (key) => dataValue(value, key), depth);
}

/** An object's text from its own keys (the array is reused) and a reader of their values. */
function objectText(keys: string[], read: (key: string) => unknown, depth: number): string {
  let plain = true;
  for (const key of keys) {
    if (!PLAIN_STRING.test(key)) {
      plain = false;
      break;
    }
  }
  // Printable-ASCII keys sort the same by UTF-16 unit and by code point, and need no escaping.
  if (plain) keys.sort();
  else sortCodePoints(keys);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    keys[i] = `${plain ? `"${key}"` : canonicalString(key)}:${fastSerialise(read(key), depth + 1)}`;
  }
  return `{${keys.join(',')}}`;
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
    try {
      return fastSerialise(value, 0);
    } catch (error) {
      if (error !== RECHECK) throw error;
    }
    return serialise(value, [], new Set());
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

/** SHA-256 hex digest of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Pieces of canonical text at least this long are kept as they are; shorter
 * ones are joined into chunks of about this size. Joining saves a hash call
 * per piece; keeping long pieces apart means a text shared by many results
 * (a scenario's state in each mission's `final_state`) is never copied.
 */
const CHUNK_CHARS = 1 << 16;

/**
 * Internal (not for users; not covered by semver): Canonical text as a list of chunks: result texts are assembled
 * from the texts of their parts, never joined into one string (a suite's text
 * can exceed the engine's string limit), and hashed chunk by chunk.
 */
export class TextChunks {
  readonly #chunks: string[] = [];
  #current = '';

  /** Appends a piece of canonical text. */
  add(text: string): void {
    if (text.length >= CHUNK_CHARS) {
      if (this.#current !== '') this.#chunks.push(this.#current);
      this.#current = '';
      this.#chunks.push(text);
      return;
    }
    this.#current += text;
    if (this.#current.length >= CHUNK_CHARS) {
      this.#chunks.push(this.#current);
      this.#current = '';
    }
  }

  /** Appends chunks made by another builder. */
  addAll(chunks: readonly string[]): void {
    for (const chunk of chunks) this.add(chunk);
  }

  /** The chunks, in order; the builder must not be used afterwards. */
  finish(): string[] {
    if (this.#current !== '') this.#chunks.push(this.#current);
    this.#current = '';
    return this.#chunks;
  }
}

/**
 * Internal (not for users; not covered by semver): SHA-256 of canonical text
 * given piece by piece. Small pieces are gathered into batches of about
 * {@link CHUNK_CHARS} characters before they reach the hash (one native call
 * per batch, not per piece); pieces of that size or more go in as they are, so
 * a text shared by many results is never copied and the whole text never has
 * to fit in one string. Canonical text is ASCII only (everything else is
 * escaped), so its Latin-1 bytes are its UTF-8 bytes.
 */
export class CanonicalHasher {
  #hash: Hash | undefined;
  #batch = '';

  /** Appends a piece of canonical text. */
  add(text: string): void {
    if (text.length >= CHUNK_CHARS) {
      this.#flush();
      this.#update(text);
      return;
    }
    this.#batch += text;
    if (this.#batch.length >= CHUNK_CHARS) this.#flush();
  }

  /** Appends pieces in order. */
  addAll(texts: readonly string[]): void {
    for (const text of texts) this.add(text);
  }

  /** The hex digest; the hasher must not be used afterwards. */
  digest(): string {
    // A text that fit in one batch is hashed in one call, without a Hash object.
    if (this.#hash === undefined) return oneShotHash('sha256', this.#batch, 'hex');
    this.#flush();
    return this.#hash.digest('hex');
  }

  #update(text: string): void {
    this.#hash ??= createHash('sha256');
    this.#hash.update(text, 'latin1');
  }

  #flush(): void {
    if (this.#batch === '') return;
    this.#update(this.#batch);
    this.#batch = '';
  }
}

/** Internal (not for users; not covered by semver): SHA-256 (hex) of canonical text given as pieces ({@link CanonicalHasher}). */
export function hashCanonicalChunks(chunks: Iterable<string>): string {
  const hasher = new CanonicalHasher();
  for (const chunk of chunks) hasher.add(chunk);
  return hasher.digest();
}

/**
 * SHA-256 (hex) of the UTF-8 bytes of `canonicalJson(value)`.
 *
 * @example
 * ```ts
 * stableHash({ a: 1 }) === stableHash({ a: 1 }); // true, whatever the key order
 * ```
 */
export function stableHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
