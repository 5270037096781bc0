/**
 * The config schema is a table (CONFIG_SPELLING in src/harness/config.ts)
 * that maps each snake_case name onto a field of the definitions' schemas, and
 * the definitions' own readers read config through it. So a rule and its
 * message exist once: the same mistake in a definition and in its config
 * twin gives the same code and the same problem, located at the same field
 * as each input spells it.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, DefinitionError, parseExpectationsDefinition, parseSuiteDefinition } from '../../src/index.js';
import { CONFIG_SPELLING } from '../../src/harness/config.js';
import { EXPECTATION, EXPECTATIONS, validateExpectations } from '../../src/harness/expectations.js';
import { MISSION_CALL, SCENARIO } from '../../src/harness/scenario.js';
import { SUITE, validateSuite } from '../../src/harness/suite.js';
import type { Schema } from '../../src/data/fields.js';
import { thrown } from '../robustness/helpers.js';

const SCHEMAS: readonly Schema[] = [SUITE, SCENARIO, MISSION_CALL, EXPECTATIONS, EXPECTATION];

/** Config name of a definition field, by kind. */
function configName(kind: string, field: string): string {
  const entry = CONFIG_SPELLING[kind] ?? {};
  return Object.keys(entry).find((name) => entry[name] === field) ?? field;
}

/** A definition rewritten in the config's names, object by object (kind given by position). */
function toConfig(value: unknown, kind: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const child: Record<string, string> = { scenarios: 'scenario', missions: 'missionCall', expectations: 'expectation' };
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const inner = child[key];
    out[configName(kind, key)] = inner !== undefined && Array.isArray(field) ? field.map((item: unknown) => toConfig(item, inner)) : field;
  }
  return out;
}

/** Definition segments in the config's names. */
function configSegments(segments: readonly (string | number)[], rootKind: string): (string | number)[] {
  const child: Record<string, string> = { scenarios: 'scenario', missions: 'missionCall', expectations: 'expectation' };
  let kind = rootKind;
  return segments.map((segment) => {
    if (typeof segment === 'number') return segment;
    const name = configName(kind, segment);
    kind = child[segment] ?? kind;
    return name;
  });
}

/**
 * Runs a definition and its config twin, checks that both fail with the same code at the same field, and
 * returns both problems when they do not name fields (a shape or a suggestion is in each input's names).
 */
function failAlike(
  kind: string,
  define: () => unknown,
  parse: (config: unknown) => unknown,
  definition: unknown,
): { definition: string; config: string } | undefined {
  const fromDefinition = thrown(define) as DefinitionError;
  const fromConfig = thrown(() => parse(toConfig(definition, kind))) as ConfigError;
  expect(DefinitionError.isDefinitionError(fromDefinition), String(fromDefinition)).toBe(true);
  expect(ConfigError.isConfigError(fromConfig), String(fromConfig)).toBe(true);
  expect(fromConfig.code).toBe(fromDefinition.code);
  expect(fromConfig.segments).toEqual(configSegments(fromDefinition.segments, kind));
  const namesFields = fromDefinition.problem.startsWith('expected {') || fromDefinition.problem.includes('did you mean');
  return namesFields ? undefined : { definition: fromDefinition.problem, config: fromConfig.problem };
}

describe('the config table', () => {
  it.each(SCHEMAS.map((schema) => [schema.kind, schema] as const))('maps every field of %s once, and only fields it has', (kind, schema) => {
    const entry = CONFIG_SPELLING[kind] ?? {};
    const mapped = Object.values(entry).filter((field): field is string => field !== null);
    expect([...mapped].sort()).toEqual([...schema.fields].sort());
  });
});

const suite = { name: 's', scenarios: [{ name: 'a', initialState: { n: 1 }, missions: [{ mission: 'echo', params: { x: 1 }, key: 'k' }] }] };
const scenarioAt = (change: object): unknown => ({ ...suite, scenarios: [{ ...suite.scenarios[0], ...change }] });
const callAt = (change: object): unknown => scenarioAt({ missions: [{ ...suite.scenarios[0]?.missions[0], ...change }] });
const expectation = { id: 'e', scenario: 'a', mission: 'k', path: 'success', op: 'eq', expected: true };
const expectationAt = (change: object): unknown => ({ expectations: [{ ...expectation, ...change }] });

describe('one rule, one message: a definition and its config twin fail alike', () => {
  it.each([
    ['a suite name that is not a string', { ...suite, name: 3 }],
    ['no scenarios', { name: 's' }],
    ['scenarios that are not a list', { ...suite, scenarios: {} }],
    ['a scenario that is no object', { ...suite, scenarios: [7] }],
    ['a scenario without a name', scenarioAt({ name: undefined })],
    ['two scenarios of one name', { ...suite, scenarios: [suite.scenarios[0], suite.scenarios[0]] }],
    ['an initial state that is a list', scenarioAt({ initialState: [1] })],
    ['an initial state holding NaN', scenarioAt({ initialState: { n: NaN } })],
    ['missions that are not a list', scenarioAt({ missions: 'echo' })],
    ['a mission call without its mission', callAt({ mission: undefined })],
    ['a key that is a number', callAt({ key: 5 })],
    ['params that are a string', callAt({ params: 'x' })],
    ['a misspelt params', callAt({ params: undefined, parmas: {} })],
    ['two calls of one key', scenarioAt({ missions: [{ mission: 'echo' }, { mission: 'echo' }] })],
  ])('suite: %s', (_label, definition) => {
    // The duplicate-key hint's example is written in each input's own names.
    const problem = failAlike('suite', () => validateSuite(definition, 'defineSuite'), parseSuiteDefinition, definition);
    if (problem !== undefined) expect(problem.config).toBe(problem.definition.replace("{ mission: 'echo'", "{ name: 'echo'"));
  });

  it.each([
    ['no id', expectationAt({ id: undefined })],
    ['a scenario that is a number', expectationAt({ scenario: 1 })],
    ['a path that is a number', expectationAt({ path: 1 })],
    ['an unknown op', expectationAt({ op: 'equals' })],
    ['an expected value on exists', expectationAt({ op: 'exists' })],
    ['an expected value that is not JSON', expectationAt({ expected: () => 1 })],
    ['two expectations of one id', { expectations: [expectation, expectation] }],
    ['an expectation that is no object', { expectations: [null] }],
    ['expectations that are not a list', { expectations: {} }],
  ])('expectations: %s', (_label, definition) => {
    const problem = failAlike('expectations', () => validateExpectations(definition, 'defineExpectations'), parseExpectationsDefinition, definition);
    if (problem !== undefined) expect(problem.config).toBe(problem.definition);
  });
});
