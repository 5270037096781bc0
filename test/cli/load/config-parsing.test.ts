/**
 * The built `tier2` binary on YAML and JSON that used to change meaning silently
 * (issue 11) or be misreported (issue 12): each is exit code 2 with the file,
 * the line and the rule on stderr, and nothing else (no Node warning, no stack);
 * merge keys are read in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { scratch, tier2 } from '../../support/cli.js';

const { file, remove } = scratch('tier2-config-parsing-');

beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => remove());

const suiteWithState = (state: string): string =>
  [
    'suite_name: s',
    'scenarios:',
    '  - scenario_name: a',
    '    initial_state:',
    ...state.split('\n').map((line) => `      ${line}`),
    '    missions: [{ name: echo }]',
    '',
  ].join('\n');

describe('tier2 run: config text that would change meaning', () => {
  it.each([
    ['a list as a key', '? [a, b]\n: x', 'line 5, column 9: a mapping key must be a string, got a list'],
    ['a null key', '~: x', "line 5, column 7: the key ~ is null in YAML; a mapping key must be a string: quote it ('~')"],
    ['1 and "1"', '1: a\n"1": b', 'line 6, column 7: duplicate key "1" (first at line 5, column 7); a key may appear only once in a mapping'],
    ['0x10 beside "16"', '0x10: a\n"16": b', 'line 5, column 7: the key 0x10 is the number 16 in YAML and would become the key "16"'],
    [
      'an unsafe integer',
      'n: 12345678901234567890',
      'line 5, column 10: the integer 12345678901234567890 cannot be held by a JavaScript number (it would be read as 12345678901234567000)',
    ],
    ['a missing alias', 'n: *missing', 'line 5, column 10: unresolved alias *missing: no anchor &missing is defined before it'],
  ])('refuses %s: exit 2, the location, no warning', (_label, state, message) => {
    const path = file('state.suite.yaml', suiteWithState(state));
    const run = tier2(['run', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: ${path}: ${message}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/warning/i);
  });

  it('refuses an unsafe integer in a JSON suite with its line', () => {
    const path = file(
      'big.suite.json',
      '{\n  "suite_name": "s",\n  "scenarios": [{"scenario_name": "a", "initial_state": {"n": 12345678901234567890}, "missions": [{"name": "echo"}]}]\n}\n',
    );
    const run = tier2(['run', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 3, column \\d+: the integer 12345678901234567890 cannot be held by`),
    );
  });

  it('reads a scenario written with <<: *base in full, initial_state included', () => {
    const suite = file(
      'merge.suite.yaml',
      [
        // The anchor sits on a scenario: an extra top-level key to hold it would be an unknown field.
        'suite_name: merged',
        'scenarios:',
        '  - &base',
        '    scenario_name: monday',
        '    initial_state: { day: monday, inbox: 3 }',
        '    missions: [{ name: daily_loop }]',
        '  - <<: *base',
        '    scenario_name: weekday',
        '  - <<: *base',
        '    scenario_name: friday',
        '    initial_state: { <<: { inbox: 3 }, day: friday }',
        '',
      ].join('\n'),
    );
    const expectations = file(
      'merge.expectations.yaml',
      [
        'expectations:',
        '  - { id: weekday-inbox, scenario_name: weekday, mission_name: daily_loop, path: final_state.inbox, op: eq, expected: 3 }',
        '  - { id: weekday-day, scenario_name: weekday, mission_name: daily_loop, path: final_state.day, op: eq, expected: monday }',
        '  - { id: friday-day, scenario_name: friday, mission_name: daily_loop, path: final_state.day, op: eq, expected: friday }',
        '  - { id: friday-inbox, scenario_name: friday, mission_name: daily_loop, path: final_state.inbox, op: eq, expected: 3 }',
        '',
      ].join('\n'),
    );
    const run = tier2(['run', suite, '--expectations', expectations, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Four expectations on the merged scenarios passed (exit 0), and no literal "<<" key reached the report.
    expect(run.stdout).not.toContain('<<');
  });
});
