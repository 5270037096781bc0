/**
 * `tier2-harness/golden-reporter`: the end of a run for `toMatchRunHash`'s
 * golden files, as the runners do it for snapshots. One reporter for Vitest
 * (3.2, 4) and Jest (29, 30): list it beside the default reporter.
 *
 * - It prints one summary line: how many run hashes were written, updated and
 *   obsolete (and matched, changed, missing).
 * - It finds **obsolete entries**: entries of a test file that ran whole whose
 *   test no longer pins them (the test is gone, or passed without pinning
 *   that name), and golden files whose test file is gone.
 * - Under the update mode (`-u`, `TIER2_UPDATE_HASHES=1`) it removes them; in
 *   CI (snapshot update mode `none`, or `CI` set) they fail the run.
 *
 * Entries of tests that were skipped (`.skip`, `.todo`, the others of a file
 * with `.only`), that failed, or whose file did not run or did not finish, are
 * never obsolete; in a run filtered by test name (`-t`) or by `TIER2_SHARD`
 * nothing is judged (docs/matchers.md, "Obsolete entries").
 *
 * ```ts
 * // vitest.config.ts
 * test: { setupFiles: ['tier2-harness/vitest'], reporters: ['default', 'tier2-harness/golden-reporter'] }
 * // jest.config.js
 * { setupFilesAfterEnv: ['tier2-harness/jest'], reporters: ['default', 'tier2-harness/golden-reporter'] }
 * ```
 * @packageDocumentation
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { entryOwner, entryTitle, goldenFileOf, isTruthyEnv, readGolden, writeGolden } from './store.js';
import { drainJournal, JOURNAL_ENV, type RunHashRecord } from './journal.js';

/** One test file as the runner reports it at the end of a run. */
export interface TestFileRun {
  /** The test file's path, as the runner gives it to matchers (`expect.getState().testPath`). */
  readonly testPath: string;
  /** False when the file did not run whole: it failed to load, or an error outside its tests was reported. */
  readonly complete: boolean;
  /** Its tests: the name (titles joined with ' > ' or ' ') and whether the test ran and passed. */
  readonly tests: readonly { readonly name: string; readonly passed: boolean }[];
}

/** How the run was started, as far as golden files care. */
export interface ReviewSettings {
  /** The update mode: `-u` (snapshot update mode `all`) or `TIER2_UPDATE_HASHES=1`. Obsolete entries are removed. */
  readonly update: boolean;
  /** CI: snapshot update mode `none` (Vitest's CI, Jest's `--ci`) or `CI` set. Obsolete entries fail the run. */
  readonly ci: boolean;
  /** Why no entry may be judged in this run (a filter by test name, a shard of the scenarios), if so. */
  readonly notJudged?: string | undefined;
}

/** Obsolete entries of one golden file. */
export interface ObsoleteEntries {
  readonly goldenFile: string;
  readonly keys: readonly string[];
}

/** What the end of the run found (and, under the update mode, did). */
export interface GoldenReview {
  /** Matcher calls of the run, by outcome. */
  readonly counts: Readonly<Record<'written' | 'updated' | 'matched' | 'changed' | 'missing', number>>;
  /** Entries whose test no longer pins them, by golden file. */
  readonly obsolete: readonly ObsoleteEntries[];
  /** Golden files whose test file is gone. */
  readonly orphans: readonly string[];
  /** True when the obsolete entries and files were removed (update mode). */
  readonly removed: boolean;
  /** True when the run must fail: obsolete entries in CI. */
  readonly failed: boolean;
  /** Golden files that could not be judged because they cannot be read, with the reason. */
  readonly unreadable: readonly string[];
  /** Why nothing was judged, if so. */
  readonly notJudged: string | undefined;
}

const count = (records: readonly RunHashRecord[], outcome: RunHashRecord['outcome']): number => records.filter((record) => record.outcome === outcome).length;

