/**
 * parseSuiteDefinition builds its valid suite directly from the data it
 * checked and froze (no second validation walk): the result must be exactly
 * what validating the equivalent definition gives, deep-frozen, and never
 * share an object with the caller's input.
 */
import { describe, expect, it } from 'vitest';
import { parseSuiteDefinition, runSuite } from 'tier2-harness';

const config = {
  suite_name: 'snapshot',
  scenarios: [
    { scenario_name: 'with-state', initial_state: { n: 1, nested: { list: [1, 'two', null] } }, missions: [{ name: 'echo', params: { a: { b: 1 } } }] },
    { scenario_name: 'defaults', missions: [{ name: 'daily_loop' }, { name: 'echo', key: 'echo-2', params: null }] },
  ],
};
const definition = {
  name: 'snapshot',
  scenarios: [
    { name: 'with-state', initialState: { n: 1, nested: { list: [1, 'two', null] } }, missions: [{ mission: 'echo', params: { a: { b: 1 } } }] },
    { name: 'defaults', missions: [{ mission: 'daily_loop' }, { mission: 'echo', key: 'echo-2' }] },
  ],
};

function expectDeepFrozen(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  expect(Object.isFrozen(value)).toBe(true);
  for (const child of Object.values(value)) expectDeepFrozen(child);
}

describe('parseSuiteDefinition: the valid suite without a second walk', () => {
  it('equals the validated equivalent definition, defaults included', () => {
    const parsed = parseSuiteDefinition(config);
    expect(parsed).toStrictEqual({
      name: 'snapshot',
      scenarios: [
        {
          name: 'with-state',
          initialState: { n: 1, nested: { list: [1, 'two', null] } },
          missions: [{ mission: 'echo', params: { a: { b: 1 } }, key: 'echo' }],
        },
        {
          name: 'defaults',
          initialState: {},
          missions: [
            { mission: 'daily_loop', params: null, key: 'daily_loop' },
            { mission: 'echo', params: null, key: 'echo-2' },
          ],
        },
      ],
    });
    expect(runSuite(parsed).metadata.suiteHash).toBe(runSuite(definition).metadata.suiteHash);
  });

  it('is deep-frozen and shares nothing with the input', () => {
    const parsed = parseSuiteDefinition(config);
    expectDeepFrozen(parsed);
    const [withState] = parsed.scenarios;
    expect(withState?.initialState).not.toBe(config.scenarios[0]?.initial_state);
    expect(withState?.initialState.nested).not.toBe(config.scenarios[0]?.initial_state?.nested);
    expect(withState?.missions[0]?.params).not.toBe(config.scenarios[0]?.missions[0]?.params);
    expect(Object.isFrozen(config.scenarios[0]?.initial_state)).toBe(false);
  });
});
