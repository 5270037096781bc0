/**
 * Positions in a YAML text that the fast reader (yaml-fast.ts) accepted, found
 * from its lines without parsing it again. Such a text has one node per line
 * start: each mapping entry starts a line at its mapping's indentation, each
 * list item a line at its list's; a `- key: value` item holds a mapping that
 * starts after its dash. So a path is followed line by line: each mapping or
 * list on the path is scanned once into the lines of its entries, and kept,
 * so asking for every scenario, mission call and expectation reads each line
 * a bounded number of times (once per enclosing container asked about).
 *
 * The positions are exactly those of the `yaml` package's full parse (the
 * tests compare the two on every path of random documents): a value's first
 * character, a nested block's first line, and for an empty (null) value the
 * end of its line.
 */
import type { PathSegment } from '../../data/error-message.js';
import { LineTable, type Position, type PositionFinder, type PositionOptions } from './positions.js';

/** A mapping entry's key and its colon (as yaml-fast.ts reads it). */
const KEY_ENTRY = /^([A-Za-z_$][A-Za-z0-9_$./-]*):(?: |$)/;

/** Mappings with more keys than this are searched through a Map. */
const LINEAR_KEYS = 8;

type Kind = 'mapping' | 'sequence' | 'scalar';

/** A node: where its text starts (0-based line and column). */
interface Node {
  readonly line: number;
  readonly column: number;
}

/** The entry lines of a mapping or the item lines of a list (all at the node's column). */
interface Children {
  readonly lines: number[];
  /** Mappings with many keys: key → entry, made on the first look-up. */
  names?: Map<string, number>;
}

/** The positions of one YAML text the fast reader accepted; {@link scanned} counts the lines its walks have read. */
export class YamlFastPositions {
  /** Lines read by the walks so far (the line table's pass included): stays proportional to the text. */
  scanned = 0;
  private readonly lines: LineTable;
  private readonly children = new Map<number, Children>();

  constructor(private readonly text: string) {
    this.lines = new LineTable(text);
    this.scanned += this.lines.count;
  }

  /** See {@link PositionFinder}. */
  find(segments: readonly PathSegment[], options?: PositionOptions): Position | undefined {
    const root = this.nextContent(0);
    if (root === undefined) return undefined;
    let node: Node = { line: root, column: 0 };
    for (const [depth, segment] of segments.entries()) {
      const atKey = options?.key === true && depth === segments.length - 1;
      const child = this.child(node, segment, atKey);
      if (child === undefined) break;
      node = child;
    }
    return { line: node.line + 1, column: node.column + 1 };
  }

  private child(node: Node, segment: PathSegment, atKey: boolean): Node | undefined {
    const kind = this.kindAt(node);
    if (kind === 'sequence') {
      const index = itemIndex(segment);
      const line = index === undefined ? undefined : this.childrenOf(node, kind).lines[index];
      return line === undefined ? undefined : this.itemValue(line, node.column);
    }
    if (kind !== 'mapping' || typeof segment !== 'string') return undefined;
    const line = this.entryLine(node, segment);
    if (line === undefined) return undefined;
    return atKey ? { line, column: node.column } : this.entryValue(line, node.column);
  }

  /** The line of a mapping's entry `key`, or undefined. */
  private entryLine(node: Node, key: string): number | undefined {
    const children = this.childrenOf(node, 'mapping');
    if (children.lines.length <= LINEAR_KEYS) return children.lines.find((line) => this.keyOf(line, node.column) === key);
    if (children.names === undefined) {
      // Keys of a text the fast reader accepted are unique.
      children.names = new Map(children.lines.map((line) => [this.keyOf(line, node.column), line]));
    }
    return children.names.get(key);
  }

  private keyOf(line: number, column: number): string {
    const start = (this.lines.starts[line] as number) + column;
    return this.text.slice(start, this.text.indexOf(':', start));
  }

  /** The value of the entry on `line` whose key starts at `column`. */
  private entryValue(line: number, column: number): Node {
    const start = (this.lines.starts[line] as number) + column;
    const entry = KEY_ENTRY.exec(this.text.slice(start, this.contentEnd(line))) as RegExpExecArray;
    const valueColumn = this.skipSpaces(line, column + entry[0].length);
    if (valueColumn < this.contentEnd(line) - (this.lines.starts[line] as number)) return { line, column: valueColumn };
    // `key:` and nothing more: a block below it (a list may sit at the key's own indentation), or null.
    return this.nestedBelow(line, column, true);
  }