/** The entry keys each test file's matcher calls checked (an `'installed'` record alone: none, but the file is known). */
function checkedKeys(records: readonly RunHashRecord[]): Map<string, Set<string>> {
  const checked = new Map<string, Set<string>>();
  for (const record of records) {
    const path = resolve(record.testPath);
    const keys = checked.get(path) ?? new Set<string>();
    if (record.outcome !== 'installed') keys.add(record.key);
    checked.set(path, keys);
  }
  return checked;
}

/** What the look for obsolete entries found. */
interface Findings {
  readonly obsolete: ObsoleteEntries[];
  readonly orphans: string[];
  readonly unreadable: string[];
}

/** Golden files in the folders of the judged test files whose test file is gone. */
function orphansIn(folders: ReadonlySet<string>): string[] {
  const orphans: string[] = [];
  for (const folder of [...folders].sort()) {
    const goldenFolder = join(folder, '__tier2__');
    if (!existsSync(goldenFolder)) continue;
    for (const name of readdirSync(goldenFolder).sort()) {
      if (name.endsWith('.json') && !existsSync(join(folder, name.slice(0, -'.json'.length)))) orphans.push(join(goldenFolder, name));
    }
  }
  return orphans;
}

/** The obsolete entries of the files that ran whole with the journal listening, and the orphaned golden files. */
function findObsolete(files: readonly TestFileRun[], records: readonly RunHashRecord[]): Findings {
  const found: Findings = { obsolete: [], orphans: [], unreadable: [] };
  const checked = checkedKeys(records);
  const folders = new Set<string>();
  for (const file of files) {
    const testPath = resolve(file.testPath);
    const pinned = checked.get(testPath);
    if (!file.complete || pinned === undefined) continue;
    folders.add(dirname(testPath));
    const goldenFile = goldenFileOf(testPath);
    let entries: Record<string, unknown>;
    try {
      entries = readGolden(goldenFile, false);
    } catch (error) {
      found.unreadable.push((error as Error).message);
      continue;
    }
    // A test that did not run, or failed, keeps every entry it may own.
    const kept = new Set(file.tests.filter((test) => !test.passed).map((test) => entryTitle(test.name)));
    const keys = Object.keys(entries).filter((key) => !pinned.has(key) && !kept.has(entryOwner(key)));
    if (keys.length > 0) found.obsolete.push({ goldenFile, keys: keys.sort() });
  }
  // In path order, whatever order the runner finished the files in.
  found.obsolete.sort((a, b) => (a.goldenFile < b.goldenFile ? -1 : a.goldenFile > b.goldenFile ? 1 : 0));
  found.orphans.push(...orphansIn(folders));
  return found;
}

/** Removes the obsolete entries (a golden file left empty goes too) and the orphaned golden files. */
function removeObsolete(findings: Findings): void {
  for (const { goldenFile, keys } of findings.obsolete) {
    const entries = readGolden(goldenFile, false);
    for (const key of keys) Reflect.deleteProperty(entries, key);
    if (Object.keys(entries).length === 0) unlinkSync(goldenFile);
    else writeGolden(goldenFile, entries);
  }
  for (const orphan of findings.orphans) unlinkSync(orphan);
}

/**
 * Finds the obsolete entries of a run and, in update mode, removes them.
 *
 * A file is judged only when it ran whole (`complete`) and its matchers were
 * installed with the journal listening (an `'installed'` record): without
 * that record the reporter cannot know which entries were checked, and would
 * call pinned entries obsolete.
 */
export function reviewGoldenFiles(files: readonly TestFileRun[], records: readonly RunHashRecord[], settings: ReviewSettings): GoldenReview {
  const counts = {
    written: count(records, 'written'),
    updated: count(records, 'updated'),
    matched: count(records, 'matched'),
    changed: count(records, 'changed'),
    missing: count(records, 'missing'),
  };
  const findings: Findings = settings.notJudged === undefined ? findObsolete(files, records) : { obsolete: [], orphans: [], unreadable: [] };
  if (settings.update) removeObsolete(findings);
  const found = findings.obsolete.length > 0 || findings.orphans.length > 0;
  return {
    counts,
    ...findings,
    removed: settings.update && found,
    failed: settings.ci && !settings.update && found,
    notJudged: settings.notJudged,
  };
}

