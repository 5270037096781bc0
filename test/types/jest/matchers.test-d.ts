// Jest's global expect, typed by @types/jest: 'tier2-harness/jest' augments jest.Matchers.
import { expectTypeOf } from 'expect-type';
import 'tier2-harness/jest';
import { expectations, failed, result, suite } from '../fixtures.js';

expect(suite).toMeetExpectations(expectations);
expect(suite).not.toMeetExpectations(expectations);
expect(result).toHaveExecutedSteps(['echo-step']);
expect(failed).toFailAtStep('a');
expect({ id: 'w', steps: [] }).toRespectAntiFailureLimits();
expect(result).toMatchRunHash();
expect({ mission: 'echo' }).toBeDeterministic({ runs: 5 });

expectTypeOf(expect(() => 1).toBeDeterministic()).toEqualTypeOf<void>();
expectTypeOf(expect(() => Promise.resolve(1)).toBeDeterministic()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(Promise.resolve(result)).resolves.toHaveExecutedSteps(['echo-step'])).toEqualTypeOf<Promise<void>>();

expect({ run: result }).toEqual({ run: expect.toHaveExecutedSteps(['echo-step']) });

// @ts-expect-error runs is a number
expect(() => 1).toBeDeterministic({ runs: '3' });
// @ts-expect-error step ids are strings
expect(result).toHaveExecutedSteps([1]);
const _assertion = expect(result);
// @ts-expect-error no matcher of that name
export type NoSuchMatcher = (typeof _assertion)['toHaveExecutedStep'];
