/**
 * The text report's source lines: a failing or unevaluated expectation shows
 * where it was defined, a mission that raised where it was called, and only
 * those are looked up (a passing run asks for no position at all).
 */
import { describe, expect, it } from 'vitest';
import { MISSION_REGISTRY, parseExpectationsDefinition, parseSuiteDefinition } from 'tier2-harness';
import { judgeSuite } from '../../src/harness/outcome.js';
import type { SourceLocations } from '../../src/data/source-locations.js';
import { colors, formatReport } from '../../src/report/text.js';

const suite = parseSuiteDefinition({
  suite_name: 's',
  scenarios: [
    { scenario_name: 'ok', missions: [{ name: 'echo' }] },
    { scenario_name: 'raises', missions: [{ name: 'run_tests', params: { target: 42 } }] },
  ],
});
const expectations = parseExpectationsDefinition({
  expectations: [
    { id: 'passes', scenario_name: 'ok', mission_name: 'echo', path: 'success', op: 'eq', expected: true },
    { id: 'fails', scenario_name: 'ok', mission_name: 'echo', path: 'success', op: 'eq', expected: false },
    { id: 'unevaluated', scenario_name: 'raises', mission_name: 'run_tests', path: 'success', op: 'eq', expected: true },
  ],
});
const outcome = judgeSuite(suite, expectations, MISSION_REGISTRY);

/** Locations that record what was asked: expectation `id` is on line 10 + its index, a call on line 100 + its scenario index. */
function recordingSources(): { sources: SourceLocations; asked: string[] } {
  const asked: string[] = [];
  const ids = expectations.expectations.map((expectation) => expectation.id);
  const sources: SourceLocations = {
    suiteFile: 'suite.yaml',
    expectation: (id) => {
      asked.push(`expectation ${id}`);
      return { file: 'expectations.yaml', line: 10 + ids.indexOf(id) };
    },
    missionCall: (scenarioIndex, key) => {
      asked.push(`call ${scenarioIndex} ${key}`);
      return { file: 'suite.yaml', line: 100 + scenarioIndex };
    },
  };
  return { sources, asked };
}

describe('the text report: where a failure was written', () => {
  it("shows each failing and unevaluated expectation's file:line, and the raising call's", () => {
    const { sources } = recordingSources();
    const lines = formatReport(outcome, { colors: colors(false), verbose: false, sources }).split('\n');
    const after = (start: string, count: number): string[] => {
      const index = lines.findIndex((line) => line.trimStart().startsWith(start));
      expect(index, start).toBeGreaterThanOrEqual(0);
      return lines.slice(index, index + count + 1).map((line) => line.trim());
    };
    expect(after('✗ fails', 4)).toEqual([
      '✗ fails  eq at success',
      'expected: false',
      'actual:   true',
      'reason:   eq_mismatch',
      'defined:  expectations.yaml:11',
    ]);
    expect(after('! unevaluated', 1)).toEqual([
      '! unevaluated  eq at success  not evaluated: a mission of this scenario raised',
      'defined:  expectations.yaml:12',
    ]);
    expect(after("! mission 'run_tests' raised", 1)[1]).toBe('called:   suite.yaml:101');
  });

  it('looks up only what it shows: nothing for a passing expectation, even with --verbose', () => {
    const { sources, asked } = recordingSources();
    const text = formatReport(outcome, { colors: colors(false), verbose: true, sources });
    expect([...asked].sort()).toEqual(['call 1 run_tests', 'expectation fails', 'expectation unevaluated']);
    expect(text).not.toContain('expectations.yaml:10');
  });

  it('without sources (a merged run, the library), the report has no location lines', () => {
    const text = formatReport(outcome, { colors: colors(false), verbose: false });
    expect(text).not.toMatch(/defined:|called:/);
  });

  it('a location the loader could not find is left out, not shown as undefined', () => {
    const sources: SourceLocations = { suiteFile: 'suite.yaml', expectation: () => undefined, missionCall: () => undefined };
    const text = formatReport(outcome, { colors: colors(false), verbose: false, sources });
    expect(text).not.toMatch(/defined:|called:|undefined/);
  });
});
