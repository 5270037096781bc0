import { describe, expect, it } from 'vitest';
import 'tier2-harness/vitest';
import {
  UnknownMissionError,
  createRegistry,
  defineExpectations,
  defineMission,
  defineSuite,
  mission,
  runSuite,
  runTestRun,
  type Expectation,
} from 'tier2-harness';
import { failureOf } from './helpers.js';

const suite = defineSuite({
  name: 'nightly',
  scenarios: [{ name: 's1', initialState: { day: 1 }, missions: [mission('echo', { x: 1 }), mission('run_tests', { target: 'unit' })] }],
});
const holding: readonly Expectation[] = [
  { id: 'echo-ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true },
  { id: 'three-steps', scenario: 's1', mission: 'run_tests', path: 'executed_steps.2.id', op: 'eq', expected: 'tests-report' },
];
const failing = defineExpectations([
  ...holding,
  { id: 'wrong-id', scenario: 's1', mission: 'echo', path: 'id', op: 'eq', expected: 'wf-other' },
  { id: 'no-scenario', scenario: 's9', mission: 'echo', path: 'success', op: 'exists' },
  { id: 'bad-compare', scenario: 's1', mission: 'echo', path: 'success', op: 'gt', expected: 1 },
]);

describe('.toMeetExpectations', () => {
  it('passes on a suite definition, a suite result and a test run whose expectations hold', () => {
    expect(suite).toMeetExpectations(holding);
    expect(runSuite(suite)).toMeetExpectations(holding);
    expect(runTestRun(suite, holding)).toMeetExpectations();
  });

  it('lists every failing expectation in a table', () => {
    expect(failureOf(() => expect(suite).toMeetExpectations(failing))).toMatchInlineSnapshot(`
      "expect(received).toMeetExpectations(expectations)

      Expected suite 'nightly' to meet its expectations, but 3 failed (2 of 5 expectations passed).

      id           scenario  mission  path     op      expected    actual     reason
      -----------  --------  -------  -------  ------  ----------  ---------  ----------------
      wrong-id     s1        echo     id       eq      "wf-other"  "wf-echo"  eq_mismatch
      no-scenario  s9        echo     success  exists  -           null       scenario_missing
      bad-compare  s1        echo     success  gt      1           true       type_error"
    `);
  });

  it('judges a test run by its own verdicts, or by the expectations given', () => {
    const run = runTestRun(suite, failing);
    expect(failureOf(() => expect(run).toMeetExpectations())).toContain("Expected test run of suite 'nightly' to meet its expectations, but 3 failed");
    expect(run).toMeetExpectations(holding);
  });

  it('returns the failing ids with expected and actual values for the diff', () => {
    try {
      expect(suite).toMeetExpectations(failing);
    } catch (error) {
      expect(error).toMatchObject({
        expected: { 'wrong-id': 'wf-other', 'no-scenario': null, 'bad-compare': 1 },
        actual: { 'wrong-id': 'wf-echo', 'no-scenario': null, 'bad-compare': true },
      });
      return;
    }
    expect.unreachable('the assertion should have failed');
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect(42).toMeetExpectations(holding)).toThrow(
      'toMeetExpectations: expected a suite definition ({ name, scenarios }), a SuiteResult or a TestRunResult, got 42',
    );
    expect(() => expect(suite).toMeetExpectations()).toThrow('toMeetExpectations: expected expectations as the argument');
  });

  it('works as an asymmetric matcher', () => {
    expect({ run: runTestRun(suite, holding) }).toEqual({ run: expect.toMeetExpectations() });
  });

  it('as an asymmetric matcher, does not match a value that is no suite (instead of throwing)', () => {
    expect({ run: 42 }).not.toEqual({ run: expect.toMeetExpectations(holding) });
    expect({ run: 'text' }).not.toEqual({ run: expect.toMeetExpectations() });
    expect([suite]).toEqual([expect.toMeetExpectations(holding)]);
  });
});

describe('.not.toMeetExpectations', () => {
  it('passes when an expectation fails', () => {
    expect(suite).not.toMeetExpectations(failing);
  });

  it('says why it passed', () => {
    expect(failureOf(() => expect(suite).not.toMeetExpectations(holding))).toMatchInlineSnapshot(`
      "expect(received).not.toMeetExpectations(expectations)

      Expected suite 'nightly' not to meet its expectations, but all of them held (2 of 2 expectations passed).

      Held: echo-ok, three-steps"
    `);
  });
});

