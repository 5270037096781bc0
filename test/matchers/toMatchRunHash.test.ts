import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'tier2-harness/vitest';
import { runMission, runTestRun } from 'tier2-harness';
import { goldenFileOf, toMatchRunHash, type MatcherContext, type MatcherResult } from 'tier2-harness/matchers';
import { failureOf } from './helpers.js';

declare module 'vitest' {
  interface Matchers {
    /** toMatchRunHash as if the test file lived in `dir`, with the given snapshot update mode. */
    toMatchRunHashIn(dir: string, mode: 'all' | 'new' | 'none', name?: string): void;
    /** The same with a context as Vitest 3 gives matchers: no \`task\`, and the name of the test that started last. */
    toMatchRunHashAsVitest3(dir: string, lastStarted: string): void;
  }
}

expect.extend({
  toMatchRunHashIn(received: unknown, dir: string, mode: string, name?: string): MatcherResult {
    const context: MatcherContext = { ...this, testPath: join(dir, 'pinned.test.ts'), snapshotState: { _updateSnapshot: mode } };
    return toMatchRunHash.call(context, received, name);
  },
  toMatchRunHashAsVitest3(received: unknown, dir: string, lastStarted: string): MatcherResult {
    const { task: _task, ...vitest3 } = this as typeof this & { task?: unknown };
    const context: MatcherContext = {
      ...vitest3,
      currentTestName: lastStarted,
      testPath: join(dir, 'pinned.test.ts'),
      snapshotState: { _updateSnapshot: 'new' },
    };
    return toMatchRunHash.call(context, received);
  },
});

const echo = (x: number) => runMission('echo', {}, { x });
let dir = '';
const golden = (): Record<string, { hash: string; result: unknown }> =>
  JSON.parse(readFileSync(join(dir, '__tier2__', 'pinned.test.ts.json'), 'utf8')) as never;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tier2-run-hash-'));
  vi.stubEnv('CI', '');
  vi.stubEnv('TIER2_UPDATE_HASHES', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('.toMatchRunHash', () => {
  it('keys entries the same way under Vitest and Jest', () => {
    expect(echo(1)).toMatchRunHashIn(dir, 'new');
    expect(Object.keys(golden())).toEqual(['.toMatchRunHash keys entries the same way under Vitest and Jest']);
  });

  it('pins a test run in the committed golden file beside this test', () => {
    const run = runTestRun({ name: 'pinned', scenarios: [{ name: 's', missions: [{ mission: 'daily_loop' }] }] }, [
      { id: 'ok', scenario: 's', mission: 'daily_loop', path: 'success', op: 'eq', expected: true },
    ]);
    expect(run).toMatchRunHash();
    expect(goldenFileOf('/a/b/c.test.ts')).toBe(join('/a/b', '__tier2__', 'c.test.ts.json'));
  });

  it('writes a missing entry with the hash and the canonical result, keyed by test name and name', () => {
    expect(echo(1)).toMatchRunHashIn(dir, 'new', 'first');
    const entry = golden()['.toMatchRunHash writes a missing entry with the hash and the canonical result, keyed by test name and name > first'];
    expect(entry?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry?.result).toEqual(echo(1).toDict());
    expect(echo(1)).toMatchRunHashIn(dir, 'new', 'first');
  });

  it('fails with the first diverging path and every changed field when the result changed', () => {
    expect(echo(1)).toMatchRunHashIn(dir, 'new');
    const message = failureOf(() => expect(echo(2)).toMatchRunHashIn(dir, 'new'));
    expect(message.replace(/[0-9a-f]{64}/g, '<hash>').replace(dir, '<dir>')).toMatchInlineSnapshot(`
      "expect(received).toMatchRunHash()

      The result of '.toMatchRunHash fails with the first diverging path and every changed field when the result changed' changed since its hash was pinned in <dir>/__tier2__/pinned.test.ts.json. If the change is intended, run again with -u (or TIER2_UPDATE_HASHES=1).

      Pinned hash:          "<hash>"
      Received hash:        "<hash>"
      First diverging path: 'executed_steps.0.payload.params.x'
      Pinned value:         1
      Received value:       2

      Changed fields (1; pinned → received):
        executed_steps.0.payload.params.x: 1 → 2"
    `);
  });

  it('lists every changed field, not only the first, and stays short when thousands changed', () => {
    const run = (params: Record<string, unknown>) => runMission('echo', {}, params);
    expect(run({ a: 1, b: 'same', c: [1, 2] })).toMatchRunHashIn(dir, 'new');
    const message = failureOf(() => expect(run({ a: 2, b: 'same', c: [1], d: 'x'.repeat(500) })).toMatchRunHashIn(dir, 'new'));
    const block = message.slice(message.indexOf('Changed fields'));
    expect(block).toBe(
      [
        'Changed fields (3; pinned → received):',
        '  executed_steps.0.payload.params.a: 1 → 2',
        '  executed_steps.0.payload.params.c.1: 2 → (absent)',
        `  executed_steps.0.payload.params.d: (absent) → "${'x'.repeat(119)}… (502 characters)`,
      ].join('\n'),
    );
    const many = (offset: number) => run(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i + offset])));
    expect(many(0)).toMatchRunHashIn(dir, 'new', 'many');
    const long = failureOf(() => expect(many(1)).toMatchRunHashIn(dir, 'new', 'many'));
    expect(long).toContain('Changed fields (5000; pinned → received):');
    expect(long).toContain('  … and 4960 more (the pinned result is in the golden file; tier2 compare lists every field of two results)');
    expect(long.length).toBeLessThan(8000);
  });

  it('rewrites a changed entry under -u or TIER2_UPDATE_HASHES=1', () => {
    expect(echo(1)).toMatchRunHashIn(dir, 'new');
    expect(echo(2)).toMatchRunHashIn(dir, 'all');
    expect(Object.values(golden())[0]?.result).toEqual(echo(2).toDict());
    vi.stubEnv('TIER2_UPDATE_HASHES', '1');
    expect(echo(3)).toMatchRunHashIn(dir, 'new');
    expect(Object.values(golden())[0]?.result).toEqual(echo(3).toDict());
  });

  it('fails on a missing entry in CI, or under --ci, rather than writing it', () => {
    vi.stubEnv('CI', 'true');
    expect(failureOf(() => expect(echo(1)).toMatchRunHashIn(dir, 'new'))).toContain('in CI a missing entry fails rather than being written');
    vi.stubEnv('CI', '');
    expect(failureOf(() => expect(echo(1)).toMatchRunHashIn(dir, 'none'))).toContain('in CI a missing entry fails');
    expect(existsSync(join(dir, '__tier2__'))).toBe(false);
  });

  it('throws a clear error on misuse', () => {
    expect(() => expect({ a: 1 }).toMatchRunHashIn(dir, 'new')).toThrow('toMatchRunHash: expected a result with toDict()');
    writeFileSync(join(dir, 'x'), '');
    expect(() => expect(echo(1)).toMatchRunHashIn(join(dir, 'x'), 'new')).toThrow();
  });
});

