import type { Comparison } from '../compare/model.js';

export function* compareHtml(comparison: Comparison): Generator<string> {
  yield JSON.stringify(comparison);
}
