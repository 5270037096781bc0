import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findDivergence } from '../src/data/divergence.js';
import { stableHash } from '../src/data/hash.js';
import type { JsonValue } from '../src/data/json.js';
import { recordRunHash } from '../src/golden/journal.js';
import { writeFileAtomicSync } from '../src/io/write-file-atomic.js';
import { describeReceived, expectedLine, formatMessage, misuse, rawLine, receivedLine } from './message.js';
import type { MatcherContext, MatcherResult } from './types.js';

const NAME = 'toMatchRunHash';

/** One pinned result in a golden file. */
export interface GoldenEntry {
  readonly hash: string;
  readonly result: JsonValue;
}

/**
 * The part of an entry's key that names its test: the test's titles joined
 * with spaces. Vitest joins titles with ' > ', Jest with ' ': keyed the Jest
 * way, a test file run by both runners shares its entries.
 */
export function entryTitle(testName: string): string {
  return testName.split(' > ').join(' ');
}

/** The test an entry belongs to: its key up to the first ' > ' (after it comes the name given to the matcher). */
export function entryOwner(key: string): string {
  const at = key.indexOf(' > ');
  return at === -1 ? key : key.slice(0, at);
}

/** The golden file of a test file: `__tier2__/<test file name>.json` beside it. */
export function goldenFileOf(testPath: string): string {
  return join(dirname(testPath), '__tier2__', `${basename(testPath)}.json`);
}

/** True when an environment flag is set: not unset, `''`, `0` or `false` (the rule for `CI` and `TIER2_UPDATE_HASHES`). */
export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The runner's snapshot update mode (`'all'` under `-u`, `'none'` under `--ci`), from its snapshot state. */
function updateMode(context: MatcherContext): string | undefined {
  const state = context.snapshotState as { _updateSnapshot?: unknown } | undefined;
  return typeof state?._updateSnapshot === 'string' ? state._updateSnapshot : undefined;
}

function dataOf(received: unknown): JsonValue {
  if (typeof received === 'object' && received !== null && typeof (received as { toDict?: unknown }).toDict === 'function') {
    return (received as { toDict: () => JsonValue }).toDict();
  }
  throw misuse(
    NAME,
    `expected a result with toDict() (a TestRunResult, SuiteResult, ScenarioResult or OrchestrationResult), got ${describeReceived(received)}`,
    toMatchRunHash,
  );
}

const HASH = /^[0-9a-f]{64}$/;
const SHAPE = 'a golden file is a JSON object of entries { "<test name>": { "hash": "<64 lowercase hex digits>", "result": <the pinned result> } }';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** What is wrong with one entry, or undefined when it is a valid entry. */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `is ${kindOf(entry)}, not an object { "hash", "result" }`;
  const { hash } = entry as { hash?: unknown };
  if (typeof hash !== 'string' || !HASH.test(hash))
    return `has ${Object.hasOwn(entry, 'hash') ? `"hash": ${JSON.stringify(hash)}` : 'no "hash"'}, not 64 lowercase hex digits`;
  if (!Object.hasOwn(entry, 'result')) return 'has no "result"';
  return undefined;
}

/** A golden file that cannot be used as it is. */
export class GoldenFileError extends Error {
  override readonly name = 'GoldenFileError';
}

/**
 * The entries of a golden file ({} when there is none). Outside update mode a
 * file of the wrong shape is an error naming the file and the problem, and is
 * never rewritten; in update mode (`-u`, `TIER2_UPDATE_HASHES=1`) the unusable
 * parts are dropped, since every entry is being rewritten anyway.
 */
