import { describe, expect, it } from 'vitest';
import { AntiFailurePlanningError, DefinitionError, UnknownMissionError, buildWorkflow, canonicalJson } from '../../src/index.js';

const ids = (type: string, params?: Record<string, unknown>): string[] => buildWorkflow({ type, params: params as never }).steps.map((step) => step.id);

/** An independent model of the daily-loop template, written from the spec's words. */
function modelDailyLoop(requestedSteps: number, requestedHumanSteps: number): string[] {
  const total = Math.max(0, Math.min(requestedSteps, 5));
  const human = Math.max(0, Math.min(requestedHumanSteps, 2));
  const out: string[] = human >= 1 ? ['daily-confirm-priorities'] : [];
  for (const id of ['daily-summarise-yesterday', 'daily-generate-priorities', 'daily-log-summary', 'daily-archive']) if (out.length < total) out.push(id);
  return out.length === 0 ? ['daily-noop'] : out;
}

describe('buildWorkflow', () => {
  it('BLD-H5: the default daily loop has 4 steps, 1 human and 3 runtime; requested_steps 5 adds daily-archive', () => {
    const workflow = buildWorkflow({ type: 'daily_loop' });
    expect(workflow.id).toBe('wf-daily-loop');
    expect(workflow.steps.map((step) => [step.id, step.kind])).toEqual([
      ['daily-confirm-priorities', 'human'],
      ['daily-summarise-yesterday', 'runtime'],
      ['daily-generate-priorities', 'runtime'],
      ['daily-log-summary', 'runtime'],
    ]);
    expect(ids('daily_loop', { requested_steps: 5 })).toEqual([
      'daily-confirm-priorities',
      'daily-summarise-yesterday',
      'daily-generate-priorities',
      'daily-log-summary',
      'daily-archive',
    ]);
  });

  it('BLD-H2: requested_steps and requested_human_steps are upper bounds clamped to [0, 5] and [0, 2]', () => {
    expect(ids('daily_loop', { requested_steps: 99, requested_human_steps: 99 })).toHaveLength(5);
    expect(ids('daily_loop', { requested_steps: -3, requested_human_steps: -1 })).toEqual(['daily-noop']);
    expect(ids('daily_loop', { requested_steps: 0 })).toEqual(['daily-confirm-priorities']);
    expect(buildWorkflow({ type: 'daily_loop', params: { requested_human_steps: 2 } }).steps.filter((step) => step.kind === 'human')).toHaveLength(1);
  });

  it('BLD-H2: a non-integer bound is a clear DefinitionError', () => {
    for (const bad of [2.5, '3', true, null, [1]]) {
      expect(() => buildWorkflow({ type: 'daily_loop', params: { requested_steps: bad } })).toThrow(DefinitionError);
    }
    expect(() => buildWorkflow({ type: 'daily_loop', params: { requested_human_steps: 1.5 } })).toThrow(
      "mission 'daily_loop': params.requested_human_steps must be an integer (it is an upper bound, clamped to the Anti-Failure limits), got 1.5",
    );
  });

  it('BLD-H6: the remaining slots drive expansion, equivalent to the reference for every request in range and beyond', () => {
    for (let total = -2; total <= 7; total++) {
      for (let human = -1; human <= 3; human++) {
        expect(ids('daily_loop', { requested_steps: total, requested_human_steps: human }), `${total}/${human}`).toEqual(modelDailyLoop(total, human));
      }
    }
  });

  it('BLD-H3: excessive requests are truncated, never an AntiFailurePlanningError, for every built-in mission', () => {
    for (const params of [{ requested_steps: 1e9, requested_human_steps: 1e9 }, { requested_steps: -1e9 }, {}]) {
      expect(() => buildWorkflow({ type: 'daily_loop', params })).not.toThrow();
    }
    expect(() => buildWorkflow({ type: 'echo', params: { requested_steps: 100 } })).not.toThrow();
  });

  it('BLD-H1: every built workflow carries { mission_type, params } with params sorted, and no duplicate type key', () => {
    for (const type of ['daily_loop', 'run_tests', 'echo']) {
      const metadata = buildWorkflow({ type, params: { zeta: 1, alpha: 2 } }).metadata;
      expect(Object.keys(metadata)).toEqual(['mission_type', 'params']);
      expect(metadata.mission_type).toBe(type);
      expect(Object.keys(metadata.params)).toEqual(['alpha', 'zeta']);
    }
    expect(canonicalJson(buildWorkflow({ type: 'run_tests', params: { target: 'unit' } }).metadata)).toBe(
      '{"mission_type":"run_tests","params":{"target":"unit"}}',
    );
  });

  it('run_tests names its target in the step descriptions (default all); echo carries its params', () => {
    const runTests = buildWorkflow({ type: 'run_tests', params: { target: 'api' } });
    expect(runTests.id).toBe('wf-run-tests');
    expect(runTests.steps.map((step) => step.payload.description)).toEqual(['Discover tests in api', 'Execute tests for api', 'Generate test report']);
    expect(buildWorkflow({ type: 'run_tests' }).steps[0]?.payload.description).toBe('Discover tests in all');
    expect(() => buildWorkflow({ type: 'run_tests', params: { target: 3 } })).toThrow('params.target must be a string, got a number');
    const echo = buildWorkflow({ type: 'echo', params: { b: [1], a: 'x' } });
    expect(echo.steps).toEqual([
      { id: 'echo-step', kind: 'runtime', payload: { description: 'Echo workflow step', operation: 'noop', params: { a: 'x', b: [1] } } },
    ]);
  });

  it('an unknown mission type is an UnknownMissionError listing the known ones', () => {
    let error: unknown;
    try {
      buildWorkflow({ type: 'deploy' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownMissionError);
    // With the built-in registry the message also says how custom missions are reached: pass { registry }.
    expect((error as Error).message).toBe(
      "unknown mission 'deploy'; known missions: 'daily_loop', 'echo', 'run_tests' (this is the built-in registry: a custom mission runs only through the registry that holds it; pass { registry } made by createRegistry to the function or matcher that runs it)",
    );
    expect((error as UnknownMissionError).knownMissions).toEqual(['daily_loop', 'echo', 'run_tests']);
  });

  it('is pure: it never mutates its params and returns a deep-frozen workflow', () => {
    const params = { requested_steps: 5, extra: { list: [1] } };
    const workflow = buildWorkflow({ type: 'daily_loop', params });
    expect(params).toEqual({ requested_steps: 5, extra: { list: [1] } });
    expect(Object.isFrozen(workflow.steps[0]?.payload)).toBe(true);
    expect(Object.isFrozen(workflow.metadata.params)).toBe(true);
    expect(workflow.metadata.params).not.toBe(params);
  });

  it('rejects a malformed request', () => {
    expect(() => buildWorkflow(null as never)).toThrow('buildWorkflow: expected { type, params? }, got null');
    expect(() => buildWorkflow({ type: 5 } as never)).toThrow('buildWorkflow: type: expected a mission name (string), got a number');
    expect(() => buildWorkflow({ type: 'echo', params: [1] as never })).toThrow(DefinitionError);
  });

  it('AntiFailurePlanningError is not raised for any built-in template (BLD-H3), only for misconfigured ones (see test/extension.test.ts)', () => {
    expect(AntiFailurePlanningError.isAntiFailurePlanningError(new Error('x'))).toBe(false);
  });
});
