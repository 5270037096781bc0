/**
 * The first place where two JSON values differ, in the order canonical JSON
 * writes them (keys by code point, list items by index), so "first" means the
 * same thing everywhere: determinism checks, pinned run hashes and the CLI.
 */
import { canonicalJson } from './canonical.js';
import { dottedPath } from './path-text.js';
import { hasOwn, type JsonValue } from './json.js';
import { sortedKeys } from './code-point-order.js';

/** Where two values first differ. A side is `undefined` when the path does not exist there. */
export interface Divergence {
  /** Dot-separated path, as in expectations (`executed_steps.0.payload`); `''` is the root. */
  readonly path: string;
  /** The same path as segments (unambiguous when keys contain dots). */
  readonly segments: readonly string[];
  readonly left: JsonValue | undefined;
  readonly right: JsonValue | undefined;
}

function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Calls `found` for each place where the two values differ, in canonical
 * order, until it returns false; returns false when it was stopped. A place is
 * a leaf that differs, or the top of a subtree whose kind differs; a key or
 * item present on one side only is one place, with `undefined` on the other.
 */
function walk(left: JsonValue, right: JsonValue, segments: string[], skipDerived: boolean, found: (divergence: Divergence) => boolean): boolean {
  if (left === right) return true;
  const here = (l: JsonValue | undefined, r: JsonValue | undefined): boolean =>
    found(Object.freeze({ path: dottedPath(segments), segments: Object.freeze([...segments]), left: l, right: r }));
  const kind = kindOf(left);
  if (kind !== kindOf(right) || (kind !== 'array' && kind !== 'object')) {
    return canonicalJson(left) === canonicalJson(right) ? true : here(left, right);
  }
  const a = left as Readonly<Record<string, JsonValue>>;
  const b = right as Readonly<Record<string, JsonValue>>;
  const keys = kind === 'array' ? indices(Math.max((left as JsonValue[]).length, (right as JsonValue[]).length)) : sortedKeys({ ...a, ...b });
  for (const key of keys) {
    if (skipDerived && DERIVED_KEY.test(key)) continue;
    segments.push(key);
    const inA = hasOwn(a, key);
    const inB = hasOwn(b, key);
    const go = !inA ? here(undefined, b[key]) : !inB ? here(a[key], undefined) : walk(a[key] as JsonValue, b[key] as JsonValue, segments, skipDerived, found);
    segments.pop();
    if (!go) return false;
  }
  return true;
}

function indices(length: number): string[] {
  return Array.from({ length }, (_, index) => String(index));
}

/** Keys that hold a hash of data beside them (`scenario_hash`, `test_run_hash`, ...). */
const DERIVED_KEY = /_hash$/;

/**
 * The first path at which two JSON values differ, or `undefined` when they are
 * equal as canonical JSON. Hash fields (`*_hash`) are looked at last: they sort
 * before the data they cover (`metadata` < `mission_results`) and differ
 * whenever it does, so the first difference reported is the data that changed,
 * and a hash only when nothing else differs.
 *
 * @example
 * ```ts
 * findDivergence({ a: [1, 2] }, { a: [1, 3] }); // { path: 'a.1', left: 2, right: 3, ... }
 * ```
 */
export function findDivergence(left: JsonValue, right: JsonValue): Divergence | undefined {
  let first: Divergence | undefined;
  const stop = (divergence: Divergence): boolean => {
    first = divergence;
    return false;
  };
  if (walk(left, right, [], true, stop)) walk(left, right, [], false, stop);
  return first;
}

/**
 * Every place where two JSON values differ, in the order {@link findDivergence}
 * looks (so its first is this list's first): the leaves that differ, a
 * subtree whose kind differs as one place, a key or item on one side only as
 * one place with `undefined` on the other. Lists are compared index by index.
 * Hash fields (`*_hash`) are left out unless nothing else differs: they change
 * whenever the data they cover does, and would repeat each change.
 *
 * @example
 * ```ts
 * findDifferences({ a: 1, b: [1, 2] }, { a: 2, b: [1] }); // paths 'a' (1 → 2) and 'b.1' (2 → absent)
 * ```
 */
export function findDifferences(left: JsonValue, right: JsonValue): readonly Divergence[] {
  const all: Divergence[] = [];
  const keep = (divergence: Divergence): boolean => all.push(divergence) > 0;
  walk(left, right, [], true, keep);
  if (all.length === 0) walk(left, right, [], false, keep);
  return all;
}
