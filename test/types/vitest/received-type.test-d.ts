// Matchers get the received type on every supported Vitest (3.2, 4 and 5, whose `Assertion` puts it second):
// an async function makes toBeDeterministic a promise to await.
import { expectTypeOf } from 'expect-type';
import { expect } from 'vitest';
import 'tier2-harness/vitest';

expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(async () => await Promise.resolve(1)).toBeDeterministic({ runs: 2 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(() => Promise.resolve(1)).not.toBeDeterministic()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect.soft(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<Promise<void>>();
// After .resolves every matcher returns a promise, whatever the resolved value.
expectTypeOf(expect(Promise.resolve(() => 1)).resolves.toBeDeterministic()).toEqualTypeOf<Promise<void>>();
// Other matchers stay synchronous on an async function.
expectTypeOf(expect(() => Promise.resolve(1)).toRespectAntiFailureLimits()).toEqualTypeOf<void>();
// A function typed `() => never` always throws synchronously: its check is synchronous too.
expectTypeOf(
  expect((): never => {
    throw new Error('always');
  }).toBeDeterministic({ allowErrors: true }),
).toEqualTypeOf<void>();
