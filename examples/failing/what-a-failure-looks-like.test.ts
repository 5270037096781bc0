/**
 * FAILS ON PURPOSE, so you can read what each failure looks like before you
 * meet one. Not part of `npm test`: run it with `npm run examples:failing`
 * (Vitest, then Jest). docs/runners.md shows the output, and
 * test/package/failure-output.test.ts checks that it is what the runners print.
 */
import { createRegistry, defineExpectations, defineMission, defineOperation, defineSuite, describeSuite, mission, runDailyLoop } from 'tier2-harness';

const suite = defineSuite({ name: 'morning-checks', scenarios: [{ name: 'quiet-day', missions: [mission('daily_loop'), mission('echo', { note: 'hi' })] }] });

const wrong = defineExpectations([
  { id: 'loop-archives', scenario: 'quiet-day', mission: 'daily_loop', path: 'receipt.steps.3', op: 'eq', expected: 'daily-archive' },
  { id: 'echo-note', scenario: 'quiet-day', mission: 'echo', path: 'executed_steps.0.payload.params.note', op: 'eq', expected: 'hi' },
  { id: 'loop-has-six-steps', scenario: 'quiet-day', mission: 'daily_loop', path: 'receipt.steps.5', op: 'exists' },
]);

// performance.now(), not Date.now(): three runs can fall within one millisecond, and then their results would agree.
const stamp = defineOperation('stamp', (state) => ({ ...state, at: performance.now() }));
const stamped = defineMission({
  name: 'stamped',
  build: () => ({ id: 'wf-stamped', steps: [{ id: 'stamp', kind: 'runtime', payload: { operation: 'stamp' } }] }),
});
const registry = createRegistry([stamp, stamped]);

describe('failing on purpose', () => {
  it('toMeetExpectations: two expectations do not hold', () => {
    expect(suite).toMeetExpectations(wrong);
  });

  it('toBeDeterministic: a mission reads the clock', () => {
    expect({ mission: 'stamped' }).toBeDeterministic({ registry });
  });

  it('toHaveExecutedSteps: the archive step was not planned', () => {
    expect(runDailyLoop()).toHaveExecutedSteps(['daily-confirm-priorities', 'daily-summarise-yesterday', 'daily-generate-priorities', 'daily-archive']);
  });
});

// describeSuite: the passing expectation passes, each wrong one fails in its own test.
describeSuite(suite, wrong);
