/**
 * A scenario suite with expectations: the shape most users write. Scenarios
 * name the missions they run; expectations point into each mission's result
 * (`toDict()`, snake_case) and say what must hold there. `describeSuite`
 * turns them into one test per scenario and per expectation.
 */
import { defineExpectations, defineScenario, defineSuite, describeSuite, mission, runSuite, runTestRun } from 'tier2-harness';

const quietDay = defineScenario({
  name: 'quiet-day',
  initialState: { inbox: 0 },
  missions: [mission('daily_loop'), mission('echo', { note: 'all quiet' })],
});

const releaseDay = defineScenario({
  name: 'release-day',
  initialState: { inbox: 12 },
  missions: [
    mission('daily_loop', { requested_steps: 5 }),
    mission('run_tests', { target: 'release' }),
    // The same mission twice needs a key of its own: results are keyed by it.
    mission('run_tests', { target: 'smoke' }, { key: 'smoke' }),
  ],
});

const suite = defineSuite({ name: 'morning-checks', scenarios: [quietDay, releaseDay] });

const expectations = defineExpectations([
  { id: 'quiet-loop-succeeds', scenario: 'quiet-day', mission: 'daily_loop', path: 'success', op: 'eq', expected: true },
  { id: 'quiet-echo-carries-note', scenario: 'quiet-day', mission: 'echo', path: 'executed_steps.0.payload.params.note', op: 'eq', expected: 'all quiet' },
  { id: 'release-loop-archives', scenario: 'release-day', mission: 'daily_loop', path: 'receipt.steps.4', op: 'eq', expected: 'daily-archive' },
  { id: 'release-tests-report', scenario: 'release-day', mission: 'run_tests', path: 'lineage.executed_step_ids.2', op: 'eq', expected: 'tests-report' },
  { id: 'smoke-has-no-failure', scenario: 'release-day', mission: 'smoke', path: 'failed_step_id', op: 'eq', expected: null },
  { id: 'inbox-untouched', scenario: 'release-day', mission: 'daily_loop', path: 'final_state.inbox', op: 'gt', expected: 10 },
]);

// One test per scenario ("runs") and per expectation, under "suite 'morning-checks'".
describeSuite(suite, expectations);

describe('suite morning-checks as a whole', () => {
  it('meets every expectation', () => {
    expect(suite).toMeetExpectations(expectations);
    expect(runTestRun(suite, expectations)).toMeetExpectations();
  });

  it('does not meet a wrong expectation, which is reported rather than thrown', () => {
    const wrong = [
      { id: 'quiet-loop-archives', scenario: 'quiet-day', mission: 'daily_loop', path: 'receipt.steps.4', op: 'eq', expected: 'daily-archive' },
    ] as const;

    expect(suite).not.toMeetExpectations(wrong);
    expect(runTestRun(suite, wrong).expectationsResult.results.get('quiet-loop-archives')?.details.reason).toBe('path_missing');
  });

  it('runs every scenario, in order, keyed by name', () => {
    const result = runSuite(suite);

    expect([...result.scenarioResults.keys()]).toEqual(['quiet-day', 'release-day']);
    expect([...(result.scenarioResults.get('release-day')?.missionResults.keys() ?? [])]).toEqual(['daily_loop', 'run_tests', 'smoke']);
  });

  it('is deterministic, so its hash changes only when behaviour does', () => {
    expect(suite).toBeDeterministic();
    expect(runSuite(suite).metadata.suiteHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches its pinned run hash', () => {
    // Pinned in examples/__tier2__/scenario-suite.test.ts.json (one entry per runner: the test names differ).
    // A change in any mission result fails here with the first diverging path; `-u` re-pins it.
    expect(runTestRun(suite, expectations)).toMatchRunHash();
  });
});
