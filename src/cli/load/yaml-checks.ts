/**
 * Checks on a document the `yaml` package parsed (the full parse), in one pass
 * in document order, aliases not expanded: it refuses what the package would
 * read silently (keys that are not strings or collapse onto another key, unsafe
 * integers, aliases without an anchor before them or inside their own anchor,
 * merge keys whose value is not mappings).
 */
import type { Document, LineCounter, Node, Scalar, YAMLMap } from 'yaml';
import type { ConfigError, ErrorCode } from '../../data/errors.js';
import { at, textError } from './config-errors.js';
import { inexactIntegerProblem, keepsInteger } from './integers.js';
import type { Position } from './positions.js';
import { isAlias, isMap, isScalar, isSeq } from './yaml-package.js';

/** The `yaml` package's type of a plain (unquoted, not block) scalar (`PLAIN`). */
const PLAIN = 'PLAIN';

const YAML_INT_TAG = 'tag:yaml.org,2002:int';
/** The core schema's integer forms: decimal, `0o` octal and `0x` hexadecimal. */
const YAML_INT_LITERAL = /^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$/;

/** How far a YAML check has got: the anchors defined so far, and the anchored nodes being walked. */
interface YamlWalk {
  readonly file: string;
  readonly lineCounter: LineCounter;
  readonly anchors: Map<string, Node>;
  readonly open: Set<Node>;
}

function nodePosition(node: Node | null | undefined, fallback: Node, walk: YamlWalk): Position | undefined {
  const range = node?.range ?? fallback.range;
  if (!range) return undefined;
  const { line, col } = walk.lineCounter.linePos(range[0]);
  return { line, column: col };
}

function nodeAt(node: Node | null | undefined, fallback: Node, walk: YamlWalk): string {
  const position = nodePosition(node, fallback, walk);
  return position === undefined ? '' : at(position);
}

function yamlNodeError(code: ErrorCode, problem: string, node: Node | null | undefined, fallback: Node, walk: YamlWalk): ConfigError {
  return textError(code, problem, walk.file, nodePosition(node, fallback, walk));
}

/**
 * Refuses what the yaml package would read silently: keys that are not strings or collapse onto
 * another key, unsafe integers, aliases without an anchor before them or inside their own anchor,
 * and merge keys (`<<`) whose value is not mappings.
 *
 * @throws ConfigError at the node, with its line and column.
 */
export function checkYamlDocument(doc: Document.Parsed, file: string, lineCounter: LineCounter): void {
  const walk: YamlWalk = { file, lineCounter, anchors: new Map(), open: new Set() };
  if (doc.contents) checkYamlNode(doc.contents, walk);
}

function checkYamlNode(node: Node, walk: YamlWalk): void {
  if (isAlias(node)) {
    const target = walk.anchors.get(node.source);
    if (target === undefined) {
      throw yamlNodeError(
        'invalid_value',
        `unresolved alias *${node.source}: no anchor &${node.source} is defined before it (an alias must follow its anchor)`,
        node,
        node,
        walk,
      );
    }
    if (walk.open.has(target)) {
      throw yamlNodeError('not_json', `alias *${node.source} is inside the node it refers to; recursive data is not JSON data`, node, node, walk);
    }
    return;
  }
  // The anchor is defined before the node's contents, as YAML reads it (so `&a [*a]` is caught above).
  if (node.anchor !== undefined) walk.anchors.set(node.anchor, node);
  if (isScalar(node)) {
    checkYamlNumber(node, walk);
    return;
  }
  if (!isSeq(node) && !isMap(node)) return;
  walk.open.add(node);
  if (isSeq(node)) {
    for (const item of node.items) if (item) checkYamlNode(item as Node, walk);
  } else {
    checkYamlMap(node, walk);
  }
  walk.open.delete(node);
}

function checkYamlNumber(node: Scalar, walk: YamlWalk): void {
  const { value } = node;
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) return;
  const source = (node as { source?: unknown }).source;
  const text = typeof source === 'string' ? source : String(value);
  const written = node.tag === YAML_INT_TAG || (node.tag === undefined && node.type === PLAIN && YAML_INT_LITERAL.test(text));
  if (written && !keepsInteger(text, value)) throw yamlNodeError('too_large', inexactIntegerProblem(text, value), node, node, walk);
}

