/**
 * Every field of the suite and expectations config schema, tried with every
 * JSON type and with the field missing (cases generated from a table): a wrong
 * type is a ConfigError whose `location` is exactly that field and whose
 * message says what is allowed; an allowed one parses. Inputs are deep-frozen,
 * so any mutation by the parser would throw.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, EXPECTATION_OPS, canonicalJson, parseExpectationsDefinition, parseSuiteDefinition, runTestRunFromConfig } from '../../src/index.js';
import { deepFreeze, thrown } from './helpers.js';

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'array' | 'object' | 'missing';
const KINDS: readonly Kind[] = ['number', 'string', 'boolean', 'null', 'array', 'object', 'missing'];

/** A sample of each kind; `string` can be overridden per field (e.g. an invalid op). */
function sample(kind: Exclude<Kind, 'missing'>, text = 'x'): unknown {
  switch (kind) {
    case 'number':
      return 42;
    case 'string':
      return text;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [];
    case 'object':
      return {};
  }
}

interface Field {
  /** `suite` or `expectations` config. */
  readonly config: 'suite' | 'expectations';
  /** Path of the field as segments, from the config root. */
  readonly path: readonly (string | number)[];
  /** The kinds that parse. */
  readonly allowed: readonly Kind[];
  /** What the message says is allowed. */
  readonly says: string;
  /** The string sample for this field (e.g. an op that is not one). */
  readonly text?: string;
  /** For a list entry: the field an empty object is reported missing. */
  readonly firstRequired?: string;
}

const OPS = EXPECTATION_OPS.map((op) => `'${op}'`).join(', ');
const S = ['scenarios', 1] as const;
const M = [...S, 'missions', 1] as const;
const E = ['expectations', 1] as const;

const FIELDS: readonly Field[] = [
  { config: 'suite', path: ['suite_name'], allowed: ['string'], says: 'a string' },
  { config: 'suite', path: ['scenarios'], allowed: ['array'], says: 'an array of scenarios' },
  { config: 'suite', path: [...S], allowed: [], says: '{ scenario_name, initial_state?, missions }', firstRequired: 'scenario_name' },
  { config: 'suite', path: [...S, 'scenario_name'], allowed: ['string'], says: 'a string' },
  { config: 'suite', path: [...S, 'initial_state'], allowed: ['object', 'null', 'missing'], says: 'an object of JSON data' },
  { config: 'suite', path: [...S, 'missions'], allowed: ['array'], says: 'an array of mission calls' },
  { config: 'suite', path: [...M], allowed: [], says: '{ name, params?, key? }', firstRequired: 'name' },
  { config: 'suite', path: [...M, 'name'], allowed: ['string'], says: 'a string' },
  { config: 'suite', path: [...M, 'params'], allowed: ['object', 'null', 'missing'], says: 'an object of JSON data (or null)' },
  { config: 'suite', path: [...M, 'key'], allowed: ['string', 'null', 'missing'], says: 'a string' },
  { config: 'expectations', path: ['expectations'], allowed: ['array'], says: 'an array of expectations' },
  { config: 'expectations', path: [...E], allowed: [], says: '{ id, scenario_name, mission_name, path, op, expected? }', firstRequired: 'id' },
  { config: 'expectations', path: [...E, 'id'], allowed: ['string'], says: 'a string' },
  { config: 'expectations', path: [...E, 'scenario_name'], allowed: ['string'], says: 'a string' },
  { config: 'expectations', path: [...E, 'mission_name'], allowed: ['string'], says: 'a string' },
  {
    config: 'expectations',
    path: [...E, 'path'],
    allowed: ['string', 'array'],
    says: 'a dot-separated string or an array of segments (strings, or non-negative integers for list indices)',
  },
  { config: 'expectations', path: [...E, 'op'], allowed: [], says: `one of ${OPS}`, text: 'equals' },
  { config: 'expectations', path: [...E, 'expected'], allowed: KINDS, says: '' },
];

/** Valid configs with two of everything, so indices in locations are checked too. */
const validSuite = (): Record<string, unknown> => ({
  suite_name: 'suite',
  scenarios: [
    { scenario_name: 'a', missions: [{ name: 'echo' }] },
    {
      scenario_name: 'b',
      initial_state: { n: 1 },
      missions: [
        { name: 'echo', params: { x: 1 } },
        { name: 'daily_loop', key: 'loop' },
      ],
    },
  ],
});
const validExpectations = (): Record<string, unknown> => ({
  expectations: [
    { id: 'e1', scenario_name: 'a', mission_name: 'echo', path: 'success', op: 'eq', expected: true },
    // Not `exists`: the table tries every kind of `expected` here, and `exists` takes none.
    { id: 'e2', scenario_name: 'b', mission_name: 'loop', path: 'receipt.steps', op: 'ne', expected: [] },
  ],
});