/** The end-of-run summary of a review ('' when the run did nothing with golden files). */
export function formatReview(review: GoldenReview, root: string): string {
  const { counts } = review;
  const obsoleteCount = review.obsolete.reduce((sum, { keys }) => sum + keys.length, 0) + review.orphans.length;
  const checks = counts.written + counts.updated + counts.matched + counts.changed + counts.missing;
  if (checks === 0 && obsoleteCount === 0 && review.unreadable.length === 0) return '';
  const show = (file: string): string => relative(root, file) || file;
  const extra = (['matched', 'changed', 'missing'] as const).filter((outcome) => counts[outcome] > 0).map((outcome) => `${counts[outcome]} ${outcome}`);
  const lines = [
    `tier2 run hashes: ${counts.written} written, ${counts.updated} updated, ${obsoleteCount} obsolete${review.removed ? ' removed' : ''}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`,
  ];
  for (const { goldenFile, keys } of review.obsolete) {
    lines.push(`  ${review.removed ? 'removed from' : 'obsolete in'} ${show(goldenFile)} (no test pins them any more):`);
    for (const key of keys) lines.push(`    · ${key}`);
  }
  for (const orphan of review.orphans) lines.push(`  ${review.removed ? 'removed' : 'obsolete'} golden file ${show(orphan)} (its test file is gone)`);
  if (obsoleteCount > 0 && !review.removed) {
    lines.push(
      review.failed
        ? '  In CI obsolete entries fail the run, as obsolete snapshots do: run with -u (or TIER2_UPDATE_HASHES=1) locally and commit the golden files.'
        : '  Remove them with -u (or TIER2_UPDATE_HASHES=1).',
    );
  }
  if (review.notJudged !== undefined) lines.push(`  Obsolete entries were not looked for: ${review.notJudged}.`);
  for (const problem of review.unreadable) lines.push(`  not judged: ${problem}`);
  return `\n${lines.join('\n')}\n`;
}

/** Options of {@link GoldenReporter}. */
export interface GoldenReporterOptions {
  /** Where the summary goes (default: process.stdout). */
  readonly write?: (text: string) => void;
}

/** The parts of Vitest's reporter API this reporter reads (Vitest 3.2 and 4). */
interface VitestTestCase {
  readonly fullName: string;
  result(): { readonly state: string };
}
interface VitestTestModule {
  readonly moduleId: string;
  readonly children: { allTests(): Iterable<VitestTestCase> };
  errors(): readonly unknown[];
}
interface VitestInstance {
  readonly config: {
    readonly root: string;
    readonly testNamePattern?: unknown;
    readonly snapshotOptions?: { readonly updateSnapshot?: string };
  };
}

/** The parts of Jest's reporter API this reporter reads (Jest 29 and 30). */
interface JestGlobalConfig {
  readonly rootDir: string;
  readonly updateSnapshot: string;
  readonly testNamePattern?: string | undefined;
}
interface JestTestResult {
  readonly testFilePath: string;
  readonly testExecError?: unknown;
  readonly failureMessage?: string | null;
  readonly testResults: readonly { readonly fullName: string; readonly status: string }[];
}
interface JestAggregatedResult {
  readonly wasInterrupted?: boolean;
}

function isJestGlobalConfig(value: unknown): value is JestGlobalConfig {
  return typeof value === 'object' && value !== null && typeof (value as { rootDir?: unknown }).rootDir === 'string' && 'updateSnapshot' in value;
}

/** Why a run filtered by test name or by scenario shard judges nothing, if it is one. */
function filterReason(testNamePattern: unknown): string | undefined {
  // Vitest gives a RegExp, Jest a string.
  if (testNamePattern instanceof RegExp || (typeof testNamePattern === 'string' && testNamePattern !== '')) return 'the run is filtered by test name (-t)';
  if (isTruthyEnv(process.env.TIER2_SHARD)) return 'the run is one shard of the scenarios (TIER2_SHARD)';
  return undefined;
}

