/**
 * The built `tier2` binary, run as a subprocess the way users and CI run it:
 * exit codes, the human report, --json, --junit, --runs, colour rules and the
 * combined single-file form.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExpectationsDefinition, parseSuiteDefinition, runTestRun } from 'tier2-harness';
import type * as Tier2 from 'tier2-harness';
import { parseConfigText } from '../../src/cli/load/load-config.js';
import { ensureBuilt } from '../support/build.js';
import { root, scratch, tier2 } from '../support/cli.js';

const examples = join(root, 'examples');
const nightlySuite = join(examples, 'nightly.suite.yaml');
const nightlyExpectations = join(examples, 'nightly.expectations.yaml');
const failingSuite = join(examples, 'failing.suite.yaml');
const missionsModule = join(root, 'test', 'fixtures', 'cli', 'missions.mjs');
const { dir, file, remove } = scratch('tier2-cli-');

beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => remove());

const expectedNightlyHash = (): string => {
  const suite = parseSuiteDefinition(parseConfigText(readFileSync(nightlySuite, 'utf8'), nightlySuite).data);
  const expectations = parseExpectationsDefinition(parseConfigText(readFileSync(nightlyExpectations, 'utf8'), nightlyExpectations).data);
  return runTestRun(suite, expectations).metadata.testRunHash;
};

describe('the built package', () => {
  it('recognises its own errors (the guards read class names, which the build must keep)', async () => {
    const built = (await import(join(root, 'dist', 'index.js'))) as typeof Tier2;
    let caught: unknown;
    try {
      built.parseSuiteDefinition({ suite_name: 1 });
    } catch (error) {
      caught = error;
    }
    expect(built.ConfigError.isConfigError(caught)).toBe(true);
    expect((caught as Error).name).toBe('ConfigError');
  });
});

describe('tier2 run: exit code 0', () => {
  it('passes the example suite, with a report, a verdict and the library’s test_run_hash', () => {
    const run = tier2(['run', nightlySuite, '--expectations', nightlyExpectations]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("suite 'nightly': 3 scenarios, 5 mission calls, 10 expectations");
    expect(run.stdout).toContain("✓ scenario 'weekday' (2 missions, 5/5 expectations)");
    expect(run.stdout).toContain('PASS  10/10 expectations passed');
    expect(run.stdout).toContain(`test_run_hash: ${expectedNightlyHash()}`);
  });

  it('lists passing expectations with --verbose', () => {
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ weekday-daily-succeeds  eq at success');
  });

  it('prints help and the version', () => {
    const help = tier2(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tier2 run <suite file>/);
    const version = tier2(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('tier2 run: exit code 1', () => {
  it('reports each failing expectation with expected, actual and reason, and a raising mission', () => {
    const run = tier2(['run', failingSuite]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ scenario 'short-day' (1 mission, 1/3 expectations)");
    expect(run.stdout).toMatch(
      /✗ short-day-has-archive {2}eq at receipt\.steps\.4\n\s+expected: "daily-archive"\n\s+actual: {3}null\n\s+reason: {3}path_missing/,
    );
    expect(run.stdout).toContain('reason:   type_error (Cannot compare types)');
    expect(run.stdout).toContain("! mission 'run_tests' raised DefinitionError: mission 'run_tests': params.target must be a string, got a number");
    // Where each was written, as editors link it: the expectations' list items and the raising call.
    expect(run.stdout).toMatch(/reason: {3}path_missing.*\n\s+defined: {2}examples\/failing\.suite\.yaml:20\n/);
    expect(run.stdout).toMatch(/not evaluated: a mission of this scenario raised\n\s+defined: {2}examples\/failing\.suite\.yaml:38\n/);
    expect(run.stdout).toMatch(/params\.target must be a string, got a number\n\s+called: {3}examples\/failing\.suite\.yaml:17\n/);
    expect(run.stdout).toContain('FAIL  1/4 expectations passed, 2 failed, 1 mission raised, 1 not evaluated');
    expect(run.stdout).toContain('test_run_hash: none');
  });

  it('docs/cli.md shows its reports exactly as they are printed ("Real output", "Real transcripts")', () => {
    const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    // Each transcript: `$ tier2 <args>` then the output up to `$ echo $?` and the exit code.
    const transcripts = [...doc.matchAll(/^\$ tier2 (run examples\/\S+(?: [^\n]*)?)\n([\s\S]*?)\$ echo \$\?\n(\d)\n/gm)];
    expect(transcripts.map((match) => match[1])).toEqual([
      'run examples/nightly.suite.yaml',
      'run examples/nightly.suite.yaml --expectations examples/nightly.expectations.yaml --runs 3',
      'run examples/failing.suite.yaml',
    ]);
    for (const [, args, output, code] of transcripts) {
      const run = tier2((args as string).split(' '));
      expect({ args, stdout: run.stdout, code: run.code }).toEqual({ args, stdout: output, code: Number(code) });
    }
  });

  it('fails when the runs of --runs differ, naming the first diverging path', () => {
    const suite = file('dice.yaml', 'suite_name: dice\nscenarios:\n  - scenario_name: roll\n    missions: [{ name: dice }]\n');
    const run = tier2(['run', suite, '--missions', missionsModule, '--runs', '3']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  0/0 expectations passed, but the runs differed (see below)');
    expect(run.stdout).toContain('NONDETERMINISTIC');
    expect(run.stdout).toContain('first differ at: suite_result.scenario_results.roll.mission_results.dice.executed_steps.0.payload.value');
    expect(run.stdout).toMatch(/ambient source called: Math\.random \(3 calls, first from .*missions\.mjs:\d+:\d+\)/);
  });
});

describe('tier2 run: exit code 2', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['walk', 'x.yaml']],
    ['no suite file', ['run']],
    ['a bad --runs', ['run', 'x.yaml', '--runs', '1']],
    ['an extra argument', ['run', 'a.yaml', 'b.yaml']],
  ])('rejects %s with the usage', (_label, args) => {
    const run = tier2(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain('Usage: tier2 run');
  });

  it.each([
    ['--colour', '--no-color'],
    ['--jsn', '--json'],
    ['--expectation=e.yaml', '--expectations'],
    ['-x', '-e'],
  ])('rejects the unknown option %s in one line naming it and the closest valid one (%s)', (flag, closest) => {
    const run = tier2(['run', 'x.yaml', flag]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: unknown option '${flag.replace(/=.*$/, '')}'; did you mean '${closest}'? (tier2 --help lists every option)\n`);
  });

  it('suggests the run command for a bare suite file', () => {
    const run = tier2(['suite.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'suite.yaml'; the commands are 'run', 'merge' and 'compare'; did you mean: tier2 run suite.yaml");
  });

  it('names the file, location and line of a schema error, without a stack trace', () => {
    const suite = file('bad.yaml', 'suite_name: s\nscenarios:\n  - scenario_name: a\n    missions:\n      - name: 7\n');
    const run = tier2(['run', suite]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${suite}: scenarios[0].missions[0].name: expected a string, got a number (line 5, column 15)\n`);
  });

  it('rejects an unknown mission before running anything', () => {
    const suite = file('unknown.yaml', 'suite_name: s\nscenarios:\n  - scenario_name: a\n    missions: [{ name: echo }, { name: ehco }]\n');
    const run = tier2(['run', suite]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "scenarios[0].missions[1].name: unknown mission 'ehco'; known missions: 'daily_loop', 'echo', 'run_tests' (load your own with --missions <module>)",
    );
  });

  it('rejects a bad expectations file with its own name', () => {
    const expectations = file('bad-exp.json', '{"expectations": [{"id": "x", "scenario_name": "a", "mission_name": "echo", "path": "", "op": "gte"}]}');
    const run = tier2(['run', nightlySuite, '--expectations', expectations]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${expectations}: expectations[0].op: expected one of 'eq', 'ne', 'gt', 'lt', 'exists', 'absent', got 'gte'`);
  });

  it('rejects a billion-laughs file fast', () => {
    const lol = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h'],
    ]) {
      lol.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`);
    }
    const run = tier2(['run', file('lol.yaml', `${lol.join('\n')}\n`)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('too much alias expansion');
  });

  it.each([
    ['duplicate YAML keys', 'dup.yaml', 'suite_name: a\nscenarios: []\nsuite_name: b\n', /duplicate key/],
    ['duplicate JSON keys', 'dup.json', '{"suite_name": "a", "scenarios": [], "suite_name": "b"}', /duplicate key/],
    ['an empty file', 'empty.yaml', '', /the file is empty/],
    ['a list at the top level', 'list.yaml', '- 1\n', /list\.yaml: expected a mapping \(object\) at the top level, got a list/],
    ['a missing file', 'never-written.yaml', undefined, /never-written\.yaml: cannot read the file: no such file\n$/],
  ])('rejects %s', (_label, name, text, message) => {
    const path = text === undefined ? join(dir, name) : file(name, text);
    const run = tier2(['run', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects non-UTF-8 bytes', () => {
    const path = join(dir, 'latin1.yaml');
    writeFileSync(path, Buffer.from([...Buffer.from('suite_name: caf'), 0xe9, ...Buffer.from('\nscenarios: []\n')]));
    const run = tier2(['run', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not valid UTF-8 (byte 0xe9 at offset 15)');
  });

  it('shows the stack trace with --verbose', () => {
    const run = tier2(['run', file('dup2.yaml', 'a: 1\na: 2\n'), '--verbose']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('rejects an expectations file next to an embedded expectations list', () => {
    const run = tier2(['run', failingSuite, '--expectations', nightlyExpectations]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has its own 'expectations:' list");
  });
});

describe('tier2 run --json', () => {
  it('prints the test run’s toDict() and nothing else', () => {
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--json']);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { passed: boolean; metadata: Record<string, unknown>; suite_result: { scenario_results: object } };
    expect(data.passed).toBe(true);
    expect(data.metadata).toEqual({ suite_name: 'nightly', test_run_hash: expectedNightlyHash(), expectations_passed: 10, expectations_total: 10 });
    expect(Object.keys(data.suite_result.scenario_results)).toEqual(['weekday', 'long-day', 'echo']);
  });

  it('describes a raising mission when the run has no complete result', () => {
    const run = tier2(['run', failingSuite, '--json']);
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as {
      passed: boolean;
      mission_errors: unknown[];
      expectations_result: { expectation_results: Record<string, unknown> };
    };
    expect(data.passed).toBe(false);
    expect(data.mission_errors).toEqual([
      {
        scenario_name: 'bad-params',
        mission_key: 'run_tests',
        mission_name: 'run_tests',
        error: { name: 'DefinitionError', message: "mission 'run_tests': params.target must be a string, got a number" },
      },
    ]);
    expect(data.expectations_result.expectation_results['short-day-human-first']).toMatchObject({ passed: true, actual: 'human' });
    expect(data.expectations_result.expectation_results['bad-params-report']).toMatchObject({ passed: false, error: { reason: 'mission_raised' } });
  });
});

describe('tier2 run --junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  interface Case {
    name: string;
    failure?: unknown;
    error?: unknown;
  }
  interface Suite {
    name: string;
    tests: string;
    failures: string;
    errors: string;
    testcase?: Case[];
  }
  const readJunit = (path: string): { testsuites: Suite & { testsuite: Suite[] } } =>
    parser.parse(readFileSync(path, 'utf8')) as { testsuites: Suite & { testsuite: Suite[] } };

  it('writes one testcase per expectation with correct counts', () => {
    const out = join(dir, 'fail.xml');
    const run = tier2(['run', failingSuite, '--junit', out]);
    expect(run.code).toBe(1);
    const { testsuites } = readJunit(out);
    expect(testsuites).toMatchObject({ name: 'failing-on-purpose', tests: '4', failures: '2', errors: '1' });
    const [shortDay, badParams] = testsuites.testsuite;
    expect(shortDay).toMatchObject({ name: 'short-day', tests: '3', failures: '2', errors: '0' });
    expect(badParams).toMatchObject({ name: 'bad-params', tests: '1', failures: '0', errors: '1' });
    expect(shortDay?.testcase?.map((item) => [item.name, item.failure !== undefined])).toEqual([
      ['short-day-has-archive', true],
      ['short-day-human-first', false],
      ['short-day-state-compared-to-text', true],
    ]);
    expect(badParams?.testcase?.[0]?.error).toBeDefined();
    // The counts agree with the testcases themselves.
    const cases = testsuites.testsuite.flatMap((suite) => suite.testcase ?? []);
    expect(cases).toHaveLength(Number(testsuites.tests));
    expect(cases.filter((item) => item.failure !== undefined)).toHaveLength(Number(testsuites.failures));
  });

  it('gives a raising mission without expectations a testcase of its own', () => {
    const suite = file(
      'raises.yaml',
      'suite_name: r\nscenarios:\n  - scenario_name: ok\n    missions: [{ name: echo }]\n  - scenario_name: boom\n    missions: [{ name: daily_loop, params: { requested_steps: 2.5 } }]\n',
    );
    const out = join(dir, 'raises.xml');
    // Allowed to have no expectations, so the only testcase is the raised mission's (without the flag, a failing
    // `has expectations` testcase joins it: test/report/ci-outputs.test.ts).
    const run = tier2(['run', suite, '--junit', out, '--pass-with-no-expectations']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("! mission 'daily_loop' raised DefinitionError");
    const { testsuites } = readJunit(out);
    expect(testsuites).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(testsuites.testsuite.map((suite) => [suite.name, suite.tests, suite.errors])).toEqual([
      ['ok', '0', '0'],
      ['boom', '1', '1'],
    ]);
    expect(testsuites.testsuite[1]?.testcase?.[0]?.name).toBe("mission 'daily_loop' raised");
  });

  it('still prints the report when the JUnit file cannot be written, and exits 2', () => {
    const folderInTheWay = join(dir, 'junit-is-a-folder.xml');
    mkdirSync(folderInTheWay, { recursive: true });
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--junit', folderInTheWay]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('PASS  10/10 expectations passed');
    expect(run.stderr).toMatch(/^error: --junit: cannot write '.*junit-is-a-folder\.xml': EISDIR/);
  });

  it('writes passing testcases and the test_run_hash', () => {
    const out = join(dir, 'pass.xml');
    expect(tier2(['run', nightlySuite, '-e', nightlyExpectations, '--junit', out]).code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const { testsuites } = readJunit(out);
    expect(testsuites).toMatchObject({ tests: '10', failures: '0', errors: '0' });
    expect(xml).toContain(`<property name="test_run_hash" value="${expectedNightlyHash()}"/>`);
  });

  it('escapes markup and characters XML 1.0 forbids', () => {
    const suite = file(
      'hostile.yaml',
      [
        'suite_name: "<&\\"\'>"',
        'scenarios:',
        '  - scenario_name: "a\\u0001b]]>"',
        '    missions: [{ name: echo, params: { v: "x\\u0000y\\uFFFE" } }]',
        'expectations:',
        '  - { id: "<id & \\u001b[31m>", scenario_name: "a\\u0001b]]>", mission_name: echo, path: executed_steps.0.payload.params.v, op: eq, expected: "\\ud800" }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'hostile.xml');
    expect(tier2(['run', suite, '--junit', out]).code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    // Well-formed: the parser's validator accepts it.
    expect(() => {
      new XMLParser().parse(xml, true);
    }).not.toThrow();
    // XML 1.0 forbids these characters even as references.
    for (let i = 0; i < xml.length; i++) {
      const code = xml.charCodeAt(i);
      expect(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)).toBe(true);
    }
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/);
    const { testsuites } = readJunit(out);
    expect(testsuites.name).toBe('<&"\'>');
    expect(testsuites.testsuite[0]?.name).toBe('a\\u0001b]]>');
    expect(testsuites.testsuite[0]?.testcase?.[0]?.name).toBe('<id & \\u001b[31m>');
    expect(xml).toContain('\\u0000');
    expect(xml).toContain('\\ud800');
  });
});

describe('tier2 run --runs', () => {
  it('passes when every run gives the same result', () => {
    const run = tier2(['run', nightlySuite, '-e', nightlyExpectations, '--runs', '4']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('determinism: 4 runs, identical results');
  });

  it('loads custom missions from a TypeScript module (through tsx), and names a missing one', () => {
    const suite = file(
      'stamp-ts.yaml',
      'suite_name: s\nscenarios:\n  - scenario_name: a\n    missions: [{ name: stamp, params: { label: hi } }]\nexpectations: [{ id: l, scenario_name: a, mission_name: stamp, path: executed_steps.0.payload.label, op: eq, expected: hi }]\n',
    );
    const run = tier2(['run', suite, '--missions', join(root, 'test', 'fixtures', 'cli', 'missions.ts')]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('PASS  1/1 expectations passed');
    const missing = tier2(['run', suite, '--missions', 'no-such-missions.ts']);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 2, stderr: "error: --missions: no such file 'no-such-missions.ts'\n" });
  }, 60_000);

  it('loads custom missions from a module', () => {
    const suite = file('stamp.yaml', 'suite_name: s\nscenarios:\n  - scenario_name: a\n    missions: [{ name: stamp, params: { label: hi } }]\n');
    const run = tier2(['run', suite, '--missions', missionsModule, '--runs', '2', '--pass-with-no-expectations']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('determinism: 2 runs, identical results');
  });
});

describe('colour and terminals', () => {
  it('writes no escape codes when stdout is not a terminal, with or without NO_COLOR', () => {
    for (const env of [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '0' }, { FORCE_COLOR: '1', NO_COLOR: '1' }] as Record<string, string>[]) {
      const run = tier2(['run', failingSuite], env);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('\u001b[');
      expect(run.stderr).toBe('');
    }
  });

  it('colours piped output when FORCE_COLOR asks for it (as in CI logs that render colour)', () => {
    for (const value of ['1', '']) {
      const run = tier2(['run', failingSuite], { FORCE_COLOR: value });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('\u001b[');
    }
    expect(tier2(['run', failingSuite, '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  }, 60_000);
});

describe('combined single-file form', () => {
  it('reads the suite and its expectations from one JSON file', () => {
    const combined = file(
      'combined.json',
      JSON.stringify({
        suite_name: 'one-file',
        scenarios: [{ scenario_name: 's', missions: [{ name: 'echo', params: { n: 2 } }] }],
        expectations: [{ id: 'n', scenario_name: 's', mission_name: 'echo', path: ['executed_steps', 0, 'payload', 'params', 'n'], op: 'gt', expected: 1 }],
      }),
    );
    const run = tier2(['run', combined]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS  1/1 expectations passed');
  });

  it('fails a suite without expectations, saying nothing was checked, unless --pass-with-no-expectations', () => {
    const run = tier2(['run', nightlySuite]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  0/0 expectations passed');
    expect(run.stdout).toContain(
      'FAIL: no expectations were given, so nothing was checked but that every mission ran without raising; pass --pass-with-no-expectations if that is all you mean to check',
    );
    const allowed = tier2(['run', nightlySuite, '--pass-with-no-expectations']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('PASS  0/0 expectations passed');
    expect(allowed.stdout).toContain(
      'note: no expectations were given (allowed by --pass-with-no-expectations), so only that every mission ran without raising was checked',
    );
  });
});
