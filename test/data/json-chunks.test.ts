/**
 * `--json`'s text (src/data/json-chunks.ts): compact JSON in chunks, byte for byte
 * `JSON.stringify(value)` (test/faults/cli-outputs.test.ts checks that on
 * random values and through the built command), and still written where
 * `JSON.stringify` gives up with a RangeError: nesting deeper than its call
 * stack, or a text longer than the engine's longest string (checked by hand:
 * it takes 1.7 GB of memory; docs/guarantees.md, "Streams").
 */
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/data/json-chunks.js';

describe('jsonText', () => {
  it('writes deep subtrees whole, and the levels above them in chunks of about 64 KiB', () => {
    const scenarios = Array.from({ length: 3_000 }, (_, i) => ({ name: `s${i}`, state: { counter: i, tags: ['a', 'b'], nested: { deep: [i] } } }));
    const value = { suite_result: { scenario_results: scenarios }, passed: true };
    const chunks = [...jsonText(value)];
    expect(chunks.join('')).toBe(JSON.stringify(value));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(64 * 1024 + 200);
  });

  it('walks a subtree that JSON.stringify cannot write (too deep for its call stack here; a text longer than a string is the same RangeError)', () => {
    const depth = 200_000;
    let deep: unknown = 0;
    for (let level = 0; level < depth; level += 1) deep = [deep];
    const value = { a: { b: { c: deep } } };
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect([...jsonText(value)].join('')).toBe(`{"a":{"b":{"c":${'['.repeat(depth)}0${']'.repeat(depth)}}}}`);
  });
});
