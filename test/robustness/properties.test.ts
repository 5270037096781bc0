/**
 * Property tests (fast-check): for thousands of random config objects —
 * random values of any shape, and valid configs mutated field by field — the
 * parsers either return a definition or throw a ConfigError, never anything
 * else; for random inputs, no entry point mutates its arguments and only
 * Tier2Errors are thrown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  EXPECTATION_OPS,
  Orchestrator,
  Tier2Error,
  buildWorkflow,
  canonicalJson,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  defineWorkflow,
  evaluateExpectations,
  findDivergence,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runDailyLoop,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  runTestRunFromConfig,
  type Expectation,
  type JsonObject,
  type JsonValue,
} from '../../src/index.js';

/** Any JS value, including the non-JSON ones a careless generator could produce. */
const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 4,
});
const json = fc.jsonValue({ maxDepth: 4 });
const jsonObject = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 });
const name = fc.oneof(fc.constantFrom('echo', 'daily_loop', 'run_tests', '__proto__', 'constructor'), fc.string({ maxLength: 6 }));

/** Suite configs of the right shape (names, states and params random). */
const suiteConfig = fc.record({
  suite_name: fc.string({ maxLength: 8 }),
  scenarios: fc.array(
    fc.record(
      {
        scenario_name: fc.string({ maxLength: 6 }),
        initial_state: jsonObject,
        missions: fc.array(fc.record({ name, params: fc.option(jsonObject), key: fc.option(fc.string({ maxLength: 4 })) }, { requiredKeys: ['name'] }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: ['scenario_name', 'missions'] },
    ),
    { maxLength: 3 },
  ),
});
const expectationsConfig = fc.record({
  expectations: fc.array(
    fc.record(
      {
        id: fc.string({ maxLength: 4 }),
        scenario_name: fc.string({ maxLength: 6 }),
        mission_name: name,
        path: fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.nat(5)), { maxLength: 3 })),
        op: fc.oneof(fc.constantFrom(...EXPECTATION_OPS), fc.string({ maxLength: 3 })),
        expected: json,
      },
      { requiredKeys: ['id', 'scenario_name', 'mission_name', 'path', 'op'] },
    ),
    { maxLength: 4 },
  ),
});

/** Every path to a value inside a JSON-like tree (objects and arrays), root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf((value as Record<string, unknown>)[key], path, out);
  }
  return out;
}

/** A copy of `config` with the value at one path replaced (or removed). */
function mutate(config: unknown, pick: number, replacement: unknown, remove: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as unknown;
  const paths = pathsOf(copy);
  if (paths.length === 0) return replacement;
  const path = paths[pick % paths.length] as (string | number)[];
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Runs `fn`; passes if it returns or throws an error accepted by `allowed`; rethrows anything else. */
function onlyDocumented(fn: () => unknown, allowed: (error: unknown) => boolean): void {
  try {
    fn();
  } catch (error) {
    if (!allowed(error)) throw error;
  }
}
const isConfigError = (error: unknown): boolean => ConfigError.isConfigError(error) && error.message.length > 0;

/** canonicalJson when the value is JSON data, else a structural snapshot that still sees mutations. */
function snapshot(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    const seen = new Set<unknown>();
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner === 'bigint') return `${inner}n`;
      if (typeof inner === 'object' && inner !== null) {
        if (seen.has(inner)) return '[seen]';
        seen.add(inner);
        if (inner instanceof Map || inner instanceof Set) return [...(inner as Iterable<unknown>)];
      }
      return typeof inner === 'symbol' || typeof inner === 'function' || inner === undefined ? String(inner) : inner;
    });
  }
}

