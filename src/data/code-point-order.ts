/**
 * The order of strings by Unicode code point, which is Python's `str` order and so the reference's: how canonical
 * JSON sorts keys, and how `gt`/`lt` compare strings. JavaScript's `<` compares UTF-16 units, which differs only
 * where a unit from U+D800 up is involved; every sort here takes the plain `<` path unless a key has one.
 */
const { keys: objectKeys } = Object;

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** The code point that starts at unit `i`: a surrogate pair combined, a lone surrogate as itself. */
function codePointFrom(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (isHighSurrogate(unit) && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (isLowSurrogate(next)) return 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
  }
  return unit;
}

/**
 * Compares two strings by Unicode code point (Python's `str` order), not by
 * UTF-16 unit: a surrogate pair counts as its astral code point, a lone
 * surrogate as its own value (so U+D800 alone sorts below U+E000..U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Differing low surrogates after the same high one: compare from the pair's start.
    const start = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) && (isLowSurrogate(x) || isLowSurrogate(y)) ? i - 1 : i;
    return codePointFrom(a, start) - codePointFrom(b, start);
  }
  return a.length - b.length;
}

/** Longest key list sorted by insertion sort (no allocation; `Array.prototype.sort` allocates a work array); longer ones use `sort`. */
const INSERTION_SORT_MAX = 32;

/** True if a key has a unit from U+D800 up: there UTF-16 order and code-point order can differ. */
function needsCodePointOrder(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) >= 0xd800) return true;
  return false;
}

/** Sorts a list of keys in place by code point (Python's `str` order; without a unit from U+D800 up that is `<`) and returns it. */
export function sortCodePoints(keys: string[]): string[] {
  const count = keys.length;
  let byCodePoint = false;
  for (let i = 0; i < count && !byCodePoint; i++) byCodePoint = needsCodePointOrder(keys[i] as string);
  if (count > INSERTION_SORT_MAX) return byCodePoint ? keys.sort(compareCodePoints) : keys.sort();
  for (let i = 1; i < count; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    if (byCodePoint) for (; j >= 0 && compareCodePoints(keys[j] as string, key) > 0; j--) keys[j + 1] = keys[j] as string;
    else for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** Own keys of an object sorted by code point. */
export function sortedKeys(value: object): string[] {
  return sortCodePoints(objectKeys(value));
}