describe('.toMeetExpectations with { registry }', () => {
  const approval = defineMission({ name: 'approval', build: () => ({ id: 'wf-approval', steps: [{ id: 'ask', kind: 'human' }] }) });
  const registry = createRegistry([approval]);
  const customSuite = { name: 'custom', scenarios: [{ name: 's', missions: [{ mission: 'approval' }] }] };
  const checks: readonly Expectation[] = [
    { id: 'asked', scenario: 's', mission: 'approval', path: 'receipt.steps', op: 'eq', expected: ['ask'] },
    { id: 'no-failure', scenario: 's', mission: 'approval', path: 'final_state.failure', op: 'absent' },
  ];

  it('runs a suite of custom missions through the given registry', () => {
    expect(customSuite).toMeetExpectations(checks, { registry });
    expect(customSuite).not.toMeetExpectations([{ id: 'x', scenario: 's', mission: 'approval', path: 'receipt.steps', op: 'absent' }], { registry });
  });

  it('without it, the UnknownMissionError says to pass { registry }', () => {
    expect(() => expect(customSuite).toMeetExpectations(checks)).toThrow(UnknownMissionError);
    expect(() => expect(customSuite).toMeetExpectations(checks)).toThrow('pass { registry }');
  });

  it('refuses an unknown option or a registry that is not one', () => {
    expect(() => expect(customSuite).toMeetExpectations(checks, { regsitry: registry } as never)).toThrow(
      "options.regsitry: unknown option; the options are 'registry' (the registry that runs a suite definition's missions) and 'passWithNoExpectations'",
    );
    expect(() => expect(customSuite).toMeetExpectations(checks, { registry: {} } as never)).toThrow(
      'options.registry must be a registry made by createRegistry',
    );
  });

  it('shows absent with no expected value in the failure table', () => {
    const message = failureOf(() =>
      expect(customSuite).toMeetExpectations([{ id: 'x', scenario: 's', mission: 'approval', path: 'id', op: 'absent' }], { registry }),
    );
    expect(message).toContain('x   s         approval  id    absent  -         "wf-approval"  absent_mismatch');
  });
});

describe('.toMeetExpectations with no expectation at all', () => {
  const filteredToNothing = holding.filter((expectation) => expectation.scenario === 'typo');

  it('fails on every kind of subject, saying nothing was checked and how to allow it', () => {
    expect(failureOf(() => expect(suite).toMeetExpectations(filteredToNothing))).toMatchInlineSnapshot(`
      "expect(received).toMeetExpectations(expectations)

      Expected suite 'nightly' to meet its expectations, but there are none (0 expectations), so nothing was checked. Were the expectations filtered to nothing, or aimed at another suite? Pass { passWithNoExpectations: true } if an empty set is what you mean."
    `);
    expect(failureOf(() => expect(runSuite(suite)).toMeetExpectations(defineExpectations([])))).toContain(
      "Expected suite result 'nightly' to meet its expectations, but there are none (0 expectations)",
    );
    expect(failureOf(() => expect(runTestRun(suite, [])).toMeetExpectations())).toContain(
      "Expected test run of suite 'nightly' to meet its expectations, but there are none",
    );
  });

  it('fails under .not too: an empty set is neither met nor missed', () => {
    expect(failureOf(() => expect(suite).not.toMeetExpectations([]))).toContain(
      "Expected suite 'nightly' not to meet its expectations, but there are none (0 expectations), so nothing was checked.",
    );
    expect(failureOf(() => expect(suite).not.toMeetExpectations([], { passWithNoExpectations: true }))).toContain(
      'but all of them held (0 of 0 expectations passed)',
    );
  });

  it('passes with { passWithNoExpectations: true }, which changes nothing when there are expectations', () => {
    expect(suite).toMeetExpectations([], { passWithNoExpectations: true });
    expect(runTestRun(suite, [])).toMeetExpectations(undefined, { passWithNoExpectations: true });
    expect(suite).toMeetExpectations(holding, { passWithNoExpectations: true });
    expect(suite).not.toMeetExpectations(failing, { passWithNoExpectations: true });
    expect(() => expect(suite).toMeetExpectations([], { passWithNoExpectations: 'yes' } as never)).toThrow(
      'toMeetExpectations: options.passWithNoExpectations must be true or false, got "yes"',
    );
  });

  it('as an asymmetric matcher, an empty set matches neither way', () => {
    expect({ run: runTestRun(suite, []) }).not.toEqual({ run: expect.toMeetExpectations() });
    // Vitest's types leave custom matchers off `expect.not`; at run time it holds them.
    const not = expect.not as unknown as { toMeetExpectations: () => unknown };
    expect({ run: runTestRun(suite, []) }).not.toEqual({ run: not.toMeetExpectations() });
    expect({ run: runTestRun(suite, []) }).toEqual({ run: expect.toMeetExpectations(undefined, { passWithNoExpectations: true }) });
  });
});
