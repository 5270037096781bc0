/**
 * The golden files of `toMatchRunHash`: one JSON file per test file,
 * `__tier2__/<test file name>.json` beside it, holding each pinned result and
 * its hash by entry key. Read and written here, by the matcher and by the
 * golden-file reporter (`tier2-harness/golden-reporter`) alike.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { JsonValue } from '../data/json.js';
import { writeFileAtomicSync } from '../io/write-file-atomic.js';

/** Messages name the matcher: the store is what it reads and writes. */
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
