import { describe, expect, expectTypeOf, it } from 'vitest';
import { checkDeterminism, createRegistry, defineMission, stableHash, type DeterminismReport } from '../src/index.js';
import { roll } from './support/impure/index.js';

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

  it('treats the same error on every run as deterministic, and different errors as divergence', () => {
    expect(
      sync(
        checkDeterminism(() => {
          throw new TypeError('same');
        }),
      ).deterministic,
    ).toBe(true);
    let n = 0;
    const report = sync(
      checkDeterminism(() => {
        n += 1;
        throw new Error(`run ${n}`);
      }),
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
