/**
 * Writing to stdout and stderr without building one giant string and without
 * dying on a closed pipe.
 *
 * - {@link jsonText} produces exactly `JSON.stringify(value, null, 2)`, in chunks,
 *   so output larger than the engine's string limit (about 512 MiB) streams
 *   instead of failing with `RangeError: Invalid string length`.
 * - {@link guardStream} wraps `process.stdout`/`stderr`: once the reader is gone
 *   (`tier2 run … | head`, a pager that quits: `EPIPE`), further writes are
 *   dropped quietly instead of crashing with a stack trace.
 */

/** An output stream as far as the CLI needs one (`process.stdout`, or a test's fake). */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** True once the reader has gone away: nothing more can be written. */
  readonly closed?: boolean;
  /** Resolves when a stream whose `write` returned `false` can take more (or has closed). */
  drained?(): Promise<void>;
}

/** The Node stream calls {@link guardStream} uses. */
interface NodeWritable {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * Wraps a Node stream so that a closed reader (or any other write error) ends
 * the output quietly: `closed` turns true and later writes are dropped.
 *
 * @example
 * ```ts
 * const stdout = guardStream(process.stdout);
 * ```
 */
export function guardStream(stream: NodeWritable): OutputStream {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return {
    isTTY: stream.isTTY === true,
    get closed(): boolean {
      return closed;
    },
    write(text: string): boolean {
      return closed ? true : stream.write(text);
    },
    drained(): Promise<void> {
      if (closed) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.once('drain', done);
        stream.once('close', done);
      });
    },
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes the chunks in order, waiting for a full stream to drain and letting
 * the event loop turn between chunks (so a closed pipe or a signal is noticed);
 * stops early once the stream is closed.
 */
export async function writeChunks(stream: OutputStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (stream.closed === true) return;
    const accepted = stream.write(chunk);
    if (accepted === false && stream.drained) await stream.drained();
    else await nextTurn();
  }
}

const CHUNK = 1 << 16;

interface Frame {
  readonly array: readonly unknown[] | undefined;
  readonly object: Readonly<Record<string, unknown>> | undefined;
  readonly keys: readonly string[];
  readonly length: number;
  /** Indentation of the members. */
  readonly indent: string;
  /** Indentation of the closing bracket. */
  readonly outer: string;
  index: number;
}

/** Values `JSON.stringify` leaves out of objects and writes as `null` in arrays. */
function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `JSON.stringify(value, null, 2)` of JSON data, as chunks of about 64 KiB
 * (joined, byte for byte the same text), walked with an explicit stack so depth
 * costs no call stack. No `toJSON` and no cycles: the value is JSON data.
 *
 * @example
 * ```ts
 * [...jsonText({ a: [1] })].join(''); // '{\n  "a": [\n    1\n  ]\n}'
 * ```
 */
export function* jsonText(value: unknown): Generator<string> {
  let out = '';
  const stack: Frame[] = [];
  const begin = (item: unknown, indent: string): void => {
    if (typeof item !== 'object' || item === null) {
      out += JSON.stringify(item) ?? 'null';
      return;
    }
    const array = Array.isArray(item) ? (item as readonly unknown[]) : undefined;
    const object = array ? undefined : (item as Readonly<Record<string, unknown>>);
    const keys = object ? Object.keys(object).filter((key) => !skipped(object[key])) : [];
    const length = array ? array.length : keys.length;
    if (length === 0) {
      out += array ? '[]' : '{}';
      return;
    }
    out += array ? '[' : '{';
    stack.push({ array, object, keys, length, indent: `${indent}  `, outer: indent, index: 0 });
  };
  begin(value, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.index === frame.length) {
      out += `\n${frame.outer}${frame.array ? ']' : '}'}`;
      stack.pop();
    } else {
      out += `${frame.index === 0 ? '\n' : ',\n'}${frame.indent}`;
      if (frame.array) {
        const item = frame.array[frame.index];
        begin(skipped(item) ? null : item, frame.indent);
      } else {
        const key = frame.keys[frame.index] as string;
        out += `${JSON.stringify(key)}: `;
        begin((frame.object as Readonly<Record<string, unknown>>)[key], frame.indent);
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
