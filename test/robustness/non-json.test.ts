/**
 * Values outside JSON, in every place data enters the runtime: each is a
 * DefinitionError (ConfigError through the config adapter) whose `path` /
 * `location` is exactly where the value sits and whose message names that
 * path and what is allowed. Nothing is silently dropped or coerced.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DefinitionError,
  Orchestrator,
  canonicalJson,
  defineWorkflow,
  evaluateExpectations,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runMission,
  runScenario,
  runSuite,
  runTestRunFromConfig,
  stableHash,
  type JsonObject,
} from '../../src/index.js';
import { thrown } from './helpers.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
class Stack extends Array<number> {}

interface BadCase {
  /** What the value is. */
  readonly label: string;
  /** A fresh copy of the value (placed under the key `bad`). */
  readonly make: () => unknown;
  /** Where below `bad` the error points ('' for `bad` itself). */
  readonly below: string;
  /** A fragment the message must contain. */
  readonly says: string;
}

const cycle = (): unknown => {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
};
const nonEnumerable = (): unknown => Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
const sparse = (): unknown => {
  const list: number[] = [1];
  list[2] = 3;
  return list;
};

const BAD: readonly BadCase[] = [
  { label: 'undefined', make: () => undefined, below: '', says: 'undefined is not JSON data' },
  { label: 'a function', make: () => () => 1, below: '', says: 'a function is not JSON data' },
  { label: 'a symbol', make: () => Symbol('s'), below: '', says: 'a symbol is not JSON data' },
  { label: 'a BigInt', make: () => 10n, below: '', says: 'a BigInt is not JSON data' },
  { label: 'NaN', make: () => NaN, below: '', says: 'NaN is not a finite number' },
  { label: 'Infinity', make: () => Infinity, below: '', says: 'Infinity is not a finite number' },
  { label: '-Infinity', make: () => -Infinity, below: '', says: '-Infinity is not a finite number' },
  { label: 'a Date', make: () => new Date(0), below: '', says: 'a Date instance is not JSON data' },
  { label: 'a Map', make: () => new Map([['a', 1]]), below: '', says: 'a Map instance is not JSON data' },
  { label: 'a Set', make: () => new Set([1]), below: '', says: 'a Set instance is not JSON data' },
  { label: 'a RegExp', make: () => /x/g, below: '', says: 'a RegExp instance is not JSON data' },
  { label: 'a class instance', make: () => new Point(1, 2), below: '', says: 'a Point instance is not JSON data' },
  { label: 'a typed array', make: () => new Uint8Array([1, 2]), below: '', says: 'a Uint8Array instance is not JSON data' },
  { label: 'a boxed string', make: () => Object('text') as unknown, below: '', says: 'a String instance is not JSON data' },
  { label: 'a Promise', make: () => Promise.resolve(1), below: '', says: 'a Promise instance is not JSON data' },
  { label: 'an Error', make: () => new Error('e'), below: '', says: 'an Error instance is not JSON data' },
  { label: 'an Array subclass', make: () => Stack.from([1]), below: '', says: 'Array subclass' },
  { label: 'a Proxy', make: () => new Proxy({ a: 1 }, {}), below: '', says: 'a Proxy is not JSON data' },
  { label: 'a sparse array', make: sparse, below: '', says: 'a sparse array' },
  { label: 'an array with extra props', make: () => Object.assign([1, 2], { extra: true }), below: '', says: 'an array with extra properties' },
  {
    label: 'an array with a hidden extra prop',
    make: () => Object.defineProperty([1], 'hidden', { value: 1, enumerable: false }),
    below: '',
    says: 'an array with extra properties',
  },
  { label: 'an array with a symbol key', make: () => Object.assign([1], { [Symbol('k')]: 1 }), below: '', says: 'an array with symbol keys' },
  { label: 'an object with a symbol key', make: () => ({ a: 1, [Symbol('k')]: 1 }), below: '', says: 'an object with symbol keys' },
  { label: 'a non-enumerable property', make: nonEnumerable, below: '', says: 'non-enumerable properties' },
  {
    label: 'a getter',
    make: () => ({
      get g(): number {
        return 1;
      },
    }),
    below: '.g',
    says: 'a getter/setter property is not JSON data',
  },
  {
    label: 'a throwing getter',
    make: () => ({
      get g(): number {
        throw new Error('getter ran');
      },
    }),
    below: '.g',
    says: 'a getter/setter property',
  },
  {
    label: 'an instance of a hostile prototype (throwing constructor getter)',
    make: () =>
      Object.create(
        Object.defineProperty({}, 'constructor', {
          get(): never {
            throw new Error('constructor getter ran');
          },
        }),
      ) as unknown,
    below: '',
    says: 'a non-plain object is not JSON data',
  },
  { label: 'a cycle', make: cycle, below: '.self', says: 'a circular reference' },
  {
    label: 'a two-step cycle',
    make: () => {
      const outer: Record<string, unknown> = { inner: { n: 1 } };
      (outer.inner as Record<string, unknown>).back = outer;
      return outer;
    },
    below: '.inner.back',
    says: 'a circular reference',
  },
  {
    label: 'a setter without a getter',
    make: () => ({
      set s(_value: number) {
        throw new Error('setter ran');
      },
    }),
    below: '.s',
    says: 'a getter/setter property is not JSON data',
  },
  {
    label: 'an accessor with neither getter nor setter',
    make: () => Object.defineProperty({}, 'a', { get: undefined, set: undefined, enumerable: true }),
    below: '.a',
    says: 'a getter/setter property is not JSON data',
  },
  {
    label: 'a getter on an array element',
    make: () =>
      Object.defineProperty([1, 2], 1, {
        get(): never {
          throw new Error('getter ran');
        },
        enumerable: true,
      }),
    below: '[1]',
    says: 'a getter/setter property is not JSON data',
  },
  { label: 'a nested undefined', make: () => ({ list: [1, { deep: undefined }] }), below: '.list[1].deep', says: 'undefined is not JSON data' },
];

