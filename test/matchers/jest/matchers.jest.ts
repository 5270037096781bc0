// The same matchers under Jest, registered by setupFilesAfterEnv: tier2-harness/jest:
// Jest's own hint line, .not, async toBeDeterministic, and toMatchRunHash's golden file.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { Orchestrator, defineSuite, mission, runMission, runTestRun } from 'tier2-harness';

function failureOf(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    return stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  }
  throw new Error('expected the assertion to fail, but it passed');
}

const suite = defineSuite({ name: 'nightly', scenarios: [{ name: 's1', missions: [mission('echo', { x: 1 })] }] });
const failing = new Orchestrator().runWorkflow(
  { id: 'wf-stop', steps: [{ id: 'a', kind: 'runtime', payload: { operation: 'fail', reason: 'no' } }] },
  { initialState: {} },
);

describe('tier2-harness matchers under Jest', () => {
  it('toMeetExpectations as an asymmetric matcher does not match a value that is no suite, and throws on it called directly', () => {
    const checks = [{ id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true }] as const;
    expect([suite, 42]).toEqual([expect.toMeetExpectations(checks), expect.not.toMeetExpectations(checks)]);
    expect({ run: 42 }).not.toEqual({ run: expect.toMeetExpectations(checks) });
    expect(() => expect(42).toMeetExpectations(checks)).toThrow('toMeetExpectations: expected a suite definition');
  });

  it('toMeetExpectations lists the failures and words .not', () => {
    expect(suite).toMeetExpectations([{ id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true }]);
    expect(failureOf(() => expect(suite).toMeetExpectations([{ id: 'bad', scenario: 's1', mission: 'echo', path: 'id', op: 'eq', expected: 'x' }]))).toBe(
      [
        'expect(received).toMeetExpectations(expectations)',
        '',
        "Expected suite 'nightly' to meet its expectations, but 1 failed (0 of 1 expectation passed).",
        '',
        'id   scenario  mission  path  op  expected  actual     reason',
        '---  --------  -------  ----  --  --------  ---------  -----------',
        'bad  s1        echo     id    eq  "x"       "wf-echo"  eq_mismatch',
      ].join('\n'),
    );
    expect(failureOf(() => expect(suite).not.toMeetExpectations([]))).toContain('expect(received).not.toMeetExpectations(expectations)');
  });

  it('toBeDeterministic, sync and async', async () => {
    expect(mission('echo')).toBeDeterministic();
    await expect(() => Promise.resolve(runMission('echo').toDict())).toBeDeterministic();
    expect(failureOf(() => expect(() => Math.random()).toBeDeterministic())).toMatch(/Math\.random called 3 times, first at .*matchers\.jest\.ts:\d+:\d+/);
    await expect(expect(() => Promise.resolve(Math.random())).toBeDeterministic()).rejects.toThrow('differs from run 1 at the whole result');
    const boom = (): never => {
      throw new Error('boom');
    };
    expect(failureOf(() => expect(boom).toBeDeterministic())).toContain('Thrown by runs 1, 2, 3: Error: boom');
    expect(failureOf(() => expect(boom).not.toBeDeterministic())).toContain('every run (3 of 3) threw instead of returning a result');
    expect(boom).toBeDeterministic({ allowErrors: true });
  });

  it('a check that compared nothing fails, .not too: no expectations, or runs that all returned undefined', async () => {
    expect(failureOf(() => expect(suite).toMeetExpectations([]))).toContain('but there are none (0 expectations), so nothing was checked');
    expect(failureOf(() => expect(suite).not.toMeetExpectations([]))).toContain("Expected suite 'nightly' not to meet its expectations, but there are none");
    expect(suite).toMeetExpectations([], { passWithNoExpectations: true });
    const forgot = (): void => {
      runMission('echo');
    };
    expect(failureOf(() => expect(forgot).toBeDeterministic())).toContain('every run (3 of 3) returned undefined, so there was nothing to compare');
    expect(failureOf(() => expect(forgot).not.toBeDeterministic())).toContain('not to be deterministic, but every run (3 of 3) returned undefined');
    await expect(
      expect(async () => {
        await Promise.resolve();
      }).toBeDeterministic(),
    ).rejects.toThrow('returned undefined, so there was nothing to compare');
  });

  it('the step matchers and their .not', () => {
    expect(failing).toFailAtStep('a');
    expect(failing).toHaveExecutedSteps(['a']);
    expect(runMission('echo')).not.toFailAtStep('echo-step');
    expect({ id: 'wf', steps: [{ id: 'a', kind: 'robot' }] }).not.toRespectAntiFailureLimits();
    expect(failureOf(() => expect(failing).not.toFailAtStep('a'))).toBe(
      [
        'expect(received).not.toFailAtStep(stepId)',
        '',
        "Expected workflow 'wf-stop' not to fail at step 'a', but it did.",
        '',
        "Error: Step 'a' failed: no",
      ].join('\n'),
    );
  });

  it('toMatchRunHash pins a test run in the golden file beside this file', () => {
    expect(runTestRun(suite, [{ id: 'ok', scenario: 's1', mission: 'echo', path: 'success', op: 'eq', expected: true }])).toMatchRunHash();
    expect(() => expect(runMission('echo')).not.toMatchRunHash()).toThrow('toMatchRunHash: cannot be used with .not');
  });
});

// Jest tells concurrent tests apart (currentConcurrentTestName): each pins under its own name.
describe('toMatchRunHash in test.concurrent', () => {
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  it.concurrent('pins one', async () => {
    await pause(30);
    expect(runMission('echo', {}, { n: 1 })).toMatchRunHash();
  });
  it.concurrent('pins two', async () => {
    expect(runMission('echo', {}, { n: 2 })).toMatchRunHash();
    await pause(30);
  });
});
