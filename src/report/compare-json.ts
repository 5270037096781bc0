/**
 * `tier2 compare --json`: the comparison as JSON, exactly the {@link Comparison}
 * data (schemas/compare.schema.json describes it; values are whole, never
 * shortened). Streamed in chunks, so a comparison larger than the engine's
 * string limit still prints.
 */
import { jsonText } from '../data/json-chunks.js';
import type { Comparison } from '../compare/model.js';

/**
 * The JSON text of a comparison (two-space indent, final newline), in chunks.
 *
 * @example
 * ```ts
 * JSON.parse([...compareJsonChunks(comparison)].join('')); // deep-equals comparison
 * ```
 */
export function* compareJsonChunks(comparison: Comparison): Generator<string> {
  yield* jsonText(comparison);
  yield '\n';
}
