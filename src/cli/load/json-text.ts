/**
 * Scanning JSON text that `JSON.parse` has accepted (so every scan may assume
 * valid JSON): where strings and values end, and what a string literal says.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether a code unit is JSON white space (space, tab, LF, CR). */
export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Whether a code unit ends a number, `true`, `false` or `null`: a comma, a closing bracket or white space. */
function endsScalar(code: number): boolean {
  return code === 0x2c || code === 0x7d || code === 0x5d || isJsonSpace(code);
}

/** The offset of the first non-space at or after `index`. */
export function skipJsonSpace(text: string, index: number): number {
  let at = index;
  while (at < text.length && isJsonSpace(text.charCodeAt(at))) at += 1;
  return at;
}

/** The offset just past the string literal starting (with its quote) at `start`. */
export function jsonStringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

/** The string a literal (quotes included, from `start` to `end`) stands for. */
export function jsonStringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** The offset just past the JSON value starting at `start`. */
export function skipJsonValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return jsonStringEnd(text, start);
  if (first !== 0x7b && first !== 0x5b) {
    // A number, true, false or null: it ends at a delimiter or white space.
    let end = start + 1;
    while (end < text.length && !endsScalar(text.charCodeAt(end))) end += 1;
    return end;
  }
  let depth = 0;
  let index = start;
  do {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = jsonStringEnd(text, index);
      continue;
    }
    if (code === 0x7b || code === 0x5b) depth += 1;
    else if (code === 0x7d || code === 0x5d) depth -= 1;
    index += 1;
  } while (depth > 0);
  return index;
}
