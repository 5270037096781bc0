import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AntiFailureViolation,
  DefinitionError,
  EnvelopeViolation,
  OperationError,
  Orchestrator,
  UnknownOperationError,
  canonicalJson,
  defineOperation,
  defineWorkflow,
  type OrchestrationResult,
  type Step,
  type WorkflowDefinition,
} from '../../src/index.js';

const twoSteps = (): WorkflowDefinition => ({
  id: 'wf-a',
  steps: [
    { id: 's1', kind: 'human', payload: { description: 'look' } },
    { id: 's2', kind: 'runtime', payload: { operation: 'noop', data: { n: 1 } } },
  ],
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Orchestrator.runWorkflow', () => {
  it('runs noop and human steps and records them all', () => {
    const result = new Orchestrator().runWorkflow(twoSteps(), { initialState: { count: 1 } });
    expect(result.success).toBe(true);
    expect(result.executedSteps.map((step) => step.id)).toEqual(['s1', 's2']);
    expect(result.finalState).toEqual({ count: 1 });
    expect(result.toDict()).toEqual({
      id: 'wf-a',
      success: true,
      executed_steps: [
        { id: 's1', kind: 'human', payload: { description: 'look' } },
        { id: 's2', kind: 'runtime', payload: { operation: 'noop', data: { n: 1 } } },
      ],
      final_state: { count: 1 },
      failed_step_id: null,
      error_message: null,
      lineage: { executed_step_ids: ['s1', 's2'], workflow_id: 'wf-a' },
      receipt: { id: 'wf-a', steps: ['s1', 's2'] },
    });
  });

  it('stops at a fail step, records it as executed, and skips the rest', () => {
    const result = new Orchestrator().runWorkflow({
      id: 'wf-f',
      steps: [
        { id: 'a', kind: 'runtime' },
        { id: 'b', kind: 'runtime', payload: { operation: 'fail', reason: 'disk full' } },
        { id: 'c', kind: 'runtime' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.failedStepId).toBe('b');
    expect(result.errorMessage).toBe("Step 'b' failed: disk full");
    expect(result.receipt.steps).toEqual(['a', 'b']);
  });

  it("uses 'unspecified' when a fail step gives no reason", () => {
    const result = new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'x', kind: 'runtime', payload: { operation: 'fail' } }] });
    expect(result.errorMessage).toBe("Step 'x' failed: unspecified");
  });

  it('treats a human step asking for fail as a recorded human step that changes nothing', () => {
    const result = new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'h', kind: 'human', payload: { operation: 'fail' } }] });
    expect(result.success).toBe(true);
  });

  it('rejects a non-string reason on a fail step before running', () => {
    const error = thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'x', kind: 'runtime', payload: { operation: 'fail', reason: 5 } }] }));
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toContain('payload.reason');
  });

  it('validates kinds before limits: a bad kind wins over too many steps', () => {
    const steps = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, kind: i === 6 ? 'shell' : 'runtime' }));
    const error = thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps } as never));
    expect(error).toBeInstanceOf(EnvelopeViolation);
    expect((error as Error).message).toBe("runWorkflow 'wf': step 's6' (steps[6]) has kind 'shell'; allowed kinds: 'runtime', 'human'");
  });

  it('enforces the Anti-Failure limits: at most 5 steps and 2 human steps', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, kind: 'runtime' as const }));
    expect(thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: six }))).toBeInstanceOf(AntiFailureViolation);
    const humans = Array.from({ length: 3 }, (_, i) => ({ id: `h${i}`, kind: 'human' as const }));
    const error = thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: humans }));
    expect(error).toBeInstanceOf(AntiFailureViolation);
    expect((error as Error).message).toContain('3 human steps; the Anti-Failure limit is 2');
    expect(new Orchestrator().runWorkflow({ id: 'wf', steps: six.slice(0, 5) }).success).toBe(true);
  });

  it('ORCH-H1: the operation set is closed; an unknown operation fails before any step runs, naming the step and the known operations', () => {
    let calls = 0;
    const counted = defineOperation('counted', (state) => {
      calls += 1;
      return state;
    });
    const orchestrator = new Orchestrator({ operations: [counted] });
    const error = thrown(() =>
      orchestrator.runWorkflow({
        id: 'wf',
        steps: [
          { id: 'first', kind: 'runtime', payload: { operation: 'counted' } },
          { id: 'second', kind: 'runtime', payload: { operation: 'deploy' } },
        ],
      }),
    );
    expect(error).toBeInstanceOf(UnknownOperationError);
    expect(error).toBeInstanceOf(EnvelopeViolation);
    expect((error as Error).message).toBe(
      "runWorkflow 'wf': step 'second' (steps[1]) asks for operation 'deploy', which is not known; known operations: 'counted', 'fail', 'noop'",
    );
    expect((error as UnknownOperationError).knownOperations).toEqual(['counted', 'fail', 'noop']);
    expect(calls).toBe(0);
  });

  it('ORCH-H1: a non-string operation is unknown, and human steps are not checked', () => {
    expect(thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'a', kind: 'runtime', payload: { operation: null } }] }))).toBeInstanceOf(
      UnknownOperationError,
    );
    expect(new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'a', kind: 'human', payload: { operation: 'deploy' } }] }).success).toBe(true);
  });

  it('ORCH-H2: executed steps are deep-frozen snapshots; mutating the workflow afterwards changes nothing', () => {
    const workflow = {
      id: 'wf',
      steps: [{ id: 's', kind: 'runtime' as const, payload: { operation: 'noop', nested: { list: [1, 2] } } }],
    };
    const result = new Orchestrator().runWorkflow(workflow);
    const before = canonicalJson(result.toDict());
    workflow.steps[0]!.payload.nested.list.push(3);
    workflow.steps[0]!.id = 'renamed';
    workflow.steps.push({ id: 'extra', kind: 'runtime', payload: { operation: 'noop', nested: { list: [] } } });
    expect(canonicalJson(result.toDict())).toBe(before);
    expect(Object.isFrozen(result.executedSteps[0]!.payload)).toBe(true);
    expect(result.executedSteps[0]!.payload).not.toBe(workflow.steps[0]!.payload);
  });

  it('ORCH-H3: metadata surfaces caller and policy_version in lineage and run_id in receipt, only when given', () => {
    const plain = new Orchestrator().runWorkflow(twoSteps());
    const withMetadata = new Orchestrator().runWorkflow(twoSteps(), { metadata: { run_id: 'r-7', caller: 'ci', policy_version: 'v2' } });
    expect(withMetadata.toDict().lineage).toEqual({ executed_step_ids: ['s1', 's2'], workflow_id: 'wf-a', caller: 'ci', policy_version: 'v2' });
    expect(withMetadata.toDict().receipt).toEqual({ id: 'wf-a', steps: ['s1', 's2'], run_id: 'r-7' });
    expect(withMetadata.lineage.policyVersion).toBe('v2');
    expect(withMetadata.receipt.runId).toBe('r-7');
    // Without metadata the output is the reference's, byte for byte.
    expect(canonicalJson(plain.toDict())).toBe(canonicalJson(new Orchestrator().runWorkflow(twoSteps(), { metadata: {} }).toDict()));
    expect(plain.toDict().lineage).not.toHaveProperty('caller');
    expect(plain.toDict().receipt).not.toHaveProperty('run_id');
  });

  it('ORCH-H3: metadata has a fixed schema: unknown keys and non-strings are rejected', () => {
    const unknown = thrown(() => new Orchestrator().runWorkflow(twoSteps(), { metadata: { runId: 'x' } as never }));
    expect(unknown).toBeInstanceOf(DefinitionError);
    expect((unknown as Error).message).toBe('runWorkflow: metadata.runId: unknown key; allowed keys: caller, policy_version, run_id');
    expect(thrown(() => new Orchestrator().runWorkflow(twoSteps(), { metadata: { caller: 7 } as never }))).toBeInstanceOf(DefinitionError);
  });

  it('ORCH-H4: a payload must be a plain object of JSON data; the error names the step and the offending path', () => {
    const run = (payload: unknown): unknown =>
      thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: [{ id: 'p', kind: 'runtime', payload: payload as never }] }));
    for (const bad of [[1, 2], 'text', null, new Date(0), new Map()]) {
      const error = run(bad);
      expect(error).toBeInstanceOf(DefinitionError);
      expect((error as Error).message).toContain("step 'p' (steps[0])");
    }
    const nested = run({ operation: 'noop', data: { when: new Date(0) } });
    expect((nested as DefinitionError).path).toBe('steps[0].payload.data.when');
    expect((nested as Error).message).toContain('a Date instance is not JSON data');
    expect((run({ n: Number.NaN }) as Error).message).toContain('NaN is not a finite number');
    expect((run({ f: () => 1 }) as Error).message).toContain('a function is not JSON data');
  });

  it('checks payloads only after kinds and limits (validation order)', () => {
    const error = thrown(() =>
      new Orchestrator().runWorkflow({
        id: 'wf',
        steps: [
          { id: 'a', kind: 'runtime', payload: { bad: undefined } },
          { id: 'b', kind: 'robot' },
        ],
      } as never),
    );
    expect(error).toBeInstanceOf(EnvelopeViolation);
  });

  it('rejects malformed workflows with a DefinitionError that says where', () => {
    expect((thrown(() => new Orchestrator().runWorkflow({ id: 'wf', steps: 'nope' } as never)) as Error).message).toBe(
      "runWorkflow 'wf': steps: expected an array of steps, got a string",
    );
    expect((thrown(() => new Orchestrator().runWorkflow({ steps: [] } as never)) as Error).message).toContain('needs an id');
    const duplicate = thrown(() =>
      new Orchestrator().runWorkflow({
        id: 'wf',
        steps: [
          { id: 'x', kind: 'runtime' },
          { id: 'x', kind: 'human' },
        ],
      }),
    );
    expect((duplicate as Error).message).toContain("step id 'x' is used twice");
  });

  it('HB-T2-REG-01: id and name must agree; either alone fills the other', () => {
    const error = thrown(() => defineWorkflow({ id: 'a', name: 'b', steps: [] }));
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toBe("defineWorkflow: id 'a' and name 'b' differ; give one of them, or the same value in both");
    expect(defineWorkflow({ name: 'only-name', steps: [] }).id).toBe('only-name');
    expect(defineWorkflow({ id: 'only-id', steps: [] }).name).toBe('only-id');
    expect(defineWorkflow({ id: 'same', name: 'same', steps: [] }).id).toBe('same');
  });

  it('DLR-H1: the final state is a fresh, deep-frozen object, never the caller’s, and equal to it when nothing changed', () => {
    const initialState = { nested: { count: 1 }, list: [1] };
    const result = new Orchestrator().runWorkflow(twoSteps(), { initialState });
    expect(result.finalState).not.toBe(initialState);
    expect(result.finalState).toEqual(initialState);
    expect(Object.isFrozen(result.finalState)).toBe(true);
    expect(Object.isFrozen(result.finalState.nested)).toBe(true);
    initialState.nested.count = 99;
    expect(result.finalState).toEqual({ nested: { count: 1 }, list: [1] });
    const again = new Orchestrator().runWorkflow(twoSteps(), { initialState: { nested: { count: 1 }, list: [1] } });
    expect(again.finalState).not.toBe(result.finalState);
  });

  it('never mutates deep-frozen inputs and returns deep-frozen results', () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null) {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
      }
      return value;
    };
    const workflow = deepFreeze(twoSteps());
    const result = new Orchestrator().runWorkflow(workflow, deepFreeze({ initialState: { a: { b: [1] } }, metadata: { caller: 'x' } }));
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.toDict().lineage.executed_step_ids)).toBe(true);
    expect(() => {
      (result as { success: boolean }).success = false;
    }).toThrow(TypeError);
  });

  it('types results as read-only', () => {
    const result: OrchestrationResult = new Orchestrator().runWorkflow(twoSteps());
    expectTypeOf(result.executedSteps).toEqualTypeOf<readonly Step[]>();
    expect(() => {
      // @ts-expect-error results are read-only in their types, and frozen at runtime
      result.finalState.extra = 1;
    }).toThrow(TypeError);
  });
});

