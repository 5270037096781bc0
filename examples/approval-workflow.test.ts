/**
 * A suite built on a custom mission: a change needs human approvals before it
 * ships. The mission, its operation and the registry are ordinary values; the
 * suite runs them like the built-ins, under Vitest and Jest alike.
 */
import { createRegistry, defineMission, defineOperation, runScenario, runTestRun, type ExpectationsDefinition, type SuiteDefinition } from 'tier2-harness';

const recordApproval = defineOperation('record-approval', (state, payload, { fail }) => {
  if (state.blocked === true) return fail('the change is blocked');
  const approvals = (typeof state.approvals === 'number' ? state.approvals : 0) + 1;
  const needed = typeof payload.needed === 'number' ? payload.needed : 1;
  return { ...state, approvals, approved: approvals >= needed };
});

const approval = defineMission({
  name: 'approval',
  description: 'ask a human, then record the approval',
  build: (params) => ({
    id: 'wf-approval',
    steps: [
      { id: 'ask', kind: 'human', payload: { description: `Approve ${typeof params.change === 'string' ? params.change : 'the change'}?` } },
      { id: 'record', kind: 'runtime', payload: { operation: 'record-approval', needed: typeof params.needed === 'number' ? params.needed : 1 } },
    ],
  }),
});

const registry = createRegistry([approval, recordApproval]);

const suite: SuiteDefinition = {
  name: 'release approvals',
  scenarios: [
    { name: 'first approval', initialState: { approvals: 0 }, missions: [{ mission: 'approval', params: { change: 'v2.1', needed: 1 } }] },
    { name: 'second of two', initialState: { approvals: 1 }, missions: [{ mission: 'approval', params: { needed: 2 } }] },
    { name: 'blocked', initialState: { approvals: 0, blocked: true }, missions: [{ mission: 'approval' }, { mission: 'daily_loop' }] },
  ],
};

const expectations: ExpectationsDefinition = {
  expectations: [
    { id: 'approved-at-once', scenario: 'first approval', mission: 'approval', path: 'final_state.approved', op: 'eq', expected: true },
    {
      id: 'asked-the-human',
      scenario: 'first approval',
      mission: 'approval',
      path: 'executed_steps.0.payload.description',
      op: 'eq',
      expected: 'Approve v2.1?',
    },
    { id: 'counted-to-two', scenario: 'second of two', mission: 'approval', path: 'final_state.approvals', op: 'eq', expected: 2 },
    { id: 'blocked-fails', scenario: 'blocked', mission: 'approval', path: 'failed_step_id', op: 'eq', expected: 'record' },
    { id: 'daily-loop-unaffected', scenario: 'blocked', mission: 'daily_loop', path: 'success', op: 'eq', expected: true },
  ],
};

describe('approval workflow (a custom mission)', () => {
  it('meets its expectations', () => {
    const run = runTestRun(suite, expectations, { registry });
    expect(run.expectationsResult.failures).toEqual([]);
    expect(run.passed).toBe(true);
  });

  it('stops with the operation’s reason when the change is blocked', () => {
    const result = runScenario(suite.scenarios[2]!, { registry }).missionResults.get('approval');
    expect(result?.success).toBe(false);
    expect(result?.errorMessage).toBe("Step 'record' failed: the change is blocked");
    expect(result?.finalState).toEqual({ approvals: 0, blocked: true });
  });

  it('gives the same run hash every time', () => {
    const hashes = new Set([1, 2, 3].map(() => runTestRun(suite, expectations, { registry }).metadata.testRunHash));
    expect(hashes.size).toBe(1);
  });
});