  /** The value of the list item on `line` whose dash is at `column`. */
  private itemValue(line: number, column: number): Node {
    const valueColumn = this.skipSpaces(line, column + 1);
    if (valueColumn < this.contentEnd(line) - (this.lines.starts[line] as number)) return { line, column: valueColumn };
    return this.nestedBelow(line, column, false);
  }

  /** After an entry or item with no value on its line: the block of the next line when it is nested, else the empty value at the line's end. */
  private nestedBelow(line: number, column: number, sequenceAllowed: boolean): Node {
    const next = this.nextContent(line + 1);
    if (next !== undefined) {
      const indent = this.indentOf(next);
      if (indent > column) return { line: next, column: indent };
      if (indent === column && sequenceAllowed && this.isItem(next, column)) return { line: next, column };
    }
    return { line, column: this.lines.lineEnd(line) - (this.lines.starts[line] as number) };
  }

  private kindAt(node: Node): Kind {
    if (this.isItem(node.line, node.column)) return 'sequence';
    const start = (this.lines.starts[node.line] as number) + node.column;
    return KEY_ENTRY.test(this.text.slice(start, this.contentEnd(node.line))) ? 'mapping' : 'scalar';
  }

  /** The entry lines of the mapping (or the item lines of the list) at `node`, found on first use. */
  private childrenOf(node: Node, kind: 'mapping' | 'sequence'): Children {
    const id = (this.lines.starts[node.line] as number) + node.column;
    const known = this.children.get(id);
    if (known !== undefined) return known;
    const lines = [node.line];
    for (let line = this.nextContent(node.line + 1); line !== undefined; line = this.nextContent(line + 1)) {
      const indent = this.indentOf(line);
      if (indent < node.column) break;
      if (indent > node.column) continue;
      const item = this.isItem(line, node.column);
      // In a mapping, a list at the mapping's own indentation is the value of the entry above it.
      if (kind === 'mapping' && !item) lines.push(line);
      else if (kind === 'sequence') {
        if (!item) break;
        lines.push(line);
      }
    }
    const children: Children = { lines };
    this.children.set(id, children);
    return children;
  }

  /** The first line at or after `from` that holds content (not blank, not a comment), or undefined. */
  private nextContent(from: number): number | undefined {
    for (let line = from; line < this.lines.count; line += 1) {
      this.scanned += 1;
      const start = (this.lines.starts[line] as number) + this.indentOf(line);
      if (start < this.lines.lineEnd(line) && this.text.charCodeAt(start) !== 0x23) return line;
    }
    return undefined;
  }

  private indentOf(line: number): number {
    return this.skipSpaces(line, 0);
  }

  /** The first column at or after `column` that is not a space (the line's length if none). */
  private skipSpaces(line: number, column: number): number {
    const start = this.lines.starts[line] as number;
    const end = this.lines.lineEnd(line);
    let at = start + column;
    while (at < end && this.text.charCodeAt(at) === 0x20) at += 1;
    return at - start;
  }

  /** The offset just past the line's content (trailing spaces dropped). */
  private contentEnd(line: number): number {
    const start = this.lines.starts[line] as number;
    let end = this.lines.lineEnd(line);
    while (end > start && this.text.charCodeAt(end - 1) === 0x20) end -= 1;
    return end;
  }

  /** Whether `line` holds a list item (`-` alone or `- ...`) whose dash is at `column`. */
  private isItem(line: number, column: number): boolean {
    const at = (this.lines.starts[line] as number) + column;
    if (this.text.charCodeAt(at) !== 0x2d) return false;
    return at + 1 >= this.contentEnd(line) || this.text.charCodeAt(at + 1) === 0x20;
  }
}

/** A list index as the `yaml` package reads a path segment: a non-negative integer, or a string that is one as a number. */
function itemIndex(segment: PathSegment): number | undefined {
  const index = typeof segment === 'string' && segment !== '' ? Number(segment) : segment;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * The position finder of a YAML text the fast reader accepted.
 *
 * @example
 * ```ts
 * yamlFastPositionFinder('a:\n  - x\n')(['a', 0]); // { line: 2, column: 5 }
 * ```
 */
export function yamlFastPositionFinder(text: string): PositionFinder {
  const positions = new YamlFastPositions(text);
  return (segments, options) => positions.find(segments, options);
}
