/**
 * The options objects of the fast-check helpers are read like every other
 * options object of the package: a field the helper does not take is an error
 * naming the helper, the field and the closest field it does take; every
 * documented option (every key of the helper's options type) is accepted.
 *
 * The tables below are typed `{ [K in keyof Required<Options>]: ... }`, so an
 * option added to a type without a sample here does not compile, and one that
 * the helper does not allow turns the "accepts" test red.
 */
import fc from 'fast-check';
import { DefinitionError, createRegistry, defineMission } from 'tier2-harness';
import {
  checkMission,
  fuzzMission,
  invalidWorkflow,
  jsonData,
  jsonState,
  missionCall,
  missionInput,
  missionParams,
  missionPredicate,
  missionProperty,
  scenarioDefinition,
  suiteDefinition,
  suiteWithExpectations,
  workflowDefinition,
  type FuzzMissionOptions,
  type InvalidWorkflowConstraints,
  type JsonConstraints,
  type MissionCallConstraints,
  type MissionParamsConstraints,
  type MissionPropertyOptions,
  type ScenarioConstraints,
  type SuiteConstraints,
  type SuiteWithExpectationsConstraints,
  type WorkflowConstraints,
} from 'tier2-harness/fast-check';
import { describe, expect, it } from 'vitest';

/** One sample value for every option of `T`: the compiler refuses a missing or an extra key. */
type EveryOption<T> = { readonly [K in keyof Required<T>]: T[K] };

const registry = createRegistry([defineMission({ name: 'count', build: () => ({ id: 'count', steps: [{ id: 's', kind: 'runtime' }] }) })]);

const json: EveryOption<JsonConstraints> = { maxDepth: 2, maxKeys: 3, maxLength: 3, maxStringLength: 6, withPrototypeKeys: false };
const missionCallOptions: EveryOption<MissionCallConstraints> = { registry, missions: ['count'], withKeys: false, invalidValues: false, json };
const scenarioOptions: EveryOption<ScenarioConstraints> = { ...missionCallOptions, maxMissions: 2 };
const suiteOptions: EveryOption<SuiteConstraints> = { ...scenarioOptions, maxScenarios: 2 };
const missionOptions: EveryOption<MissionPropertyOptions> = {
  registry,
  params: fc.constant({}),
  initialState: fc.constant({}),
  invalidValues: false,
  json,
  determinismRuns: 2,
};
const fuzzOptions: EveryOption<FuzzMissionOptions> = {
  ...missionOptions,
  runs: 2,
  seed: 7,
  path: '0',
  endOnFailure: true,
  interruptAfterTimeLimit: 60_000,
  allowInterrupted: true,
};

interface Helper {
  /** The helper's name, as its messages start. */
  readonly api: string;
  /** Calls the helper with an options object (for a mission helper: mission `count` of `registry`, or `echo`). */
  readonly call: (options: object) => unknown;
  /** Every option of its type, with a valid value. */
  readonly options: object;
  /** Options every call needs besides the one under test (custom missions need their registry, a path its seed; a fuzz run is kept short). */
  readonly base?: object;
  /** A misspelt option, and the option it must suggest. */
  readonly misspelt: readonly [string, string];
}

