/**
 * `JSON.stringify(value)` in chunks: output larger than the engine's string
 * limit (about 512 MiB) streams instead of failing with `RangeError: Invalid
 * string length`. The CLI's `--json` and the compare reports write with it.
 */

const CHUNK = 1 << 16;

/**
 * Containers this deep are written by one `JSON.stringify` call (a scenario's result, an expectation's):
 * far fewer calls than one per value. One that `JSON.stringify` cannot write (nesting too deep for its
 * call stack, or a text too long for a string) is walked, and so is everything in it: trying again at
 * every level of a deep nesting would cost its depth times the call stack's reach.
 */
const WHOLE_DEPTH = 3;

interface Frame {
  readonly array: readonly unknown[] | undefined;
  readonly object: Readonly<Record<string, unknown>> | undefined;
  readonly keys: readonly string[];
  readonly length: number;
  readonly depth: number;
  /** Whether the members may be written by one `JSON.stringify` call each (false below a container it could not write). */
  readonly whole: boolean;
  index: number;
}

/** Values `JSON.stringify` leaves out of objects and writes as `null` in arrays. */
function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** `JSON.stringify(value)`, or undefined when its text would exceed the engine's string limit. */
function wholeText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * `JSON.stringify(value)` of JSON data (compact: the output is proportional to
 * the data), as chunks of about 64 KiB (joined, byte for byte the same text).
 * The top levels are walked with an explicit stack, so depth costs no call
 * stack and no text larger than one deep subtree is ever built; a subtree
 * whose text would exceed the engine's string limit is walked too. No
 * `toJSON` and no cycles: the value is JSON data.
 *
 * @example
 * ```ts
 * [...jsonText({ a: [1] })].join(''); // '{"a":[1]}'
 * ```
 */
export function* jsonText(value: unknown): Generator<string> {
  let out = '';
  const stack: Frame[] = [];
  const begin = (item: unknown, depth: number, mayBeWhole: boolean): void => {
    if (typeof item !== 'object' || item === null) {
      out += JSON.stringify(item) ?? 'null';
      return;
    }
    const tried = mayBeWhole && depth >= WHOLE_DEPTH;
    const whole = tried ? wholeText(item) : undefined;
    if (whole !== undefined) {
      out += whole;
      return;
    }
    const array = Array.isArray(item) ? (item as readonly unknown[]) : undefined;
    const object = array ? undefined : (item as Readonly<Record<string, unknown>>);
    const keys = object ? Object.keys(object).filter((key) => !skipped(object[key])) : [];
    const length = array ? array.length : keys.length;
    out += array ? '[' : '{';
    stack.push({ array, object, keys, length, depth, whole: mayBeWhole && !tried, index: 0 });
  };
  begin(value, 0, true);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.index === frame.length) {
      out += frame.array ? ']' : '}';
      stack.pop();
    } else {
      if (frame.index > 0) out += ',';
      if (frame.array) {
        const item = frame.array[frame.index];
        begin(skipped(item) ? null : item, frame.depth + 1, frame.whole);
      } else {
        const key = frame.keys[frame.index] as string;
        out += `${JSON.stringify(key)}:`;
        begin((frame.object as Readonly<Record<string, unknown>>)[key], frame.depth + 1, frame.whole);
      }
      frame.index += 1;
    }
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}
