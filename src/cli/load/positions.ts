/**
 * Positions in a config file's text: what a position finder answers, and the
 * line table that turns an offset into a line and column.
 */
import type { PathSegment } from '../../data/error-message.js';

/** A 1-based line and column (columns count UTF-16 code units, as the yaml package and editors' JavaScript APIs do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a position finder points. */
export interface PositionOptions {
  /** Point at the key of the last segment rather than at its value (an unknown field is its key). */
  readonly key?: boolean;
}

/**
 * The line and column of a path in the data such as `['scenarios', 2, 'missions', 0, 'name']` (a
 * `ConfigError`'s `segments`), or undefined when it cannot be found. A path that goes beyond the data
 * (a missing field) is placed at the deepest part that exists.
 */
export type PositionFinder = (segments: readonly PathSegment[], options?: PositionOptions) => Position | undefined;

/**
 * A finder made on first use: `make` runs once, when the first position is
 * asked for (most runs ask for none), and its finder answers every call.
 */
export function lazyFinder(make: () => PositionFinder): PositionFinder {
  let find: PositionFinder | undefined;
  return (segments, options) => {
    find ??= make();
    return find(segments, options);
  };
}

/**
 * The start offset of every line of a text, found in one pass; an offset's
 * line is then a binary search, not a walk from the start of the text.
 */
export class LineTable {
  /** Offsets where lines start: line i (0-based) starts at `starts[i]`. */
  readonly starts: Int32Array;
  /** Offset just past the text. */
  readonly end: number;

  constructor(text: string) {
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
    const starts = new Int32Array(count);
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
    this.starts = starts;
    this.end = text.length;
  }

  /** How many lines the text has (a final line without `\n` counts; an empty last line after `\n` too). */
  get count(): number {
    return this.starts.length;
  }

  /** The offset just past line `index`'s content (its `\n`, or the end of the text). */
  lineEnd(index: number): number {
    return index + 1 < this.starts.length ? (this.starts[index + 1] as number) - 1 : this.end;
  }

  /** The 0-based line that holds `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((this.starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - (this.starts[line] as number) + 1 };
  }
}
