/**
 * Golden files that behave like snapshots (docs/matchers.md, "Obsolete
 * entries and the run summary"), under real runners: Vitest 4 and 3.2, Jest
 * 30 and 29, each in a subprocess on a fixture project of its own that uses
 * the built package (`tier2-harness/golden-reporter` beside the default
 * reporter).
 *
 * One fixture goes through the life of a golden file: pinned, then tests
 * removed, skipped, failing or filtered, then `-u`, then CI. Each step checks
 * the summary line, the exit code and the golden files' bytes.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { ensureRunners, runnersDir } from '../support/runners.js';

// Each step runs a whole runner in a subprocess; on a loaded shared machine one can take tens of seconds.
vi.setConfig({ testTimeout: 300_000 });

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The runner majors the peer ranges claim that run on Node 20; the older ones come from test/types/runners.
 * `summaryBefore`: the runner's own line the run-hash summary comes just before (docs/matchers.md); without it,
 * the summary is the last thing the run prints, after the runner's summary.
 */
const runners = [
  { name: 'Vitest 4', kind: 'vitest', home: join(root, 'node_modules/vitest'), summaryBefore: undefined },
  { name: 'Vitest 3.2', kind: 'vitest', home: join(runnersDir, 'node_modules/vitest-3'), summaryBefore: /^ Test Files {2}/ },
  { name: 'Jest 30', kind: 'jest', home: join(root, 'node_modules/jest'), summaryBefore: /^Test Suites: / },
  { name: 'Jest 29', kind: 'jest', home: join(runnersDir, 'node_modules/jest-29'), summaryBefore: /^Test Suites: / },
] as const;

type Runner = (typeof runners)[number];

/** One test of the fixture file: what it pins, or that it is skipped, focused or failing. */
interface FixtureTest {
  readonly title: string;
  readonly pins: readonly (readonly [x: number, name?: string])[];
  readonly mode?: 'skip' | 'only' | 'fail';
}

/** A test file for the runner: `describe('suite', ...)` around the tests, each pinning echo results. */
function testSource(runner: Runner, tests: readonly FixtureTest[]): string {
  const head =
    runner.kind === 'vitest'
      ? "import { describe, expect, it } from 'vitest';\nimport { runMission } from 'tier2-harness';\n"
      : "const { runMission } = require('tier2-harness');\n";
  const body = tests.map(({ title, pins, mode }) => {
    const calls = pins.map(([x, name]) => `expect(runMission('echo', {}, { x: ${x} })).toMatchRunHash(${name === undefined ? '' : JSON.stringify(name)});`);
    const fail = mode === 'fail' ? "throw new Error('fails before it pins');" : '';
    const it = mode === 'skip' || mode === 'only' ? `it.${mode}` : 'it';
    return `  ${it}(${JSON.stringify(title)}, () => { ${fail}${calls.join(' ')} });`;
  });
  return `${head}describe('suite', () => {\n${body.join('\n')}\n});\n`;
}

/** A fixture project for the runner, with the package and the runner linked into its node_modules. */
function makeFixture(runner: Runner): string {
  const dir = mkdtempSync(join(tmpdir(), `tier2-golden-${runner.kind}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'tier2-harness'), 'dir');
  symlinkSync(runner.home, join(dir, 'node_modules', runner.kind), 'dir');
  if (runner.kind === 'vitest') {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    // The documented setup entry on Vitest 4; on 3.2 the same through installMatchers, because the built
    // tier2-harness/vitest imports 'vitest' from this repository, where it is Vitest 4.
    writeFileSync(
      join(dir, 'setup.mjs'),
      "import { expect } from 'vitest';\nimport { installMatchers } from 'tier2-harness/matchers';\ninstallMatchers(expect);\n",
    );
    const setup = runner.name === 'Vitest 4' ? 'tier2-harness/vitest' : './setup.mjs';
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      `export default { test: { setupFiles: [${JSON.stringify(setup)}], reporters: ['default', 'tier2-harness/golden-reporter'] } };\n`,
    );
  } else {
    writeFileSync(join(dir, 'package.json'), '{}\n');
    // The same for Jest 29: the built tier2-harness/jest imports this repository's @jest/globals, which is Jest 30's.
    writeFileSync(join(dir, 'setup.js'), "require('tier2-harness/matchers').installMatchers(expect);\n");
    const setup = runner.name === 'Jest 30' ? 'tier2-harness/jest' : '<rootDir>/setup.js';
    writeFileSync(
      join(dir, 'jest.config.cjs'),
      `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: [${JSON.stringify(setup)}], reporters: ['default', 'tier2-harness/golden-reporter'] };\n`,
    );
  }
  return dir;
}

interface RunResult {
  readonly status: number | null;
  readonly output: string;
  /** The summary line and the lines under it. */
  readonly summary: string;
}

/** Runs the runner in the fixture: `args` are its own (`-u`, `-t`); `ci` is the runner's own CI switch. */
function run(runner: Runner, dir: string, args: readonly string[], ci = false, extraEnv: Record<string, string> = {}): RunResult {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...extraEnv };
  const command =
    runner.kind === 'vitest'
      ? [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', ...args]
      : [join(dir, 'node_modules/jest/bin/jest.js'), '--no-cache', ...(ci ? ['--ci'] : []), ...args];
  // Vitest reads CI from the environment (std-env); Jest's --ci is its switch, and it reads the environment too.
  if (ci) env.CI = 'true';
  // stdout and stderr into one file, as a terminal shows them: Jest prints its summary on stderr, the reporter on stdout.
  const log = join(dir, 'run.log');
  const fd = openSync(log, 'w');
  let status: number | null;
  try {
    status = spawnSync(process.execPath, command, { cwd: dir, env, stdio: ['ignore', fd, fd], timeout: 240_000 }).status;
  } finally {
    closeSync(fd);
  }
  const output = readFileSync(log, 'utf8');
  const at = output.indexOf('tier2 run hashes:');
  const summary = at === -1 ? '' : (output.slice(at).split(/\n(?! {2})/)[0] ?? '');
  return { status, output, summary };
}

/** The line after the summary (and the lines under it) that is not blank, if any. */
function lineAfterSummary(output: string): string | undefined {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => line.startsWith('tier2 run hashes:'));
  return lines.slice(at + 1).find((line) => line.trim() !== '' && !line.startsWith('  '));
}

/** The example summary docs/matchers.md shows ("One summary line"), without its indentation. */
function documentedSummary(): string {
  const docs = readFileSync(join(root, 'docs/matchers.md'), 'utf8');
  const block = /^ {2}```text\n((?: {2}tier2 run hashes:.*\n)(?: {2}.*\n)*?) {2}```$/m.exec(docs)?.[1];
  if (block === undefined) throw new Error('docs/matchers.md shows no example summary (a ```text block starting "tier2 run hashes:")');
  return block.replace(/^ {2}/gm, '').trimEnd();
}