describe('custom operations', () => {
  const increment = defineOperation('increment', (state, payload) => ({
    ...state,
    count: (typeof state.count === 'number' ? state.count : 0) + (typeof payload.by === 'number' ? payload.by : 1),
  }));
  const guard = defineOperation('guard', (state, _payload, context) => (state.count === 2 ? context.fail(`count reached 2 in ${context.stepId}`) : state));

  it('applies pure transitions in order and can fail a step with a reason', () => {
    const orchestrator = new Orchestrator({ operations: [increment, guard] });
    const result = orchestrator.runWorkflow(
      {
        id: 'wf-count',
        steps: [
          { id: 'one', kind: 'runtime', payload: { operation: 'increment' } },
          { id: 'check-1', kind: 'runtime', payload: { operation: 'guard' } },
          { id: 'two', kind: 'runtime', payload: { operation: 'increment' } },
          { id: 'check-2', kind: 'runtime', payload: { operation: 'guard' } },
          { id: 'three', kind: 'runtime', payload: { operation: 'increment' } },
        ],
      },
      { initialState: { count: 0 } },
    );
    expect(result.success).toBe(false);
    expect(result.errorMessage).toBe("Step 'check-2' failed: count reached 2 in check-2");
    expect(result.finalState).toEqual({ count: 2 });
  });

  it('an operation that mutates its input fails loudly and corrupts nothing', () => {
    const mutating = defineOperation('mutating', (state) => {
      (state as Record<string, unknown>).count = 42;
      return state;
    });
    const initialState = { count: 1 };
    const error = thrown(() =>
      new Orchestrator({ operations: [mutating] }).runWorkflow(
        { id: 'wf', steps: [{ id: 'm', kind: 'runtime', payload: { operation: 'mutating' } }] },
        { initialState },
      ),
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toMatch(
      /^operation 'mutating' in step 'm' of workflow 'wf' tried to mutate its input \(state and payload are deep-frozen; return a new object instead\)/,
    );
    expect(initialState).toEqual({ count: 1 });
  });

  it('an operation that returns non-JSON data is a clear error naming the step and the path', () => {
    const dated = defineOperation('dated', (state) => ({ ...state, at: new Date(0) as never }));
    const error = thrown(() =>
      new Orchestrator({ operations: [dated] }).runWorkflow({ id: 'wf', steps: [{ id: 'd', kind: 'runtime', payload: { operation: 'dated' } }] }),
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toContain(
      "operation 'dated' in step 'd' returned a state that is not JSON data: state.at: a Date instance is not JSON data",
    );
    const nothing = defineOperation('nothing', () => undefined as never);
    expect(
      (
        thrown(() =>
          new Orchestrator({ operations: [nothing] }).runWorkflow({ id: 'wf', steps: [{ id: 'n', kind: 'runtime', payload: { operation: 'nothing' } }] }),
        ) as Error
      ).message,
    ).toContain('returned undefined; it must return the next state as a plain JSON object');
  });

  it('an operation that throws is wrapped with its step, keeping the cause', () => {
    const boom = new Error('boom');
    const throwing = defineOperation('throwing', () => {
      throw boom;
    });
    const error = thrown(() =>
      new Orchestrator({ operations: [throwing] }).runWorkflow({ id: 'wf', steps: [{ id: 't', kind: 'runtime', payload: { operation: 'throwing' } }] }),
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as OperationError).cause).toBe(boom);
    expect((error as OperationError).stepId).toBe('t');
  });

  it('defineOperation rejects bad names, built-in names and non-functions', () => {
    expect(() => defineOperation('noop', (s) => s)).toThrow("defineOperation: 'noop' is a built-in operation and cannot be redefined");
    expect(() => defineOperation('has space', (s) => s)).toThrow(DefinitionError);
    expect(() => defineOperation('ok', 5 as never)).toThrow('apply must be a function');
    expect(() => new Orchestrator({ operations: [increment, increment] })).toThrow("operation 'increment' is registered twice");
  });
});
