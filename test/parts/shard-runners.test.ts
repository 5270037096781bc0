/**
 * Sharding under the real runners: one test file (test/fixtures/shard) run
 * once per shard with TIER2_SHARD=i/4. Under Vitest every job writes a blob
 * report and `vitest --merge-reports` with tier2-harness/reporter prints the
 * merged run; under Jest every job writes its part file (TIER2_SHARD_OUT) and
 * `tier2 merge` combines them. Both must give the JSON and JUnit of the
 * unsharded `tier2 run` byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tier2InProcess as tier2 } from '../support/cli.js';
import { blockMismatch, codeBlocks, section } from '../support/pasted-output.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(root, 'test', 'fixtures', 'shard');
const dir = mkdtempSync(join(tmpdir(), 'tier2-shard-runners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a child runner, without what the outer Vitest run sets for its own workers. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|JEST_WORKER_ID$|NODE_OPTIONS$|TEST$|TIER2_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function run(bin: string, args: readonly string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', bin), ...args], {
    cwd: root,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
}

const vitestBin = join('vitest', 'vitest.mjs');
const jestBin = join('jest', 'bin', 'jest.js');
const nightly = [join(root, 'examples', 'nightly.suite.yaml'), '-e', join(root, 'examples', 'nightly.expectations.yaml')];

/** The unsharded run, by the CLI: its JSON, its JUnit and its report. */
let expected: { json: string; junit: string; report: string };

/**
 * The CLI's JUnit names the suite file on each `<testsuite>`; parts recorded by
 * `describeSuite` come from a test file, not a suite file, so their merge has no
 * `file` attribute and is otherwise the same, byte for byte.
 */
const withoutSuiteFile = (xml: string): string => xml.replace(/ file="[^"]*"/g, '');

beforeAll(async () => {
  const junit = join(dir, 'expected.xml');
  const report = await tier2(['run', ...nightly, '--junit', junit]);
  expected = { json: (await tier2(['run', ...nightly, '--json'])).out, junit: readFileSync(junit, 'utf8'), report: report.out };
});

describe('Vitest: TIER2_SHARD jobs, blob reports, --merge-reports with tier2-harness/reporter', () => {
  const blobs = join(dir, 'blobs');
  const reporter = join(root, 'src', 'report', 'vitest-reporter.ts');

  beforeAll(() => {
    mkdirSync(blobs);
    for (let i = 1; i <= 4; i++) {
      const job = run(
        vitestBin,
        ['run', '--config', join(fixture, 'vitest.config.ts'), '--reporter=blob', `--outputFile.blob=${join(blobs, `blob-${i}.json`)}`],
        {
          TIER2_SHARD: `${i}/4`,
        },
      );
      if (job.code !== 0) throw new Error(`vitest shard ${i}/4 exited ${job.code}:\n${job.out}`);
    }
  }, 600_000);

  it('the merged report prints the unsharded test_run_hash and writes the same JSON and JUnit as tier2 run', () => {
    const json = join(dir, 'vitest-merged.json');
    const junit = join(dir, 'vitest-merged.xml');
    const merged = run(vitestBin, ['run', '--config', join(fixture, 'vitest.config.ts'), `--merge-reports=${blobs}`, `--reporter=${reporter}`], {
      TIER2_REPORT_JSON: json,
      TIER2_REPORT_JUNIT: junit,
    });
    expect(merged.code, merged.out).toBe(0);
    const hash = /test_run_hash: [0-9a-f]{64}/.exec(expected.report)?.[0];
    expect(hash).toBeDefined();
    expect(merged.out).toContain(hash);
    // The merged report docs/sharding.md shows, after its command line, is this one.
    const [shown = ''] = codeBlocks(
      section(readFileSync(join(root, 'docs', 'sharding.md'), 'utf8'), '### Vitest: blobs, `--merge-reports` and `tier2-harness/reporter`'),
      'console',
    );
    expect(shown.split('\n')[0]).toMatch(/^\$ vitest run .*--merge-reports=blobs --reporter=tier2-harness\/reporter$/);
    expect(blockMismatch(merged.out, shown.split('\n').slice(1).join('\n').replace(/^\n+/, ''))).toBeUndefined();
    expect(readFileSync(json, 'utf8') === expected.json).toBe(true);
    expect(readFileSync(junit, 'utf8') === withoutSuiteFile(expected.junit)).toBe(true);
  }, 300_000);

  it('a missing shard fails the merged run and names it', () => {
    const three = join(dir, 'three-blobs');
    mkdirSync(three);
    for (const i of [1, 2, 4]) copyFileSync(join(blobs, `blob-${i}.json`), join(three, `blob-${i}.json`));
    const merged = run(vitestBin, ['run', '--config', join(fixture, 'vitest.config.ts'), `--merge-reports=${three}`, `--reporter=${reporter}`]);
    expect(merged.code).toBe(1);
    expect(merged.out).toContain('tier2: cannot merge the recorded parts');
    expect(merged.out).toContain('shard 3/4 is missing');
  }, 300_000);
});

describe('Jest: TIER2_SHARD jobs writing TIER2_SHARD_OUT parts, merged by tier2 merge', () => {
  it('tier2 merge of the four Jest parts gives the JSON, JUnit and report of tier2 run', async () => {
    const parts: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const out = join(dir, `jest-part-${i}.json`);
      const job = run(jestBin, ['--config', join(fixture, 'jest.config.cjs'), '--ci'], { TIER2_SHARD: `${i}/4`, TIER2_SHARD_OUT: out });
      expect(job.code, job.out).toBe(0);
      parts.push(out);
    }
    const junit = join(dir, 'jest-merged.xml');
    const report = await tier2(['merge', ...parts, '--junit', junit]);
    expect(report.code, report.err).toBe(0);
    expect(report.out).toBe(expected.report);
    expect(readFileSync(junit, 'utf8') === withoutSuiteFile(expected.junit)).toBe(true);
    expect((await tier2(['merge', ...parts, '--json'])).out === expected.json).toBe(true);
  }, 600_000);
});
