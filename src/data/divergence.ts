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

function walk(left: JsonValue, right: JsonValue, segments: string[], skipDerived: boolean): Divergence | undefined {
  if (left === right) return undefined;
  const here = (l: JsonValue | undefined, r: JsonValue | undefined): Divergence =>
    Object.freeze({ path: dottedPath(segments), segments: Object.freeze([...segments]), left: l, right: r });
  const kind = kindOf(left);
  if (kind !== kindOf(right) || (kind !== 'array' && kind !== 'object')) {
    return canonicalJson(left) === canonicalJson(right) ? undefined : here(left, right);
  }
  if (kind === 'array') {
    const a = left as readonly JsonValue[];
    const b = right as readonly JsonValue[];
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      segments.push(String(i));
      const found =
        i >= a.length ? here(undefined, b[i]) : i >= b.length ? here(a[i], undefined) : walk(a[i] as JsonValue, b[i] as JsonValue, segments, skipDerived);
      segments.pop();
      if (found) return found;
    }
    return undefined;
  }
  const a = left as Record<string, JsonValue>;
  const b = right as Record<string, JsonValue>;
  const keys = sortedKeys({ ...a, ...b });
  for (const key of keys) {
    if (skipDerived && DERIVED_KEY.test(key)) continue;
    segments.push(key);
    const inA = hasOwn(a, key);
    const inB = hasOwn(b, key);
    const found = !inA ? here(undefined, b[key]) : !inB ? here(a[key], undefined) : walk(a[key] as JsonValue, b[key] as JsonValue, segments, skipDerived);
    segments.pop();
    if (found) return found;
  }
  return undefined;
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
  return walk(left, right, [], true) ?? walk(left, right, [], false);
}
