/**
 * Part-file errors carry their place as data (#16): every ConfigError that
 * `parsePart`, `readPart` and `mergeParts` raise has a `code` and `segments`,
 * and its message is rendered from them, reading exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, type ErrorCode, type PathSegment } from 'tier2-harness';
import { PART_FORMAT, PART_FORMAT_VERSION } from '../../src/parts/part.js';
import { mergeParts } from '../../src/parts/merge.js';
import { parsePart, readPart } from '../../src/parts/part-file.js';
import { thrown } from '../robustness/helpers.js';

function configError(run: () => unknown): ConfigError {
  const error = thrown(run);
  expect(ConfigError.isConfigError(error), String(error)).toBe(true);
  return error as ConfigError;
}

const head = { format: PART_FORMAT, format_version: PART_FORMAT_VERSION };

function partError(data: object): ConfigError {
  return configError(() => parsePart('p.json', JSON.stringify(data)));
}

function expectParts(error: ConfigError, code: ErrorCode, segments: readonly PathSegment[], message: string): void {
  expect({ code: error.code, segments: error.segments, message: error.message, file: error.file }).toEqual({
    code,
    segments,
    message,
    file: 'p.json',
  });
}

describe('part-file errors carry code and segments', () => {
  it('a top-level field', () => {
    expectParts(
      partError({ ...head, shard: { count: 2, index: 3 } }),
      'invalid_value',
      ['shard', 'index'],
      'p.json: shard.index: shard 3/2: the index must be at most the count',
    );
    expectParts(
      partError({ format: 'nope' }),
      'invalid_value',
      ['format'],
      'p.json: format: not a tier2 part file (expected format \'tier2-part\', got "nope")',
    );
  });

  it('a field inside a scenario entry', () => {
    const data = { ...head, shard: { count: 1, index: 1 }, scenario_count: 1, expectation_count: 0, scenarios: [{ index: 0, definition: { name: 5 } }] };
    const error = partError(data);
    expectParts(error, 'wrong_type', ['scenarios', 0, 'definition', 'name'], 'p.json: scenarios[0].definition.name: expected a string, got a number');
    expect(error.location).toBe('scenarios[0].definition.name');
  });

  it('a missing field says it is missing (the reader of definitions and configs says the same)', () => {
    const data = { ...head, shard: { count: 1, index: 1 }, scenario_count: 0, expectation_count: 0, scenarios: [], expectations: [] };
    expectParts(partError(data), 'missing_field', ['suite_name'], 'p.json: suite_name: required field is missing; expected a string');
    expectParts(
      partError({ ...head, format_version: 99 }),
      'invalid_value',
      ['format_version'],
      'p.json: format_version: part format version 99 is not supported; this tier2 reads version 1',
    );
  });

  it('a field inside an expectation entry', () => {
    const data = {
      ...head,
      shard: { count: 1, index: 1 },
      scenario_count: 0,
      expectation_count: 1,
      scenarios: [],
      expectations: [{ index: 0, definition: {}, status: 'passed', verdict: null }],
    };
    expectParts(partError(data), 'wrong_type', ['expectations', 0, 'verdict'], "p.json: expectations[0].verdict: expected an object for status 'passed'");
  });

  it('the whole file, and the parts together, have empty segments', () => {
    expectParts(partError([]), 'wrong_type', [], 'p.json: expected an object, got an array');
    const unreadable = configError(() => readPart('/nonexistent/part-errors.json'));
    expect([unreadable.code, unreadable.segments, unreadable.file]).toEqual(['unreadable', [], '/nonexistent/part-errors.json']);
    const none = configError(() => mergeParts([]));
    expect([none.code, none.segments, none.message]).toEqual(['missing_field', [], 'merge: no part files given']);
  });
});

describe('the recorded locations (defined_at, called_at) are read strictly', () => {
  const scenarioEntry = {
    index: 0,
    definition: { name: 's' },
    result: null,
    mission_error: { key: 'k', mission: 'm', error: { name: 'Error', message: 'no' } },
  };
  const expectationEntry = { index: 0, definition: { id: 'x', scenario: 's' }, status: 'failed', verdict: {} };
  const part = (scenario: object, expectation: object): object => ({
    ...head,
    suite_name: 'suite',
    suite_file: 'suite.yaml',
    partition: 'sha256-utf8-name-first-8-bytes-mod-n',
    suite_definition_hash: '0'.repeat(64),
    expectations_definition_hash: '0'.repeat(64),
    shard: { count: 1, index: 1 },
    scenario_count: 1,
    expectation_count: 1,
    scenarios: [{ ...scenarioEntry, ...scenario }],
    expectations: [{ ...expectationEntry, ...expectation }],
  });

  it('are read into the entries', () => {
    const read = parsePart('p.json', JSON.stringify(part({ called_at: { file: 'suite.yaml', line: 4 } }, { defined_at: { file: 'e.yaml', line: 12 } })));
    expect(read.scenarios[0]?.calledAt).toEqual({ file: 'suite.yaml', line: 4 });
    expect(read.expectations[0]?.definedAt).toEqual({ file: 'e.yaml', line: 12 });
    const bare = parsePart('p.json', JSON.stringify(part({}, {})));
    expect([bare.scenarios[0]?.calledAt, bare.expectations[0]?.definedAt]).toEqual([undefined, undefined]);
  });

  // docs/sharding.md: fields are added to version 1 only because a reader ignores what it does not know.
  it('a field this tier2 does not know is ignored at every level, as a later tier2 may add one', () => {
    const located = part({ called_at: { file: 'suite.yaml', line: 4 } }, { defined_at: { file: 'e.yaml', line: 12 } }) as Record<string, unknown>;
    const later = JSON.parse(JSON.stringify(located)) as { added_later?: number; scenarios: Record<string, object>[]; expectations: Record<string, object>[] };
    later.added_later = 1;
    const [scenario, expectation] = [later.scenarios[0] ?? {}, later.expectations[0] ?? {}];
    Object.assign(scenario, { added_later: 1 });
    Object.assign(expectation, { added_later: 1 });
    Object.assign(scenario.called_at ?? {}, { column: 7 });
    Object.assign(expectation.defined_at ?? {}, { column: 3 });
    expect(JSON.stringify(later).match(/"(added_later|column)"/g)).toHaveLength(5);
    const { file: _laterFile, ...read } = parsePart('later.json', JSON.stringify(later));
    const { file: _file, ...known } = parsePart('p.json', JSON.stringify(located));
    expect(read).toEqual(known);
  });

  type Case = [label: string, scenario: object, expectation: object, code: ErrorCode, segments: PathSegment[], problem: string];
  /** A case of a malformed `defined_at` on the failed expectation: its value, and the error at `defined_at` (or a field of it). */
  const definedAt = (label: string, value: unknown, code: ErrorCode, field: string[], problem: string): Case => [
    label,
    {},
    { defined_at: value },
    code,
    ['expectations', 0, 'defined_at', ...field],
    problem,
  ];
  const line = 'a line number (an integer >= 1)';
  it.each<Case>([
    definedAt('line 0', { file: 'e.yaml', line: 0 }, 'wrong_type', ['line'], `expected ${line}, got 0`),
    definedAt('a line as text', { file: 'e.yaml', line: '3' }, 'wrong_type', ['line'], `expected ${line}, got "3"`),
    definedAt('a fractional line', { file: 'e.yaml', line: 2.5 }, 'wrong_type', ['line'], `expected ${line}, got 2.5`),
    definedAt('no line', { file: 'e.yaml' }, 'missing_field', ['line'], `required field is missing; expected ${line}`),
    definedAt('an empty file', { file: '', line: 3 }, 'invalid_value', ['file'], 'expected a non-empty string, got ""'),
    definedAt('no file', { line: 3 }, 'missing_field', ['file'], 'required field is missing; expected a non-empty string'),
    definedAt('file:line as text', 'e.yaml:3', 'wrong_type', [], 'expected an object, got a string'),
    definedAt('null', null, 'wrong_type', [], 'expected an object, got null'),
    [
      'on a passed expectation',
      {},
      { status: 'passed', defined_at: { file: 'e.yaml', line: 3 } },
      'conflict',
      ['expectations', 0, 'defined_at'],
      "recorded only for status 'failed' or 'error' (where the expectation was written)",
    ],
    ['a bad called_at', { called_at: { file: 'suite.yaml', line: -1 } }, {}, 'wrong_type', ['scenarios', 0, 'called_at', 'line'], `expected ${line}, got -1`],
    [
      'called_at on a scenario that ran',
      { result: {}, mission_error: null, called_at: { file: 'suite.yaml', line: 4 } },
      {},
      'conflict',
      ['scenarios', 0, 'called_at'],
      'recorded only with a mission_error (where the raising call was written)',
    ],
  ])('%s is refused, naming the part and the field', (_label, scenario, expectation, code, segments, problem) => {
    const error = partError(part(scenario, expectation));
    const where = segments
      .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
      .join('')
      .slice(1);
    expectParts(error, code, segments, `p.json: ${where}: ${problem}`);
  });
});
