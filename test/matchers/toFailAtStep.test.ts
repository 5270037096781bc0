import { describe, expect, it } from 'vitest';
import 'tier2-harness/vitest';
import { Orchestrator, runMission } from 'tier2-harness';
import { failureOf } from './helpers.js';

const failing = new Orchestrator().runWorkflow(
  {
    id: 'wf-stop',
    steps: [
      { id: 'a', kind: 'runtime' },
      { id: 'b', kind: 'runtime', payload: { operation: 'fail', reason: 'disk full' } },
    ],
  },
  { initialState: {} },
);

describe('.toFailAtStep', () => {
  it('passes when the run failed at that step', () => {
    expect(failing).toFailAtStep('b');
    expect(failing.toDict()).toFailAtStep('b');
  });

  it('fails on a run that failed elsewhere', () => {
    expect(failureOf(() => expect(failing).toFailAtStep('a'))).toMatchInlineSnapshot(`
      "expect(received).toFailAtStep(stepId)

      Expected workflow 'wf-stop' to fail at step 'a', but it failed at step 'b'.

      Expected failing step: "a"
      Failed at:             "b"
      Error:                 Step 'b' failed: disk full"
    `);
  });

  it('fails on a run that succeeded', () => {
    expect(failureOf(() => expect(runMission('echo')).toFailAtStep('echo-step'))).toMatchInlineSnapshot(`
      "expect(received).toFailAtStep(stepId)

      Expected workflow 'wf-echo' to fail at step 'echo-step', but it succeeded (executed: echo-step).

      Expected failing step: "echo-step"
      Failed at:             null"
    `);
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect(failing).toFailAtStep(1 as never)).toThrow('toFailAtStep: expected a step id (string)');
    expect(() => expect(null).toFailAtStep('a')).toThrow('toFailAtStep: expected an orchestration result');
  });
});

describe('.not.toFailAtStep', () => {
  it('passes on a run that succeeded or failed elsewhere', () => {
    expect(runMission('echo')).not.toFailAtStep('echo-step');
    expect(failing).not.toFailAtStep('a');
  });

  it('says why it passed', () => {
    expect(failureOf(() => expect(failing).not.toFailAtStep('b'))).toMatchInlineSnapshot(`
      "expect(received).not.toFailAtStep(stepId)

      Expected workflow 'wf-stop' not to fail at step 'b', but it did.

      Error: Step 'b' failed: disk full"
    `);
  });
});
