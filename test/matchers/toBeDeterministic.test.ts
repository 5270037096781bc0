import { describe, expect, it } from 'vitest';
import 'tier2-harness/vitest';
import { createRegistry, defineMission, defineOperation, defineScenario, defineSuite, mission, runMission } from 'tier2-harness';
import { asyncFailureOf, failureOf } from './helpers.js';

// A custom mission whose operation reads the clock: the impurity toBeDeterministic exists to catch.
const stamp = defineOperation('stamp', (state) => ({ ...state, at: Date.now() }));
const stamped = defineMission({
  name: 'stamped',
  build: () => ({ id: 'wf-stamped', steps: [{ id: 'stamp', kind: 'runtime', payload: { operation: 'stamp' } }] }),
});
// And one that draws an id at random, so every run differs for sure.
const draw = defineOperation('draw', (state) => ({ ...state, id: crypto.randomUUID() }));
const drawn = defineMission({ name: 'drawn', build: () => ({ id: 'wf-drawn', steps: [{ id: 'draw', kind: 'runtime', payload: { operation: 'draw' } }] }) });
const registry = createRegistry([stamped, stamp, drawn, draw]);

// Differs on every call without any ambient source: state shared between runs.
let counter = 0;
const leaky = (): number => (counter += 1);

// Reads the clock but rounds it away: equal by luck only.
const lucky = (): number => Math.floor(Date.now() / 1e12);

describe('.toBeDeterministic', () => {
  it('passes on a workflow, a mission call, a scenario, a suite and a pure function', () => {
    expect({ id: 'wf', steps: [{ id: 'a', kind: 'runtime' }] }).toBeDeterministic();
    expect(mission('daily_loop', { requested_steps: 5 })).toBeDeterministic({ runs: 5 });
    const scenario = defineScenario({ name: 's', missions: [mission('echo', { x: 1 })] });
    expect(scenario).toBeDeterministic();
    expect(defineSuite({ name: 'n', scenarios: [scenario] })).toBeDeterministic();
    expect(() => runMission('run_tests')).toBeDeterministic();
  });

  it('awaits an async function', async () => {
    await expect(async () => {
      await Promise.resolve();
      return runMission('echo').toDict();
    }).toBeDeterministic();
  });

  it('names the runs, the first diverging path and the ambient source with its call site', () => {
    const message = failureOf(() => expect(mission('drawn')).toBeDeterministic({ registry }));
    expect(message).toContain("Expected mission 'drawn' to be deterministic, but run 2 of 3 differs from run 1 at 'final_state.id'.");
    expect(message).toMatch(/crypto\.randomUUID called 3 times, first at .*toBeDeterministic\.test\.ts:\d+:\d+/);
  });

  it('catches a mission that reads the clock, whether or not the runs happened to differ', () => {
    // Within one millisecond the runs agree; the Date.now call fails the check all the same.
    expect(failureOf(() => expect(mission('stamped')).toBeDeterministic({ registry }))).toMatch(
      /Date\.now called 3 times, first at .*toBeDeterministic\.test\.ts:\d+:\d+/,
    );
  });

  it('reports state shared between runs when no ambient source was called', () => {
    expect(failureOf(() => expect(leaky).toBeDeterministic())).toMatchInlineSnapshot(`
      "expect(received).toBeDeterministic(options)

      Expected function leaky to be deterministic, but run 2 of 3 differs from run 1 at the whole result.

      First diverging path: the whole result
      Run 1:                1
      Run 2:                2

      No ambient source was called; look for state shared between runs (a module-level variable, a cache) or an external input."
    `);
  });

  it('fails when an ambient source was called even if the runs agreed, unless allowed', () => {
    expect(failureOf(() => expect(lucky).toBeDeterministic())).toContain('it called ambient sources of nondeterminism, so it is equal by luck only');
    expect(lucky).toBeDeterministic({ allowAmbient: true });
  });

  it('fails an async function that diverges', async () => {
    const message = await asyncFailureOf(() => expect(async () => Promise.resolve(Math.random())).toBeDeterministic({ runs: 2 }));
    expect(message).toContain('run 2 of 2 differs from run 1 at the whole result');
    expect(message).toContain('Math.random called 2 times');
  });

  it('returns both values for the diff', () => {
    let n = 0;
    try {
      expect(() => ({ n: (n += 1) })).toBeDeterministic();
    } catch (error) {
      expect(error).toMatchObject({ expected: 1, actual: 2 });
      return;
    }
    expect.unreachable('the assertion should have failed');
  });

  it('fails when every run throws, showing the error and the runs (a misspelt mission name is not deterministic)', () => {
    const message = failureOf(() => expect(mission('inventory_reoder')).toBeDeterministic({ registry }));
    expect(message).toContain(
      "Expected mission 'inventory_reoder' to be deterministic, but every run (3 of 3) threw instead of returning a result. Pass { allowErrors: true } if throwing the same error on every run is what you mean to test.",
    );
    expect(message).toMatch(/Thrown by runs 1, 2, 3: UnknownMissionError: .*inventory_reoder/);
    expect(
      failureOf(() =>
        expect(() => {
          throw new Error('boom');
        }).toBeDeterministic(),
      ),
    ).toMatchInlineSnapshot(`
      "expect(received).toBeDeterministic(options)

      Expected function to be deterministic, but every run (3 of 3) threw instead of returning a result. Pass { allowErrors: true } if throwing the same error on every run is what you mean to test.

      Thrown by runs 1, 2, 3: Error: boom"
    `);
  });

  it('fails when some runs throw, naming those runs, and an async subject that rejects', async () => {
    let n = 0;
    const message = failureOf(() =>
      expect(() => {
        n += 1;
        if (n !== 1) throw new TypeError(`run ${n}`);
        return 1;
      }).toBeDeterministic(),
    );
    expect(message).toContain('but runs 2, 3 of 3 threw instead of returning a result');
    expect(message).toContain('Thrown by run 2: TypeError: run 2');
    expect(message).toContain('Thrown by run 3: TypeError: run 3');
    const rejected = await asyncFailureOf(() => expect(async () => Promise.reject(new RangeError('late'))).toBeDeterministic());
    expect(rejected).toContain('Thrown by runs 1, 2, 3: RangeError: late');
  });

  it('with { allowErrors: true }, the same error every time passes and different errors fail as divergence', () => {
    const always = (): never => {
      throw new Error('boom');
    };
    expect(always).toBeDeterministic({ allowErrors: true });
    expect(mission('inventory_reoder')).toBeDeterministic({ registry, allowErrors: true });
    let n = 0;
    const message = failureOf(() =>
      expect(() => {
        n += 1;
        throw new Error(`run ${n}`);
      }).toBeDeterministic({ allowErrors: true }),
    );
    expect(message).toContain("run 2 of 3 differs from run 1 at 'error.message'");
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect(42).toBeDeterministic()).toThrow('toBeDeterministic: expected a function, a workflow');
    expect(() => expect(() => 1).toBeDeterministic({ runs: 1 })).toThrow('toBeDeterministic: checkDeterminism: options.runs must be an integer >= 2, got 1');
  });
});