describe('.toMatchRunHash in concurrent tests', () => {
  const shared = mkdtempSync(join(tmpdir(), 'tier2-run-hash-concurrent-'));
  // Not CI for the whole block: the per-test env stubs are undone when the first concurrent test ends,
  // while the other is still running (under CI=true that test would then refuse to write).
  const ci = { CI: process.env.CI, TIER2_UPDATE_HASHES: process.env.TIER2_UPDATE_HASHES };
  beforeAll(() => {
    process.env.CI = '';
    process.env.TIER2_UPDATE_HASHES = '';
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(ci)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  const sharedGolden = (): Record<string, { result: unknown }> => JSON.parse(readFileSync(join(shared, '__tier2__', 'pinned.test.ts.json'), 'utf8')) as never;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  // Vitest 4 tells the tests apart: each test-context expect pins under its own test's name.
  it.concurrent('pins one', async ({ expect }) => {
    await pause(30);
    expect(echo(1)).toMatchRunHashIn(shared, 'new');
  });
  it.concurrent('pins two', async ({ expect }) => {
    expect(echo(2)).toMatchRunHashIn(shared, 'new');
    await pause(30);
  });

  // Where the runner gives the name of the test that started last (Vitest 3), pinning is refused, never misfiled.
  it.concurrent('refuses a name it cannot trust', async ({ expect }) => {
    await pause(10);
    const message = failureOf(() => expect(echo(3)).toMatchRunHashAsVitest3(shared, '.toMatchRunHash in concurrent tests pins two'));
    expect(message).toContain(
      'cannot pin a result while concurrent tests run (test.concurrent, describe.concurrent, sequence.concurrent) on this Vitest version',
    );
    expect(message).toContain("a matcher is told the name of the test that started last ('.toMatchRunHash in concurrent tests pins two')");
  });

  it('each concurrent test pinned its own result, and the refused one wrote nothing', () => {
    const entries = sharedGolden();
    expect(Object.keys(entries).sort()).toEqual(['.toMatchRunHash in concurrent tests pins one', '.toMatchRunHash in concurrent tests pins two']);
    expect(entries['.toMatchRunHash in concurrent tests pins one']?.result).toEqual(echo(1).toDict());
    expect(entries['.toMatchRunHash in concurrent tests pins two']?.result).toEqual(echo(2).toDict());
    rmSync(shared, { recursive: true, force: true });
  });

  it('a sequential test, with the same Vitest 3 context, pins as usual', () => {
    const alone = mkdtempSync(join(tmpdir(), 'tier2-run-hash-alone-'));
    expect(echo(4)).toMatchRunHashAsVitest3(alone, '.toMatchRunHash in concurrent tests a sequential test, with the same Vitest 3 context, pins as usual');
    expect(readFileSync(join(alone, '__tier2__', 'pinned.test.ts.json'), 'utf8')).toContain('pins as usual');
    rmSync(alone, { recursive: true, force: true });
  });
});

describe('.not.toMatchRunHash', () => {
  it('is refused: a pinned hash either matches or is updated', () => {
    expect(() => expect(echo(1)).not.toMatchRunHash()).toThrow('toMatchRunHash: cannot be used with .not');
  });
});