interface Surface {
  readonly label: string;
  /** Runs the entry point with `{ bad: value }` in the place under test. */
  readonly run: (holder: JsonObject) => unknown;
  /** The path of `bad` in the error. */
  readonly at: string;
  readonly config?: boolean;
}

const noopWorkflow = { id: 'wf', steps: [{ id: 's', kind: 'runtime' as const }] };
const EXPECTATION = { id: 'e', scenario: 's', mission: 'echo', path: 'success', op: 'eq' as const, expected: true };
const suiteResult = runSuite({ name: 'x', scenarios: [{ name: 's', missions: [{ mission: 'echo' }] }] });

const SURFACES: readonly Surface[] = [
  { label: 'runWorkflow initialState', run: (h) => new Orchestrator().runWorkflow(noopWorkflow, { initialState: h }), at: 'initialState.bad' },
  {
    label: 'runWorkflow payload',
    run: (h) => new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'human', payload: h }] }),
    at: 'steps[0].payload.bad',
  },
  { label: 'defineWorkflow metadata', run: (h) => defineWorkflow({ ...noopWorkflow, metadata: h }), at: 'metadata.bad' },
  { label: 'runMission params', run: (h) => runMission('echo', {}, h), at: 'params.bad' },
  { label: 'runMission initialState', run: (h) => runMission('daily_loop', { initialState: h }), at: 'initialState.bad' },
  { label: 'runScenario initialState', run: (h) => runScenario({ name: 's', initialState: h, missions: [] }), at: 'initialState.bad' },
  {
    label: 'runScenario params',
    run: (h) => runScenario({ name: 's', missions: [{ mission: 'echo' }, { mission: 'run_tests', params: h }] }),
    at: 'missions[1].params.bad',
  },
  {
    label: 'runSuite initialState',
    run: (h) =>
      runSuite({
        name: 'x',
        scenarios: [
          { name: 'a', missions: [] },
          { name: 'b', initialState: h, missions: [] },
        ],
      }),
    at: 'scenarios[1].initialState.bad',
  },
  {
    label: 'evaluateExpectations expected',
    run: (h) => evaluateExpectations(suiteResult, [EXPECTATION, { ...EXPECTATION, id: 'f', expected: h }]),
    at: 'expectations[1].expected.bad',
  },
  {
    label: 'config initial_state',
    run: (h) => parseSuiteDefinition({ suite_name: 'x', scenarios: [{ scenario_name: 's', initial_state: h, missions: [] }] }),
    at: 'scenarios[0].initial_state.bad',
    config: true,
  },
  {
    label: 'config params',
    run: (h) => parseSuiteDefinition({ suite_name: 'x', scenarios: [{ scenario_name: 's', missions: [{ name: 'echo', params: h }] }] }),
    at: 'scenarios[0].missions[0].params.bad',
    config: true,
  },
  {
    label: 'config expected',
    run: (h) => parseExpectationsDefinition({ expectations: [{ id: 'e', scenario_name: 's', mission_name: 'm', path: 'p', op: 'eq', expected: h }] }),
    at: 'expectations[0].expected.bad',
    config: true,
  },
  {
    label: 'runTestRunFromConfig expected',
    run: (h) =>
      runTestRunFromConfig(
        { suite_name: 'x', scenarios: [] },
        { expectations: [{ id: 'e', scenario_name: 's', mission_name: 'm', path: 'p', op: 'eq', expected: h }] },
      ),
    at: 'expectations[0].expected.bad',
    config: true,
  },
  { label: 'canonicalJson', run: (h) => canonicalJson(h), at: 'bad' },
  { label: 'stableHash', run: (h) => stableHash({ wrap: [h] }), at: 'wrap[0].bad' },
];

