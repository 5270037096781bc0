/**
 * Fault injection on what `tier2 run` writes: the JUnit file (missing folders,
 * an output that is an input, a file-size limit, a folder in the way), stdout
 * (a reader that closes early, output proportional to the result) and internal
 * errors. The built binary runs as a subprocess, as CI runs it. Output beyond
 * the engine's string limit: test/cli/output.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonText } from '../../src/data/json-chunks.js';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { ensureBuilt } from '../support/build.js';
import { cli, root, scratch, tier2, type CliRun } from '../support/cli.js';

const nightlySuite = join(root, 'examples', 'nightly.suite.yaml');
const nightlyExpectations = join(root, 'examples', 'nightly.expectations.yaml');
const { dir, remove } = scratch('tier2-cli-faults-');

/** Runs a shell command line (sh, so no profile is read); `$NODE` and `$CLI` are set. */
function shell(script: string): CliRun {
  const result = spawnSync('sh', ['-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE: process.execPath, CLI: cli },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let count = 0;
function folder(): string {
  count += 1;
  const path = join(dir, `case-${count}`);
  mkdirSync(path);
  return path;
}

beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => remove());

/** A suite whose JUnit report is large: `failing` expectations fail, each showing a `size`-character state twice. */
function largeReportSuite(base: string, size: number, failing: number): string {
  const expectations = Array.from({ length: failing }, (_, i) => ({
    id: `big-${i}`,
    scenario_name: 's',
    mission_name: 'echo',
    path: 'final_state.text',
    op: 'eq',
    expected: 'other',
  }));
  const file = join(base, 'large.suite.json');
  writeFileSync(
    file,
    JSON.stringify({
      suite_name: 'large',
      scenarios: [{ scenario_name: 's', initial_state: { text: 'x'.repeat(size) }, missions: [{ name: 'echo' }] }],
      expectations,
    }),
  );
  return file;
}

describe('--junit: the file is written whole, where asked, never over an input', () => {
  it('creates missing parent folders (the README shows --junit reports/junit.xml)', () => {
    const base = folder();
    const out = join(base, 'reports', 'ci', 'junit.xml');
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--junit', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="nightly" tests="10"/);
  });

  it.each([
    ['the suite file', nightlySuite],
    ['the --expectations file', nightlyExpectations],
  ])('refuses to write over %s (exit 2, nothing run, the input unchanged)', (role, input) => {
    const before = readFileSync(input, 'utf8');
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--junit', input]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: --junit '${input}' is ${role}: writing it would destroy the input; choose another file`);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  it('refuses an input reached through a symbolic link, or through a linked folder', () => {
    const base = folder();
    const suite = join(base, 'suite.yaml');
    writeFileSync(suite, readFileSync(nightlySuite, 'utf8'));
    symlinkSync(suite, join(base, 'link.xml'));
    symlinkSync(base, join(base, 'same-folder'));
    for (const output of [join(base, 'link.xml'), join(base, 'same-folder', 'suite.yaml'), join(base, 'nowhere', '..', 'suite.yaml')]) {
      const run = tier2(['run', suite, '-e', nightlyExpectations, '--junit', output]);
      expect(run.code, output).toBe(2);
      expect(run.stderr).toContain(`error: --junit '${output}' is the suite file`);
    }
    expect(readFileSync(suite, 'utf8')).toBe(readFileSync(nightlySuite, 'utf8'));
  });

  it('refuses to write over the --missions module', () => {
    const base = folder();
    const module = join(base, 'missions.mjs');
    writeFileSync(module, readFileSync(join(root, 'test', 'fixtures', 'cli', 'missions.mjs'), 'utf8'));
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--missions', module, '--junit', module]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is the --missions module');
  });

  it('under a file-size limit (ulimit -f): the old report survives whole, no temporary file, exit 2 naming the file', () => {
    const base = folder();
    const suite = largeReportSuite(base, 100_000, 2);
    const out = join(base, 'junit.xml');
    writeFileSync(out, '<old report/>\n');
    const run = shell(`ulimit -f 256; exec "$NODE" "$CLI" run "${suite}" --junit "${out}"`);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('FAIL  0/2 expectations passed, 2 failed');
    expect(run.stderr).toBe(`error: --junit: cannot write '${out}': EFBIG: file too large (writing); the file was left as it was\n`);
    expect(readFileSync(out, 'utf8')).toBe('<old report/>\n');
    expect(readdirSync(base).sort()).toEqual(['junit.xml', 'large.suite.json']);
  });
});

describe('stdout: a reader that goes away, output proportional to the result', () => {
  it('`--json | head -c 100` ends quietly with the run’s own exit code', () => {
    const base = folder();
    // Several MiB of JSON, so the CLI is still writing when head has gone.
    const suite = largeReportSuite(base, 2_000_000, 1);
    const run = shell(`("$NODE" "$CLI" run "${suite}" --json 2>"${join(base, 'err.txt')}"; echo $? >"${join(base, 'code.txt')}") | head -c 100`);
    expect(run.stdout.startsWith('{"suite_result":{')).toBe(true);
    expect(run.stdout.length).toBe(100);
    expect(readFileSync(join(base, 'err.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(base, 'code.txt'), 'utf8').trim()).toBe('1');
  });

  it('a closed stdout does not stop the JUnit report from being written', () => {
    const base = folder();
    const out = join(base, 'junit.xml');
    const run = shell(
      `("$NODE" "$CLI" run "${nightlySuite}" -e "${nightlyExpectations}" --junit "${out}" 2>"${join(base, 'err.txt')}"; echo $? >"${join(base, 'code.txt')}") | true`,
    );
    expect(run.code).toBe(0);
    expect(readFileSync(join(base, 'err.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(base, 'code.txt'), 'utf8').trim()).toBe('0');
    expect(readFileSync(out, 'utf8')).toContain('</testsuites>');
  });

  it('prints --json output proportional to the result: a legal 80 KB suite whose indented JSON was 615 MB, exit 0', async () => {
    const base = folder();
    // 40,000 zeros nested 245 lists deep: 80 KB of input, and each copy took 20 MB once indented; 30 missions carry a copy each.
    let deep: unknown = new Array<number>(40_000).fill(0);
    for (let level = 0; level < 245; level += 1) deep = [deep];
    const suite = join(base, 'deep.suite.json');
    const missions = Array.from({ length: 30 }, (_, i) => ({ name: 'echo', key: `e${i}` }));
    writeFileSync(suite, JSON.stringify({ suite_name: 'deep', scenarios: [{ scenario_name: 's', initial_state: { deep }, missions }] }));
    expect(readFileSync(suite).length).toBeLessThan(90_000);

    const child = spawn(process.execPath, [cli, 'run', suite, '--json', '--pass-with-no-expectations'], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Each of the ~90 copies of the state (initial and final, per mission) is its 80 KB of compact text, never 20 MB.
    expect(Buffer.byteLength(stdout)).toBeLessThan(15 * 1024 * 1024);
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout))}\n`);
    expect(stdout).toMatch(/^\{"suite_result":\{"suite_name":"deep",/);
    expect(stdout).toMatch(/"metadata":\{"suite_name":"deep","test_run_hash":"[0-9a-f]{64}","expectations_passed":0,"expectations_total":0\}\}\n$/);
  }, 300_000);

  it('prints exactly JSON.stringify(toDict()) (compact) for normal sizes', () => {
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.stringify(JSON.parse(run.stdout))}\n`);
  });

  it('jsonText is byte for byte JSON.stringify(value) on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect([...jsonText(value)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
    const deep = { a: [[[]], {}, [{}], '', -0, 1e21, '\u2028\ud800"\\'], b: null, __proto__: 1 };
    expect([...jsonText(deep)].join('')).toBe(JSON.stringify(deep));
  });
});

describe('internal errors', () => {
  it('are one line and exit code 2, never 1 (which means an expectation failed)', async () => {
    let err = '';
    const io: CliIo = {
      stdout: {
        write: () => {
          throw new RangeError('Invalid string length');
        },
      },
      stderr: { write: (text: string) => (err += text) },
      env: {},
    };
    expect(await runCli(['run', nightlySuite, '-e', nightlyExpectations, '--json'], io)).toBe(2);
    expect(err).toBe(
      'error: internal error of the tier2 CLI (not a verdict on the suite): RangeError: Invalid string length (--verbose shows the stack trace)\n',
    );
  });
});