beforeAll(() => {
  ensureBuilt('dist/golden-reporter.js');
  ensureRunners(runners.map((runner) => runner.home));
}, 600_000);

describe.each(runners)('golden files under $name', (runner) => {
  const ext = runner.kind === 'vitest' ? 'mjs' : 'js';
  const file = `pins.test.${ext}`;
  const other = `other.test.${ext}`;
  const emptied = `emptied.test.${ext}`;
  let dir = '';
  const golden = (name: string): string => join(dir, '__tier2__', `${name}.json`);
  const read = (name: string): string => readFileSync(golden(name), 'utf8');
  const keys = (name: string): string[] => Object.keys(JSON.parse(read(name)) as object);
  const entry = (name: string, key: string): unknown => (JSON.parse(read(name)) as Record<string, unknown>)[key];
  const write = (tests: readonly FixtureTest[]): void => writeFileSync(join(dir, file), testSource(runner, tests));
  const orphan = `gone.test.${ext}`;

  // The tests after the change: alpha no longer pins 'second', beta is gone, gamma is skipped, delta fails.
  const changed = (delta: FixtureTest['mode'] | 'pass', alpha: number = 1): FixtureTest[] => [
    { title: 'alpha', pins: [[alpha]] },
    { title: 'gamma', pins: [[3]], mode: 'skip' },
    { title: 'delta', pins: [[4]], ...(delta === 'pass' ? {} : { mode: delta }) },
  ];
  let pinned = { file: '', other: '', emptied: '' };

  beforeAll(() => {
    dir = makeFixture(runner);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('first run: writes every entry and says so in one summary line', () => {
    write([
      { title: 'alpha', pins: [[1], [11, 'second']] },
      { title: 'beta', pins: [[2]] },
      { title: 'gamma', pins: [[3]] },
      { title: 'delta', pins: [[4]] },
    ]);
    writeFileSync(join(dir, other), testSource(runner, [{ title: 'kept', pins: [[5]] }]));
    writeFileSync(join(dir, emptied), testSource(runner, [{ title: 'once', pins: [[6]] }]));
    const first = run(runner, dir, []);
    expect(first.status, first.output).toBe(0);
    expect(first.summary).toBe('tier2 run hashes: 7 written, 0 updated, 0 obsolete');
    expect(first.output.split('tier2 run hashes:').length).toBe(2);
    // At the end of the run: just before the runner's summary, or after it, as the last lines of the run.
    if (runner.summaryBefore) {
      expect(lineAfterSummary(first.output)).toMatch(runner.summaryBefore);
    } else {
      expect(first.output.indexOf(' Test Files ')).toBeGreaterThan(-1);
      expect(first.output.indexOf(' Test Files ')).toBeLessThan(first.output.indexOf('tier2 run hashes:'));
      expect(lineAfterSummary(first.output)).toBeUndefined();
    }
    expect(keys(file)).toEqual(['suite alpha', 'suite alpha > second', 'suite beta', 'suite delta', 'suite gamma']);
    // A golden file whose test file is gone.
    writeFileSync(golden(orphan), read(other));
    pinned = { file: read(file), other: read(other), emptied: read(emptied) };
    // The emptied file's test no longer pins anything.
    writeFileSync(join(dir, emptied), testSource(runner, [{ title: 'once', pins: [] }]));
  });

  it('reports obsolete entries, and only those, without touching a golden file', () => {
    write(changed('fail'));
    const result = run(runner, dir, []);
    expect(result.status, result.output).toBe(1); // delta fails
    expect(result.summary).toBe(
      [
        'tier2 run hashes: 0 written, 0 updated, 4 obsolete (2 matched)',
        `  obsolete in __tier2__/${emptied}.json (no test pins them any more):`,
        '    · suite once',
        `  obsolete in __tier2__/${file}.json (no test pins them any more):`,
        '    · suite alpha > second',
        '    · suite beta',
        `  obsolete golden file __tier2__/${orphan}.json (its test file is gone)`,
        '  Remove them with -u (or TIER2_UPDATE_HASHES=1).',
      ].join('\n'),
    );
    expect(read(file)).toBe(pinned.file);
    expect(read(emptied)).toBe(pinned.emptied);
    expect(existsSync(golden(orphan))).toBe(true);
  });

  it('a run filtered by test name (-t) reports and removes nothing, even with -u', () => {
    const result = run(runner, dir, ['-t', 'alpha', '-u']);
    expect(result.status, result.output).toBe(0);
    expect(result.summary).toBe(
      ['tier2 run hashes: 0 written, 0 updated, 0 obsolete (1 matched)', '  Obsolete entries were not looked for: the run is filtered by test name (-t).'].join(
        '\n',
      ),
    );
    expect(read(file)).toBe(pinned.file);
    expect(read(other)).toBe(pinned.other);
    expect(read(emptied)).toBe(pinned.emptied);
    expect(existsSync(golden(orphan))).toBe(true);
  });

  it('obsolete entries leave a local run green, and fail it in CI', () => {
    write(changed('pass'));
    const local = run(runner, dir, []);
    expect(local.status, local.output).toBe(0);
    expect(local.summary).toContain('tier2 run hashes: 0 written, 0 updated, 4 obsolete (3 matched)');
    const result = run(runner, dir, [], true);
    expect(result.status, result.output).toBe(1);
    expect(result.summary).toContain('tier2 run hashes: 0 written, 0 updated, 4 obsolete (3 matched)');
    expect(result.summary).toContain('In CI obsolete entries fail the run, as obsolete snapshots do');
    expect(read(file)).toBe(pinned.file);
    expect(read(emptied)).toBe(pinned.emptied);
  });

  it('TIER2_UPDATE_HASHES=1 with .only keeps the entries of the tests .only skipped', () => {
    write([{ title: 'alpha', pins: [[1]], mode: 'only' }, ...changed('pass').slice(1)]);
    const result = run(runner, dir, [], false, { TIER2_UPDATE_HASHES: '1' });
    expect(result.status, result.output).toBe(0);
    expect(result.summary).toContain('4 obsolete removed');
    expect(keys(file)).toEqual(['suite alpha', 'suite delta', 'suite gamma']);
    expect(existsSync(golden(orphan))).toBe(false);
    write(changed('pass'));
    writeFileSync(golden(file), pinned.file);
    writeFileSync(golden(emptied), pinned.emptied);
    writeFileSync(golden(orphan), pinned.other);
  });

  it('-u removes the obsolete entries, an emptied golden file and an orphan one, counts the update, and leaves every other entry as it was', () => {
    write(changed('pass', 7));
    const result = run(runner, dir, ['-u']);
    expect(result.status, result.output).toBe(0);
    expect(result.summary).toBe(
      [
        'tier2 run hashes: 0 written, 1 updated, 4 obsolete removed (2 matched)',
        `  removed from __tier2__/${emptied}.json (no test pins them any more):`,
        '    · suite once',
        `  removed from __tier2__/${file}.json (no test pins them any more):`,
        '    · suite alpha > second',
        '    · suite beta',
        `  removed golden file __tier2__/${orphan}.json (its test file is gone)`,
      ].join('\n'),
    );
    // The summary docs/matchers.md shows is this one (the file names are Vitest's).
    if (runner.kind === 'vitest') expect(result.summary).toBe(documentedSummary());
    expect(keys(file)).toEqual(['suite alpha', 'suite delta', 'suite gamma']);
    const before = JSON.parse(pinned.file) as Record<string, unknown>;
    expect(entry(file, 'suite gamma')).toEqual(before['suite gamma']);
    expect(entry(file, 'suite delta')).toEqual(before['suite delta']);
    expect(entry(file, 'suite alpha')).not.toEqual(before['suite alpha']);
    expect(read(other)).toBe(pinned.other);
    expect(existsSync(golden(emptied))).toBe(false);
    expect(existsSync(golden(orphan))).toBe(false);
  });
});
