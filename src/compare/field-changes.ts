/** Field changes: the places where two values differ ({@link findDifferences}), as the comparison lists them. */
import { findDifferences } from '../data/divergence.js';
import type { JsonValue } from '../data/json.js';
import { dottedPath } from '../data/path-text.js';
import type { FieldChange } from './model.js';

/** The differences between two values as field changes (`prefix` is put before each path). */
export function fieldChanges(baseline: JsonValue | undefined, candidate: JsonValue | undefined, prefix: readonly string[] = []): FieldChange[] {
  if (baseline === undefined || candidate === undefined) {
    if (baseline === candidate) return [];
    return [change(prefix, baseline, candidate)];
  }
  return findDifferences(baseline, candidate).map((divergence) => change([...prefix, ...divergence.segments], divergence.left, divergence.right));
}

function change(segments: readonly string[], baseline: JsonValue | undefined, candidate: JsonValue | undefined): FieldChange {
  return { path: dottedPath(segments), segments, ...(baseline === undefined ? {} : { baseline }), ...(candidate === undefined ? {} : { candidate }) };
}
