/**
 * Watching the ambient sources: every source keeps its whole API while
 * watched and is reported when called; overlapping checks (async subjects,
 * concurrent tests, Promise.all) each see their own calls only; the globals
 * are the originals again once the last check ends, on every path.
 */
/* eslint-disable @typescript-eslint/unbound-method -- the tests compare watched methods by identity and read their name and length */
import nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AMBIENT_SOURCES, Tier2Error, checkDeterminism, type AmbientSource, type DeterminismReport } from '../../src/index.js';

const sync = (report: DeterminismReport | Promise<DeterminismReport>): DeterminismReport => {
  if (report instanceof Promise) throw new Error('expected a synchronous report');
  return report;
};
const sources = (report: DeterminismReport): Record<string, number> => Object.fromEntries(report.ambient.map((call) => [call.source, call.count]));

/** Every watched global, by identity. */
function watchedGlobals(): Record<string, unknown> {
  return {
    'Math.random': Math.random,
    Date,
    'Date.now': Date.now,
    'Date.prototype': Date.prototype,
    'Date.prototype.constructor': Object.getOwnPropertyDescriptor(Date.prototype, 'constructor')?.value as unknown,
    'performance.now': Object.getOwnPropertyDescriptor(performance, 'now'),
    'crypto.randomUUID': Object.getOwnPropertyDescriptor(crypto, 'randomUUID'),
    'crypto.getRandomValues': Object.getOwnPropertyDescriptor(crypto, 'getRandomValues'),
    'node:crypto randomUUID': nodeCrypto.randomUUID,
    'node:crypto randomBytes': nodeCrypto.randomBytes,
    'node:crypto getRandomValues': nodeCrypto.getRandomValues,
    'process.hrtime': process.hrtime,
    'process.hrtime.bigint': process.hrtime.bigint,
  };
}
const ORIGINALS = watchedGlobals();
const expectOriginals = (): void => {
  const now = watchedGlobals();
  for (const [name, value] of Object.entries(ORIGINALS)) expect(now[name], name).toBe(value);
};

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise with its resolve function, to finish async subjects in a chosen order. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('a watched source keeps its whole API', () => {
  it('process.hrtime.bigint works inside a watched subject and is reported', () => {
    const report = sync(checkDeterminism(() => typeof process.hrtime.bigint()));
    expect(report.outcomes[0]).toEqual({ kind: 'value', value: 'bigint' });
    expect(report.errors).toEqual([]);
    expect(sources(report)).toEqual({ 'process.hrtime.bigint': 3 });
  });

  it('functions keep their name, length and properties', () => {
    const shape = (): unknown =>
      [
        Math.random,
        Date.now,
        performance.now,
        process.hrtime,
        process.hrtime.bigint,
        crypto.randomUUID,
        crypto.getRandomValues,
        nodeCrypto.randomBytes,
        Date,
      ].map((fn) => [fn.name, fn.length, Object.keys(fn).sort().join(',')]);
    const before = shape();
    const report = sync(checkDeterminism(shape));
    expect(report.outcomes[0]).toEqual({ kind: 'value', value: before });
    expect(report.ambient).toEqual([]);
  });

  it('Date keeps its statics, new Date(x), instanceof, its prototype and constructor; only clock reads are reported', () => {
    const report = sync(
      checkDeterminism(() => {
        const fixed = new Date(0);
        return {
          utc: Date.UTC(2020, 0, 2),
          parse: Date.parse('2020-01-02T00:00:00Z'),
          fixed: fixed.toISOString(),
          fromParts: new Date(2020, 0, 2, 3).getHours(),
          instance: fixed instanceof Date,
          prototype: Object.getPrototypeOf(fixed) === Date.prototype,
          constructor: fixed.constructor === Date,
          subclass: new (class Stamp extends Date {})(5).getTime(),
        };
      }),
    );
    expect(report.outcomes[0]).toEqual({
      kind: 'value',
      value: {
        utc: 1577923200000,
        parse: 1577923200000,
        fixed: '1970-01-01T00:00:00.000Z',
        fromParts: 3,
        instance: true,
        prototype: true,
        constructor: true,
        subclass: 5,
      },
    });
    expect(report.ambient).toEqual([]);
  });

  it('every source is reported when called, once per call', () => {
    const report = sync(
      checkDeterminism(
        () => {
          Math.random();
          Date.now();
          void new Date();
          void Date();
          performance.now();
          crypto.randomUUID();
          crypto.getRandomValues(new Uint8Array(2));
          nodeCrypto.randomUUID();
          nodeCrypto.randomBytes(2);
          process.hrtime();
          process.hrtime.bigint();
          return 1;
        },
        { runs: 2 },
      ),
    );
    const expected: Record<AmbientSource, number> = {
      'Math.random': 2,
      'Date.now': 2,
      'new Date()': 4,
      'performance.now': 2,
      'crypto.randomUUID': 4,
      'crypto.getRandomValues': 2,
      'crypto.randomBytes': 2,
      'process.hrtime': 2,
      'process.hrtime.bigint': 2,
    };
    expect(sources(report)).toEqual(expected);
    expect(report.ambient.map((call) => call.source)).toEqual(AMBIENT_SOURCES);
    for (const call of report.ambient) expect(call.firstCaller, call.source).toMatch(/ambient\.test\.ts:\d+:\d+$/);
    expectOriginals();
  });
});

