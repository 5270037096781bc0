import { describe, expect, expectTypeOf, it } from 'vitest';
import { checkDeterminism, createRegistry, defineMission, stableHash, type DeterminismReport } from '../../src/index.js';
import { roll } from '../support/impure/index.js';

const sync = (report: DeterminismReport | Promise<DeterminismReport>): DeterminismReport => {
  if (report instanceof Promise) throw new Error('expected a synchronous report');
  return report;
};

describe('checkDeterminism', () => {
  it('names the first call site of an ambient source, also when the caller lives in an index.ts', () => {
    const registry = createRegistry([
      roll,
      defineMission({ name: 'dice', build: () => ({ id: 'wf-dice', steps: [{ id: 'roll', kind: 'runtime', payload: { operation: 'roll' } }] }) }),
    ]);
    const report = sync(checkDeterminism({ mission: 'dice' }, { registry }));
    expect(report.deterministic).toBe(false);
    expect(report.divergence?.path).toBe('final_state.dice');
    expect(report.ambient).toHaveLength(1);
    expect(report.ambient[0]?.source).toBe('Math.random');
    expect(report.ambient[0]?.firstCaller).toMatch(/test[\\/]support[\\/]impure[\\/]index\.ts:\d+:\d+$/);
  });

  it('restores every watched global afterwards, also when a run throws', () => {
    const random = Math.random;
    const now = Date.now;
    const DateBefore = Date;
    sync(
      checkDeterminism(() => {
        throw new Error('always');
      }),
    );
    expect(Math.random).toBe(random);
    expect(Date.now).toBe(now);
    expect(Date).toBe(DateBefore);
  });

  it('with allowErrors, treats the same error on every run as deterministic, and different errors as divergence', () => {
    expect(
      sync(
        checkDeterminism(
          () => {
            throw new TypeError('same');
          },
          { allowErrors: true },
        ),
      ).deterministic,
    ).toBe(true);
    let n = 0;
    const report = sync(
      checkDeterminism(
        () => {
          n += 1;
          throw new Error(`run ${n}`);
        },
        { allowErrors: true },
      ),
    );
    expect(report.deterministic).toBe(false);
    expect(report.divergence).toMatchObject({ path: 'error.message', left: 'run 1', right: 'run 2', firstRun: 1, otherRun: 2 });
  });

  it('awaits async subjects and checks the option values', async () => {
    const report = await checkDeterminism(async () => ({ value: await Promise.resolve(1) }), { runs: 4 });
    expect(report.runs).toBe(4);
    expect(report.deterministic).toBe(true);
    // Each run is compared by the hash of { value } (or { error: { name, message } }).
    expect(report.hashes[0]).toBe(stableHash({ value: { value: 1 } }));
    expect(
      checkDeterminism(() => {
        throw new TypeError('same');
      }).hashes[0],
    ).toBe(stableHash({ error: { name: 'TypeError', message: 'same' } }));
    expect(() => checkDeterminism(() => 1, { runs: 1 })).toThrow('checkDeterminism: options.runs must be an integer >= 2, got 1');
    expect(() => checkDeterminism({ nothing: true } as never)).toThrow('checkDeterminism: cannot tell what to run');
  });
});

describe('checkDeterminism types', () => {
  it('types a synchronous subject as a report and an async function as a promise', () => {
    expectTypeOf(checkDeterminism(() => 1)).toEqualTypeOf<DeterminismReport>();
    expectTypeOf(checkDeterminism({ mission: 'echo' })).toEqualTypeOf<DeterminismReport>();
    expectTypeOf(checkDeterminism(() => Promise.resolve(1))).toEqualTypeOf<Promise<DeterminismReport>>();
    expectTypeOf(
      checkDeterminism((): never => {
        throw new Error('always');
      }),
    ).toEqualTypeOf<DeterminismReport>();
    expect(checkDeterminism(() => 1).deterministic).toBe(true);
  });
});