export function readGolden(file: string, update: boolean): Record<string, GoldenEntry> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return {};
    throw new GoldenFileError(`${NAME}: cannot read the golden file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const broken = (problem: string, cause?: unknown): GoldenFileError =>
    new GoldenFileError(
      `${NAME}: the golden file ${file} ${problem}; ${SHAPE}. Fix it, or delete it and run again with -u (or TIER2_UPDATE_HASHES=1) to pin every result afresh.`,
      cause === undefined ? undefined : { cause },
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (update) return {};
    throw broken(`is not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    if (update) return {};
    throw broken(`holds ${kindOf(parsed)} instead of an object of entries`);
  }
  const entries: Record<string, GoldenEntry> = {};
  for (const [key, entry] of Object.entries(parsed)) {
    const problem = entryProblem(entry);
    if (problem !== undefined && !update) throw broken(`is not a valid golden file: the entry ${JSON.stringify(key)} ${problem}`);
    if (problem === undefined) Object.defineProperty(entries, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return entries;
}

/** Writes a golden file whole (entries sorted by key, two-space JSON), or not at all. */
export function writeGolden(file: string, entries: Record<string, GoldenEntry>): void {
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((key) => [key, entries[key]]),
  );
  try {
    // Whole or not at all: a write that fails half-way must not lose every other pinned entry.
    writeFileAtomicSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
  } catch (error) {
    throw new GoldenFileError(`${NAME}: ${(error as Error).message}`, { cause: error });
  }
}

/** The part of a Vitest task the concurrency check reads. */
interface VitestTaskLike {
  readonly type?: string;
  readonly name?: string;
  readonly concurrent?: boolean;
  readonly filepath?: string;
  readonly suite?: VitestTaskLike;
  readonly file?: VitestTaskLike;
  readonly tasks?: readonly VitestTaskLike[];
  readonly result?: { readonly state?: string };
}

/** The tests of a Vitest file task that are running now. */
function runningTests(task: VitestTaskLike, found: VitestTaskLike[] = []): VitestTaskLike[] {
  if (task.type === 'test' && task.result?.state === 'run') found.push(task);
  for (const child of task.tasks ?? []) runningTests(child, found);
  return found;
}

function isConcurrent(task: VitestTaskLike): boolean {
  for (let current: VitestTaskLike | undefined = task; current !== undefined && current.filepath === undefined; current = current.suite) {
    if (current.concurrent === true) return true;
  }
  return false;
}

/** A Vitest test's name as its runner gives it to matchers: suite and test titles joined with ' > '. */
function vitestName(test: VitestTaskLike): string {
  const titles: string[] = [];
  for (let current: VitestTaskLike | undefined = test; current !== undefined && current.filepath === undefined; current = current.suite)
    titles.unshift(current.name ?? '');
  return titles.join(' > ');
}

/**
 * Why the test name cannot be trusted here, if it cannot. Before Vitest 4 a
 * matcher is given the name of the test that *started last*, not of the test
 * whose `expect` was called (even the test-context `expect`), so while
 * concurrent tests run an entry could be read or written under another test's
 * name. Vitest 4 puts the calling test on the context (`task`) and Jest gives
 * `currentConcurrentTestName`; Vitest 3 is recognised by its worker state,
 * which lists the tests running now.
 */
function concurrentNameLimit(context: MatcherContext): string | undefined {
  if ('task' in context || typeof context.currentConcurrentTestName === 'function') return undefined;
  const current = (globalThis as { __vitest_worker__?: { current?: VitestTaskLike } }).__vitest_worker__?.current;
  const file = current?.file ?? current;
  if (file === undefined) return undefined;
  const running = runningTests(file);
  if (!running.some(isConcurrent)) return undefined;
  if (running.length === 1 && vitestName(running[0] as VitestTaskLike) === context.currentTestName) return undefined;
  return `cannot pin a result while concurrent tests run (test.concurrent, describe.concurrent, sequence.concurrent) on this Vitest version: before Vitest 4, a matcher is told the name of the test that started last ('${context.currentTestName ?? ''}'), not of the test that called expect, so the entry could be another test's. Run the tests that pin results sequentially, or upgrade to Vitest 4, which tells concurrent tests apart.`;
}

