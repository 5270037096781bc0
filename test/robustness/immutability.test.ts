/**
 * Every public entry point accepts deep-frozen inputs (nothing tries to write
 * to them), returns deeply frozen results (walked: own properties, map
 * entries, toDict()), and is not affected by later changes to unfrozen inputs.
 */
import { describe, expect, it } from 'vitest';
import {
  Orchestrator,
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
  type SuiteDefinition,
} from '../../src/index.js';
import { deepFreeze, expectDeeplyFrozen } from './helpers.js';

const state = (): JsonObject => ({ count: 1, nested: { list: [1, { deep: 'x' }] } });
const workflow = () => ({
  id: 'wf',
  steps: [
    { id: 'ask', kind: 'human' as const, payload: { question: 'ok?' } },
    { id: 'go', kind: 'runtime' as const, payload: { operation: 'noop', data: { a: [1, 2] } } },
  ],
  metadata: { owner: 'team', tags: ['x'] },
});
const suite = (): SuiteDefinition => ({
  name: 'nightly',
  scenarios: [
    {
      name: 's1',
      initialState: state(),
      missions: [
        { mission: 'echo', params: { p: [1] } },
        { mission: 'daily_loop', key: 'loop', params: { requested_steps: 5 } },
      ],
    },
    { name: 's2', missions: [{ mission: 'run_tests', params: { target: 'unit' } }] },
  ],
});
const expectations = (): Expectation[] => [
  { id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true },
  { id: 'steps', scenario: 's1', mission: 'loop', path: ['receipt', 'steps', 4], op: 'eq', expected: 'daily-archive' },
  { id: 'bad', scenario: 's2', mission: 'run_tests', path: 'final_state.nope', op: 'exists' },
];
const suiteConfig = () => ({
  suite_name: 'nightly',
  scenarios: [
    {
      scenario_name: 's1',
      initial_state: state(),
      missions: [
        { name: 'echo', params: { p: [1] } },
        { name: 'daily_loop', key: 'loop' },
      ],
    },
  ],
});
const expectationsConfig = () => ({
  expectations: [
    { id: 'ok', scenario_name: 's1', mission_name: 'echo', path: 'success', op: 'eq', expected: true },
    { id: 'n', scenario_name: 's1', mission_name: 'loop', path: 'final_state.count', op: 'gt', expected: 0 },
  ],
});
const increment = defineOperation('increment', (current) => ({ ...current, count: (typeof current.count === 'number' ? current.count : 0) + 1 }));
const counter = defineMission({
  name: 'counter',
  build: () => ({ id: 'wf-counter', steps: [{ id: 'inc', kind: 'runtime', payload: { operation: 'increment' } }] }),
});
const registry = createRegistry([increment, counter]);

/** Each entry point, called with deep-frozen inputs built by `make`. */
const ENTRY_POINTS: readonly [string, () => unknown[], (...inputs: never[]) => unknown][] = [
  [
    'Orchestrator.runWorkflow',
    () => [workflow(), { initialState: state(), metadata: { run_id: 'r1', caller: 'ci' } }],
    (wf, ctx) => new Orchestrator().runWorkflow(wf, ctx),
  ],
  ['defineWorkflow', () => [workflow()], (wf) => defineWorkflow(wf)],
  ['buildWorkflow', () => [{ type: 'echo', params: { a: { b: [1] } } }], (spec) => buildWorkflow(spec)],
  ['runMission', () => [{ initialState: state() }, { greeting: ['hi'] }], (ctx, params) => runMission('echo', ctx, params)],
  ['runMission (custom registry)', () => [{ initialState: state() }], (ctx) => runMission('counter', ctx, {}, { registry })],
  ['runDailyLoop', () => [{ initialState: state() }, { requested_steps: 5, requested_human_steps: 2 }], (ctx, params) => runDailyLoop(ctx, params)],
  ['runScenario', () => [suite().scenarios[0]], (scenario) => runScenario(scenario)],
  ['runSuite', () => [suite()], (definition) => runSuite(definition)],
  ['evaluateExpectations', () => [{ expectations: expectations() }], (definition) => evaluateExpectations(runSuite(suite()), definition)],
  ['runTestRun', () => [suite(), expectations()], (definition, list) => runTestRun(definition, list)],
  ['parseSuiteDefinition', () => [suiteConfig()], (config) => parseSuiteDefinition(config)],
  ['parseExpectationsDefinition', () => [expectationsConfig()], (config) => parseExpectationsDefinition(config)],
  ['runTestRunFromConfig', () => [suiteConfig(), expectationsConfig()], (a, b) => runTestRunFromConfig(a, b)],
  ['checkDeterminism', () => [suite().scenarios[0], { runs: 3 }], (scenario, options) => checkDeterminism(scenario, options)],
  // left/right are the caller's own values (findDivergence copies nothing): compare primitives here.
  ['findDivergence', () => [state(), { ...state(), count: 2 }], (a: JsonObject, b: JsonObject) => findDivergence(a, b)],
];

describe.each(ENTRY_POINTS)('%s', (_name, make, call) => {
  it('accepts deep-frozen inputs, leaves them unchanged, and returns a deeply frozen result', () => {
    const inputs = deepFreeze(make());
    const before = inputs.map((input) => canonicalJson(input));
    const result = call(...(inputs as never[]));
    expect(inputs.map((input) => canonicalJson(input))).toEqual(before);
    expect(expectDeeplyFrozen(result)).toBeGreaterThan(0);
  });

  it('is not affected by changes to its (unfrozen) inputs afterwards', () => {
    const inputs = make();
    const result = call(...(inputs as never[]));
    const snapshot = canonicalJson(toData(result));
    scribble(inputs);
    expect(canonicalJson(toData(result))).toBe(snapshot);
  });
});

/** What can be compared of a result: its toDict(), or the value itself. */
function toData(result: unknown): unknown {
  if (result === undefined) return null;
  const candidate = result as { toDict?: () => unknown };
  if (typeof candidate.toDict === 'function') return candidate.toDict();
  return JSON.parse(JSON.stringify(result)) as unknown;
}

/** Changes every plain object and array reachable from the value. */
function scribble(value: unknown, seen: Set<object> = new Set()): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || Object.isFrozen(value)) return;
  seen.add(value);
  for (const child of Object.values(value)) scribble(child, seen);
  if (Array.isArray(value)) value.push('scribbled');
  else (value as Record<string, unknown>).scribbled = true;
}

describe('writes to results fail', () => {
  it('final state, executed steps, maps and dicts reject writes (TypeError in strict mode)', () => {
    const result = runScenario(suite().scenarios[0] as never);
    const echo = result.missionResults.get('echo');
    expect(() => {
      (echo?.finalState as Record<string, unknown>).count = 2;
    }).toThrow(TypeError);
    expect(() => {
      (echo?.executedSteps as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (result.toDict().mission_results as Record<string, unknown>).injected = {};
    }).toThrow(TypeError);
    expect('set' in result.missionResults).toBe(false);
    expect(() => {
      (result.metadata as { scenarioHash: string }).scenarioHash = 'x';
    }).toThrow(TypeError);
  });

  it('the failures list of an expectations result is frozen too', () => {
    const verdicts = evaluateExpectations(runSuite(suite()), expectations());
    expect(verdicts.failures.map((failure) => failure.id)).toEqual(['bad']);
    expect(Object.isFrozen(verdicts.failures)).toBe(true);
  });
});
