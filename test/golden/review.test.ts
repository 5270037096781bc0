/**
 * The golden-file reporter's guards against calling a pinned entry obsolete,
 * called directly (test/golden-obsolete.test.ts runs it under the real
 * runners): a file is judged only when it ran whole with its checks recorded,
 * and a filtered, sharded or interrupted run judges nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMission, stableHash } from 'tier2-harness';
import { GoldenReporter, reviewGoldenFiles, type ReviewSettings, type TestFileRun } from 'tier2-harness/golden-reporter';
import { installMatchers } from 'tier2-harness/matchers';
import { drainJournal, JOURNAL_ENV, recordRunHash } from '../../src/golden/journal.js';

let dir = '';
let testPath = '';
let goldenFile = '';
const entry = (x: number): { hash: string; result: unknown } => {
  const result = runMission('echo', {}, { x }).toDict();
  return { hash: stableHash(result), result };
};
const pinned = `${JSON.stringify({ 'suite gone': entry(1), 'suite kept': entry(2) }, null, 2)}\n`;
const update: ReviewSettings = { update: true, ci: false };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tier2-golden-review-'));
  testPath = join(dir, 'a.test.ts');
  goldenFile = join(dir, '__tier2__', 'a.test.ts.json');
  writeFileSync(testPath, '');
  mkdirSync(join(dir, '__tier2__'));
  writeFileSync(goldenFile, pinned);
  vi.stubEnv(JOURNAL_ENV, '');
  vi.stubEnv('TIER2_SHARD', '');
  vi.stubEnv('TIER2_UPDATE_HASHES', '');
  vi.stubEnv('CI', '');
});
afterEach(() => {
  // A reporter made here names its journal folder in the environment; the folder goes with the test
  // (the reporter's own clean-up runs at process exit, which a test worker may not reach).
  const journal = process.env[JOURNAL_ENV];
  if (journal !== undefined && journal !== '') rmSync(journal, { recursive: true, force: true });
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const ranWhole: TestFileRun = { testPath: '', complete: true, tests: [] };

describe('reviewGoldenFiles', () => {
  it('names a golden file whose test file is gone, and removes it only under update', () => {
    const orphan = join(dir, '__tier2__', 'gone.test.ts.json');
    writeFileSync(orphan, pinned);
    const records = [{ testPath, key: '', outcome: 'installed' as const }];
    const file = { ...ranWhole, testPath };
    const found = reviewGoldenFiles([file], records, { update: false, ci: true });
    expect(found).toMatchObject({ orphans: [orphan], removed: false, failed: true });
    expect(existsSync(orphan)).toBe(true);
    const removed = reviewGoldenFiles([file], records, update);
    expect(removed).toMatchObject({ orphans: [orphan], removed: true, failed: false });
    expect(existsSync(orphan)).toBe(false);
  });

  it('removes, under update, the entries no test pinned in a file that ran whole with its checks recorded', () => {
    const file = { ...ranWhole, testPath, tests: [{ name: 'suite > kept', passed: true }] };
    const review = reviewGoldenFiles(
      [file],
      [
        { testPath, key: '', outcome: 'installed' },
        { testPath, key: 'suite kept', outcome: 'matched' },
      ],
      update,
    );
    expect(review.obsolete).toEqual([{ goldenFile, keys: ['suite gone'] }]);
    expect(Object.keys(JSON.parse(readFileSync(goldenFile, 'utf8')) as object)).toEqual(['suite kept']);
  });

  it('does not judge a file whose checks were not recorded (no installed matchers with the reporter listening)', () => {
    const review = reviewGoldenFiles([{ ...ranWhole, testPath }], [], update);
    expect(review.obsolete).toEqual([]);
    expect(readFileSync(goldenFile, 'utf8')).toBe(pinned);
  });

  it('does not judge a file that did not run whole', () => {
    const review = reviewGoldenFiles([{ ...ranWhole, testPath, complete: false }], [{ testPath, key: '', outcome: 'installed' }], update);
    expect(review.obsolete).toEqual([]);
    expect(readFileSync(goldenFile, 'utf8')).toBe(pinned);
  });

  it('keeps every entry of a test that did not pass, named pins included', () => {
    writeFileSync(goldenFile, `${JSON.stringify({ 'suite failing': entry(1), 'suite failing > second': entry(2) }, null, 2)}\n`);
    const file = { ...ranWhole, testPath, tests: [{ name: 'suite > failing', passed: false }] };
    expect(reviewGoldenFiles([file], [{ testPath, key: '', outcome: 'installed' }], update).obsolete).toEqual([]);
  });

  it('names a golden file it cannot read instead of judging or rewriting it', () => {
    writeFileSync(goldenFile, '[]\n');
    const review = reviewGoldenFiles([{ ...ranWhole, testPath }], [{ testPath, key: '', outcome: 'installed' }], update);
    expect(review.unreadable).toEqual([expect.stringContaining(`the golden file ${goldenFile} holds a list instead of an object of entries`)]);
    expect(readFileSync(goldenFile, 'utf8')).toBe('[]\n');
  });
});

describe('GoldenReporter (Jest calls)', () => {
  /** One Jest run: the file ran whole, its matchers were installed, and no test pinned anything. */
  function jestRun(config: { updateSnapshot: string; testNamePattern?: string }, results: { wasInterrupted?: boolean } = {}): string {
    let printed = '';
    const reporter = new GoldenReporter({ rootDir: dir, ...config }, { write: (text: string) => (printed += text) });
    recordRunHash({ testPath, key: '', outcome: 'installed' });
    reporter.onTestResult(undefined, { testFilePath: testPath, testResults: [] });
    reporter.onRunComplete(undefined, results);
    return printed;
  }

  it('removes the obsolete entries of an unfiltered run under -u', () => {
    expect(jestRun({ updateSnapshot: 'all' })).toContain('2 obsolete removed');
    expect(existsSync(goldenFile)).toBe(false);
  });

  it.each([
    ['a run filtered by test name', { updateSnapshot: 'all', testNamePattern: 'kept' }, {}, 'the run is filtered by test name (-t)'],
    ['a shard of the scenarios', { updateSnapshot: 'all' }, {}, 'the run is one shard of the scenarios (TIER2_SHARD)'],
    ['an interrupted run', { updateSnapshot: 'all' }, { wasInterrupted: true }, 'the run was interrupted'],
  ])('judges nothing in %s, even under -u', (_what, config, results, reason) => {
    if (reason.includes('TIER2_SHARD')) vi.stubEnv('TIER2_SHARD', '1/2');
    jestRun(config, results);
    expect(readFileSync(goldenFile, 'utf8')).toBe(pinned);
  });

  it('fails the run (getLastError) on obsolete entries in CI only', () => {
    let printed = '';
    const reporter = new GoldenReporter({ rootDir: dir, updateSnapshot: 'none' }, { write: (text: string) => (printed += text) });
    recordRunHash({ testPath, key: '', outcome: 'installed' });
    reporter.onTestResult(undefined, { testFilePath: testPath, testResults: [] });
    reporter.onRunComplete(undefined, {});
    expect(reporter.getLastError()?.message).toBe('tier2: obsolete run-hash entries in CI (see the summary above)');
    expect(printed).toContain('In CI obsolete entries fail the run');
    expect(readFileSync(goldenFile, 'utf8')).toBe(pinned);
  });
});

describe('the journal', () => {
  it('installMatchers marks the test file, and leaves plain Node (no test file) alone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tier2-journal-'));
    vi.stubEnv(JOURNAL_ENV, folder);
    const extend = (): void => undefined;
    installMatchers({ extend, getState: () => ({ testPath }) });
    installMatchers({
      extend,
      getState: () => {
        throw new Error('Vitest failed to access its internal state');
      },
    });
    expect(drainJournal(folder)).toEqual([{ testPath, key: '', outcome: 'installed' }]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('names the file and line of a line that is not a record', () => {
    const folder = mkdtempSync(join(tmpdir(), 'tier2-journal-'));
    writeFileSync(join(folder, '1-0.jsonl'), '["a.test.ts","k","matched"]\n{"not":"a record"}\n');
    expect(() => drainJournal(folder)).toThrow(`tier2 golden-file reporter: ${join(folder, '1-0.jsonl')}:2 is not a run-hash record: {"not":"a record"}`);
    rmSync(folder, { recursive: true, force: true });
  });
});
