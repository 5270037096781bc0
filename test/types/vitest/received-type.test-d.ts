// Vitest 3.2–4.x give matchers the received type: an async function makes toBeDeterministic a promise to await.
// (Vitest 5 does not reach a declaration that merges with 3.2–4.x too: see test/types/vitest-5/received-type.test-d.ts.)
import { expectTypeOf } from 'expect-type';
import { expect } from 'vitest';
import 'tier2-harness/vitest';

expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(() => Promise.resolve(1)).not.toBeDeterministic()).toEqualTypeOf<Promise<void>>();
// A function typed `() => never` always throws synchronously: its check is synchronous too.
expectTypeOf(
  expect((): never => {
    throw new Error('always');
  }).toBeDeterministic({ allowErrors: true }),
).toEqualTypeOf<void>();
