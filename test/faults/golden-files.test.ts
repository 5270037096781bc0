/**
 * Fault injection on golden files (`__tier2__/*.json`, written by
 * toMatchRunHash): files of the wrong shape, a write that fails half-way under a
 * file-size limit, and an unreadable golden file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMission } from 'tier2-harness';
import { toMatchRunHash, type MatcherContext, type MatcherResult } from 'tier2-harness/matchers';
import { ensureBuilt } from '../support/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'pinned';
let dir = '';
const goldenPath = (): string => join(dir, '__tier2__', 'pinned.test.ts.json');

function context(mode: 'all' | 'new'): MatcherContext {
  const plain = (value: unknown): string => JSON.stringify(value);
  return {
    isNot: false,
    testPath: join(dir, 'pinned.test.ts'),
    currentTestName: KEY,
    snapshotState: { _updateSnapshot: mode },
    utils: { matcherHint: (name) => `expect(received).${name}()`, printExpected: plain, printReceived: plain },
  };
}

const pin = (mode: 'all' | 'new' = 'new'): MatcherResult => toMatchRunHash.call(context(mode), runMission('echo', {}, { x: 1 }));

function writeGolden(text: string): void {
  mkdirSync(join(dir, '__tier2__'), { recursive: true });
  writeFileSync(goldenPath(), text);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tier2-golden-'));
  vi.stubEnv('CI', '');
  vi.stubEnv('TIER2_UPDATE_HASHES', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('a golden file of the wrong shape', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['null', 'null', 'holds null instead of an object of entries'],
    ['a list', '[]', 'holds a list instead of an object of entries'],
    ['a number', '5', 'holds number 5 instead of an object of entries'],
    ['invalid JSON', '{"pinned": ', 'is not valid JSON ('],
    ['its own entry null', '{"pinned": null}', 'the entry "pinned" is null, not an object { "hash", "result" }'],
    ['another entry null', '{"other": null}', 'the entry "other" is null, not an object { "hash", "result" }'],
    ['its own entry a number', '{"pinned": 5}', 'the entry "pinned" is number 5, not an object'],
    ['an entry without a hash', '{"pinned": {"result": {}}}', 'the entry "pinned" has no "hash", not 64 lowercase hex digits'],
    ['an entry with a short hash', '{"pinned": {"hash": "abc", "result": {}}}', 'the entry "pinned" has "hash": "abc", not 64 lowercase hex digits'],
    ['an entry without a result', `{"pinned": {"hash": "${'a'.repeat(64)}"}}`, 'the entry "pinned" has no "result"'],
  ];

  it.each(cases)('%s: a clear error naming the file and the problem; the file is not rewritten', (_name, text, problem) => {
    writeGolden(text);
    let caught: unknown;
    try {
      pin();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    const message = (caught as Error).message;
    expect(message).toContain(`toMatchRunHash: the golden file ${goldenPath()} `);
    expect(message).toContain(problem);
    expect(message).toContain('Fix it, or delete it and run again with -u');
    expect(caught).not.toBeInstanceOf(TypeError);
    expect(readFileSync(goldenPath(), 'utf8')).toBe(text);
  });

  it.each(cases)('%s: update mode (-u) rewrites it as a valid golden file', (_name, text) => {
    writeGolden(text);
    expect(pin('all').pass).toBe(true);
    const written = JSON.parse(readFileSync(goldenPath(), 'utf8')) as Record<string, { hash: string }>;
    expect(Object.keys(written)).toEqual([KEY]);
    expect(written[KEY]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps valid entries of other tests when it adds its own', () => {
    const other = { hash: 'b'.repeat(64), result: { kept: true } };
    writeGolden(JSON.stringify({ other }));
    expect(pin().pass).toBe(true);
    expect(JSON.parse(readFileSync(goldenPath(), 'utf8'))).toMatchObject({ other });
  });

  it('names the file when it cannot be read (a folder in its place)', () => {
    mkdirSync(goldenPath(), { recursive: true });
    expect(() => pin()).toThrow(`toMatchRunHash: cannot read the golden file ${goldenPath()}: EISDIR`);
  });
});

describe('a golden-file write that fails half-way (ulimit -f, in a subprocess)', () => {
  beforeAll(() => {
    ensureBuilt('dist/matchers.js');
  }, 120_000);

  it('leaves every pinned entry in place, no temporary file, and an error naming the file', () => {
    // 40 KiB of pinned entries; the new entry's result is 100 KiB, beyond the 64 KiB limit.
    const entries = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`entry ${i}`, { hash: 'c'.repeat(64), result: { pad: 'p'.repeat(900) } }]));
    const old = `${JSON.stringify(entries, null, 2)}\n`;
    writeGolden(old);
    const script = `
import { runMission } from 'tier2-harness';
import { toMatchRunHash } from 'tier2-harness/matchers';
const context = { isNot: false, testPath: ${JSON.stringify(join(dir, 'pinned.test.ts'))}, currentTestName: 'big', utils: {} };
try {
  toMatchRunHash.call(context, runMission('echo', {}, { big: 'b'.repeat(100000) }));
  console.log('written');
} catch (error) {
  console.log(error.message);
}`;
    const scriptFile = join(root, 'dist', `.golden-fault-${process.pid}.mjs`);
    writeFileSync(scriptFile, script);
    try {
      const run = spawnSync('sh', ['-c', `ulimit -f 64; exec "${process.execPath}" "${scriptFile}"`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe(`toMatchRunHash: cannot write '${goldenPath()}': EFBIG: file too large (writing); the file was left as it was`);
    } finally {
      rmSync(scriptFile, { force: true });
    }
    expect(readFileSync(goldenPath(), 'utf8')).toBe(old);
    expect(readdirSync(join(dir, '__tier2__'))).toEqual(['pinned.test.ts.json']);
  });
});
