/**
 * Positions in JSON text, found by walking the text down a path. Each
 * container on a path is scanned once, into the offsets of its members, and
 * kept: asking for every scenario, mission call and expectation of a file
 * scans each container once, never every earlier sibling again for each item.
 * An offset becomes a line and column through the line table (binary search).
 */
import type { PathSegment } from '../../data/error-message.js';
import { jsonStringEnd, jsonStringValue, skipJsonSpace, skipJsonValue } from './json-text.js';
import { LineTable, type Position, type PositionFinder, type PositionOptions } from './positions.js';

/** The members of one object or array, as offsets in the text. */
interface Members {
  readonly object: boolean;
  /** Where each member's value starts. */
  readonly values: number[];
  /** Objects: where each member's key (its opening quote) starts, and ends. */
  readonly keyStarts: number[];
  readonly keyEnds: number[];
  /** Objects with many keys: key → member, made on the first look-up. */
  names?: Map<string, number>;
}

/** Objects with more keys than this are searched through a Map. */
const LINEAR_KEYS = 8;

/** The positions of one JSON text; {@link scanned} counts the characters its walks have read. */
export class JsonPositions {
  /** Characters read by the walks so far (the line table's pass included): stays proportional to the text. */
  scanned = 0;
  private readonly members = new Map<number, Members>();
  private lines: LineTable | undefined;

  constructor(private readonly text: string) {}

  /** See {@link PositionFinder}. */
  find(segments: readonly PathSegment[], options?: PositionOptions): Position | undefined {
    // Walk down as far as the path exists: a missing field is reported at its parent.
    let offset = skipJsonSpace(this.text, 0);
    for (const [depth, segment] of segments.entries()) {
      const child = this.child(offset, segment, options?.key === true && depth === segments.length - 1);
      if (child === undefined) break;
      offset = child;
    }
    if (this.lines === undefined) {
      this.lines = new LineTable(this.text);
      this.scanned += this.text.length;
    }
    return this.lines.position(offset);
  }

  /** The offset of the value (or, with `atKey`, the key) a segment names in the container at `start`. */
  private child(start: number, segment: PathSegment, atKey: boolean): number | undefined {
    const open = this.text.charCodeAt(start);
    if (open !== (typeof segment === 'number' ? 0x5b : 0x7b)) return undefined;
    const members = this.membersAt(start);
    const index = typeof segment === 'number' ? segment : this.keyIndex(members, segment);
    if (index === undefined || !Number.isInteger(index) || index < 0 || index >= members.values.length) return undefined;
    return atKey && members.object ? members.keyStarts[index] : members.values[index];
  }

  private keyIndex(members: Members, key: string): number | undefined {
    const { keyStarts, keyEnds } = members;
    if (keyStarts.length <= LINEAR_KEYS) {
      for (let index = 0; index < keyStarts.length; index += 1) {
        if (jsonStringValue(this.text, keyStarts[index] as number, keyEnds[index] as number) === key) return index;
      }
      return undefined;
    }
    if (members.names === undefined) {
      members.names = new Map();
      // JSON files have no duplicate keys (the loader refused them), so each name is one member.
      for (let index = 0; index < keyStarts.length; index += 1)
        members.names.set(jsonStringValue(this.text, keyStarts[index] as number, keyEnds[index] as number), index);
    }
    return members.names.get(key);
  }

  /** The members of the container at `start`, scanned on first use. */
  private membersAt(start: number): Members {
    const known = this.members.get(start);
    if (known !== undefined) return known;
    const { text } = this;
    const object = text.charCodeAt(start) === 0x7b;
    const members: Members = { object, values: [], keyStarts: [], keyEnds: [] };
    let index = skipJsonSpace(text, start + 1);
    while (text.charCodeAt(index) !== 0x7d && text.charCodeAt(index) !== 0x5d) {
      let valueStart = index;
      if (object) {
        const keyEnd = jsonStringEnd(text, index);
        members.keyStarts.push(index);
        members.keyEnds.push(keyEnd);
        valueStart = skipJsonSpace(text, skipJsonSpace(text, keyEnd) + 1);
      }
      members.values.push(valueStart);
      index = skipJsonSpace(text, skipJsonValue(text, valueStart));
      if (text.charCodeAt(index) === 0x2c) index = skipJsonSpace(text, index + 1);
    }
    this.scanned += index + 1 - start;
    this.members.set(start, members);
    return members;
  }
}

/**
 * The position finder of a JSON text (valid JSON, as the loader accepted it).
 *
 * @example
 * ```ts
 * jsonPositionFinder('{"a": [1, 2]}')(['a', 1]); // { line: 1, column: 11 }
 * ```
 */
export function jsonPositionFinder(text: string): PositionFinder {
  const positions = new JsonPositions(text);
  return (segments, options) => positions.find(segments, options);
}
