/**
 * Planted faults: each matcher must turn red when a deliberately broken
 * version of a mission breaks what it checks (a limit exceeded, a clock read,
 * a run that raises, a wrong step, a changed result), and stay green on the
 * sound version. Each case asserts the failure itself (what the message says),
 * not merely that something threw, so a matcher that goes blind is caught.
 *
 * The second half plants the fault behind an empty comparison (a block body
 * without `return`, expectations filtered to nothing, a time limit that lets
 * no input run): every check that compared nothing must be red too, unless the
 * test opts in (docs/guarantees.md, "No vacuous greens").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'tier2-harness/vitest';
import {
  Orchestrator,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  defineSuite,
  describeSuite,
  mission,
  runMission,
  runSuite,
  runTestRun,
  type JsonObject,
  type JsonValue,
  type MissionRegistry,
  type TestBody,
  type WorkflowDefinition,
} from 'tier2-harness';
import { inShard } from '../src/parts/shard.js';
import { fuzzMission } from 'tier2-harness/fast-check';
import { toMatchRunHash, type MatcherContext, type MatcherResult } from 'tier2-harness/matchers';
import { asyncFailureOf, failureOf } from './matchers/helpers.js';
import { tier2InProcess as tier2 } from './support/cli.js';

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

// A restock whose 'add' counts its calls in the module: not deterministic, and no ambient source to blame.
let addCalls = 0;
const counting = planted({ add: (state, payload) => ({ ...state, stock: count(state.stock) + count(payload.qty) + (addCalls += 1) }) });
const doubled = planted({ add: (state, payload) => ({ ...state, stock: count(state.stock) + 2 * count(payload.qty) }) });

/** A recording describe/it, for describeSuite: titles as paths, bodies to run by hand. */
function recorder(): { api: { describe: (name: string, body: () => void) => void; it: (name: string, body: TestBody) => void }; tests: Map<string, TestBody> } {
  const tests = new Map<string, TestBody>();
  const stack: string[] = [];
  const api = {
    describe: (name: string, body: () => void): void => {
      stack.push(name);
      body();
      stack.pop();
    },
    it: (name: string, body: TestBody): void => void tests.set([...stack, name].join(' > '), body),
  };
  return { api, tests };
}