const fuzzBase = { registry, runs: 2, seed: 7 };
const HELPERS: readonly Helper[] = [
  { api: 'jsonData', call: (options) => jsonData(options), options: json, misspelt: ['maxDeph', 'maxDepth'] },
  { api: 'jsonState', call: (options) => jsonState(options), options: json, misspelt: ['max_keys', 'maxKeys'] },
  {
    api: 'missionParams',
    call: (options) => missionParams('count', { registry, ...options }),
    options: { registry, invalidValues: true, json } satisfies EveryOption<MissionParamsConstraints>,
    misspelt: ['invalidValue', 'invalidValues'],
  },
  { api: 'missionCall', call: (options) => missionCall(options), base: { registry }, options: missionCallOptions, misspelt: ['mision', 'missions'] },
  {
    api: 'scenarioDefinition',
    call: (options) => scenarioDefinition(options),
    base: { registry },
    options: scenarioOptions,
    misspelt: ['maxMision', 'maxMissions'],
  },
  { api: 'suiteDefinition', call: (options) => suiteDefinition(options), base: { registry }, options: suiteOptions, misspelt: ['maxScenario', 'maxScenarios'] },
  {
    api: 'suiteWithExpectations',
    call: (options) => suiteWithExpectations(options),
    base: { registry },
    options: { ...suiteOptions, maxExpectations: 2 } satisfies EveryOption<SuiteWithExpectationsConstraints>,
    misspelt: ['maxExpectation', 'maxExpectations'],
  },
  {
    api: 'workflowDefinition',
    call: (options) => workflowDefinition(options),
    options: { registry, maxSteps: 3, json } satisfies EveryOption<WorkflowConstraints>,
    misspelt: ['maxStep', 'maxSteps'],
  },
  {
    api: 'invalidWorkflow',
    call: (options) => invalidWorkflow(options),
    options: { registry, json, errors: ['DefinitionError'] } satisfies EveryOption<InvalidWorkflowConstraints>,
    misspelt: ['error', 'errors'],
  },
  { api: 'missionInput', call: (options) => missionInput('count', { registry, ...options }), options: missionOptions, misspelt: ['regsitry', 'registry'] },
  {
    api: 'missionPredicate',
    call: (options) => missionPredicate('count', { registry, ...options }),
    options: missionOptions,
    misspelt: ['determinismRun', 'determinismRuns'],
  },
  {
    api: 'missionProperty',
    call: (options) => missionProperty('count', { registry, ...options }),
    options: missionOptions,
    misspelt: ['initalState', 'initialState'],
  },
  { api: 'checkMission', call: (options) => checkMission('count', options), options: fuzzOptions, base: fuzzBase, misspelt: ['run', 'runs'] },
  {
    api: 'fuzzMission',
    call: (options) => fuzzMission('count', options),
    options: fuzzOptions,
    base: fuzzBase,
    misspelt: ['allowInterupted', 'allowInterrupted'],
  },
];

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe.each(HELPERS)('$api options', ({ api, call, options, base = {}, misspelt: [wrong, right] }) => {
  it('accepts every option of its type, one at a time and all together', () => {
    for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
      expect(() => call({ ...base, [key]: value }), key).not.toThrow();
    }
    expect(() => call(options)).not.toThrow();
  });

  it(`rejects a misspelt option, naming ${api}, the field and the closest option`, () => {
    const error = thrown(() => call({ ...base, [wrong]: 2 })) as DefinitionError;
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect(error.message).toBe(`${api}: options.${wrong}: unknown field; did you mean '${right}'?`);
    expect(error.path).toBe(wrong);
  });

  it('rejects a field the helper does not take even next to valid options, listing the allowed ones when none is close', () => {
    const error = thrown(() => call({ ...base, ...options, colour: 'red' })) as DefinitionError;
    const allowed = Object.keys(options)
      .map((key) => `'${key}'`)
      .join(', ');
    expect(error.message).toBe(`${api}: options.colour: unknown field; allowed fields: ${allowed}`);
  });
});

describe('fast-check options: fields of other helpers and nested JSON constraints', () => {
  it('a helper refuses the options of the helpers around it instead of ignoring them', () => {
    // Each was silently ignored before: the option of a bigger builder, or of checkMission's run.
    expect(() => missionCall({ maxMissions: 2 } as MissionCallConstraints)).toThrow(/^missionCall: options\.maxMissions: unknown field/);
    expect(() => scenarioDefinition({ maxScenarios: 2 } as ScenarioConstraints)).toThrow(/^scenarioDefinition: options\.maxScenarios: unknown field/);
    expect(() => suiteDefinition({ maxExpectations: 2 } as SuiteConstraints)).toThrow(/^suiteDefinition: options\.maxExpectations: unknown field/);
    expect(() => invalidWorkflow({ maxSteps: 2 } as InvalidWorkflowConstraints)).toThrow(/^invalidWorkflow: options\.maxSteps: unknown field/);
    expect(() => missionProperty('echo', { runs: 1000 } as MissionPropertyOptions)).toThrow(/^missionProperty: options\.runs: unknown field/);
  });

  it('a JSON constraint given at the top level is suggested under json', () => {
    expect(() => missionInput('daily_loop', { maxDeph: 2 } as MissionPropertyOptions)).toThrow(
      "missionInput: options.maxDeph: unknown field; did you mean 'json.maxDepth'?",
    );
    expect(() => suiteDefinition({ maxKeys: 2 } as SuiteConstraints)).toThrow("suiteDefinition: options.maxKeys: unknown field; did you mean 'json.maxKeys'?");
  });

  it('checks the nested json object too, at its location', () => {
    const error = thrown(() => missionParams('echo', { json: { maxDeph: 2 } as JsonConstraints })) as DefinitionError;
    expect(error.message).toBe("missionParams: options.json.maxDeph: unknown field; did you mean 'maxDepth'?");
    expect(error.path).toBe('json.maxDeph');
    // One wording for an options object that is not one, whatever its API: the fields it may have.
    expect(() => workflowDefinition({ json: 3 as JsonConstraints })).toThrow(
      'workflowDefinition: options.json: expected { maxDepth?, maxKeys?, maxLength?, maxStringLength?, withPrototypeKeys? }, got a number',
    );
    expect(() => missionParams('echo', 3 as never)).toThrow('missionParams: options: expected { registry?, invalidValues?, json? }, got a number');
  });

  it('reads each option once, as an own property (a polluted prototype changes nothing)', () => {
    let reads = 0;
    const options = {
      get maxDepth(): number {
        reads += 1;
        return 1;
      },
    };
    jsonData(options);
    expect(reads).toBe(1);
    const proto = Object.prototype as Record<string, unknown>;
    proto.registry = 'not a registry';
    proto.maxDepth = 99;
    try {
      expect(() => missionCall({})).not.toThrow();
      expect(() => jsonData({})).not.toThrow();
    } finally {
      delete proto.registry;
      delete proto.maxDepth;
    }
  });
});
