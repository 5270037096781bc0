/**
 * Planted faults: each matcher must turn red when a deliberately broken
 * version of a mission breaks what it checks (a limit exceeded, a clock read,
 * a run that raises, a wrong step, a changed result), and stay green on the
 * sound version. Each case asserts the failure itself (what the message says),
 * not merely that something threw, so a matcher that goes blind is caught.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'tier2-harness/vitest';
import {
  Orchestrator,
  createRegistry,
  defineMission,
  defineOperation,
  defineSuite,
  mission,
  runMission,
  runSuite,
  type JsonObject,
  type JsonValue,
  type MissionRegistry,
  type WorkflowDefinition,
} from 'tier2-harness';
import { toMatchRunHash, type MatcherContext, type MatcherResult } from 'tier2-harness/matchers';
import { failureOf } from './matchers/helpers.js';

declare module 'vitest' {
  interface Matchers {
    /** toMatchRunHash with its golden file in `dir` (so pinning here leaves the repository alone). */
    toMatchRunHashPinnedIn(dir: string): void;
  }
}
expect.extend({
  toMatchRunHashPinnedIn(received: unknown, dir: string): MatcherResult {
    const context: MatcherContext = { ...this, testPath: join(dir, 'planted.test.ts'), snapshotState: { _updateSnapshot: 'new' } };
    return toMatchRunHash.call(context, received);
  },
});

const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

// The sound mission: 'restock' adds params.qty to state.stock, then a person approves.
const add = defineOperation('add', (state, payload) => ({ ...state, stock: count(state.stock) + count(payload.qty) }));
const restockSteps = (qty: JsonValue): WorkflowDefinition['steps'] => [
  { id: 'count', kind: 'runtime', payload: { operation: 'add', qty } },
  { id: 'approve', kind: 'human' },
];
const restock = defineMission({ name: 'restock', build: (params) => ({ id: 'wf-restock', steps: restockSteps(params.qty ?? 1) }) });
const sound = createRegistry([restock, add]);

/** The same mission with one fault planted: another `add` operation or another template. */
function planted(fault: {
  add?: (state: JsonObject, payload: JsonObject) => JsonObject;
  steps?: (qty: JsonValue) => WorkflowDefinition['steps'];
}): MissionRegistry {
  const steps = fault.steps ?? restockSteps;
  return createRegistry([
    defineMission({ name: 'restock', build: (params) => ({ id: 'wf-restock', steps: steps(params.qty ?? 1) }) }),
    defineOperation('add', fault.add ?? ((state, payload) => ({ ...state, stock: count(state.stock) + count(payload.qty) }))),
  ]);
}

const run = (registry: MissionRegistry): ReturnType<typeof runMission> => runMission('restock', { initialState: { stock: 2 } }, { qty: 3 }, { registry });
const suite = defineSuite({ name: 'shop', scenarios: [{ name: 'monday', initialState: { stock: 2 }, missions: [mission('restock', { qty: 3 })] }] });
const stockIsFive = [{ id: 'stock-5', scenario: 'monday', mission: 'restock', path: 'final_state.stock', op: 'eq' as const, expected: 5 }];

const dir = mkdtempSync(join(tmpdir(), 'tier2-planted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  vi.stubEnv('CI', '');
  vi.stubEnv('TIER2_UPDATE_HASHES', '');
  return () => vi.unstubAllEnvs();
});