describe('planted faults behind an empty comparison turn red, not green', () => {
  it('toBeDeterministic: a block body that forgot `return` hides a mission that is not deterministic', () => {
    expect(() => run(sound)).toBeDeterministic();
    expect(() => run(counting)).not.toBeDeterministic();
    const forgot = (): void => {
      run(counting);
    };
    expect(failureOf(() => expect(forgot).toBeDeterministic())).toContain(
      'Expected function forgot to be deterministic, but every run (3 of 3) returned undefined, so there was nothing to compare. A function with a block body returns undefined unless it says `return`',
    );
    expect(failureOf(() => expect(forgot).not.toBeDeterministic())).toContain(
      'Expected function forgot not to be deterministic, but every run (3 of 3) returned undefined',
    );
    // The opt-in: a value returned on purpose, null included.
    expect(() => null).toBeDeterministic();
  });

  it('toBeDeterministic, async: the same forgotten `return` in an async function', async () => {
    await expect(async () => (await Promise.resolve(run(sound))).toDict()).toBeDeterministic();
    const forgot = async (): Promise<void> => {
      await Promise.resolve();
      run(counting);
    };
    expect(await asyncFailureOf(() => expect(forgot).toBeDeterministic())).toContain(
      'Expected function forgot to be deterministic, but every run (3 of 3) returned undefined, so there was nothing to compare.',
    );
  });

  it('checkDeterminism: the report says nothing was compared, and is not deterministic', () => {
    const report = checkDeterminism((): void => {
      run(counting);
    });
    expect(report).toMatchObject({ deterministic: false, nothingCompared: true, errors: [] });
    expect(report.outcomes.map((outcome) => outcome.kind)).toEqual(['undefined', 'undefined', 'undefined']);
    expect(checkDeterminism(() => null)).toMatchObject({ deterministic: true, nothingCompared: false });
  });

  it('toMeetExpectations: expectations filtered to nothing hide a changed result, under .not too', () => {
    const onTuesday = stockIsFive.filter((expectation) => expectation.scenario === 'tuesday');
    expect(failureOf(() => expect(runSuite(suite, { registry: doubled })).toMeetExpectations(stockIsFive))).toContain('1 failed');
    expect(failureOf(() => expect(runSuite(suite, { registry: doubled })).toMeetExpectations(onTuesday))).toContain(
      "Expected suite result 'shop' to meet its expectations, but there are none (0 expectations), so nothing was checked.",
    );
    expect(failureOf(() => expect(runTestRun(suite, onTuesday, { registry: doubled })).toMeetExpectations())).toContain('but there are none (0 expectations)');
    expect(failureOf(() => expect(runSuite(suite, { registry: doubled })).not.toMeetExpectations(onTuesday))).toContain(
      "Expected suite result 'shop' not to meet its expectations, but there are none",
    );
    // The opt-in says an empty set is meant.
    expect(runSuite(suite, { registry: doubled })).toMeetExpectations(onTuesday, { passWithNoExpectations: true });
  });

  it('describeSuite: a suite without expectations registers a failing test; a shard that holds nothing stays valid', async () => {
    const bare = recorder();
    describeSuite(suite, [], { ...bare.api, registry: doubled });
    expect(() => bare.tests.get("suite 'shop' > has expectations")?.()).toThrow(
      "suite 'shop' has no expectations, so its tests would only check that each scenario runs",
    );
    const allowed = recorder();
    describeSuite(suite, [], { ...allowed.api, registry: doubled, passWithNoExpectations: true });
    expect([...allowed.tests.keys()]).toEqual(["suite 'shop' > scenario 'monday' > runs"]);
    const checked = recorder();
    describeSuite(suite, stockIsFive, { ...checked.api, registry: doubled });
    expect(() => checked.tests.get("suite 'shop' > scenario 'monday' > stock-5: restock final_state.stock eq 5")?.()).toThrow(
      "expectation 'stock-5' failed: eq_mismatch",
    );
    // The shard of two that does not hold 'monday' registers its part test only, and that test passes.
    const empty = inShard('monday', { index: 1, count: 2 }) ? 2 : 1;
    const shard = recorder();
    describeSuite(suite, stockIsFive, { ...shard.api, registry: doubled, shard: `${empty}/2` });
    expect([...shard.tests.keys()]).toEqual([`suite 'shop' > tier2 part: shard ${empty}/2`]);
    await shard.tests.get(`suite 'shop' > tier2 part: shard ${empty}/2`)?.();
  });

  it('fuzzMission: a time limit that lets no input run hides a mission that throws raw errors, allowInterrupted or not', () => {
    const raising = planted({
      add: () => {
        throw new Error('stock service down');
      },
    });
    expect(() => fuzzMission('restock', { registry: raising, runs: 5 })).toThrow(/invariant 'documented_errors' broken/);
    const slowParams = fc.constant(null).map((): JsonObject => {
      const start = Date.now();
      while (Date.now() - start < 20) {
        // generating the first input outlasts the time limit
      }
      return { qty: 1 };
    });
    expect(() => fuzzMission('restock', { registry: raising, params: slowParams, interruptAfterTimeLimit: 1, allowInterrupted: true })).toThrow(
      /after 0 of 100 runs.*\nThis counts as a failure, with allowInterrupted too: no input was tried, so nothing was checked\./,
    );
  });

  it('toHaveExecutedSteps([]) and toRespectAntiFailureLimits on no step compare the whole list: red when steps ran or limits break', () => {
    const none = new Orchestrator().runWorkflow({ id: 'wf-none', steps: [] }, { initialState: {} });
    expect(none).toHaveExecutedSteps([]);
    expect(failureOf(() => expect(run(sound)).toHaveExecutedSteps([]))).toContain(
      "Expected workflow 'wf-restock' to have executed exactly these steps in order; they differ from position 0.",
    );
    expect({ id: 'wf-none', steps: [] }).toRespectAntiFailureLimits();
    expect(failureOf(() => expect({ id: 'wf-none', steps: [] }).not.toRespectAntiFailureLimits())).toContain(
      "Expected workflow 'wf-none' to break an Anti-Failure limit, but it keeps all of them.",
    );
  });

  it('toMatchRunHash: nothing pinned is red in CI, where no entry may be written', () => {
    vi.stubEnv('CI', 'true');
    const fresh = mkdtempSync(join(tmpdir(), 'tier2-planted-ci-'));
    try {
      expect(failureOf(() => expect(run(doubled)).toMatchRunHashPinnedIn(fresh))).toContain('and in CI a missing entry fails rather than being written');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('tier2 run and merge: a suite whose expectations were left out fails unless --pass-with-no-expectations; a shard holding nothing is valid', async () => {
    const suiteFile = join(dir, 'echo.suite.yaml');
    const expectationsFile = join(dir, 'echo.expectations.yaml');
    writeFileSync(suiteFile, 'suite_name: echo\nscenarios:\n  - scenario_name: once\n    missions: [{ name: echo, params: { n: 1 } }]\n');
    writeFileSync(
      expectationsFile,
      'expectations:\n  - { id: n-2, scenario_name: once, mission_name: echo, path: executed_steps.0.payload.params.n, op: eq, expected: 2 }\n',
    );
    expect((await tier2(['run', suiteFile, '-e', expectationsFile])).code).toBe(1);
    const left = await tier2(['run', suiteFile]);
    expect(left.code).toBe(1);
    expect(left.out).toContain('FAIL: no expectations were given, so nothing was checked but that every mission ran without raising');
    const runs = await tier2(['run', suiteFile, '--runs', '3']);
    expect(runs.code).toBe(1);
    expect(runs.out).toContain('determinism: 3 runs, identical results');
    expect((await tier2(['run', suiteFile, '--pass-with-no-expectations'])).code).toBe(0);
    expect((await tier2(['run', suiteFile, '--runs', '1'])).code).toBe(2);
    const parts: string[] = [];
    for (const index of [1, 2]) {
      const out = join(dir, `echo-part-${index}.json`);
      expect((await tier2(['run', suiteFile, '--shard', `${index}/2`, '--out', out])).code).toBe(0);
      parts.push(out);
    }
    const emptyPart = parts.find((part) => (JSON.parse(readFileSync(part, 'utf8')) as { scenarios: unknown[] }).scenarios.length === 0);
    expect(emptyPart).toBeDefined();
    expect((await tier2(['merge', ...parts])).code).toBe(1);
    expect((await tier2(['merge', ...parts, '--pass-with-no-expectations'])).code).toBe(0);
    expect((await tier2(['merge'])).code).toBe(2);
  });

  it('tier2 compare: two empty parts still compare the suite they ran; a foreign one differs', async () => {
    const fileOf = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const one = fileOf('cmp-one.yaml', 'suite_name: one\nscenarios: []\n');
    const other = fileOf('cmp-other.yaml', 'suite_name: other\nscenarios: []\n');
    const part = async (suiteFile: string, name: string): Promise<string> => {
      const out = join(dir, name);
      expect((await tier2(['run', suiteFile, '--out', out])).code).toBe(0);
      return out;
    };
    const a = await part(one, 'cmp-a.json');
    const b = await part(one, 'cmp-b.json');
    const same = await tier2(['compare', a, b]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('0 scenarios and 0 verdicts, all the same');
    const foreign = await tier2(['compare', a, await part(other, 'cmp-c.json')]);
    expect(foreign.code).toBe(1);
    expect(foreign.out).toContain('tier2 compare: DIFFERENT');
    expect(foreign.out).toContain('suite_name: "one" → "other"');
  });
});
