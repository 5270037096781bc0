// Vitest: `import 'tier2-harness/vitest'` types expect(x).toX(), expect.toX() and expect.extend.
// Checked against the declarations of every Vitest major the peer range claims: test/types/vitest (4.x,
// the root devDependency), test/types/vitest-3 (3.2.0) and test/types/vitest-5, which map 'vitest' there.
import { expectTypeOf } from 'expect-type';
import { expect, type Assertion } from 'vitest';
import 'tier2-harness/vitest';
import { matchers, type Tier2Matchers } from 'tier2-harness/matchers';
import { expectations, failed, result, suite } from '../fixtures.js';

expect(suite).toMeetExpectations(expectations);
expect(suite).not.toMeetExpectations([{ id: 'x', scenario: 's', mission: 'echo', path: 'id', op: 'lt', expected: 'a' }]);
expect(result).toHaveExecutedSteps(['echo-step']);
expect(failed).toFailAtStep('a');
expect({ id: 'w', steps: [] }).toRespectAntiFailureLimits();
expect(result).toMatchRunHash();
expect(result).toMatchRunHash('named');
expect({ mission: 'echo' }).toBeDeterministic({ runs: 5, allowAmbient: true });
expect(() => 1).toBeDeterministic({ allowErrors: true, timeout: 10_000 });

// Sync matchers return void; after .resolves / .rejects every matcher returns a promise to await.
expectTypeOf(expect(result).toHaveExecutedSteps(['echo-step'])).toEqualTypeOf<void>();
expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
// Whether an async subject gives a promise depends on the received type: received-type.test-d.ts per Vitest major.
expectTypeOf(expect(Promise.resolve(result)).resolves.toHaveExecutedSteps(['echo-step'])).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(Promise.resolve(suite)).resolves.toMeetExpectations(expectations)).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(Promise.reject(new Error('x'))).rejects.toMatchRunHash()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(Promise.resolve(suite)).resolves.not.toMeetExpectations(expectations)).toEqualTypeOf<Promise<void>>();
// Every matcher of the runner-neutral list is on Vitest's assertion (a missing one is a compile error here).
export type AllMatchers = Pick<Assertion, keyof Tier2Matchers>;

// Asymmetric forms and expect.extend.
expect({ run: result }).toEqual({ run: expect.toHaveExecutedSteps(['echo-step']) });
expect.extend(matchers);

// @ts-expect-error runs is a number
expect(() => 1).toBeDeterministic({ runs: '3' });
// @ts-expect-error allowErrors is a boolean
expect(() => 1).toBeDeterministic({ allowErrors: 'yes' });
// @ts-expect-error misspelt option
expect(() => 1).toBeDeterministic({ run: 3 });
// @ts-expect-error step ids are strings
expect(result).toHaveExecutedSteps([1]);
// @ts-expect-error toFailAtStep takes one step id
expect(failed).toFailAtStep();
// @ts-expect-error gt compares numbers or strings only
expect(suite).toMeetExpectations([{ id: 'x', scenario: 's', mission: 'echo', path: 'id', op: 'gt', expected: true }]);
const _assertion = expect(result);
// @ts-expect-error no matcher of that name
export type NoSuchMatcher = (typeof _assertion)['toHaveExecutedStep'];

// No runner globals leak into this project.
// @ts-expect-error describe is not a global here
export type NoDescribe = typeof describe;
// @ts-expect-error nor is jest
export type NoJest = typeof jest;
