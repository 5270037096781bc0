/**
 * src/data/verdict-text.ts and the path labels of src/data/path-text.ts: the pieces of a verdict that every
 * renderer shows (the CLI's text report, JUnit, GitHub, describeSuite's ExpectationFailure, the
 * toMeetExpectations matcher), decided once; and the proof that each renderer takes them from there.
 */
import { describe, expect, it } from 'vitest';
import {
  MISSION_REGISTRY,
  defineExpectations,
  defineSuite,
  describeSuite,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  type TestBody,
} from '../../src/index.js';
import { dottedPathLabel, expectationPathLabel } from '../../src/data/path-text.js';
import { countVerdicts, expectedText, expectsValue, failureReason, reasonWithMessage } from '../../src/data/verdict-text.js';
import { judgeSuite } from '../../src/harness/outcome.js';
import { githubAnnotations, githubSummary } from '../../src/report/github.js';
import { toJunitXml } from '../../src/report/junit.js';
import { colors, formatReport } from '../../src/report/text.js';
import { toMeetExpectations } from '../../matchers/toMeetExpectations.js';

describe('verdict pieces', () => {
  it('say what exists and absent expect, and show any other expected value', () => {
    expect(expectedText('exists', undefined, () => 'x')).toBe('the path to exist');
    expect(expectedText('absent', undefined, () => 'x')).toBe('the path not to resolve');
    expect(expectedText('eq', 3, String)).toBe('3');
    expect(['eq', 'ne', 'gt', 'lt', 'exists', 'absent'].filter(expectsValue)).toEqual(['eq', 'ne', 'gt', 'lt']);
  });

  it('name the reason, with the message when there is one, from own properties only', () => {
    expect(failureReason({ reason: 'eq_mismatch' })).toBe('eq_mismatch');
    expect(failureReason({})).toBe('failed');
    expect(reasonWithMessage({ reason: 'type_error', message: 'Cannot compare types' })).toBe('type_error (Cannot compare types)');
    expect(reasonWithMessage({ reason: 'eq_mismatch' })).toBe('eq_mismatch');
    const proto = Object.prototype as { reason?: string; message?: string };
    proto.reason = 'polluted';
    proto.message = 'polluted';
    try {
      expect(reasonWithMessage({})).toBe('failed');
    } finally {
      delete proto.reason;
      delete proto.message;
    }
  });

  it('count verdicts', () => {
    expect(countVerdicts([{ status: 'passed' }, { status: 'failed' }, { status: 'error' }, { status: 'passed' }])).toEqual({
      passed: 2,
      failed: 1,
      notEvaluated: 1,
    });
  });

  it('name the empty path (the whole result), in both notations', () => {
    expect(expectationPathLabel('')).toBe("'' (the whole result)");
    expect(expectationPathLabel(['a.b', 'c'])).toBe('["a.b","c"]');
    expect(dottedPathLabel('')).toBe('(whole result)');
    expect(dottedPathLabel(['final_state', 'n'])).toBe('final_state.n');
  });
});

describe('every renderer shows the same pieces', () => {
  const config = {
    suite: { suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 'echo' }] }] },
    // A failure with a message (type_error), one with none (absent_mismatch), and one on the whole result.
    expectations: [
      { id: 'typed', scenario_name: 'a', mission_name: 'echo', path: 'success', op: 'gt', expected: 'x' },
      { id: 'gone', scenario_name: 'a', mission_name: 'echo', path: 'success', op: 'absent' },
      { id: 'whole', scenario_name: 'a', mission_name: 'echo', path: '', op: 'eq', expected: 1 },
    ],
  };
  const suite = parseSuiteDefinition(config.suite);
  const expectations = parseExpectationsDefinition({ expectations: config.expectations });
  const outcome = judgeSuite(suite, expectations, MISSION_REGISTRY);

  it('the CLI renderers: reason and message, what a failed `absent` expected, the whole-result path', () => {
    expect(countVerdicts(outcome.verdicts)).toEqual({ passed: 0, failed: 3, notEvaluated: 0 });
    const text = formatReport(outcome, { colors: colors(false), verbose: false });
    expect(text).toContain('reason:   type_error (Cannot compare types)');
    expect(text).toContain('expected: the path not to resolve');
    expect(text).toContain("whole  eq at '' (the whole result)");
    const junit = toJunitXml(outcome);
    expect(junit).toContain('reason:      type_error\nmessage:     Cannot compare types');
    expect(junit).toContain('expected the path not to resolve');
    const annotations = githubAnnotations(outcome).join('\n');
    expect(annotations).toContain("::type_error (Cannot compare types): gt at path 'success'");
    expect(annotations).toContain('expected: the path not to resolve');
    expect(githubSummary(outcome)).toContain('| the path not to resolve |');
    expect(githubSummary(outcome)).toContain('| type\\_error (Cannot compare types) |');
  });

  it('describeSuite: its ExpectationFailure and test titles', () => {
    const tests = new Map<string, TestBody>();
    const api = { describe: (_name: string, body: () => void): void => body(), it: (name: string, body: TestBody): void => void tests.set(name, body) };
    const dsl = defineSuite({ name: 's', scenarios: [{ name: 'a', missions: [{ mission: 'echo' }] }] });
    const checks = defineExpectations([
      { id: 'typed', scenario: 'a', mission: 'echo', path: 'success', op: 'gt', expected: 'x' },
      { id: 'whole', scenario: 'a', mission: 'echo', path: '', op: 'eq', expected: 1 },
    ]);
    describeSuite(dsl, checks, { ...api, record: false });
    expect([...tests.keys()]).toContain('whole: echo (whole result) eq 1');
    const failureOf = (title: string): string => {
      try {
        void tests.get(title)?.();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(failureOf('typed: echo success gt "x"')).toContain("expectation 'typed' failed: type_error (Cannot compare types)");
    expect(failureOf('whole: echo (whole result) eq 1')).toContain('  path:     (whole result)');
  });

  it('toMeetExpectations: the reason column', () => {
    const context = { isNot: false, promise: '', utils: { matcherHint: () => '', printExpected: String, printReceived: String } };
    const message = toMeetExpectations.call(context, suite, expectations).message();
    expect(message).toMatch(/typed +a +echo +success +gt +"x" +true +type_error/);
    expect(message).toMatch(/gone +a +echo +success +absent +- +true +absent_mismatch/);
  });
});
