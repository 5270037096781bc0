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
import { createHash } from 'node:crypto';
import { DefinitionError } from './errors.js';
import { MAX_JSON_DEPTH, describeValue, formatPath, isPlainObject, isTrusted, sortedKeys, type PathSegment } from './json.js';

const { isArray } = Array;
const { isSafeInteger, isInteger, isFinite: numberIsFinite } = Number;
const { getOwnPropertySymbols, keys: objectKeys } = Object;

/** Canonical strings of frozen values the runtime built, so no result is serialised twice. */
const remembered = new WeakMap<object, string>();

/** Stores the canonical JSON of a deep-frozen value the runtime built itself. */
export function rememberCanonical(value: object, canonical: string): void {
  remembered.set(value, canonical);
}

const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const NON_ASCII = /[\x7f-\uffff]/g;

function escapeUnit(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Quotes a string in the canonical form. */
export function canonicalString(value: string): string {
  if (PLAIN_STRING.test(value)) return `"${value}"`;
  // JSON.stringify already produces the short escapes and lowercase \u00XX for
  // control characters and lone surrogates; what remains is non-ASCII text.
  return JSON.stringify(value).replace(NON_ASCII, escapeUnit);
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
  const where = formatPath(path);
  return new DefinitionError(
    `canonicalJson: ${where === '' ? 'value' : where}: ${reason ?? `${describeValue(value)} is not JSON data`} (allowed: null, booleans, finite numbers, strings, arrays and plain objects)`,
    where,
  );
}

function serialise(value: unknown, path: PathSegment[], active: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!numberIsFinite(value)) throw invalid(value, path, `${String(value)} is not a finite number`);
      return canonicalNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw invalid(value, path);
  }
  if (value === null) return 'null';
  const known = remembered.get(value);
  if (known !== undefined) return known;
  if (path.length >= MAX_JSON_DEPTH) throw invalid(value, path, `nesting deeper than ${MAX_JSON_DEPTH} levels`);
  if (active.has(value)) throw invalid(value, path, 'a circular reference');
  active.add(value);
  let out: string;
  if (isArray(value)) {
    const items = value as unknown[];
    if (objectKeys(items).length !== items.length) throw invalid(value, path, 'a sparse array or an array with extra properties');
    out = '[';
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      out += (i === 0 ? '' : ',') + serialise(items[i], path, active);
      path.pop();
    }
    out += ']';
  } else {
    if (!isPlainObject(value)) throw invalid(value, path);
    if (getOwnPropertySymbols(value).length > 0) throw invalid(value, path, 'an object with symbol keys');
    out = '{';
    let first = true;
    for (const key of sortedKeys(value)) {
      path.push(key);
      out += `${first ? '' : ','}${canonicalString(key)}:${serialise(value[key], path, active)}`;
      path.pop();
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
 * The walk for valid data: no path, no cycle set, and no symbol or sparse-array
 * check on data the runtime froze itself. Each level joins its parts into a
 * flat string: one long rope of small pieces would survive every scavenge.
 * Anything unusual (a non-JSON value, a cycle, too deep) throws {@link RECHECK}.
 */
function fastSerialise(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!numberIsFinite(value)) throw RECHECK;
      return canonicalNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw RECHECK;
  }
  if (value === null) return 'null';
  const known = remembered.get(value);
  if (known !== undefined) return known;
  // A cycle also ends here: the checked walk tells it from real depth.
  if (depth >= MAX_JSON_DEPTH) throw RECHECK;
  const trusted = isTrusted(value);
  if (isArray(value)) {
    const items = value as unknown[];
    const length = items.length;
    if (!trusted && objectKeys(items).length !== length) throw RECHECK;
    const parts = new Array<string>(length);
    for (let i = 0; i < length; i++) parts[i] = fastSerialise(items[i], depth + 1);
    return `[${parts.join(',')}]`;
  }
  if (!isPlainObject(value) || (!trusted && getOwnPropertySymbols(value).length > 0)) throw RECHECK;
  let keys = objectKeys(value);
  let plain = true;
  for (const key of keys) {
    if (!PLAIN_STRING.test(key)) {
      plain = false;
      break;
    }
  }
  // Printable-ASCII keys sort the same by UTF-16 unit and by code point, and need no escaping.
  if (plain) keys.sort();
  else keys = sortedKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    keys[i] = `${plain ? `"${key}"` : canonicalString(key)}:${fastSerialise(value[key], depth + 1)}`;
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
    return fastSerialise(value, 0);
  } catch (error) {
    if (error !== RECHECK) throw error;
  }
  return serialise(value, [], new Set());
}

/** SHA-256 hex digest of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
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