function location(path: readonly (string | number)[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** A fresh valid config with the field at `path` set to `value` (or removed). */
function mutated(field: Field, kind: Kind): unknown {
  const root = field.config === 'suite' ? validSuite() : validExpectations();
  let parent = root as Record<string | number, unknown>;
  for (const segment of field.path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = field.path[field.path.length - 1] as string | number;
  if (kind === 'missing') {
    if (typeof last === 'number') (parent as unknown as unknown[]).splice(last, 1);
    else delete parent[last];
  } else {
    parent[last] = sample(kind, field.text);
  }
  return deepFreeze(root);
}

const parse = (field: Field, config: unknown): unknown => (field.config === 'suite' ? parseSuiteDefinition(config) : parseExpectationsDefinition(config));

const CASES = FIELDS.flatMap((field) =>
  KINDS.filter((kind) => !(kind === 'missing' && typeof field.path[field.path.length - 1] === 'number')).map((kind) => ({
    name: `${field.config} ${location(field.path)} = ${kind}`,
    field,
    kind,
  })),
);

describe('every field × every type (table-driven)', () => {
  it('covers every field of both schemas', () => {
    expect(FIELDS.map((field) => location(field.path))).toEqual([
      'suite_name',
      'scenarios',
      'scenarios[1]',
      'scenarios[1].scenario_name',
      'scenarios[1].initial_state',
      'scenarios[1].missions',
      'scenarios[1].missions[1]',
      'scenarios[1].missions[1].name',
      'scenarios[1].missions[1].params',
      'scenarios[1].missions[1].key',
      'expectations',
      'expectations[1]',
      'expectations[1].id',
      'expectations[1].scenario_name',
      'expectations[1].mission_name',
      'expectations[1].path',
      'expectations[1].op',
      'expectations[1].expected',
    ]);
    expect(CASES.length).toBeGreaterThan(100);
  });

  it.each(CASES)('$name', ({ field, kind }) => {
    const config = mutated(field, kind);
    const before = canonicalJson(config);
    if (field.allowed.includes(kind)) {
      expect(() => parse(field, config)).not.toThrow();
    } else if (kind === 'object' && field.firstRequired !== undefined) {
      // The right type, but empty: its first required field is what is missing.
      const error = thrown(() => parse(field, config)) as ConfigError;
      expect(ConfigError.isConfigError(error)).toBe(true);
      expect(error.location).toBe(`${location(field.path)}.${field.firstRequired}`);
      expect(error.problem).toContain('required field is missing');
    } else {
      const error = thrown(() => parse(field, config));
      expect(ConfigError.isConfigError(error), String(error)).toBe(true);
      const configError = error as ConfigError;
      expect(configError.location).toBe(location(field.path));
      expect(configError.message.startsWith(`${location(field.path)}: `)).toBe(true);
      expect(configError.problem).toContain(`expected ${field.says}`);
      if (kind === 'missing') expect(configError.problem).toContain('required field is missing');
      else if (kind !== 'string' || field.text === undefined) expect(configError.problem).toMatch(/got (a|an|null)/);
    }
    expect(canonicalJson(config)).toBe(before);
  });

  it.each(['{}', '[]', '42', '"text"', 'null', 'true'])('a root that is %s', (text) => {
    for (const [parser, needs] of [
      [parseSuiteDefinition, 'suite_name'],
      [parseExpectationsDefinition, 'expectations'],
    ] as const) {
      const error = thrown(() => parser(JSON.parse(text) as unknown)) as ConfigError;
      expect(ConfigError.isConfigError(error)).toBe(true);
      if (text === '{}') {
        expect(error.location).toBe(needs);
        expect(error.problem).toContain('required field is missing');
      } else {
        expect(error.location).toBe('');
        expect(error.problem).toContain(`expected {`);
      }
    }
  });

  it('undefined counts as missing', () => {
    const error = thrown(() => parseSuiteDefinition({ suite_name: undefined, scenarios: [] })) as ConfigError;
    expect(error.location).toBe('suite_name');
    expect(error.problem).toBe('required field is missing; expected a string');
  });

  it('path lists may only hold strings and non-negative integers', () => {
    for (const bad of [[-1], [1.5], [true], [null], [[]], [{}], ['a', NaN]]) {
      const config = validExpectations();
      (config.expectations as Record<string, unknown>[])[0] = { id: 'e', scenario_name: 'a', mission_name: 'echo', path: bad, op: 'exists' };
      const error = thrown(() => parseExpectationsDefinition(deepFreeze(config))) as ConfigError;
      expect(error.location).toBe('expectations[0].path');
    }
  });
});

describe('empty objects, extra fields, duplicates', () => {
  it.each([
    [{ suite_name: 's', scenarios: [{}] }, 'scenarios[0].scenario_name'],
    [{ suite_name: 's', scenarios: [{ scenario_name: 'a' }] }, 'scenarios[0].missions'],
    [{ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{}] }] }, 'scenarios[0].missions[0].name'],
  ])('empty object %j → %s is missing', (config, where) => {
    const error = thrown(() => parseSuiteDefinition(deepFreeze(config))) as ConfigError;
    expect(error.location).toBe(where);
    expect(error.problem).toContain('required field is missing');
  });

  it('empty lists and empty objects where they are allowed parse and run', () => {
    const suite = deepFreeze({ suite_name: 's', scenarios: [{ scenario_name: 'a', initial_state: {}, missions: [{ name: 'echo', params: {} }] }] });
    const run = runTestRunFromConfig(suite, deepFreeze({ expectations: [] }));
    expect(run.passed).toBe(true);
    expect(run.metadata.expectationsTotal).toBe(0);
    expect(parseSuiteDefinition(deepFreeze({ suite_name: '', scenarios: [] })).scenarios).toEqual([]);
  });

  // This replaces "extra fields are ignored": a misspelt field used to vanish and the run passed without it.
  it.each([
    ['suite', ['suite_nmae'], "unknown field; did you mean 'suite_name'?"],
    ['suite', ['extra'], "unknown field; allowed fields: '$schema', 'suite_name', 'scenarios', 'expectations'"],
    ['suite', ['scenarios', 1, 'initial_sate'], "unknown field; did you mean 'initial_state'?"],
    ['suite', ['scenarios', 1, 'initialState'], "unknown field; did you mean 'initial_state'?"],
    ['suite', ['scenarios', 1, 'missions', 1, 'parms'], "unknown field; did you mean 'params'?"],
    ['suite', ['scenarios', 1, 'missions', 1, 'description'], "unknown field; allowed fields: 'name', 'params', 'key'"],
    ['expectations', ['version'], "unknown field; allowed fields: '$schema', 'expectations'"],
    ['expectations', ['expectations', 1, 'expect'], "unknown field; did you mean 'expected'?"],
    ['expectations', ['expectations', 1, 'mission'], "unknown field; did you mean 'mission_name'?"],
  ] as const)('an unknown field in the %s config is a ConfigError at %j', (config, path, problem) => {
    const root = config === 'suite' ? validSuite() : validExpectations();
    let parent = root as Record<string | number, unknown>;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
    // Whatever the extra field holds, even what is not JSON data.
    parent[path[path.length - 1] as string] = new Date(0);
    const error = thrown(() => (config === 'suite' ? parseSuiteDefinition(deepFreeze(root)) : parseExpectationsDefinition(deepFreeze(root)))) as ConfigError;
    expect(ConfigError.isConfigError(error)).toBe(true);
    expect(error.location).toBe(location(path));
    expect(error.problem).toBe(problem);
    expect(error.message).toBe(`${location(path)}: ${problem}`);
  });

  it.each(['exists', 'absent'])('an expected value on %s is a ConfigError at its location that points to the right op', (op) => {
    for (const expected of [false, true, null, 0, 'x', []]) {
      const config = validExpectations();
      (config.expectations as Record<string, unknown>[])[1] = { id: 'e2', scenario_name: 'b', mission_name: 'loop', path: 'receipt.steps', op, expected };
      const error = thrown(() => parseExpectationsDefinition(deepFreeze(config))) as ConfigError;
      expect(ConfigError.isConfigError(error)).toBe(true);
      expect(error.location).toBe('expectations[1].expected');
      expect(error.problem).toContain(`op '${op}' takes no expected value`);
      expect(error.problem).toContain(op === 'exists' ? "use op 'absent'" : "use 'eq'");
    }
  });

  it.each([
    [
      'scenario names',
      () =>
        parseSuiteDefinition({
          suite_name: 's',
          scenarios: [
            { scenario_name: 'a', missions: [] },
            { scenario_name: 'a', missions: [] },
          ],
        }),
      'scenarios[1].scenario_name',
      'names must be unique in a suite',
    ],
    [
      'mission keys',
      () => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 'echo' }, { name: 'daily_loop', key: 'echo' }] }] }),
      'scenarios[0].missions[1]',
      'keys must be unique in a scenario',
    ],
    [
      'expectation ids',
      () =>
        parseExpectationsDefinition({
          expectations: [
            { id: 'x', scenario_name: 'a', mission_name: 'm', path: '', op: 'exists' },
            { id: 'x', scenario_name: 'b', mission_name: 'm', path: '', op: 'exists' },
          ],
        }),
      'expectations[1].id',
      'ids must be unique',
    ],
  ])('duplicate %s are a ConfigError at the second one', (_label, run, where, item) => {
    const error = thrown(run) as ConfigError;
    expect(ConfigError.isConfigError(error)).toBe(true);
    expect(error.location).toBe(where);
    expect(error.problem).toContain('already used by');
    expect(error.problem).toContain(item);
    // Messages say what must hold; the backlog's ids are for the docs, never for a user's message.
    expect(error.message).not.toMatch(/\b(?:HB-T2|BLD|ORCH|DLR)-/);
  });
});
