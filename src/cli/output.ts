/**
 * Writing to stdout and stderr without building one giant string and without
 * dying on a closed pipe (the text of `--json` comes in chunks from
 * `jsonText`, data/json-chunks.ts).
 *
 * - {@link writeChunks} writes chunks as the stream takes them.
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
