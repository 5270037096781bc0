/**
 * `tier2-harness/reporter`: a Vitest reporter that merges the tier2 parts
 * recorded by `describeSuite` (one per shard, in the `meta` of its last test)
 * into the outcome of the whole suite, in a normal run or after
 * `vitest --merge-reports`, and prints the same report and `test_run_hash`
 * as `tier2 run` (optionally writing the same JSON and JUnit files).
 *
 * ```sh
 * vitest --merge-reports --reporter=default --reporter=tier2-harness/reporter
 * ```
 */
import { outcomeData, type CliOutcome } from '../harness/outcome.js';
import { toJunitXml } from './junit.js';
import { writeFileAtomicSync } from '../io/write-file-atomic.js';
import { mergeParts } from '../parts/merge.js';
import { parsePart, type Part } from '../parts/part-file.js';
import { colors, formatReport } from './text.js';

/** Options of {@link Tier2Reporter}; each also from the environment (`TIER2_REPORT_JSON`, `TIER2_REPORT_JUNIT`). */
export interface Tier2ReporterOptions {
  /** Write the merged run's JSON (as `tier2 run --json`) to this file. */
  readonly json?: string;
  /** Write the merged run's JUnit XML (as `tier2 run --junit`) to this file. */
  readonly junit?: string;
  /** Where the report goes (default: process.stdout). */
  readonly write?: (text: string) => void;
}

/** The parts of Vitest's reporter API this reporter reads (Vitest 3.2 and 4). */
interface TestCaseLike {
  readonly fullName: string;
  readonly module: { readonly moduleId: string };
  meta(): Record<string, unknown>;
}
interface TaskLike {
  readonly name: string;
  readonly meta?: Record<string, unknown>;
  readonly tasks?: readonly TaskLike[];
}
interface TestModuleLike {
  readonly children: { allTests(): Iterable<TestCaseLike> };
}
/** What the reporter reads of the Vitest instance: the files of the merged blobs, when merging. */
interface VitestLike {
  readonly state?: { readonly blobs?: { readonly files?: readonly (TaskLike & { readonly filepath?: string })[] } };
}

/** The parts recorded in a file's task tree, with where each was found. */
function partsInTree(file: TaskLike & { readonly filepath?: string }, blob: number): [string, string][] {
  const found: [string, string][] = [];
  const walk = (task: TaskLike, path: string): void => {
    const text = task.meta?.tier2Part;
    if (typeof text === 'string') found.push([`${file.filepath ?? file.name} (blob ${blob}) > ${path}`, text]);
    for (const child of task.tasks ?? []) walk(child, path === '' ? child.name : `${path} > ${child.name}`);
  };
  walk(file, '');
  return found;
}

/**
 * Every tier2 part of the run. After `--merge-reports` the blobs' own file
 * trees are read: every shard ran the same test file, and Vitest identifies a
 * test by its file and position, so its merged test modules keep only one
 * shard's copy of the file.
 */
function recordedParts(testModules: readonly TestModuleLike[], vitest: VitestLike | undefined): [string, string][] {
  const blobFiles = vitest?.state?.blobs?.files;
  if (blobFiles !== undefined) return blobFiles.flatMap((file, index) => partsInTree(file, index + 1));
  const found: [string, string][] = [];
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const text = test.meta().tier2Part;
      if (typeof text === 'string') found.push([`${test.module.moduleId} > ${test.fullName}`, text]);
    }
  }
  return found;
}

/**
 * Merges the tier2 parts of a test run. With several suites (or several
 * expectation sets) each is merged and reported on its own.
 */
export class Tier2Reporter {
  readonly #options: Tier2ReporterOptions;
  #vitest: VitestLike | undefined;
  /** The merged outcomes of the last run, by suite name. */
  private outcomes: CliOutcome[] = [];

  constructor(options: Tier2ReporterOptions = {}) {
    const env = process.env;
    this.#options = {
      ...options,
      json: options.json ?? (env.TIER2_REPORT_JSON || undefined),
      junit: options.junit ?? (env.TIER2_REPORT_JUNIT || undefined),
    };
  }

  /** Vitest calls this first, with itself. */
  onInit(vitest: VitestLike): void {
    this.#vitest = vitest;
  }

  /** Vitest calls this once every test (or every merged blob) is in. */
  onTestRunEnd(testModules: readonly TestModuleLike[]): void {
    const write = this.#options.write ?? ((text: string): void => void process.stdout.write(text));
    const groups = new Map<string, Part[]>();
    for (const [where, text] of recordedParts(testModules, this.#vitest)) {
      const part = parsePart(where, text);
      const key = `${part.suiteName}\n${part.hashes.suite}\n${part.hashes.expectations}`;
      groups.set(key, [...(groups.get(key) ?? []), part]);
    }
    this.outcomes = [];
    if (groups.size === 0) {
      write('\ntier2: no tier2 part was recorded: give describeSuite a shard spec (TIER2_SHARD=i/n, or { shard }) or { record: true }\n');
      return;
    }
    const problems: string[] = [];
    for (const parts of groups.values()) {
      try {
        const outcome = mergeParts(parts);
        this.outcomes.push(outcome);
        write(`\n${formatReport(outcome, { colors: colors(false), verbose: false })}\n`);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (problems.length > 0) {
      // A missing or foreign part is a broken CI setup: fail the run, do not report a partial hash.
      process.exitCode = 1;
      write(`\ntier2: cannot merge the recorded parts:\n${problems.join('\n')}\n`);
      return;
    }
    const files: [string | undefined, (outcome: CliOutcome) => string][] = [
      [this.#options.json, (outcome) => `${JSON.stringify(outcomeData(outcome))}\n`],
      [this.#options.junit, toJunitXml],
    ];
    for (const [file, render] of files) {
      if (file === undefined) continue;
      if (this.outcomes.length !== 1) {
        process.exitCode = 1;
        write(`tier2: ${file} not written: the run holds ${this.outcomes.length} suites; the JSON and JUnit files describe one\n`);
        continue;
      }
      writeFileAtomicSync(file, render(this.outcomes[0] as CliOutcome));
    }
  }
}

export default Tier2Reporter;
