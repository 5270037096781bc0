import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findDivergence, stableHash, type JsonValue } from 'tier2-harness';
import { describeReceived, expectedLine, formatMessage, misuse, rawLine, receivedLine } from './message.js';
import type { MatcherContext, MatcherResult } from './types.js';

const NAME = 'toMatchRunHash';

/** One pinned result in a golden file. */
interface GoldenEntry {
  readonly hash: string;
  readonly result: JsonValue;
}

/** The golden file of a test file: `__tier2__/<test file name>.json` beside it. */
export function goldenFileOf(testPath: string): string {
  return join(dirname(testPath), '__tier2__', `${basename(testPath)}.json`);
}

function isTruthyEnv(value: string | undefined): boolean {
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

function readGolden(file: string): Record<string, GoldenEntry> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, GoldenEntry>;
  } catch (error) {
    throw new Error(`${NAME}: the golden file ${file} is not valid JSON; fix or delete it and run again with -u`, { cause: error });
  }
}

function writeGolden(file: string, entries: Record<string, GoldenEntry>): void {
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((key) => [key, entries[key]]),
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
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
  const testName = this.currentTestName;
  if (!testPath || !testName) throw misuse(NAME, 'must be called inside a test (the runner gives no test file or test name here)', toMatchRunHash);
  // Vitest joins titles with ' > ', Jest with ' ': keyed the Jest way, a test file run by both runners shares its entries.
  const title = testName.split(' > ').join(' ');
  const key = name === undefined ? title : `${title} > ${name}`;
  const file = goldenFileOf(testPath);
  const hash = stableHash(data);
  const entries = readGolden(file);
  const stored = Object.hasOwn(entries, key) ? entries[key] : undefined;
  const mode = updateMode(this);
  const updateAll = mode === 'all' || isTruthyEnv(process.env.TIER2_UPDATE_HASHES);
  const inCi = isTruthyEnv(process.env.CI) || mode === 'none';

  if (stored === undefined || (updateAll && stored.hash !== hash)) {
    if (stored === undefined && inCi && !updateAll) {
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
    return { pass: true, message: () => `${NAME}: wrote the hash of '${key}' to ${file}` };
  }
  if (stored.hash === hash) return { pass: true, message: () => `${NAME}: the hash of '${key}' matches ${file}` };

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