/**
 * The golden-file reporter, for Vitest and Jest alike (each calls its own
 * methods): prints the run-hash summary once at the end of the run, and
 * reports, removes (update mode) or fails on (CI) obsolete entries.
 */
export class GoldenReporter {
  readonly #write: (text: string) => void;
  readonly #journal: string;
  #vitest: VitestInstance | undefined;
  readonly #jest: JestGlobalConfig | undefined;
  #jestFiles: TestFileRun[] = [];
  #jestError: Error | undefined;
  /** The review of the last run (read by tests). */
  review: GoldenReview | undefined;

  /** Vitest passes the options given in its config; Jest passes its global config, then the options. */
  constructor(first?: unknown, second?: unknown) {
    this.#jest = isJestGlobalConfig(first) ? first : undefined;
    const options = (this.#jest === undefined ? first : second) as GoldenReporterOptions | undefined;
    this.#write = options?.write ?? ((text: string): void => void process.stdout.write(text));
    // Before the workers start, so that they inherit it.
    this.#journal = mkdtempSync(join(tmpdir(), 'tier2-run-hashes-'));
    process.env[JOURNAL_ENV] = this.#journal;
    process.once('exit', () => rmSync(this.#journal, { recursive: true, force: true }));
  }

  #finish(files: readonly TestFileRun[], settings: ReviewSettings, root: string): GoldenReview {
    const review = reviewGoldenFiles(files, drainJournal(this.#journal), settings);
    this.review = review;
    const text = formatReview(review, root);
    if (text !== '') this.#write(text);
    return review;
  }

  /** Vitest: called first, with the Vitest instance. */
  onInit(vitest: VitestInstance): void {
    this.#vitest = vitest;
  }

  /** Vitest: called once every test file has run. */
  onTestRunEnd(testModules: readonly VitestTestModule[], _errors?: unknown, reason?: string): void {
    const config = this.#vitest?.config;
    if (config === undefined) return;
    const mode = config.snapshotOptions?.updateSnapshot;
    const update = mode === 'all' || isTruthyEnv(process.env.TIER2_UPDATE_HASHES);
    const notJudged = reason === 'interrupted' ? 'the run was interrupted' : filterReason(config.testNamePattern);
    const files = testModules.map((module): TestFileRun => ({
      testPath: module.moduleId,
      complete: module.errors().length === 0,
      tests: [...module.children.allTests()].map((test) => ({ name: test.fullName, passed: test.result().state === 'passed' })),
    }));
    const review = this.#finish(files, { update, ci: mode === 'none' || isTruthyEnv(process.env.CI), notJudged }, config.root);
    if (review.failed) process.exitCode = 1;
  }

  /** Jest: called after each test file. */
  onTestResult(_test: unknown, result: JestTestResult): void {
    this.#jestFiles.push({
      testPath: result.testFilePath,
      complete: result.testExecError == null && (result.failureMessage == null || result.testResults.some((test) => test.status === 'failed')),
      tests: result.testResults.map((test) => ({ name: test.fullName, passed: test.status === 'passed' })),
    });
  }

  /** Jest: called once every test file has run. */
  onRunComplete(_contexts: unknown, results: JestAggregatedResult): void {
    const config = this.#jest;
    const files = this.#jestFiles;
    this.#jestFiles = [];
    if (config === undefined) return;
    const update = config.updateSnapshot === 'all' || isTruthyEnv(process.env.TIER2_UPDATE_HASHES);
    const notJudged = results.wasInterrupted === true ? 'the run was interrupted' : filterReason(config.testNamePattern);
    const review = this.#finish(files, { update, ci: config.updateSnapshot === 'none' || isTruthyEnv(process.env.CI), notJudged }, config.rootDir);
    this.#jestError = review.failed ? new Error('tier2: obsolete run-hash entries in CI (see the summary above)') : undefined;
  }

  /** Jest: an error here fails the run. */
  getLastError(): Error | undefined {
    return this.#jestError;
  }
}

export default GoldenReporter;