/** The one `<<` key of a mapping, when the yaml package reads it as a merge key (plain `<<`). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function checkYamlMap(map: YAMLMap, walk: YamlWalk): void {
  const seen = new Map<string, Node>();
  let merge: Node | undefined;
  for (const pair of map.items) {
    const key = (pair.key ?? null) as Node | null;
    const value = (pair.value ?? null) as Node | null;
    if (isMergeKey(key)) {
      const mergeKey = key as Node;
      if (merge !== undefined) {
        throw yamlNodeError(
          'duplicate',
          `a second merge key << in one mapping (first at ${nodeAt(merge, map, walk)}); merge several mappings with one key: <<: [*a, *b]`,
          mergeKey,
          map,
          walk,
        );
      }
      merge = mergeKey;
      if (value) checkYamlNode(value, walk);
      checkMergeSources(value, mergeKey, walk);
      continue;
    }
    if (key) checkYamlNode(key, walk);
    const name = yamlKeyString(key, map, walk);
    const first = seen.get(name);
    if (first !== undefined) {
      throw yamlNodeError(
        'duplicate',
        `duplicate key ${JSON.stringify(name)} (first at ${nodeAt(first, map, walk)}); a key may appear only once in a mapping`,
        key,
        map,
        walk,
      );
    }
    seen.set(name, key ?? map);
    if (value) checkYamlNode(value, walk);
  }
}

/** What a node resolves to through an alias (already checked to resolve). */
function dereference(node: Node | null, walk: YamlWalk): Node | null {
  return node !== null && isAlias(node) ? (walk.anchors.get(node.source) ?? null) : node;
}

function kindOf(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const { value } = node;
    return value === null ? 'null' : `a ${typeof value === 'object' ? 'non-JSON value' : typeof value}`;
  }
  return 'an unknown node';
}

function checkMergeSources(value: Node | null, key: Node, walk: YamlWalk): void {
  const source = dereference(value, walk);
  const sources = source !== null && isSeq(source) ? source.items.map((item) => (item ?? null) as Node | null) : [value];
  // A bad item of a list reached through an alias is reported at the alias, where the merge is written.
  const throughAlias = value !== null && isAlias(value);
  for (const item of sources) {
    const target = dereference(item, walk);
    if (target === null || !isMap(target)) {
      throw yamlNodeError(
        'wrong_type',
        `a merge key << takes a mapping or a list of mappings (<<: *base, <<: [*a, *b]), got ${kindOf(target)}`,
        throughAlias ? value : (item ?? value),
        key,
        walk,
      );
    }
  }
}

/**
 * The string a mapping key becomes. Keys are strings; a plain key the core schema reads as a
 * number or boolean is kept only when its text is exactly that string (`1`, `true`, `-3`);
 * otherwise the text would change meaning (`0x10` would become "16", `1.0` "1", `~` ""), so it is
 * an error, as are null, collection and non-JSON keys.
 */
function yamlKeyString(key: Node | null, map: Node, walk: YamlWalk): string {
  const target = dereference(key, walk);
  const missing = 'a mapping key is missing (an empty key is null in YAML); a mapping key must be a string';
  if (target === null) throw yamlNodeError('wrong_type', missing, key, map, walk);
  if (!isScalar(target)) {
    throw yamlNodeError('wrong_type', `a mapping key must be a string, got ${kindOf(target)}`, key, map, walk);
  }
  const { value } = target;
  if (typeof value === 'string') return value;
  const source = (target as { source?: unknown }).source;
  const text = typeof source === 'string' ? source : '';
  if (value === null) {
    throw yamlNodeError(
      'wrong_type',
      text === '' ? missing : `the key ${text} is null in YAML; a mapping key must be a string: quote it ('${text}')`,
      key,
      map,
      walk,
    );
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && target.type === PLAIN) {
    if (String(value) === text) return text;
    throw yamlNodeError(
      'wrong_type',
      `the key ${text} is the ${typeof value} ${String(value)} in YAML and would become the key ${JSON.stringify(String(value))}; ` +
        `a mapping key must be a string: quote it ('${text}')`,
      key,
      map,
      walk,
    );
  }
  throw yamlNodeError('wrong_type', `a mapping key must be a string, got ${kindOf(target)}`, key, map, walk);
}
