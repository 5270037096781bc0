// Vitest: `import 'tier2-harness/vitest'` types expect(x).toX(), expect.toX() and expect.extend.
import { expectTypeOf } from 'expect-type';
import { expect } from 'vitest';
import 'tier2-harness/vitest';
import { matchers } from 'tier2-harness/matchers';
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

// A sync subject gives a sync matcher; an async function gives a promise to await.
expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<Promise<void>>();
expectTypeOf(
  expect((): never => {
    throw new Error('always');
  }).toBeDeterministic({ allowErrors: true }),
).toEqualTypeOf<void>();

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
