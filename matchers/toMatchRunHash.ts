/**
 * `toMatchRunHash`: pins a result's hash in a golden file and fails, with
 * every field that changed, when it no longer matches. The golden files are
 * src/golden/store.ts's; which test is calling comes from src/golden/running-test.ts.
 */
import { findDifferences, findDivergence } from '../src/data/divergence.js';
import { stableHash } from '../src/data/hash.js';
import type { JsonValue } from '../src/data/json.js';
import { recordRunHash } from '../src/golden/journal.js';
import { goldenFileOf, isTruthyEnv, readGolden, writeGolden, entryTitle, type GoldenEntry } from '../src/golden/store.js';
import { concurrentNameLimit } from '../src/golden/running-test.js';
import { describeReceived, expectedLine, formatMessage, misuse, rawLine, receivedLine } from './message.js';
import type { MatcherContext, MatcherResult } from './types.js';

export { goldenFileOf } from '../src/golden/store.js';

const NAME = 'toMatchRunHash';

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

/** The changed fields a failure lists at most, and the characters of a value shown: a message stays readable in any runner. */
const MAX_FIELDS = 40;
const MAX_VALUE_CHARS = 120;

function shown(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}

/**
 * Every field that differs between the pinned result and the received one
 * (`path: pinned → received`), at most {@link MAX_FIELDS}, then how many more.
 */
function changedFieldsText(pinned: JsonValue, received: JsonValue): string {
  const fields = findDifferences(pinned, received);
  if (fields.length === 0) return '';
  const lines = fields
    .slice(0, MAX_FIELDS)
    .map((field) => `  ${field.path === '' ? '(the whole result)' : field.path}: ${shown(field.left)} → ${shown(field.right)}`);
  if (fields.length > MAX_FIELDS)
    lines.push(`  … and ${fields.length - MAX_FIELDS} more (the pinned result is in the golden file; tier2 compare lists every field of two results)`);
  return `Changed fields (${fields.length}; pinned → received):\n${lines.join('\n')}`;
}

/** Where the test and its entry are, and what the run asks (update, CI). */
interface Pinning {
  readonly key: string;
  readonly file: string;
  readonly testPath: string;
  readonly updateAll: boolean;
  readonly inCi: boolean;
}

function pinningOf(context: MatcherContext, name: string | undefined): Pinning {
  const testPath = context.testPath;
  const concurrentName = typeof context.currentConcurrentTestName === 'function' ? context.currentConcurrentTestName() : undefined;
  const testName = concurrentName ?? context.currentTestName;
  if (!testPath || !testName) throw misuse(NAME, 'must be called inside a test (the runner gives no test file or test name here)', toMatchRunHash);
  const title = entryTitle(testName);
  const mode = updateMode(context);
  return {
    key: name === undefined ? title : `${title} > ${name}`,
    file: goldenFileOf(testPath),
    testPath,
    updateAll: mode === 'all' || isTruthyEnv(process.env.TIER2_UPDATE_HASHES),
    inCi: isTruthyEnv(process.env.CI) || mode === 'none',
  };
}

/** A missing entry, or any changed entry under the update mode: written, or (in CI) a failure. */
function writeOrRefuse(
  context: MatcherContext,
  at: Pinning,
  entries: Record<string, GoldenEntry>,
  stored: GoldenEntry | undefined,
  data: JsonValue,
  hash: string,
): MatcherResult {
  const { key, file, testPath } = at;
  if (stored === undefined && at.inCi && !at.updateAll) {
    recordRunHash({ testPath, key, outcome: 'missing' });
    return {
      pass: false,
      message: () =>
        formatMessage(context, {
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

/** The failure of a changed result: the hashes, the first diverging path, and every changed field. */
function changed(context: MatcherContext, at: Pinning, stored: GoldenEntry, data: JsonValue, hash: string): MatcherResult {
  recordRunHash({ testPath: at.testPath, key: at.key, outcome: 'changed' });
  const divergence = findDivergence(stored.result, data);
  const where =
    divergence === undefined ? '(none found: the stored result was edited by hand?)' : divergence.path === '' ? 'the whole result' : `'${divergence.path}'`;
  return {
    pass: false,
    message: () =>
      formatMessage(context, {
        matcher: NAME,
        sentence: `The result of '${at.key}' changed since its hash was pinned in ${at.file}. If the change is intended, run again with -u (or TIER2_UPDATE_HASHES=1).`,
        lines: [
          expectedLine('Pinned hash', stored.hash),
          receivedLine('Received hash', hash),
          rawLine('First diverging path', where),
          ...(divergence ? [expectedLine('Pinned value', divergence.left ?? '(absent)'), receivedLine('Received value', divergence.right ?? '(absent)')] : []),
        ],
        detail: changedFieldsText(stored.result, data),
      }),
    expected: stored.result,
    actual: data,
  };
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
  const at = pinningOf(this, name);
  const limit = concurrentNameLimit(this);
  if (limit !== undefined) return { pass: false, message: () => formatMessage(this, { matcher: NAME, sentence: limit }) };
  const hash = stableHash(data);
  const entries = readGolden(at.file, at.updateAll);
  const stored = Object.hasOwn(entries, at.key) ? entries[at.key] : undefined;
  if (stored === undefined || (at.updateAll && stored.hash !== hash)) return writeOrRefuse(this, at, entries, stored, data, hash);
  if (stored.hash === hash) {
    recordRunHash({ testPath: at.testPath, key: at.key, outcome: 'matched' });
    return { pass: true, message: () => `${NAME}: the hash of '${at.key}' matches ${at.file}` };
  }
  return changed(this, at, stored, data, hash);
}
