// The DSL's types: definitions are checked field by field at compile time.
import { expectTypeOf } from 'expect-type';
import {
  defineExpectations,
  defineScenario,
  defineSuite,
  mission,
  type ValidExpectations,
  type ValidMissionCall,
  type ValidScenario,
  type ValidSuite,
} from 'tier2-harness';

const scenario = defineScenario({ name: 's', initialState: { day: 1 }, missions: [mission('echo', { x: 1 }, { key: 'e' }), { mission: 'run_tests' }] });
expectTypeOf(scenario).toEqualTypeOf<ValidScenario>();
expectTypeOf(defineSuite({ name: 'n', scenarios: [scenario] })).toEqualTypeOf<ValidSuite>();
expectTypeOf(mission('echo')).toEqualTypeOf<ValidMissionCall>();
expectTypeOf(
  defineExpectations([
    { id: 'a', scenario: 's', mission: 'e', path: 'success', op: 'eq', expected: true },
    { id: 'b', scenario: 's', mission: 'e', path: ['final_state', 'a.b'], op: 'gt', expected: 1 },
    { id: 'c', scenario: 's', mission: 'e', path: 'id', op: 'lt', expected: 'x' },
    { id: 'd', scenario: 's', mission: 'e', path: 'id', op: 'exists' },
  ]),
).toEqualTypeOf<ValidExpectations>();

// Results are read-only.
// @ts-expect-error a defined scenario cannot be changed
scenario.name = 'other';

// @ts-expect-error misspelt field (missions)
defineScenario({ name: 's', mision: [] });
// @ts-expect-error misspelt field in a mission call
defineScenario({ name: 's', missions: [{ mision: 'echo' }] });
// @ts-expect-error initialState is a JSON object
defineScenario({ name: 's', initialState: 3, missions: [] });
// @ts-expect-error a suite needs scenarios
defineSuite({ name: 'n' });
// @ts-expect-error unknown op
defineExpectations([{ id: 'a', scenario: 's', mission: 'e', path: 'id', op: 'has', expected: 1 }]);
// @ts-expect-error gt compares numbers or strings only
defineExpectations([{ id: 'a', scenario: 's', mission: 'e', path: 'id', op: 'gt', expected: true }]);
// @ts-expect-error lt compares numbers or strings only
defineExpectations([{ id: 'a', scenario: 's', mission: 'e', path: 'id', op: 'lt', expected: null }]);
// @ts-expect-error eq needs an expected value
defineExpectations([{ id: 'a', scenario: 's', mission: 'e', path: 'id', op: 'eq' }]);
// @ts-expect-error params are JSON objects
mission('echo', { f: () => 1 });
// @ts-expect-error misspelt option
mission('echo', {}, { kee: 'x' });

// `exists` and `absent` compare nothing: an expected value is a type error whose message names
// NoExpectedValueOnExistsUseOpAbsent (to check that a path does not resolve, use op 'absent').
defineExpectations([
  { id: 'e', scenario: 's', mission: 'e', path: 'id', op: 'absent' },
  // @ts-expect-error exists takes no expected value (use op 'absent' for a path that must not resolve)
  { id: 'f', scenario: 's', mission: 'e', path: 'id', op: 'exists', expected: false },
  // @ts-expect-error absent takes no expected value either
  { id: 'g', scenario: 's', mission: 'e', path: 'id', op: 'absent', expected: null },
]);
