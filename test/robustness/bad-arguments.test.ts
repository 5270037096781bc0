/**
 * Wrong arguments and options at every public entry point: each is a
 * documented Tier2Error that names the argument, never a raw TypeError from
 * deep inside the runtime.
 */
import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  Orchestrator,
  Tier2Error,
  buildWorkflow,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  defineWorkflow,
  evaluateExpectations,
  findDivergence,
  runDailyLoop,
  runMission,
  runScenario,
  runSuite,
  runTestRun,
  runTestRunFromConfig,
  type DeterminismReport,
} from '../../src/index.js';
import { thrown } from './helpers.js';

const EXPECTATION = { id: 'a', scenario: 's', mission: 'm', path: '', op: 'exists' as const };
const wf = { id: 'a', steps: [{ id: 's', kind: 'runtime' as const }] };

const CASES: readonly [string, () => unknown, string][] = [
  ['runScenario(null)', () => runScenario(null as never), 'expected { name, initialState?, missions }, got null'],
  ['runTestRun(undefined, undefined)', () => runTestRun(undefined as never, undefined as never), 'expected { name, scenarios }, got undefined'],
  ['evaluateExpectations on a non-result', () => evaluateExpectations({} as never, [EXPECTATION]), 'expected a suite result (from runSuite), got an object'],
  ['evaluateExpectations on null', () => evaluateExpectations(null as never, []), 'expected a suite result (from runSuite), got null'],
  ['evaluateExpectations with null expectations', () => evaluateExpectations(runSuite({ name: 'x', scenarios: [] }), null as never), 'got null'],
  ['new Orchestrator(null)', () => new Orchestrator(null as never), 'Orchestrator: options: expected { operations? }, got null'],
  ['new Orchestrator({ operations: 5 })', () => new Orchestrator({ operations: 5 as never }), 'options.operations: expected an array of operations'],
  [
    'new Orchestrator({ operations: [null] })',
    () => new Orchestrator({ operations: [null] as never }),
    'operations[0]: expected an operation made by defineOperation',
  ],
  ['runWorkflow(null)', () => new Orchestrator().runWorkflow(null as never), 'expected a plain object { id, steps }, got null'],
  ['runWorkflow(wf, null)', () => new Orchestrator().runWorkflow(wf, null as never), 'context: expected { initialState?, metadata? }, got null'],
  ['runMission(5)', () => runMission(5 as never), 'unknown mission a number'],
  ['runMission with params 5', () => runMission('echo', {}, 5), 'params: expected a plain object, got a number'],
  ['runMission with options 5', () => runMission('echo', {}, {}, 5 as never), 'runMission: options: expected { registry? }, got a number'],
  ['runMission with registry 5', () => runMission('echo', {}, {}, { registry: 5 as never }), 'options.registry must be a registry made by createRegistry'],
  ['runSuite with options "x"', () => runSuite({ name: 'x', scenarios: [] }, 'x' as never), 'runSuite: options: expected { registry? }, got a string'],
  ['buildWorkflow(null)', () => buildWorkflow(null as never), 'expected { type, params? }, got null'],
  ['runDailyLoop(null)', () => runDailyLoop(null as never), 'context: expected { initialState?, metadata? }, got null'],
  ['createRegistry(null)', () => createRegistry(null as never), 'expected an array of missions'],
  ['createRegistry([], null)', () => createRegistry([], null as never), 'createRegistry: options: expected { base? }, got null'],
  [
    'createRegistry with a hand-made mission lacking build',
    () => createRegistry([{ type: 'mission', name: 'x' } as never]),
    'entries[0]: expected a mission made by defineMission',
  ],
  ['createRegistry with a mission named 5', () => createRegistry([{ type: 'mission', name: 5, build: () => ({}) } as never]), 'entries[0]'],
  ['createRegistry with an operation lacking apply', () => createRegistry([{ type: 'operation', name: 'op' } as never]), 'entries[0]'],
  ['defineMission(null)', () => defineMission(null as never), 'expected { name, build, description? }, got null'],
  ['defineOperation(5, 5)', () => defineOperation(5 as never, 5 as never), 'name must be a string'],
  ['defineWorkflow(wf, { operations: 5 })', () => defineWorkflow(wf, { operations: 5 as never }), 'options.operations: expected an operation set'],
  ['checkDeterminism(null)', () => checkDeterminism(null as never), 'expected a function, a workflow'],
  [
    'checkDeterminism(fn, null)',
    () => checkDeterminism(() => 1, null as never),
    'checkDeterminism: options: expected { runs?, registry?, watchAmbient?, allowErrors?, timeout? }, got null',
  ],
  ['checkDeterminism(fn, { runs: -1 })', () => checkDeterminism(() => 1, { runs: -1 }), 'options.runs must be an integer >= 2'],
  ['findDivergence(undefined, 1)', () => findDivergence(undefined as never, 1), 'undefined is not JSON data'],
  ['runTestRunFromConfig(null, null)', () => runTestRunFromConfig(null, null), 'expected { suite_name, scenarios }, got null'],
];