describe('overlapping checks', () => {
  for (const order of ['first started ends first', 'first started ends last'] as const) {
    it(`two async checks that overlap restore the globals when the last ends (${order})`, async () => {
      const gateA = gate();
      const gateB = gate();
      const a = checkDeterminism(async () => {
        await gateA.promise;
        return 'a';
      });
      const b = checkDeterminism(async () => {
        await gateB.promise;
        return 'b';
      });
      expect(Date).not.toBe(ORIGINALS.Date); // watching
      if (order === 'first started ends first') {
        gateA.open();
        expect((await a).deterministic).toBe(true);
        expect(Date).not.toBe(ORIGINALS.Date); // b still runs: still watching
        gateB.open();
        expect((await b).deterministic).toBe(true);
      } else {
        gateB.open();
        expect((await b).deterministic).toBe(true);
        expect(Date).not.toBe(ORIGINALS.Date);
        gateA.open();
        expect((await a).deterministic).toBe(true);
      }
      expectOriginals();
    });
  }

  it('a pure subject next to a clock-reading one: each gets its own verdict, and the test’s own clock reads count for neither', async () => {
    const pure = checkDeterminism(async () => {
      for (let i = 0; i < 5; i++) await tick();
      return 'pure';
    });
    const clock = checkDeterminism(async () => {
      for (let i = 0; i < 5; i++) {
        await tick();
        Math.floor(Date.now() / 1e12);
      }
      return 'clock';
    });
    Date.now(); // the test itself, outside both checks
    await tick();
    Math.random();
    const [pureReport, clockReport] = await Promise.all([pure, clock]);
    expect(pureReport.ambient).toEqual([]);
    expect(sources(clockReport)).toEqual({ 'Date.now': 15 });
    expectOriginals();
  });

  it('a clock-reading subject is still watched after a shorter check ended', async () => {
    const shortDone = gate();
    const long = checkDeterminism(
      async () => {
        await shortDone.promise;
        return Math.round(performance.now() / 1e9);
      },
      { runs: 2 },
    );
    expect((await checkDeterminism(() => Promise.resolve('short'))).ambient).toEqual([]);
    shortDone.open();
    expect(sources(await long)).toEqual({ 'performance.now': 2 });
    expectOriginals();
  });

  it('a lazy thenable (its work starts in then) is watched too', async () => {
    const lazy = { then: (resolve: (value: number) => void): void => resolve(Math.round(Math.random() / 2)) };
    expect(sources(await checkDeterminism(() => lazy as unknown as Promise<number>, { runs: 2 }))).toEqual({ 'Math.random': 2 });
    expectOriginals();
  });

  it('Promise.all of many overlapping checks: each counts its own calls', async () => {
    const reports = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        checkDeterminism(
          async () => {
            for (let k = 0; k < (i % 4) + 1; k++) await tick();
            for (let k = 0; k < i % 3; k++) Math.random();
            return i;
          },
          { runs: 2 },
        ),
      ),
    );
    expect(reports.map((report) => report.ambient[0]?.count ?? 0)).toEqual(Array.from({ length: 12 }, (_, i) => 2 * (i % 3)));
    expectOriginals();
  });

  it('a check inside another check’s subject counts for both', () => {
    let inner: DeterminismReport | undefined;
    const outer = sync(
      checkDeterminism(
        () => {
          inner = sync(checkDeterminism(() => Math.floor(Date.now() / 1e12), { runs: 2 }));
          return inner.runs;
        },
        { runs: 2 },
      ),
    );
    expect(sources(inner as DeterminismReport)).toEqual({ 'Date.now': 2 });
    expect(sources(outer)).toEqual({ 'Date.now': 4 });
    expectOriginals();
  });
});

describe('the globals are restored on every path', () => {
  it('after a synchronous throw out of the check (a result that is not JSON data)', () => {
    expect(() => checkDeterminism(() => new Map())).toThrow('the subject returned something that is not JSON data');
    expectOriginals();
  });

  it('after a rejection (an async result that is not JSON data)', async () => {
    await expect(checkDeterminism(async () => Promise.resolve(new Set()))).rejects.toThrow('the subject returned something that is not JSON data');
    expectOriginals();
  });

  it('after a timeout: a run that never settles rejects with the run and the limit, and watching stops', async () => {
    const never = new Promise<never>(() => undefined);
    const started = Date.now();
    const error: unknown = await checkDeterminism(() => never, { timeout: 50 }).catch((caught: unknown) => caught);
    expect(Tier2Error.isTier2Error(error)).toBe(true);
    expect((error as Error).message).toBe(
      "checkDeterminism: run 1 of 3 of function did not settle within 50 ms; raise options.timeout (and the test's timeout) if the runs are slow, or look for a promise that never settles",
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expectOriginals();
  });

  it('and a source replaced by someone else meanwhile is left as they set it', () => {
    const random = Math.random;
    let mine: (() => number) | undefined;
    sync(
      checkDeterminism(() => {
        mine ??= () => 0.5;
        Math.random = mine;
        return 1;
      }),
    );
    expect(Math.random).toBe(mine);
    Math.random = random;
    expectOriginals();
  });
});