describe('planted faults turn every matcher red', () => {
  it('toMeetExpectations: a changed result (the stock doubled)', () => {
    expect(runSuite(suite, { registry: sound })).toMeetExpectations(stockIsFive);
    const doubled = planted({ add: (state, payload) => ({ ...state, stock: count(state.stock) + 2 * count(payload.qty) }) });
    const message = failureOf(() => expect(runSuite(suite, { registry: doubled })).toMeetExpectations(stockIsFive));
    expect(message).toContain("Expected suite result 'shop' to meet its expectations, but 1 failed (0 of 1 expectation passed).");
    expect(message).toMatch(/stock-5\s+monday\s+restock\s+final_state\.stock\s+eq\s+5\s+8\s+eq_mismatch/);
  });

  it('toBeDeterministic: a clock read, even when the runs agree', () => {
    expect(mission('restock', { qty: 3 })).toBeDeterministic({ registry: sound });
    const clock = planted({ add: (state, payload) => ({ ...state, stock: count(state.stock) + count(payload.qty), late: Date.now() > 4e12 }) });
    const message = failureOf(() => expect(mission('restock', { qty: 3 })).toBeDeterministic({ registry: clock }));
    expect(message).toContain(
      "Expected mission 'restock' to be deterministic: all 3 runs produced the same result, but it called ambient sources of nondeterminism",
    );
    expect(message).toMatch(/Date\.now called 3 times, first at .*planted-faults\.test\.ts:\d+:\d+/);
  });

  it('toBeDeterministic: a run that raises (every run, or only one)', () => {
    const raising = planted({
      add: () => {
        throw new Error('stock service down');
      },
    });
    const message = failureOf(() => expect(mission('restock', { qty: 3 })).toBeDeterministic({ registry: raising }));
    expect(message).toContain("Expected mission 'restock' to be deterministic, but every run (3 of 3) threw instead of returning a result.");
    expect(message).toMatch(/Thrown by runs 1, 2, 3: OperationError: .*stock service down/);
    let calls = 0;
    const once = planted({
      add: (state) => {
        calls += 1;
        if (calls === 2) throw new Error('blip');
        return state;
      },
    });
    expect(failureOf(() => expect(mission('restock')).toBeDeterministic({ registry: once }))).toMatch(
      /runs? 2 of 3 threw[\s\S]*Thrown by run 2: OperationError: .*blip/,
    );
  });

  it('toMatchRunHash: a changed result against the pinned one', () => {
    expect(run(sound)).toMatchRunHashPinnedIn(dir);
    expect(run(sound)).toMatchRunHashPinnedIn(dir);
    const offByOne = planted({ add: (state, payload) => ({ ...state, stock: count(state.stock) + count(payload.qty) + 1 }) });
    const message = failureOf(() => expect(run(offByOne)).toMatchRunHashPinnedIn(dir));
    expect(message).toContain(
      "The result of 'planted faults turn every matcher red toMatchRunHash: a changed result against the pinned one' changed since its hash was pinned",
    );
    expect(message).toMatch(/First diverging path: 'final_state\.stock'\nPinned value:\s+5\nReceived value:\s+6/);
  });

  it('toRespectAntiFailureLimits: a template that exceeds the limits', () => {
    expect({ id: 'wf-restock', steps: restockSteps(1) }).toRespectAntiFailureLimits();
    const tooMany = {
      id: 'wf-restock',
      steps: [
        ...restockSteps(1),
        { id: 'recount', kind: 'runtime' },
        { id: 'second-approval', kind: 'human' },
        { id: 'third-approval', kind: 'human' },
        { id: 'notify', kind: 'runtime' },
      ],
    };
    const message = failureOf(() => expect(tooMany).toRespectAntiFailureLimits());
    expect(message).toContain("Expected workflow 'wf-restock' to respect the Anti-Failure limits, but it breaks 2:");
    expect(message).toContain('  - 6 steps, more than the limit of 5\n  - 3 human steps, more than the limit of 2');
  });

  it('toHaveExecutedSteps: a template that runs the wrong step', () => {
    expect(run(sound)).toHaveExecutedSteps(['count', 'approve']);
    const skipsCount = planted({ steps: () => [{ id: 'approve', kind: 'human' }] });
    const message = failureOf(() => expect(run(skipsCount)).toHaveExecutedSteps(['count', 'approve']));
    expect(message).toContain("Expected workflow 'wf-restock' to have executed exactly these steps in order; they differ from position 0.");
  });

  it('toFailAtStep: the failure moved to another step, or went away', () => {
    const orchestrator = new Orchestrator();
    const guarded = (failAt: string | undefined): ReturnType<Orchestrator['runWorkflow']> =>
      orchestrator.runWorkflow(
        {
          id: 'wf-guarded',
          steps: ['check', 'ship'].map((id) => ({ id, kind: 'runtime' as const, payload: id === failAt ? { operation: 'fail', reason: 'stop' } : {} })),
        },
        { initialState: {} },
      );
    expect(guarded('check')).toFailAtStep('check');
    expect(failureOf(() => expect(guarded('ship')).toFailAtStep('check'))).toContain(
      "Expected workflow 'wf-guarded' to fail at step 'check', but it failed at step 'ship'.",
    );
    expect(failureOf(() => expect(guarded(undefined)).toFailAtStep('check'))).toContain(
      "Expected workflow 'wf-guarded' to fail at step 'check', but it succeeded (executed: check, ship).",
    );
  });
});
