/**
 * The daily loop, as a team that runs it every morning would test it: the
 * steps it plans, the limits it never exceeds, and that its state is left
 * alone. Runs unchanged under Vitest and Jest (global describe/it/expect; the
 * matchers come from the `tier2-harness/vitest` or `tier2-harness/jest` setup entry).
 */
import { Orchestrator, buildWorkflow, runDailyLoop } from 'tier2-harness';

describe('the daily loop', () => {
  it('confirms priorities with a human, then runs three runtime steps', () => {
    const result = runDailyLoop({ initialState: { day: 1 } });

    expect(result).toHaveExecutedSteps(['daily-confirm-priorities', 'daily-summarise-yesterday', 'daily-generate-priorities', 'daily-log-summary']);
    expect(result.executedSteps.map((step) => step.kind)).toEqual(['human', 'runtime', 'runtime', 'runtime']);
    expect(result.receipt.id).toBe('wf-daily-loop');
  });

  it('archives the day when five steps are asked for', () => {
    expect(runDailyLoop({}, { requested_steps: 5 })).toHaveExecutedSteps([
      'daily-confirm-priorities',
      'daily-summarise-yesterday',
      'daily-generate-priorities',
      'daily-log-summary',
      'daily-archive',
    ]);
  });

  it('truncates an excessive request to the anti-failure limits instead of failing', () => {
    const workflow = buildWorkflow({ type: 'daily_loop', params: { requested_steps: 50, requested_human_steps: 9 } });

    expect(workflow).toRespectAntiFailureLimits();
    expect(new Orchestrator().runWorkflow(workflow).success).toBe(true);
  });

  it('plans a single no-op step when asked for none', () => {
    expect(runDailyLoop({}, { requested_steps: 0, requested_human_steps: 0 })).toHaveExecutedSteps(['daily-noop']);
  });

  it('leaves the initial state alone and returns a read-only result', () => {
    const initialState = { day: 7, notes: ['standup'] };
    const result = runDailyLoop({ initialState });

    expect(result.finalState).toEqual({ day: 7, notes: ['standup'] });
    expect(result.finalState).not.toBe(initialState);
    expect(initialState).toEqual({ day: 7, notes: ['standup'] });
    expect(Object.isFrozen(result.finalState)).toBe(true);
    expect(Object.isFrozen(result.executedSteps[0])).toBe(true);
  });

  it('serialises with the reference snake_case keys, metadata included only when given', () => {
    const plain = runDailyLoop({}).toDict();
    const traced = runDailyLoop({ metadata: { run_id: 'run-42', caller: 'cron' } }).toDict();

    expect(Object.keys(plain).sort()).toEqual(['error_message', 'executed_steps', 'failed_step_id', 'final_state', 'id', 'lineage', 'receipt', 'success']);
    expect(plain.receipt).not.toHaveProperty('run_id');
    expect(traced.receipt.run_id).toBe('run-42');
    expect(traced.lineage.caller).toBe('cron');
  });

  it('is deterministic for any request', () => {
    expect({ mission: 'daily_loop' }).toBeDeterministic();
    expect({ mission: 'daily_loop', params: { requested_steps: 5, requested_human_steps: 2 } }).toBeDeterministic({ runs: 5, initialState: { day: 3 } });
  });

  it('refuses a hand-made workflow over the limits, and stops at a failing step', () => {
    const planned = buildWorkflow({ type: 'daily_loop', params: { requested_steps: 5, requested_human_steps: 2 } });
    const doubled = { id: 'wf-doubled', steps: [...planned.steps, ...planned.steps.map((step) => ({ ...step, id: `${step.id}-again` }))] };
    const gated = {
      id: 'wf-gated',
      steps: [
        { id: 'check-calendar', kind: 'runtime' as const, payload: { operation: 'fail', reason: 'holiday' } },
        { id: 'daily-log-summary', kind: 'runtime' as const },
      ],
    };

    expect(doubled).not.toRespectAntiFailureLimits();
    expect(new Orchestrator().runWorkflow(gated)).toFailAtStep('check-calendar');
    expect(new Orchestrator().runWorkflow(gated).errorMessage).toBe("Step 'check-calendar' failed: holiday");
  });
});
