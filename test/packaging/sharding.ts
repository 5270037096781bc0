/**
 * Sharding under a real Vitest, from the packed tarball, as docs/sharding.md
 * shows it: the fixture's one test file (shard/nightly.test.mjs, the example
 * nightly suite) run as two jobs with `TIER2_SHARD=1/2` and `2/2`, each writing
 * a blob report (and a JSON one, to know which tests each shard ran); then
 * `vitest --merge-reports` of the blobs, once with Vitest's own JSON reporter
 * and once with `tier2-harness/reporter`; and `tier2 run --json` of the same
 * suite unsharded. Used by packaging.test.ts (Vitest 4) and vitest-5.test.ts.
 * That the runners' own `--shard` cannot spread one file is matrix.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { exec, readReport, root, type Finished, type RunnerReport } from './project.js';

/** Runs the project's Vitest (`vitest.mjs` with these arguments and environment) under the Node the caller chose. */
export type VitestCommand = (args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<Finished>;

/** What the two shard jobs and the merges gave. */
export interface ShardMerge {
  /** The tests of each shard's own run, by full name (`describe > … > test`), in order. */
  readonly shards: readonly (readonly string[])[];
  /** Vitest's own merged report: the tests of each file entry, by full name. */
  readonly vitestMerge: readonly (readonly string[])[];
  /** The merge with tier2-harness/reporter: its output, and the JSON it wrote (TIER2_REPORT_JSON). */
  readonly tier2Merge: { readonly output: string; readonly json: string };
  /** The unsharded `tier2 run` of the same suite: its output and its `--json`. */
  readonly unsharded: { readonly output: string; readonly json: string };
}

/** `result`, unless it exited non-zero: then an error with its output. */
function ok(what: string, result: Finished): Finished {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result;
}

const fullNames = (report: RunnerReport): string[][] =>
  report.testResults.map((file) =>
    file.assertionResults.map((test) => [...((test as { ancestorTitles?: string[] }).ancestorTitles ?? []), test.title].join(' > ')),
  );

/** Writes the example nightly suite beside the fixture's shard test as JSON (the test file reads JSON, not YAML). */
function writeSuite(dir: string): [suite: string, expectations: string] {
  const files: [string, string] = ['shard/nightly.suite.json', 'shard/nightly.expectations.json'];
  for (const [file, source] of [
    [files[0], 'examples/nightly.suite.yaml'],
    [files[1], 'examples/nightly.expectations.yaml'],
  ] as const) {
    writeFileSync(join(dir, file), `${JSON.stringify(parse(readFileSync(join(root, source), 'utf8')))}\n`);
  }
  return files;
}

export async function shardAndMerge(dir: string, vitest: VitestCommand, tier2: (args: readonly string[]) => Promise<Finished>): Promise<ShardMerge> {
  const [suite, expectations] = writeSuite(dir);
  const config = ['--config', 'vitest.shard.config.mjs'];
  const shards: string[][] = [];
  for (const shard of [1, 2]) {
    const job = await vitest(
      ['run', ...config, '--reporter=blob', `--outputFile.blob=blobs/blob-${shard}.json`, '--reporter=json', `--outputFile.json=shard-${shard}.json`],
      { TIER2_SHARD: `${shard}/2` },
    );
    ok(`vitest, shard ${shard}/2`, job);
    shards.push(fullNames(readReport(dir, `shard-${shard}.json`)).flat());
  }
  ok('vitest --merge-reports', await vitest(['run', ...config, '--merge-reports=blobs', '--reporter=json', '--outputFile.json=merged.json']));
  const tier2Merge = ok(
    'vitest --merge-reports with tier2-harness/reporter',
    await vitest(['run', ...config, '--merge-reports=blobs', '--reporter=tier2-harness/reporter'], { TIER2_REPORT_JSON: 'merged-tier2.json' }),
  );
  const unsharded = ok('tier2 run', await tier2(['run', suite, '-e', expectations]));
  const unshardedJson = ok('tier2 run --json', await tier2(['run', suite, '-e', expectations, '--json']));
  return {
    shards,
    vitestMerge: fullNames(readReport(dir, 'merged.json')),
    tier2Merge: { output: tier2Merge.stdout, json: readFileSync(join(dir, 'merged-tier2.json'), 'utf8') },
    unsharded: { output: unsharded.stdout, json: unshardedJson.stdout },
  };
}

/** Runs `command` with `prefix` before the arguments, in `dir`. */
export function inProject(
  dir: string,
  command: string,
  prefix: readonly string[],
  env: NodeJS.ProcessEnv = {},
): (args: readonly string[], extra?: NodeJS.ProcessEnv) => Promise<Finished> {
  return (args, extra = {}) => exec(command, [...prefix, ...args], dir, { ...env, ...extra });
}

/**
 * The tests of what docs/sharding.md says about a Vitest merge, on the runs of
 * {@link shardAndMerge} under Vitest `version`.
 */
export function shardingTests(version: string, merged: () => Promise<ShardMerge>): void {
  it(`Vitest ${version}'s own --merge-reports lists the shared file once per blob, each time with shard 2's tests, and none of shard 1's`, async () => {
    const { shards, vitestMerge } = await merged();
    const [first = [], second = []] = shards;

    expect([first.length > 0, second.length > 0]).toEqual([true, true]);
    expect(vitestMerge).toEqual([second, second]);
    expect(vitestMerge.flat().filter((name) => first.includes(name))).toEqual([]);
    // The counts docs/sharding.md gives for this run.
    const counts = /the example nightly suite: (\d+) tests for\s+the (\d+) the two shards ran/.exec(readFileSync(join(root, 'docs/sharding.md'), 'utf8'));
    expect({ merged: vitestMerge.flat().length, ran: first.length + second.length }).toEqual({ merged: Number(counts?.[1]), ran: Number(counts?.[2]) });
  });

  it(`tier2-harness/reporter merges the same blobs into the unsharded run: the report, test_run_hash and JSON of tier2 run`, async () => {
    const { tier2Merge, unsharded } = await merged();

    expect(unsharded.output).toMatch(/^test_run_hash: [0-9a-f]{64}$/m);
    expect(tier2Merge.output).toContain(unsharded.output.trim());
    expect(tier2Merge.json).toBe(unsharded.json);
  });
}