describe('wrong arguments are documented errors', () => {
  it.each(CASES)('%s', (_label, run, says) => {
    const error = thrown(run);
    expect(Tier2Error.isTier2Error(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(says);
  });

  it('absent (undefined or null) options mean the defaults', () => {
    expect(runMission('echo', {}, {}, null as never).success).toBe(true);
    expect(runSuite({ name: 'x', scenarios: [] }, null as never).name).toBe('x');
    expect(runTestRunFromConfig({ suite_name: 's', scenarios: [] }, { expectations: [] }, null as never).passed).toBe(true);
    expect(defineWorkflow(wf, undefined).id).toBe('a');
  });

  it('an operation set from a registry is accepted by defineWorkflow', () => {
    const registry = createRegistry([defineOperation('bump', (state) => ({ ...state, n: 1 }))]);
    expect(defineWorkflow({ id: 'b', steps: [{ id: 's', kind: 'runtime', payload: { operation: 'bump' } }] }, { operations: registry.operations }).id).toBe(
      'b',
    );
    expect(DefinitionError.isDefinitionError(thrown(() => defineWorkflow(wf, { operations: [] as never })))).toBe(true);
  });
});

describe('user code that throws or returns hostile values', () => {
  const unprintable = (): unknown => Object.create(null) as unknown; // String() of it throws
  const registryWith = (apply: () => unknown): Parameters<typeof runMission>[3] => ({
    registry: createRegistry([
      defineOperation('hostile', apply as never),
      defineMission({ name: 'uses', build: () => ({ id: 'wf', steps: [{ id: 's', kind: 'runtime', payload: { operation: 'hostile' } }] }) }),
    ]),
  });

  it.each([
    [
      'throws an unprintable value',
      () => {
        throw unprintable();
      },
      'threw: an object',
    ],
    ['returns a Date', () => new Date(0), 'returned a Date instance'],
    ['returns a Proxy', () => new Proxy({}, {}), 'returned a Proxy'],
    [
      'returns a state with a getter',
      () => ({
        get n(): number {
          return 1;
        },
      }),
      'a getter/setter property',
    ],
    [
      'returns a cycle',
      () => {
        const o: Record<string, unknown> = {};
        o.o = o;
        return o;
      },
      'a circular reference',
    ],
  ])('an operation that %s is an OperationError', (_label, apply, says) => {
    const error = thrown(() => runMission('uses', {}, {}, registryWith(apply)));
    expect(Tier2Error.isTier2Error(error), String(error)).toBe(true);
    expect((error as Error).name).toBe('OperationError');
    expect((error as Error).message).toContain(says);
  });

  it('a mission template that throws an unprintable value is a DefinitionError', () => {
    const registry = createRegistry([
      defineMission({
        name: 'bad',
        build: () => {
          throw unprintable();
        },
      }),
    ]);
    const error = thrown(() => runMission('bad', {}, {}, { registry }));
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as Error).message).toContain('the template rejected its params: an object');
  });

  it('checkDeterminism records an unprintable thrown value as an error outcome', () => {
    const report = checkDeterminism(
      (): unknown => {
        throw unprintable();
      },
      { allowErrors: true },
    ) as DeterminismReport;
    expect(report.deterministic).toBe(true);
    expect(report.outcomes[0]).toEqual({ kind: 'error', name: 'thrown value', message: 'an object' });
    expect(report.errors).toEqual([{ name: 'thrown value', message: 'an object', runs: [1, 2, 3] }]);
  });
});