describe('.not.toBeDeterministic', () => {
  it('passes on a diverging function', () => {
    expect(() => Math.random()).not.toBeDeterministic();
  });

  it('fails on a subject whose runs throw too: throwing is no verdict either way', () => {
    const message = failureOf(() =>
      expect(() => {
        throw new Error('boom');
      }).not.toBeDeterministic(),
    );
    expect(message).toContain('Expected function not to be deterministic, but every run (3 of 3) threw instead of returning a result.');
    expect(message).toContain('Thrown by runs 1, 2, 3: Error: boom');
  });

  it('says why it passed', () => {
    expect(failureOf(() => expect(mission('echo')).not.toBeDeterministic())).toMatchInlineSnapshot(`
      "expect(received).not.toBeDeterministic(options)

      Expected mission 'echo' not to be deterministic, but all 3 runs produced the same result and no ambient source was called.

      Hash: 19eee43a4de8082412ee54a86617e0a52f110cb8990abba1b64b6c4de297134d"
    `);
  });
});

describe('.toBeDeterministic on a function that returns nothing', () => {
  // A block body without `return`: every run gives undefined, so equal hashes would compare nothing.
  let calls = 0;
  const forgotReturn = (): void => {
    calls += 1;
    runMission('echo', {}, { calls });
  };

  it('fails, naming the missing return, even though the mission behind it is not deterministic', () => {
    expect(failureOf(() => expect(forgotReturn).toBeDeterministic())).toMatchInlineSnapshot(`
      "expect(received).toBeDeterministic(options)

      Expected function forgotReturn to be deterministic, but every run (3 of 3) returned undefined, so there was nothing to compare. A function with a block body returns undefined unless it says \`return\`: write () => runMission(...) or () => { return runMission(...); }. Return null if "nothing" is the result you mean to compare."
    `);
    // The same subject with its return: the counter shows, and the runs differ.
    expect(() => runMission('echo', {}, { calls: (calls += 1) })).not.toBeDeterministic();
  });

  it('fails the async form too, and .not: nothing compared is no verdict either way', async () => {
    const asyncForgot = async (): Promise<void> => {
      await Promise.resolve();
      forgotReturn();
    };
    expect(await asyncFailureOf(() => expect(asyncForgot).toBeDeterministic())).toContain(
      'Expected function asyncForgot to be deterministic, but every run (3 of 3) returned undefined, so there was nothing to compare.',
    );
    expect(failureOf(() => expect(forgotReturn).not.toBeDeterministic())).toContain(
      'Expected function forgotReturn not to be deterministic, but every run (3 of 3) returned undefined',
    );
  });

  it('passes a subject that returns null on purpose, and names the runs that returned undefined when they differ from one that did not', () => {
    expect(() => null).toBeDeterministic();
    let n = 0;
    const sometimes = (): number | undefined => ((n += 1) === 2 ? 7 : undefined);
    const message = failureOf(() => expect(sometimes).toBeDeterministic());
    expect(message).toContain(
      'Expected function sometimes to be deterministic, but run 2 of 3 differs from run 1 at the whole result. Runs 1, 3 returned undefined.',
    );
    expect(message).toMatch(/Run 1: +undefined\nRun 2: +7/);
  });
});
