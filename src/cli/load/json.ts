/**
 * `.json` config files: strict JSON (`JSON.parse`), then one scan of the text
 * for what `JSON.parse` accepts silently: duplicate keys (it keeps the last)
 * and integers a number cannot hold (it rounds them).
 */
import { at, fileError, textError } from './config-errors.js';
import { inexactIntegerProblem, keepsInteger } from './integers.js';
import { jsonPositionFinder } from './json-positions.js';
import { jsonStringEnd, jsonStringValue } from './json-text.js';
import { LineTable, lazyFinder, type PositionFinder } from './positions.js';

/** What a JSON file gives: its data, and where a path of it was written. */
export interface ParsedJson {
  readonly data: unknown;
  readonly positionOf: PositionFinder;
  /** Always true: `JSON.parse` makes each container once. */
  readonly unshared: true;
}

/**
 * Parses JSON config text and checks it; positions are found on first use.
 *
 * @param source gives the text again when a position is asked for (the caller may hold the file's bytes instead of the text).
 * @throws ConfigError for invalid JSON, a duplicate key or an inexact integer, with its line and column.
 */
export function parseJson(text: string, file: string, source: () => string): ParsedJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fileError('syntax', `not valid JSON: ${(error as Error).message}`, file, error);
  }
  checkJsonText(text, file);
  return { data, unshared: true, positionOf: lazyFinder(() => jsonPositionFinder(source())) };
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

/** An object's keys so far, with their offsets; a few keys are compared in a list, more in a Map. */
class KeysSeen {
  private names: string[] = [];
  private offsets: number[] = [];
  private map: Map<string, number> | undefined;

  /** The offset of an earlier equal key, or undefined (and the key is recorded). */
  add(name: string, offset: number): number | undefined {
    if (this.map !== undefined) {
      const first = this.map.get(name);
      if (first === undefined) this.map.set(name, offset);
      return first;
    }
    const index = this.names.indexOf(name);
    if (index !== -1) return this.offsets[index];
    this.names.push(name);
    this.offsets.push(offset);
    if (this.names.length > 16) {
      this.map = new Map(this.names.map((key, i) => [key, this.offsets[i] as number]));
      this.names = [];
      this.offsets = [];
    }
    return undefined;
  }
}

function duplicateKey(text: string, file: string, key: string, first: number, offset: number): Error {
  const lines = new LineTable(text);
  return textError(
    'duplicate',
    `duplicate key ${JSON.stringify(key)} (first at ${at(lines.position(first))}); a key may appear only once in an object`,
    file,
    lines.position(offset),
  );
}

/** One linear scan: duplicate keys (the keys of each open object) and integers that cannot be held exactly. */
function checkJsonText(text: string, file: string): void {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (KeysSeen | null)[] = [];
  let expectKey = false;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      const end = jsonStringEnd(text, index);
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = jsonStringValue(text, index, end);
        const first = keys.add(key, index);
        if (first !== undefined) throw duplicateKey(text, file, key, first, index);
      }
      index = end;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      index = checkJsonNumber(text, file, index);
    } else {
      if (code === 0x7b) open.push(new KeysSeen());
      else if (code === 0x5b) open.push(null);
      else if (code === 0x7d || code === 0x5d) open.pop();
      if (code === 0x7b || code === 0x2c) expectKey = open[open.length - 1] !== null;
      else if (code === 0x3a || code === 0x5b) expectKey = false;
      index += 1;
    }
  }
}

/** Checks the number at `index` (an integer must be held exactly) and returns the offset past it. */
function checkJsonNumber(text: string, file: string, index: number): number {
  JSON_NUMBER.lastIndex = index;
  const match = JSON_NUMBER.exec(text) as RegExpExecArray;
  const token = match[0];
  // Fifteen digits or fewer are always exact: only longer integers need a look.
  if (token.length > 15 && match[1] === undefined && match[2] === undefined) {
    const value = Number(token);
    if (!Number.isSafeInteger(value) && !keepsInteger(token, value)) {
      throw textError('too_large', inexactIntegerProblem(token, value), file, new LineTable(text).position(index));
    }
  }
  return index + token.length;
}