// Thousands of runs: generous timeouts for a loaded CI machine (no speed is asserted).
describe('the config parsers: a definition or a ConfigError, never anything else', { timeout: 120_000 }, () => {
  it('random JSON values (2000 runs each)', () => {
    fc.assert(
      fc.property(json, (value) => {
        onlyDocumented(() => parseSuiteDefinition(value), isConfigError);
        onlyDocumented(() => parseExpectationsDefinition(value), isConfigError);
      }),
      { numRuns: 2000 },
    );
  });

  it('random values of any kind, JSON or not (2000 runs)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        onlyDocumented(() => parseSuiteDefinition(value), isConfigError);
        onlyDocumented(() => parseExpectationsDefinition(value), isConfigError);
        onlyDocumented(() => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', initial_state: value, missions: [] }] }), isConfigError);
      }),
      { numRuns: 2000 },
    );
  });

  it('well-shaped random configs parse, and run with only documented errors (500 runs)', () => {
    fc.assert(
      fc.property(suiteConfig, expectationsConfig, (suite, expectations) => {
        onlyDocumented(() => parseSuiteDefinition(suite), isConfigError);
        onlyDocumented(() => parseExpectationsDefinition(expectations), isConfigError);
        onlyDocumented(
          () => runTestRunFromConfig(suite, expectations),
          (error) => Tier2Error.isTier2Error(error),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('valid configs mutated at one field, with any value or removed (2000 runs)', () => {
    fc.assert(
      fc.property(suiteConfig, expectationsConfig, fc.nat(), anyValue, fc.boolean(), fc.boolean(), (suite, expectations, pick, replacement, remove, which) => {
        const target = which ? suite : expectations;
        const broken = mutate(target, pick, replacement, remove);
        const before = snapshot(broken);
        const parse = which ? parseSuiteDefinition : parseExpectationsDefinition;
        onlyDocumented(() => parse(broken), isConfigError);
        expect(snapshot(broken)).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('entry points with random inputs: arguments untouched, only Tier2Errors', { timeout: 120_000 }, () => {
  const isTier2 = (error: unknown): boolean => Tier2Error.isTier2Error(error);

  it('runMission with random state and params (1000 runs)', () => {
    fc.assert(
      fc.property(name, fc.oneof(jsonObject, anyValue), fc.oneof(jsonObject, anyValue), (mission, state, params) => {
        const before = [snapshot(state), snapshot(params)];
        onlyDocumented(() => runMission(mission, { initialState: state as JsonObject }, params), isTier2);
        expect([snapshot(state), snapshot(params)]).toEqual(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('runScenario and runTestRun with random definitions (500 runs)', () => {
    const call = fc.record({
      mission: name,
      params: fc.option(fc.oneof(jsonObject, anyValue)),
      key: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
    });
    const scenario = fc.record({ name: fc.string({ maxLength: 4 }), initialState: fc.oneof(jsonObject, anyValue), missions: fc.array(call, { maxLength: 3 }) });
    const expectation = fc.record({
      id: fc.string({ maxLength: 3 }),
      scenario: fc.string({ maxLength: 4 }),
      mission: name,
      path: fc.string({ maxLength: 10 }),
      op: fc.constantFrom(...EXPECTATION_OPS),
      expected: fc.oneof(json, anyValue),
    });
    fc.assert(
      fc.property(scenario, fc.array(scenario, { maxLength: 2 }), fc.array(expectation, { maxLength: 3 }), (one, many, expectations) => {
        const before = [snapshot(one), snapshot(many), snapshot(expectations)];
        onlyDocumented(() => runScenario(one as never), isTier2);
        onlyDocumented(() => runTestRun({ name: 'suite', scenarios: many as never }, expectations as unknown as Expectation[]), isTier2);
        expect([snapshot(one), snapshot(many), snapshot(expectations)]).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('every entry point with arbitrary arguments of any kind (3000 runs)', () => {
    const entryPoints: readonly ((a: unknown, b: unknown, c: unknown) => unknown)[] = [
      (a, b) => new Orchestrator().runWorkflow(a as never, b as never),
      (a) => new Orchestrator(a as never),
      (a, b) => defineWorkflow(a as never, b as never),
      (a, b) => buildWorkflow(a as never, b as never),
      (a, b, c) => runMission(a as never, b as never, c),
      (a, b, c) => runDailyLoop(a as never, b as never, c as never),
      (a, b) => runScenario(a as never, b as never),
      (a, b) => runSuite(a as never, b as never),
      (a, b) => evaluateExpectations(a as never, b as never),
      (a, b, c) => runTestRun(a as never, b as never, c as never),
      (a, b, c) => runTestRunFromConfig(a, b, c as never),
      (a, b) => createRegistry(a as never, b as never),
      (a) => defineMission(a as never),
      (a, b) => defineOperation(a as never, b as never),
      (a, b) => checkDeterminism(a as never, b as never),
      (a, b) => findDivergence(a as never, b as never),
      (a) => canonicalJson(a),
    ];
    fc.assert(
      fc.property(fc.nat(entryPoints.length - 1), anyValue, anyValue, anyValue, (which, a, b, c) => {
        const before = [snapshot(a), snapshot(b), snapshot(c)];
        onlyDocumented(() => (entryPoints[which] as (a: unknown, b: unknown, c: unknown) => unknown)(a, b, c), isTier2);
        expect([snapshot(a), snapshot(b), snapshot(c)]).toEqual(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('a run is a function of its inputs: the same random inputs give the same hash (300 runs)', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, (state, params) => {
        const first = runScenario({ name: 's', initialState: state, missions: [{ mission: 'echo', params: params }] });
        const again = runScenario({
          name: 's',
          initialState: JSON.parse(JSON.stringify(state)) as JsonObject,
          missions: [{ mission: 'echo', params: JSON.parse(JSON.stringify(params)) as JsonObject }],
        });
        expect(again.metadata.scenarioHash).toBe(first.metadata.scenarioHash);
        expect(JSON.parse(canonicalJson(first.missionResults.get('echo')?.finalState)) as JsonValue).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { numRuns: 300 },
    );
  });

  it('canonicalJson escapes strings exactly like JSON.stringify plus \\uXXXX for every non-ASCII unit (2000 runs)', () => {
    // An independent, slow reference for the string format.
    const reference = (text: string): string =>
      JSON.stringify(text).replace(/[\x7f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
        ),
        (text) => {
          expect(canonicalJson(text)).toBe(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
