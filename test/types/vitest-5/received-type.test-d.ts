// Vitest 5 declares `Matchers<R, T>`, 3.2–4.x `Matchers<T>`: the one declaration that merges with both has
// no type parameters, and on Vitest 5 it cannot see the received type. So toBeDeterministic on an async
// function is typed `void` here, though it returns a promise at run time (await it; docs/matchers.md).
import { expectTypeOf } from 'expect-type';
import { expect } from 'vitest';
import 'tier2-harness/vitest';

expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(Promise.resolve(() => 1)).resolves.toBeDeterministic()).toEqualTypeOf<Promise<void>>();
