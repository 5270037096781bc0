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
      { id: 'c', kind: 'runtime' },
    ],
  },
  { initialState: {} },
);

describe('.toHaveExecutedSteps', () => {
  it('passes on the exact steps in order, on a result or its toDict()', () => {
    expect(runMission('run_tests')).toHaveExecutedSteps(['tests-discover', 'tests-execute', 'tests-report']);
    expect(failing.toDict()).toHaveExecutedSteps(['a', 'b']);
  });

  it('says where the steps differ and why the run stopped', () => {
    expect(failureOf(() => expect(failing).toHaveExecutedSteps(['a', 'b', 'c']))).toMatchInlineSnapshot(`
      "expect(received).toHaveExecutedSteps(stepIds)

      Expected workflow 'wf-stop' to have executed exactly these steps in order; they differ from position 2. It stopped at the failing step 'b': Step 'b' failed: disk full

      Expected: Array [
        "a",
        "b",
        "c",
      ]
      Executed: Array [
        "a",
        "b",
      ]"
    `);
  });

  it('fails on the same steps in another order', () => {
    expect(failureOf(() => expect(runMission('run_tests')).toHaveExecutedSteps(['tests-execute', 'tests-discover', 'tests-report']))).toContain(
      'they differ from position 0',
    );
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect({ id: 'x' }).toHaveExecutedSteps([])).toThrow('toHaveExecutedSteps: expected an orchestration result');
    expect(() => expect(failing).toHaveExecutedSteps('a' as never)).toThrow('toHaveExecutedSteps: expected an array of step ids');
  });
});

describe('.not.toHaveExecutedSteps', () => {
  it('passes on other steps', () => {
    expect(failing).not.toHaveExecutedSteps(['a', 'b', 'c']);
  });

  it('says why it passed', () => {
    expect(failureOf(() => expect(runMission('echo')).not.toHaveExecutedSteps(['echo-step']))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveExecutedSteps(stepIds)

      Expected workflow 'wf-echo' not to have executed exactly these steps, but it did.

      Expected not: Array [
        "echo-step",
      ]
      Executed:     Array [
        "echo-step",
      ]"
    `);
  });
});
