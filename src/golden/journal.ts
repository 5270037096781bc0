/**
 * What `toMatchRunHash` did in each test, passed from the test-runner workers
 * to the golden-file reporter in the runner's main process
 * (`tier2-harness/golden-reporter`), which needs it at the end of the run to
 * tell obsolete golden-file entries from pinned ones and to count what was
 * written and updated.
 *
 * The reporter creates a folder and names it in `TIER2_RUN_HASH_JOURNAL`
 * before the workers start (Vitest and Jest both start their workers with the
 * main process's environment); each worker appends one JSON line per matcher
 * call to a file of its own in that folder. Without the variable (no
 * reporter configured) nothing is recorded.
 *
 * @internal Not part of the public API.
 */
import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** The environment variable naming the journal folder. */
export const JOURNAL_ENV = 'TIER2_RUN_HASH_JOURNAL';

/**
 * What one `toMatchRunHash` call did with its entry; `'installed'` (with an
 * empty key) says the matchers were installed for the test file, so its
 * calls, if any, are in the journal.
 */
export type RunHashOutcome = 'installed' | 'written' | 'updated' | 'matched' | 'changed' | 'missing';

const OUTCOMES: ReadonlySet<string> = new Set<RunHashOutcome>(['installed', 'written', 'updated', 'matched', 'changed', 'missing']);

/** One `toMatchRunHash` call (or the matchers' installation): the test file, the entry's key, and what happened to the entry. */
export interface RunHashRecord {
  readonly testPath: string;
  readonly key: string;
  readonly outcome: RunHashOutcome;
}

/** True when a golden-file reporter is listening in this run. */
export function isRecordingRunHashes(): boolean {
  const folder = process.env[JOURNAL_ENV];
  return folder !== undefined && folder !== '';
}

/** Records one matcher call when a golden-file reporter is listening (a no-op otherwise). */
export function recordRunHash(record: RunHashRecord): void {
  const folder = process.env[JOURNAL_ENV];
  if (folder === undefined || folder === '') return;
  const line = `${JSON.stringify([record.testPath, record.key, record.outcome])}\n`;
  try {
    appendFileSync(join(folder, `${process.pid}-${threadId}.jsonl`), line);
  } catch (error) {
    throw new Error(`toMatchRunHash: cannot record this check for the golden-file reporter in ${folder} (${JOURNAL_ENV}): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Every record in the journal folder, and the folder emptied for the next run
 * (watch mode). A line that is not a record is an error naming the file: the
 * folder is this run's own, so a foreign line means something else writes there.
 */
export function drainJournal(folder: string): RunHashRecord[] {
  const records: RunHashRecord[] = [];
  for (const name of readdirSync(folder).sort()) {
    const file = join(folder, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    rmSync(file, { force: true });
    for (const [index, line] of lines.entries()) {
      if (line === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !OUTCOMES.has(String(parsed[2]))) {
        throw new Error(`tier2 golden-file reporter: ${file}:${index + 1} is not a run-hash record: ${line.slice(0, 200)}`);
      }
      records.push({ testPath: parsed[0], key: parsed[1], outcome: parsed[2] as RunHashOutcome });
    }
  }
  return records;
}
