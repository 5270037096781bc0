/**
 * `runCli` in-process, with fake streams: what depends on terminals (colour,
 * progress) cannot be reached from a subprocess whose output is a pipe.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/cli/io.js';
import { PROGRESS_THRESHOLD } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/run.js';
import { fakeIo } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tier2-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function suiteWith(scenarios: number, failing = false): string {
  const lines = ['suite_name: many', 'scenarios:'];
  for (let i = 0; i < scenarios; i++) lines.push(`  - { scenario_name: s${i}, missions: [{ name: echo, params: { i: ${i} } }] }`);
  lines.push('expectations:');
  lines.push(`  - { id: e, scenario_name: s0, mission_name: echo, path: success, op: eq, expected: ${failing ? 'false' : 'true'} }`);
  const file = join(dir, `suite-${scenarios}-${failing}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const ESC = '\u001b[';

describe('colorEnabled', () => {
  it.each([
    [true, {}, false, true],
    [false, {}, false, false],
    [true, { NO_COLOR: '1' }, false, false],
    [true, { NO_COLOR: '' }, false, true],
    [true, { TERM: 'dumb' }, false, false],
    [true, {}, true, false],
    [false, { FORCE_COLOR: '1' }, false, true],
    [false, { FORCE_COLOR: '' }, false, true],
    [true, { FORCE_COLOR: '0' }, false, false],
    [true, { FORCE_COLOR: 'false' }, false, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
    [false, { FORCE_COLOR: '1' }, true, false],
    [false, { FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
  ])('isTTY=%s env=%j --no-color=%s → %s', (isTTY, env, noColor, expected) => {
    expect(colorEnabled({ isTTY, write: () => true }, env, noColor)).toBe(expected);
  });
});

describe('runCli', () => {
  it('colours the report on a terminal', async () => {
    const io = fakeIo({ stdoutTTY: true });
    expect(await runCli(['run', suiteWith(2, true)], io)).toBe(1);
    expect(io.out()).toContain(ESC);
  });

  it.each([
    ['NO_COLOR', ['run'], { NO_COLOR: '1' }],
    ['--no-color', ['run', '--no-color'], {}],
  ])('writes plain text on a terminal with %s', async (_label, args, env) => {
    const io = fakeIo({ stdoutTTY: true, env });
    expect(await runCli([...args, suiteWith(2, true)], io)).toBe(1);
    expect(io.out()).not.toContain(ESC);
    expect(io.out()).toContain('FAIL  0/1 expectations passed, 1 failed');
  });

  it('says what a failed exists expected', async () => {
    const file = join(dir, 'exists.yaml');
    writeFileSync(
      file,
      'suite_name: s\nscenarios: [{ scenario_name: a, missions: [{ name: echo }] }]\nexpectations: [{ id: x, scenario_name: a, mission_name: echo, path: nope, op: exists }]\n',
    );
    const io = fakeIo();
    expect(await runCli(['run', file], io)).toBe(1);
    expect(io.out()).toMatch(/✗ x {2}exists at nope\n\s+expected: the path to exist\n\s+actual: {3}null\n\s+reason: {3}path_missing/);
  });

  it('shows progress on a terminal stderr for a large suite, and clears it', async () => {
    const io = fakeIo({ stderrTTY: true });
    expect(await runCli(['run', suiteWith(PROGRESS_THRESHOLD)], io)).toBe(0);
    expect(io.err()).toContain(`running scenario ${PROGRESS_THRESHOLD}/${PROGRESS_THRESHOLD}: s${PROGRESS_THRESHOLD - 1}`);
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
    expect(io.out()).not.toContain('running scenario');
  });

  it('shows no progress when stderr is not a terminal, or the suite is small', async () => {
    const pipe = fakeIo({ stderrTTY: false });
    expect(await runCli(['run', suiteWith(PROGRESS_THRESHOLD)], pipe)).toBe(0);
    expect(pipe.err()).toBe('');
    const small = fakeIo({ stderrTTY: true });
    expect(await runCli(['run', suiteWith(PROGRESS_THRESHOLD - 1)], small)).toBe(0);
    expect(small.err()).toBe('');
  });
});

interface TestRunVector {
  name: string;
  suite: unknown;
  expectations: unknown;
  expect: { passed: boolean; test_run_hash: string };
}

describe('runCli on the conformance vectors', () => {
  const vectors = (
    JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/conformance/vectors.json', import.meta.url)), 'utf8')) as { test_runs: TestRunVector[] }
  ).test_runs;

  it.each(vectors.map((vector) => [vector.name, vector] as const))('%s: the reference test_run_hash and exit code, from JSON files', async (name, vector) => {
    const suite = join(dir, `${name}.suite.json`);
    const expectations = join(dir, `${name}.expectations.json`);
    writeFileSync(suite, JSON.stringify(vector.suite));
    writeFileSync(expectations, JSON.stringify(vector.expectations));
    // A vector without expectations passes in the reference (a test run's own verdict); the CLI asks the flag for it.
    const none = (vector.expectations as { expectations: readonly unknown[] }).expectations.length === 0;
    const args = ['run', suite, '--expectations', expectations, '--json'];
    const io = fakeIo();
    const code = await runCli(none ? [...args, '--pass-with-no-expectations'] : args, io);
    expect(io.err()).toBe('');
    expect(code).toBe(vector.expect.passed ? 0 : 1);
    const data = JSON.parse(io.out()) as { passed: boolean; metadata: { test_run_hash: string } };
    expect(data.passed).toBe(vector.expect.passed);
    expect(data.metadata.test_run_hash).toBe(vector.expect.test_run_hash);
    if (!none) return;
    const strict = fakeIo();
    expect(await runCli(args, strict)).toBe(1);
    expect(strict.err()).toContain('FAIL: no expectations were given');
    expect(strict.out()).toBe(io.out());
  });
});

describe('unknown fields in YAML files', () => {
  it('are bad input (exit 2) reported at file:line with the closest known field', async () => {
    const file = join(dir, 'misspelt.suite.yaml');
    writeFileSync(
      file,
      [
        'suite_name: s',
        'scenarios:',
        '  - scenario_name: a',
        '    initial_sate: { day: 1 }',
        '    missions:',
        '      - name: echo',
        '        parms: { x: 1 }',
        '',
      ].join('\n'),
    );
    const io = fakeIo();
    expect(await runCli(['run', file], io)).toBe(2);
    // At the key, which is what is unknown (not at its value, column 19).
    expect(io.err()).toContain(`${file}: scenarios[0].initial_sate: unknown field; did you mean 'initial_state'? (line 4, column 5)`);
    expect(io.out()).toBe('');
  });

  it('are placed at the key in JSON files too', async () => {
    const file = join(dir, 'misspelt.suite.json');
    writeFileSync(file, ['{"suite_name": "s", "scenarios": [{"scenario_name": "a",', '  "missions": [{"name": "echo", "parms": {"x": 1}}]}]}', ''].join('\n'));
    const io = fakeIo();
    expect(await runCli(['run', file], io)).toBe(2);
    expect(io.err()).toContain(`${file}: scenarios[0].missions[0].parms: unknown field; did you mean 'params'? (line 2, column 33)`);
  });

  it('in the combined form, only the expectations list is read as expectations, and its fields are checked too', async () => {
    const file = join(dir, 'combined-misspelt.suite.yaml');
    writeFileSync(
      file,
      [
        'suite_name: s',
        'scenarios: [{ scenario_name: a, missions: [{ name: echo }] }]',
        'expectations:',
        '  - { id: e, scenario_name: a, mission_name: echo, path: success, op: exists, expected: false }',
        '',
      ].join('\n'),
    );
    const io = fakeIo();
    expect(await runCli(['run', file], io)).toBe(2);
    expect(io.err()).toContain(`${file}: expectations[0].expected: op 'exists' takes no expected value`);
    expect(io.err()).toContain('(line 4, column');
  });
});
