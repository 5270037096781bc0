/**
 * Errors carry their parts as data (#16): `code`, `segments`, `problem`,
 * `line`/`column`, and the message, `path` and `location` are built from them
 * by one renderer. These tests pin the parts of each kind of error and show
 * that the texts users already rely on are unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DefinitionError,
  Orchestrator,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  defineWorkflow,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runMission,
  defineExpectations,
  type ErrorCode,
} from '../../src/index.js';
import { parseShardSpec } from '../../src/parts/shard.js';
import { parseConfigText } from '../../src/cli/load/load-config.js';
import { renderErrorMessage } from '../../src/data/error-message.js';
import { dottedPath, expectationPathText, formatPath } from '../../src/data/path-text.js';
import { thrown } from '../robustness/helpers.js';

function definitionError(run: () => unknown): DefinitionError {
  const error = thrown(run);
  expect(DefinitionError.isDefinitionError(error), String(error)).toBe(true);
  return error as DefinitionError;
}

function configError(run: () => unknown): ConfigError {
  const error = thrown(run);
  expect(ConfigError.isConfigError(error), String(error)).toBe(true);
  return error as ConfigError;
}

describe('the one path renderer', () => {
  it.each([
    [[], ''],
    [['steps', 1, 'payload'], 'steps[1].payload'],
    [['a b', 0, 'c.d', '$x'], '["a b"][0]["c.d"].$x'],
    [[0, 'x'], '[0].x'],
  ] as const)('renders %j as %s', (segments, text) => {
    expect(formatPath(segments)).toBe(text);
  });

  it('shows an expectation path as written (a list as JSON) or dotted', () => {
    expect(expectationPathText('final_state.count')).toBe('final_state.count');
    expect(expectationPathText(['a.b', 'c'])).toBe('["a.b","c"]');
    expect(dottedPath(['final_state', 'log', 0])).toBe('final_state.log.0');
    expect(dottedPath('')).toBe('');
  });

  it('builds a message from file, subject, location and problem, leaving out what is absent', () => {
    expect(renderErrorMessage({ segments: [], problem: 'p' })).toBe('p');
    expect(renderErrorMessage({ subject: 's', segments: ['a', 0], problem: 'p' })).toBe('s: a[0]: p');
    expect(renderErrorMessage({ file: 'f.yaml', segments: ['a'], problem: 'p', line: 3, column: 4 })).toBe('f.yaml: a: p (line 3, column 4)');
    expect(renderErrorMessage({ file: 'f.yaml', segments: [], problem: 'p', line: 3, column: 4 })).toBe('f.yaml: line 3, column 4: p');
    expect(renderErrorMessage({ subject: 's', root: 'options', segments: ['x'], problem: 'p' })).toBe('s: options.x: p');
    expect(renderErrorMessage({ subject: 's', whole: 'value', segments: [], problem: 'p' })).toBe('s: value: p');
    expect(renderErrorMessage({ subject: 's', segments: ['x'], placeInProblem: true, problem: 'options.x must be y' })).toBe('s: options.x must be y');
  });
});

describe('DefinitionError parts', () => {
  const cases: readonly (readonly [string, () => unknown, ErrorCode, readonly (string | number)[], string])[] = [
    [
      'an unknown workflow field',
      () => defineWorkflow({ id: 'wf', steps: [], stpes: [] } as never),
      'unknown_field',
      ['stpes'],
      "defineWorkflow: stpes: unknown field; did you mean 'steps'?",
    ],
    [
      'a step id of the wrong type',
      () => defineWorkflow({ id: 'wf', steps: [{ id: 5, kind: 'runtime' }] } as never),
      'wrong_type',
      ['steps', 0, 'id'],
      "defineWorkflow 'wf': steps[0].id: expected a string, got a number",
    ],
    [
      'a step id used twice',
      () =>
        defineWorkflow({
          id: 'wf',
          steps: [
            { id: 'a', kind: 'human' },
            { id: 'a', kind: 'human' },
          ],
        }),
      'duplicate',
      ['steps', 1, 'id'],
      "defineWorkflow 'wf': steps[1].id: step id 'a' is used twice; step ids must be unique in a workflow",
    ],
    [
      'a workflow without id or name',
      () => defineWorkflow({ steps: [] } as never),
      'missing_field',
      ['id'],
      'defineWorkflow: needs an id (or a name, which then serves as the id)',
    ],
    [
      'id and name that differ',
      () => defineWorkflow({ id: 'a', name: 'b', steps: [] }),
      'conflict',
      ['name'],
      "defineWorkflow: id 'a' and name 'b' differ; give one of them, or the same value in both",
    ],
    [
      'a payload that is not JSON data',
      () => defineWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'human', payload: { when: new Date(0) } }] } as never),
      'not_json',
      ['steps', 0, 'payload', 'when'],
      'steps[0].payload.when: a Date instance is not JSON data',
    ],
    [
      'an unknown option',
      () => createRegistry([], { bsae: null } as never),
      'unknown_field',
      ['bsae'],
      "createRegistry: options.bsae: unknown field; did you mean 'base'?",
    ],
    [
      'an unknown run metadata key',
      () => new Orchestrator().runWorkflow({ id: 'wf', steps: [] }, { metadata: { trace: 'x' } as never }),
      'unknown_field',
      ['metadata', 'trace'],
      'runWorkflow: metadata.trace: unknown key; allowed keys: caller, policy_version, run_id',
    ],
    [
      'an expectation id used twice',
      () =>
        defineExpectations([
          { id: 'e', scenario: 's', mission: 'm', path: 'success', op: 'exists' },
          { id: 'e', scenario: 's', mission: 'm', path: 'success', op: 'exists' },
        ]),
      'duplicate',
      ['expectations', 1, 'id'],
      "defineExpectations: expectations[1].id: expectation id 'e' is already used by expectations[0]; ids must be unique",
    ],
    [
      'an unknown op',
      () => defineExpectations([{ id: 'e', scenario: 's', mission: 'm', path: 'success', op: 'equals' }] as never),
      'invalid_value',
      ['expectations', 0, 'op'],
      "defineExpectations: expectations[0].op: expected one of 'eq', ",
    ],
    [
      'an expected value on exists',
      () => defineExpectations([{ id: 'e', scenario: 's', mission: 'm', path: 'success', op: 'exists', expected: 1 }] as never),
      'conflict',
      ['expectations', 0, 'expected'],
      "defineExpectations: expectations[0].expected: op 'exists' takes no expected value",
    ],
    [
      'a mission param of the wrong type',
      () => runMission('run_tests', {}, { target: 5 }),
      'wrong_type',
      ['params', 'target'],
      "mission 'run_tests': params.target must be a string, got a number",
    ],
    [
      'a bad operation name',
      () => defineOperation('1bad', (state) => state),
      'invalid_value',
      ['name'],
      "defineOperation: name must be a string of letters, digits, '_', '.', ':' or '-' starting with a letter, got '1bad'",
    ],
    [
      'a checkDeterminism option out of range',
      () => checkDeterminism(() => 1, { runs: 1 }),
      'wrong_type',
      ['runs'],
      'checkDeterminism: options.runs must be an integer >= 2, got 1',
    ],
  ];

  it.each(cases)('%s: code, segments, path and message', (_label, run, code, segments, message) => {
    const error = definitionError(run);
    expect(error.code).toBe(code);
    expect(error.segments).toEqual(segments);
    expect(error.path).toBe(formatPath(segments));
    expect(error.message).toContain(message);
    expect(error.message.endsWith(error.problem)).toBe(true);
    expect(error.line).toBeUndefined();
    expect(Object.isFrozen(error.segments)).toBe(true);
  });

  it('a template that writes to its frozen params: code mutated_input; one that throws: rejected', () => {
    const registry = createRegistry([
      defineMission({
        name: 'writer',
        build: (params) => {
          (params as Record<string, unknown>).x = 1;
          return { id: 'w', steps: [] };
        },
      }),
      defineMission({
        name: 'refuser',
        build: () => {
          throw new RangeError('no');
        },
      }),
    ]);
    const writer = definitionError(() => runMission('writer', {}, { a: 1 }, { registry }));
    expect(writer.code).toBe('mutated_input');
    expect(writer.segments).toEqual(['params']);
    expect(writer.path).toBe('params');
    const refuser = definitionError(() => runMission('refuser', {}, {}, { registry }));
    expect(refuser.code).toBe('rejected');
    expect(refuser.message).toBe("mission 'refuser': the template rejected its params: no");
  });

  it('a shard spec names its owner as the subject; the spec is the whole input (deliberate: the path was the label before)', () => {
    const error = definitionError(() => parseShardSpec('5/4', '--shard'));
    expect(error.message).toBe("--shard: expected 'i/n' with 1 <= i <= n <= 1024 (e.g. '2/4'), got '5/4'");
    expect(error.subject).toBe('--shard');
    expect(error.code).toBe('invalid_value');
    expect(error.path).toBe('');
  });

  it('the message form of the constructor still works, with code custom and the path as given', () => {
    const error = new DefinitionError("mission 'x': params.n must be an integer", 'params.n');
    expect(error.message).toBe("mission 'x': params.n must be an integer");
    expect(error.path).toBe('params.n');
    expect(error.code).toBe('custom');
    expect(error.segments).toEqual([]);
    expect('cause' in error).toBe(false);
    expect(new DefinitionError('m', '', { cause: 1 }).cause).toBe(1);
  });

  it('the structured form builds message and path from its parts', () => {
    const error = new DefinitionError({ code: 'wrong_type', subject: 'mine', segments: ['a', 2], problem: 'expected a string' });
    expect(error.message).toBe('mine: a[2]: expected a string');
    expect(error.path).toBe('a[2]');
    expect(error.details).toEqual({ code: 'wrong_type', subject: 'mine', segments: ['a', 2], problem: 'expected a string' });
  });
});

describe('ConfigError parts', () => {
  it.each([
    [
      'a wrong type',
      () => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 5 }] }] }),
      'wrong_type',
      ['scenarios', 0, 'missions', 0, 'name'],
      'scenarios[0].missions[0].name: expected a string, got a number',
    ],
    [
      'a missing field',
      () => parseSuiteDefinition({ scenarios: [] }),
      'missing_field',
      ['suite_name'],
      'suite_name: required field is missing; expected a string',
    ],
    [
      'an unknown field',
      () => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', initial_sate: {}, missions: [] }] }),
      'unknown_field',
      ['scenarios', 0, 'initial_sate'],
      "scenarios[0].initial_sate: unknown field; did you mean 'initial_state'?",
    ],
    [
      'a duplicate mission key',
      () => parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 'echo' }, { name: 'echo' }] }] }),
      'duplicate',
      ['scenarios', 0, 'missions', 1],
      "scenarios[0].missions[1]: mission key 'echo' is already used by missions[0]",
    ],
    [
      'a value that is not JSON data (no "config:" prefix to strip any more)',
      () => parseExpectationsDefinition({ expectations: [{ id: 'e', scenario_name: 's', mission_name: 'm', path: 'x', op: 'eq', expected: NaN }] }),
      'not_json',
      ['expectations', 0, 'expected'],
      'expectations[0].expected: NaN is not a finite number (allowed: null, booleans, finite numbers, strings, arrays and plain objects)',
    ],
  ] as const)('%s', (_label, run, code, segments, message) => {
    const error = configError(run);
    expect(error.code).toBe(code);
    expect(error.segments).toEqual(segments);
    expect(error.location).toBe(formatPath(segments));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.message).toBe(`${error.location}: ${error.problem}`);
  });

  it('a YAML problem found in the text has line and column and no segments', () => {
    const error = configError(() => parseConfigText('suite_name: s\nsuite_name: t\nscenarios: []\n', 'dup.yaml'));
    expect(error.code).toBe('duplicate');
    expect(error.segments).toEqual([]);
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.location).toBe('line 2, column 1');
    expect(error.message).toBe('dup.yaml: line 2, column 1: duplicate key "suite_name" (first at line 1, column 1); a key may appear only once in a mapping');
  });

  it('a JSON problem found in the text has line and column too', () => {
    const error = configError(() => parseConfigText('{\n  "a": 1,\n  "a": 2\n}', 'dup.json'));
    expect(error.code).toBe('duplicate');
    expect([error.line, error.column]).toEqual([3, 3]);
    expect(error.file).toBe('dup.json');
  });

  it.each([
    ['an empty file', '  \n', 'x.yaml', 'empty'],
    ['bad YAML', 'a: [\n', 'x.yaml', 'syntax'],
    ['bad JSON', '{', 'x.json', 'syntax'],
    ['a list at the top', '[]', 'x.json', 'wrong_type'],
    ['an unknown tag', 'a: !foo 1\n', 'x.yaml', 'invalid_value'],
    ['an unresolved alias', 'a: *nope\n', 'x.yaml', 'invalid_value'],
    ['an inexact integer', 'a: 12345678901234567890\n', 'x.yaml', 'too_large'],
  ] as const)('%s: code %s', (_label, text, file, code) => {
    expect(configError(() => parseConfigText(text, file)).code).toBe(code);
  });

  it('a path is placed in the file from its segments, and the error keeps them (as the CLI does)', () => {
    const loaded = parseConfigText('suite_name: s\nscenarios:\n  - scenario_name: a\n    missions:\n      - name: 5\n', 'suite.yaml');
    const error = configError(() => parseSuiteDefinition(loaded.data));
    const position = loaded.positionOf(error.segments);
    expect(position).toEqual({ line: 5, column: 15 });
    const located = error.withFile(loaded.file, position);
    expect(located.message).toBe('suite.yaml: scenarios[0].missions[0].name: expected a string, got a number (line 5, column 15)');
    expect([located.line, located.column, located.file, located.location, located.code]).toEqual([
      5,
      15,
      'suite.yaml',
      'scenarios[0].missions[0].name',
      'wrong_type',
    ]);
    expect(located.problem).toBe('expected a string, got a number');
  });

  it('the message form of the constructor still works', () => {
    const error = new ConfigError('expected a string, got a number', 'scenarios[2].missions[0].name').withFile('suite.yaml');
    expect(error.message).toBe('suite.yaml: scenarios[2].missions[0].name: expected a string, got a number');
    expect(error.location).toBe('scenarios[2].missions[0].name');
    expect(error.code).toBe('custom');
    expect(new ConfigError('p', '', { code: 'syntax' }).code).toBe('syntax');
  });
});