describe.each(SURFACES)('$label', (surface) => {
  it.each(BAD)('$label → error naming the path', (bad) => {
    const error = thrown(() => surface.run({ keep: 1, bad: bad.make() as never }));
    const where = `${surface.at}${bad.below}`;
    if (surface.config) {
      expect(ConfigError.isConfigError(error), String(error)).toBe(true);
      expect((error as ConfigError).location).toBe(where);
    } else {
      expect(DefinitionError.isDefinitionError(error), String(error)).toBe(true);
      expect((error as DefinitionError).path).toBe(where);
    }
    const message = (error as Error).message;
    expect(message).toContain(where);
    expect(message).toContain(bad.says);
    expect(message).toContain('allowed: null, booleans, finite numbers, strings, arrays and plain objects');
  });
});

describe('non-JSON values at the root', () => {
  it.each(BAD.filter((bad) => bad.below === ''))('canonicalJson($label) names the value itself', (bad) => {
    const error = thrown(() => canonicalJson(bad.make()));
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as DefinitionError).path).toBe('');
    expect((error as Error).message).toContain(bad.says);
  });

  it.each([
    ['a Date', new Date(0), 'a Date instance'],
    ['an array', [1], 'an array'],
    ['a string', 'text', 'a string'],
    ['null', null, 'null'],
  ])('an initial state that is %s is refused', (_label, value, shown) => {
    const error = thrown(() => new Orchestrator().runWorkflow(noopWorkflow, { initialState: value as never }));
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as DefinitionError).path).toBe('initialState');
    expect((error as Error).message).toContain(`expected a plain object, got ${shown}`);
  });

  it.each([
    ['run_id', NaN, 'NaN'],
    ['caller', 5, 'a number'],
    ['policy_version', new Date(0), 'a Date instance'],
    ['trace', 'x', 'unknown key'],
  ])('run metadata %s = %s is refused with its path', (key, value, says) => {
    const error = thrown(() => new Orchestrator().runWorkflow(noopWorkflow, { metadata: { [key]: value } }));
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as DefinitionError).path).toBe(`metadata.${key}`);
    expect((error as Error).message).toContain(says);
  });

  it('a throwing getter is never run', () => {
    let ran = false;
    const state = {
      get g(): number {
        ran = true;
        throw new Error('getter ran');
      },
    };
    expect(DefinitionError.isDefinitionError(thrown(() => runMission('echo', { initialState: state as unknown as JsonObject })))).toBe(true);
    expect(DefinitionError.isDefinitionError(thrown(() => canonicalJson(state)))).toBe(true);
    expect(ran).toBe(false);
  });

  it('a getter on a config object is a ConfigError at its location (config is data only)', () => {
    const config = {
      get suite_name(): string {
        return 'x';
      },
      scenarios: [],
    };
    const error = thrown(() => parseSuiteDefinition(config));
    expect(ConfigError.isConfigError(error)).toBe(true);
    expect((error as ConfigError).location).toBe('suite_name');
  });

  it('null-prototype objects are plain data and are accepted', () => {
    const state = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(runMission('echo', { initialState: state as never }).finalState).toEqual({ a: 1 });
    expect(canonicalJson(state)).toBe('{"a":1}');
  });
});

describe('definition lists with holes', () => {
  const hole = <T>(...items: T[]): T[] => {
    const list: T[] = [];
    list.length = 1; // index 0 is a hole
    list.push(...items);
    return list;
  };
  const suite = runSuite({ name: 'x', scenarios: [] });
  it.each([
    ['workflow steps', () => new Orchestrator().runWorkflow({ id: 'a', steps: hole({ id: 's', kind: 'runtime' as const }) }), 'steps[0]'],
    ['scenario missions', () => runScenario({ name: 's', missions: hole({ mission: 'echo' }) }), 'missions[0]'],
    ['suite scenarios', () => runSuite({ name: 's', scenarios: hole({ name: 'a', missions: [] }) }), 'scenarios[0]'],
    ['expectations', () => evaluateExpectations(suite, hole({ id: 'e', scenario: 's', mission: 'm', path: '', op: 'exists' as const })), 'expectations[0]'],
  ])('a hole in %s is a DefinitionError at its index', (_label, run, where) => {
    const error = thrown(run);
    expect(DefinitionError.isDefinitionError(error), String(error)).toBe(true);
    expect((error as DefinitionError).path).toBe(where);
    expect((error as Error).message).toContain('got undefined');
  });

  it.each([
    ['scenarios', () => parseSuiteDefinition({ suite_name: 's', scenarios: hole({ scenario_name: 'a', missions: [] }) }), 'scenarios[0]'],
    [
      'missions',
      () => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: hole({ name: 'echo' }) }] }),
      'scenarios[0].missions[0]',
    ],
    [
      'expectations',
      () => parseExpectationsDefinition({ expectations: hole({ id: 'e', scenario_name: 's', mission_name: 'm', path: '', op: 'exists' }) }),
      'expectations[0]',
    ],
  ])('a hole in config %s is a ConfigError at its index', (_label, run, where) => {
    const error = thrown(run);
    expect(ConfigError.isConfigError(error), String(error)).toBe(true);
    expect((error as ConfigError).location).toBe(where);
  });
});
