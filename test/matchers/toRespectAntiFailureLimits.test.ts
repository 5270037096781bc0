import { describe, expect, it } from 'vitest';
import 'tier2-harness/vitest';
import { buildWorkflow } from 'tier2-harness';
import { failureOf } from './helpers.js';

const step = (id: string, kind: string) => ({ id, kind });
const tooBig = {
  id: 'wf-big',
  steps: [step('a', 'human'), step('b', 'human'), step('c', 'human'), step('d', 'runtime'), step('e', 'runtime'), step('f', 'robot')],
};

describe('.toRespectAntiFailureLimits', () => {
  it('passes on built workflows and a workflow at the limits', () => {
    expect(buildWorkflow({ type: 'daily_loop', params: { requested_steps: 99, requested_human_steps: 9 } })).toRespectAntiFailureLimits();
    expect({
      id: 'wf',
      steps: [step('a', 'human'), step('b', 'human'), step('c', 'runtime'), step('d', 'runtime'), step('e', 'runtime')],
    }).toRespectAntiFailureLimits();
  });

  it('lists every limit broken', () => {
    expect(failureOf(() => expect(tooBig).toRespectAntiFailureLimits())).toMatchInlineSnapshot(`
      "expect(received).toRespectAntiFailureLimits()

      Expected workflow 'wf-big' to respect the Anti-Failure limits, but it breaks 3:

      Limits:   at most 5 steps, at most 2 human, kinds runtime/human
      Received: 6 steps, 3 human

        - steps[5] has kind "robot"; allowed kinds are 'runtime' and 'human'
        - 6 steps, more than the limit of 5
        - 3 human steps, more than the limit of 2"
    `);
  });

  it('returns each limit as allowed and as received for the diff', () => {
    try {
      expect(tooBig).toRespectAntiFailureLimits();
    } catch (error) {
      expect(error).toMatchObject({
        expected: { steps: 5, humanSteps: 2, invalidKinds: [] },
        actual: { steps: 6, humanSteps: 3, invalidKinds: ['steps[5]: "robot"'] },
      });
      return;
    }
    expect.unreachable('the assertion should have failed');
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect('wf').toRespectAntiFailureLimits()).toThrow('toRespectAntiFailureLimits: expected a workflow definition ({ id, steps }), got "wf"');
  });
});

describe('.not.toRespectAntiFailureLimits', () => {
  it('passes on a workflow over the limits', () => {
    expect(tooBig).not.toRespectAntiFailureLimits();
    expect({ id: 'wf', steps: [step('a', 'agent')] }).not.toRespectAntiFailureLimits();
  });

  it('says why it passed', () => {
    expect(failureOf(() => expect({ id: 'wf-ok', steps: [step('a', 'runtime')] }).not.toRespectAntiFailureLimits())).toMatchInlineSnapshot(`
      "expect(received).not.toRespectAntiFailureLimits()

      Expected workflow 'wf-ok' to break an Anti-Failure limit, but it keeps all of them.

      Limits:   at most 5 steps, at most 2 human, kinds runtime/human
      Received: 1 step, 0 human"
    `);
  });

  it('reads own properties only: a kind inherited from a polluted Object.prototype does not pass a step without one', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.kind = 'runtime';
    try {
      const message = failureOf(() => expect({ id: 'wf-kindless', steps: [{ id: 'a' }] }).toRespectAntiFailureLimits());
      expect(message).toContain('steps[0] has kind undefined');
    } finally {
      delete proto.kind;
    }
  });
});