/**
 * `expect(result).toMatchRunHash(name?)`: see {@link Tier2Matchers.toMatchRunHash}.
 *
 * Entries are keyed by the test's titles joined with spaces (as Jest names
 * tests; Vitest's ' > ' separators are replaced), plus ` > <name>` when given.
 *
 * Writes a missing entry on a developer machine; in CI (`CI` set) or under
 * the runner's `--ci`, a missing entry fails instead, so a golden file that
 * was never committed cannot pass silently. `-u` or `TIER2_UPDATE_HASHES=1`
 * rewrites entries.
 *
 * Inside concurrent tests it needs a runner that tells them apart (Vitest 4,
 * Jest); on Vitest 3 it fails there with a message naming this limit rather
 * than pin a result under another test's name.
 *
 * @example
 * ```ts
 * expect(runTestRun(suite, expectations)).toMatchRunHash();
 * ```
 */
export function toMatchRunHash(this: MatcherContext, received: unknown, name?: string): MatcherResult {
  if (this.isNot === true) throw misuse(NAME, 'cannot be used with .not: a pinned hash either matches or is updated with -u', toMatchRunHash);
  if (name !== undefined && typeof name !== 'string') throw misuse(NAME, `the optional name must be a string, got ${describeReceived(name)}`, toMatchRunHash);
  const data = dataOf(received);
  const testPath = this.testPath;
  const concurrentName = typeof this.currentConcurrentTestName === 'function' ? this.currentConcurrentTestName() : undefined;
  const testName = concurrentName ?? this.currentTestName;
  if (!testPath || !testName) throw misuse(NAME, 'must be called inside a test (the runner gives no test file or test name here)', toMatchRunHash);
  const limit = concurrentNameLimit(this);
  if (limit !== undefined) return { pass: false, message: () => formatMessage(this, { matcher: NAME, sentence: limit }) };
  const title = entryTitle(testName);
  const key = name === undefined ? title : `${title} > ${name}`;
  const file = goldenFileOf(testPath);
  const hash = stableHash(data);
  const mode = updateMode(this);
  const updateAll = mode === 'all' || isTruthyEnv(process.env.TIER2_UPDATE_HASHES);
  const entries = readGolden(file, updateAll);
  const stored = Object.hasOwn(entries, key) ? entries[key] : undefined;
  const inCi = isTruthyEnv(process.env.CI) || mode === 'none';

  if (stored === undefined || (updateAll && stored.hash !== hash)) {
    if (stored === undefined && inCi && !updateAll) {
      recordRunHash({ testPath, key, outcome: 'missing' });
      return {
        pass: false,
        message: () =>
          formatMessage(this, {
            matcher: NAME,
            sentence: `No hash is pinned for '${key}' in ${file}, and in CI a missing entry fails rather than being written. Run the test locally (or with -u / TIER2_UPDATE_HASHES=1) and commit the golden file.`,
            lines: [rawLine('Received hash', hash)],
          }),
      };
    }
    writeGolden(file, { ...entries, [key]: { hash, result: data } });
    recordRunHash({ testPath, key, outcome: stored === undefined ? 'written' : 'updated' });
    return { pass: true, message: () => `${NAME}: wrote the hash of '${key}' to ${file}` };
  }
  if (stored.hash === hash) {
    recordRunHash({ testPath, key, outcome: 'matched' });
    return { pass: true, message: () => `${NAME}: the hash of '${key}' matches ${file}` };
  }
  recordRunHash({ testPath, key, outcome: 'changed' });

  const divergence = findDivergence(stored.result, data);
  const where =
    divergence === undefined ? '(none found: the stored result was edited by hand?)' : divergence.path === '' ? 'the whole result' : `'${divergence.path}'`;
  return {
    pass: false,
    message: () =>
      formatMessage(this, {
        matcher: NAME,
        sentence: `The result of '${key}' changed since its hash was pinned in ${file}. If the change is intended, run again with -u (or TIER2_UPDATE_HASHES=1).`,
        lines: [
          expectedLine('Pinned hash', stored.hash),
          receivedLine('Received hash', hash),
          rawLine('First diverging path', where),
          ...(divergence ? [expectedLine('Pinned value', divergence.left ?? '(absent)'), receivedLine('Received value', divergence.right ?? '(absent)')] : []),
        ],
      }),
    expected: stored.result,
    actual: data,
  };
}