describe('checkDeterminism: runs that throw', () => {
  it('a subject whose every run throws is not deterministic by default; the report names the error and its runs', () => {
    const report = sync(
      checkDeterminism(() => {
        throw new Error('boom');
      }),
    );
    expect(report.deterministic).toBe(false);
    expect(report.divergence).toBeUndefined();
    expect(report.errors).toEqual([{ name: 'Error', message: 'boom', runs: [1, 2, 3] }]);
  });

  it('a misspelt mission name (UnknownMissionError on every run) is not deterministic', () => {
    const report = checkDeterminism({ mission: 'inventory_reoder' }, { registry: createRegistry([]) });
    expect(report.deterministic).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ name: 'UnknownMissionError', runs: [1, 2, 3] });
    expect(report.errors[0]?.message).toContain('inventory_reoder');
  });

  it('one run in several that throws makes the report not deterministic, also with allowErrors', () => {
    let n = 0;
    const flaky = (): number => {
      n += 1;
      if (n === 2) throw new RangeError('second time');
      return 1;
    };
    const report = sync(checkDeterminism(flaky, { runs: 3 }));
    expect(report.deterministic).toBe(false);
    expect(report.errors).toEqual([{ name: 'RangeError', message: 'second time', runs: [2] }]);
    n = 0;
    expect(sync(checkDeterminism(flaky, { allowErrors: true })).deterministic).toBe(false);
  });

  it('an async subject that rejects every time is not deterministic by default, and is with allowErrors', async () => {
    const rejects = async (): Promise<never> => Promise.reject(new TypeError('nope'));
    const report = await checkDeterminism(rejects);
    expect(report.deterministic).toBe(false);
    expect(report.errors).toEqual([{ name: 'TypeError', message: 'nope', runs: [1, 2, 3] }]);
    expect((await checkDeterminism(rejects, { allowErrors: true })).deterministic).toBe(true);
  });

  it('refuses an allowErrors or timeout that is not what it says', () => {
    expect(() => checkDeterminism(() => 1, { allowErrors: 'yes' as never })).toThrow('checkDeterminism: options.allowErrors must be a boolean, got a string');
    expect(() => checkDeterminism(() => 1, { timeout: 0 })).toThrow('checkDeterminism: options.timeout must be a number of milliseconds > 0');
  });
});

describe('checkDeterminism: the async path records each run', () => {
  it('a run after the first that throws synchronously is that run’s outcome, not a rejected report', async () => {
    let n = 0;
    const subject = (): Promise<number> => {
      n += 1;
      if (n === 2) throw new Error('sync on run 2');
      return Promise.resolve(7);
    };
    const report = await checkDeterminism(subject, { allowErrors: true });
    expect(report.runs).toBe(3);
    expect(report.outcomes.map((outcome) => outcome.kind)).toEqual(['value', 'error', 'value']);
    expect(report.errors).toEqual([{ name: 'Error', message: 'sync on run 2', runs: [2] }]);
    expect(report.divergence).toMatchObject({ firstRun: 1, otherRun: 2 });
    expect(report.deterministic).toBe(false);
  });

  it('a first run that throws synchronously and later runs that return promises: every run is awaited', async () => {
    let n = 0;
    const subject = (): Promise<number> => {
      n += 1;
      if (n === 1) throw new Error('only the first');
      return Promise.resolve(1);
    };
    const report = await checkDeterminism(subject);
    expect(report.outcomes.map((outcome) => outcome.kind)).toEqual(['error', 'value', 'value']);
    expect(report.outcomes[1]).toEqual({ kind: 'value', value: 1 });
  });
});

describe('checkDeterminism: options are read like every other definition', () => {
  it('refuses a misspelt option with the closest known one, instead of ignoring the check it names', () => {
    // `allowError` ignored would mean a raising subject is judged without the option the user meant.
    expect(() => checkDeterminism(() => 1, { allowError: true } as never)).toThrow(
      /checkDeterminism: .*allowError.*unknown field; did you mean 'allowErrors'\?/,
    );
    expect(() => checkDeterminism(() => 1, { run: 5 } as never)).toThrow(/did you mean 'runs'\?/);
  });
});

describe('checkDeterminism: runs that return undefined', () => {
  it('every run undefined: nothing compared, so not deterministic, with each outcome recorded as undefined', async () => {
    const report = sync(
      checkDeterminism(() => {
        Math.max(1, 2);
      }),
    );
    expect(report).toMatchObject({ deterministic: false, nothingCompared: true, errors: [] });
    expect(report.divergence).toBeUndefined();
    expect(report.outcomes).toEqual([{ kind: 'undefined' }, { kind: 'undefined' }, { kind: 'undefined' }]);
    expect(report.hashes[0]).toBe(stableHash({}));
    const settled = await checkDeterminism(async () => {
      await Promise.resolve();
    });
    expect(settled).toMatchObject({ deterministic: false, nothingCompared: true });
  });

  it('null on purpose is a value: compared, and deterministic', () => {
    const report = sync(checkDeterminism(() => null));
    expect(report).toMatchObject({ deterministic: true, nothingCompared: false });
    expect(report.hashes[0]).toBe(stableHash({ value: null }));
  });

  it('undefined and null differ: a subject that returns either is not deterministic, and not "nothing compared"', () => {
    let n = 0;
    const report = sync(checkDeterminism(() => ((n += 1) === 2 ? null : undefined)));
    expect(report).toMatchObject({ deterministic: false, nothingCompared: false, divergence: { firstRun: 1, otherRun: 2, path: '' } });
    expect(report.outcomes[1]).toEqual({ kind: 'value', value: null });
  });

  it('undefined runs beside errors: the errors decide, with allowErrors too', () => {
    let n = 0;
    const report = sync(
      checkDeterminism(
        () => {
          n += 1;
          if (n === 3) throw new Error('late');
        },
        { allowErrors: true },
      ),
    );
    expect(report).toMatchObject({ deterministic: false, nothingCompared: false, divergence: { otherRun: 3 } });
  });
});
