/**
 * Positions in a YAML text from the `yaml` package's full parse (for texts the
 * fast reader declined): the document keeps every node's range, and the line
 * counter turns an offset into a line and column.
 */
import type { Document, LineCounter } from 'yaml';
import { isCollection, isMap, isScalar } from './yaml-package.js';
import type { PathSegment } from '../../data/error-message.js';
import type { PositionFinder } from './positions.js';

/** The key node of the last segment of an existing path, when its parent is a mapping that holds the key itself. */
function keyNode(doc: Document.Parsed, path: readonly PathSegment[]): unknown {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = String(path[path.length - 1]);
  return parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === last)?.key;
}

/**
 * The position finder of a parsed document.
 *
 * @example
 * ```ts
 * const lineCounter = new LineCounter();
 * documentPositionFinder(parseDocument('a: [1, 2]\n', { lineCounter }), lineCounter)(['a', 1]); // { line: 1, column: 8 }
 * ```
 */
export function documentPositionFinder(doc: Document.Parsed, lineCounter: LineCounter): PositionFinder {
  return (segments, options) => {
    // Walk down as far as the path exists: a missing field is reported at its parent.
    let path = segments;
    while (path.length > 0 && !doc.hasIn(path)) path = path.slice(0, -1);
    const key = options?.key === true && path.length > 0 && path.length === segments.length ? keyNode(doc, path) : undefined;
    const node: unknown = key ?? (path.length === 0 ? doc.contents : doc.getIn(path, true));
    const range = (isCollection(node) || isScalar(node)) && node.range ? node.range : undefined;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
}
