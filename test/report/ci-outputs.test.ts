/**
 * The CI outputs of the built `tier2` binary (issue 17): JUnit XML checked
 * against the junit-10.xsd constraints with xmllint and read back with a
 * widely used JUnit parser (junit2json); GitHub Actions annotations and job
 * summary (escaping, priority, the per-step cap, the 1 MiB summary limit); the
 * HTML report's embedded data (equal to --json) and its escaping. The page in
 * a real browser is test/cli/html-browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeCommandData, escapeCommandProperty, markdownCell, MAX_ERROR_ANNOTATIONS, SUMMARY_BUDGET_BYTES } from '../../src/report/github.js';
import { embeddedJson, type HtmlReportData } from '../../src/report/html.js';
import { ensureBuilt } from '../support/build.js';
import { root, scratch, tier2 } from '../support/cli.js';

const schema = join(root, 'test', 'fixtures', 'junit', 'junit-10.xsd');
const failingSuite = 'examples/failing.suite.yaml';
const nightly = ['examples/nightly.suite.yaml', '-e', 'examples/nightly.expectations.yaml'];
const missionsModule = join(root, 'test', 'fixtures', 'cli', 'missions.mjs');
const { dir, file, remove } = scratch('tier2-ci-');

// Each test runs the built CLI as a subprocess, some on large suites: generous on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

/** Runs the built CLI from the repository root (so paths in outputs are relative to it). */

beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => remove());

// xmllint comes from Debian's libxml2-utils, which .ci/run installs: in CI its absence is a failure, not a skip.
const xmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
const requireXmllint = xmllint || process.env.CI === 'true';

function validate(xmlFile: string): { valid: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--schema', schema, xmlFile], { encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint could not run (install Debian's libxml2-utils): ${result.error.message}`);
  return { valid: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** A suite whose names carry XML markup, quotes, control characters and `]]>`. */
const hostileSuite = (): string =>
  file(
    'hostile.yaml',
    [
      'suite_name: "<&\\"\'>"',
      'scenarios:',
      '  - scenario_name: "a\\u0001b]]>"',
      '    missions: [{ name: echo, params: { v: "x\\u0000y" } }]',
      'expectations:',
      '  - { id: "<id & \\u001b[31m>", scenario_name: "a\\u0001b]]>", mission_name: echo, path: executed_steps.0.payload.params.v, op: eq, expected: "z" }',
      '',
    ].join('\n'),
  );

describe.skipIf(!requireXmllint)('JUnit XML against junit-10.xsd (xmllint)', () => {
  it.each([
    ['the failing example (failures, an error, a raised mission)', [failingSuite]],
    ['the passing example (hashes in properties)', nightly],
  ])('is valid by default: %s', (_label, args) => {
    const out = join(dir, `valid-${args.length}.xml`);
    tier2(['run', ...args, '--junit', out]);
    const result = validate(out);
    expect(result.output).toContain('validates');
    expect(result.valid).toBe(true);
  });

  it('is valid with hostile names and a scenario that only expectations name', () => {
    const suite = hostileSuite();
    const out = join(dir, 'hostile.xml');
    expect(tier2(['run', suite, '--junit', out]).code).toBe(1);
    expect(validate(out).valid).toBe(true);
    const missing = file(
      'missing.yaml',
      'suite_name: m\nscenarios:\n  - scenario_name: s\n    missions: [{ name: echo }]\nexpectations:\n  - { id: x, scenario_name: nope, mission_name: echo, path: success, op: eq, expected: true }\n',
    );
    const outMissing = join(dir, 'missing.xml');
    expect(tier2(['run', missing, '--junit', outMissing]).code).toBe(1);
    expect(validate(outMissing).valid).toBe(true);
  });

  it('rejects what the schema forbids, so a pass means something: skipped on <testsuites>, file and line on <testcase>', () => {
    const out = join(dir, 'located.xml');
    tier2(['run', failingSuite, '--junit', out, '--junit-testcase-file']);
    const located = validate(out);
    expect(located.valid).toBe(false);
    expect(located.output).toMatch(/Element 'testcase', attribute 'file': The attribute 'file' is not allowed/);
    // The output as it was before this change: `skipped` on <testsuites>.
    const old = file('old.xml', readFileSync(join(dir, 'valid-1.xml'), 'utf8').replace(/<testsuites ([^>]*)>/, '<testsuites $1 skipped="0">'));
    expect(validate(old).output).toMatch(/Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed/);
    const noFailures = file('no-failures.xml', readFileSync(join(dir, 'valid-1.xml'), 'utf8').replace(/ failures="\d+"/g, ''));
    expect(validate(noFailures).valid).toBe(false);
  });
});

describe('JUnit XML read by junit2json', () => {
  interface Case {
    name: string;
    classname?: string;
    time?: number;
    file?: string;
    line?: number;
    failure?: unknown[];
    error?: unknown[];
  }
  interface Suite {
    name: string;
    tests: number;
    failures: number;
    errors: number;
    time?: number;
    file?: string;
    properties?: { name: string; value: string }[];
    testcase?: Case[];
  }
  const read = async (path: string): Promise<Suite & { testsuite: Suite[] }> =>
    (await parseJunit(readFileSync(path, 'utf8'))) as Suite & { testsuite: Suite[] };

  it('default form: counts, classname = scenario, time 0 everywhere, the suite file on each testsuite, no testcase location', async () => {
    const out = join(dir, 'parsed.xml');
    expect(tier2(['run', failingSuite, '--junit', out]).code).toBe(1);
    const report = await read(out);
    expect(report).toMatchObject({ name: 'failing-on-purpose', tests: 4, failures: 2, errors: 1, time: 0 });
    expect(report.testsuite.map((suite) => [suite.name, suite.tests, suite.failures, suite.errors, suite.time, suite.file])).toEqual([
      ['short-day', 3, 2, 0, 0, failingSuite],
      ['bad-params', 1, 0, 1, 0, failingSuite],
    ]);
    const cases = report.testsuite.flatMap((suite) => suite.testcase ?? []);
    expect(cases.map((item) => [item.name, item.classname, item.time])).toEqual([
      ['short-day-has-archive', 'short-day', 0],
      ['short-day-human-first', 'short-day', 0],
      ['short-day-state-compared-to-text', 'short-day', 0],
      ['bad-params-report', 'bad-params', 0],
    ]);
    expect(cases.every((item) => item.file === undefined && item.line === undefined)).toBe(true);
    // The totals are the sums of what is written.
    expect(cases).toHaveLength(report.tests);
    expect(cases.filter((item) => item.failure)).toHaveLength(report.failures);
    expect(cases.filter((item) => item.error)).toHaveLength(report.errors);
  });

  it('carries the run hashes in each testsuite’s properties', async () => {
    const out = join(dir, 'hashes.xml');
    const json = JSON.parse(tier2(['run', ...nightly, '--json']).stdout) as { metadata: { test_run_hash: string } };
    tier2(['run', ...nightly, '--junit', out]);
    const report = await read(out);
    for (const suite of report.testsuite) {
      const properties = Object.fromEntries((suite.properties ?? []).map((property) => [property.name, property.value]));
      expect(properties).toMatchObject({ suite_name: 'nightly', test_run_hash: json.metadata.test_run_hash });
      expect(properties.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('a suite without expectations: one failing testcase, so the report never reads as an empty pass; none with the opt-in', async () => {
    const bare = file('bare-junit.yaml', 'suite_name: bare\nscenarios:\n  - scenario_name: s\n    missions: [{ name: echo }]\n');
    const out = join(dir, 'bare.xml');
    expect(tier2(['run', bare, '--junit', out]).code).toBe(1);
    const report = await read(out);
    expect(report).toMatchObject({ name: 'bare', tests: 1, failures: 1, errors: 0 });
    const unjudged = report.testsuite.find((suite) => suite.testcase?.some((item) => item.name === 'has expectations'));
    expect(unjudged).toMatchObject({ name: 'bare', tests: 1, failures: 1, file: bare });
    if (requireXmllint) expect(validate(out).valid).toBe(true);
    const allowed = join(dir, 'bare-allowed.xml');
    expect(tier2(['run', bare, '--junit', allowed, '--pass-with-no-expectations']).code).toBe(0);
    expect(await read(allowed)).toMatchObject({ tests: 0, failures: 0, errors: 0 });
  });

  it('--junit-testcase-file: each testcase has the file and line of its expectation, or of the raising mission call', async () => {
    const out = join(dir, 'located.xml');
    tier2(['run', failingSuite, '--junit', out, '--junit-testcase-file']);
    const cases = (await read(out)).testsuite.flatMap((suite) => suite.testcase ?? []);
    // Lines of `- id: ...` in examples/failing.suite.yaml.
    const lines = readFileSync(join(root, failingSuite), 'utf8').split('\n');
    const lineOf = (text: string): number => lines.findIndex((line) => line.includes(text)) + 1;
    expect(cases.map((item) => [item.name, item.file, item.line])).toEqual([
      ['short-day-has-archive', failingSuite, lineOf('- id: short-day-has-archive')],
      ['short-day-human-first', failingSuite, lineOf('- id: short-day-human-first')],
      ['short-day-state-compared-to-text', failingSuite, lineOf('- id: short-day-state-compared-to-text')],
      ['bad-params-report', failingSuite, lineOf('- id: bad-params-report')],
    ]);
    // A separate expectations file is the expectations' file; a raising mission without expectations points at its call.
    const separate = join(dir, 'separate.xml');
    tier2(['run', ...nightly, '--junit', separate, '--junit-testcase-file']);
    const first = (await read(separate)).testsuite[0]?.testcase?.[0];
    const expectationLines = readFileSync(join(root, 'examples', 'nightly.expectations.yaml'), 'utf8').split('\n');
    expect(first).toMatchObject({
      file: 'examples/nightly.expectations.yaml',
      line: expectationLines.findIndex((line) => line.includes(`- id: ${first?.name}`)) + 1,
    });
    expect(first?.line).toBeGreaterThan(1);
    const raises = file(
      'raises.yaml',
      'suite_name: r\nscenarios:\n  - scenario_name: boom\n    missions:\n      - name: echo\n      - { name: daily_loop, params: { requested_steps: 2.5 } }\n',
    );
    const raisesOut = join(dir, 'raises.xml');
    tier2(['run', raises, '--junit', raisesOut, '--junit-testcase-file']);
    expect((await read(raisesOut)).testsuite[0]?.testcase?.[0]).toMatchObject({ name: "mission 'daily_loop' raised", line: 6 });
  });

  it('--junit-testcase-file needs --junit (exit 2)', () => {
    const run = tier2(['run', failingSuite, '--junit-testcase-file']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--junit-testcase-file changes the JUnit XML; it needs --junit <file>');
  });
});

describe('GitHub Actions: escaping', () => {
  it('escapes data (% CR LF) and properties (also : and ,), in that order, and decodes back', () => {
    expect(escapeCommandData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    // `%` first: a literal "%0A" in the text is not read back as a line break.
    expect(escapeCommandData('%0A')).toBe('%250A');
    const decode = (text: string): string => text.replace(/%(25|0D|0A|3A|2C)/g, (_all, code: string) => String.fromCharCode(parseInt(code, 16)));
    const nasty = 'x:%0A,\r\n::error::y%';
    expect(decode(escapeCommandProperty(nasty))).toBe(nasty);
    expect(escapeCommandProperty(nasty)).not.toMatch(/[:,\r\n]/);
    expect(escapeCommandData(nasty)).not.toMatch(/[\r\n]/);
  });

  it('escapes Markdown table cells: pipes, line breaks, markup', () => {
    expect(markdownCell('a|b\nc\r\nd')).toBe('a\\|b<br>c<br>d');
    expect(markdownCell('<script>&`*_')).toBe('&lt;script&gt;&amp;\\`\\*\\_');
  });
});

/** Decodes a workflow command line into its parts. */
function parseCommand(line: string): { kind: string; props: Record<string, string>; message: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const decode = (text: string): string => text.replace(/%(25|0D|0A|3A|2C)/g, (_all, code: string) => String.fromCharCode(parseInt(code, 16)));
  const props = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter((part) => part !== '')
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at), decode(part.slice(at + 1))];
      }),
  );
  return { kind: match[1] as string, props, message: decode(match[3] as string) };
}

const commands = (text: string): ReturnType<typeof parseCommand>[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .map(parseCommand);

describe('GitHub Actions: annotations', () => {
  it('with GITHUB_ACTIONS=true: the raised mission first, then each failing expectation, with file and line', () => {
    const run = tier2(['run', failingSuite], { GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(1);
    const found = commands(run.stdout);
    expect(found.map((item) => [item.kind, item.props.file, item.props.line])).toEqual([
      ['error', failingSuite, '17'],
      ['error', failingSuite, '20'],
      ['error', failingSuite, '32'],
    ]);
    expect(found[0]?.props.title).toBe("tier2: mission 'run_tests' of scenario 'bad-params' raised");
    expect(found[0]?.message).toContain('DefinitionError: mission');
    expect(found[1]?.props.title).toBe("tier2: short-day-has-archive failed (scenario 'short-day', mission 'daily_loop')");
    expect(found[1]?.message).toBe('path_missing: eq at path \'receipt.steps.4\'\nexpected: "daily-archive"\nactual:   null');
    // The human report is still there, before them.
    expect(run.stdout.indexOf('FAIL  1/4')).toBeLessThan(run.stdout.indexOf('::error'));
  });

  it('--reporter github works anywhere; --reporter default turns it off under GITHUB_ACTIONS; a passing run has none', () => {
    expect(commands(tier2(['run', failingSuite, '--reporter', 'github']).stdout)).toHaveLength(3);
    expect(tier2(['run', failingSuite, '--reporter', 'default'], { GITHUB_ACTIONS: 'true' }).stdout).not.toContain('::');
    expect(tier2(['run', failingSuite]).stdout).not.toContain('::');
    expect(tier2(['run', ...nightly], { GITHUB_ACTIONS: 'true' }).stdout).not.toContain('::');
    const bad = tier2(['run', failingSuite, '--reporter', 'gitlab']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--reporter expects one of default, github, got 'gitlab'");
  });

  it('with --json the annotations go to stderr and stdout stays JSON', () => {
    const run = tier2(['run', failingSuite, '--json'], { GITHUB_ACTIONS: 'true' });
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    expect(commands(run.stderr)).toHaveLength(3);
  });

  it(`caps errors at ${MAX_ERROR_ANNOTATIONS} per step, raised missions first, and says how many more failed`, () => {
    const scenarios = ['  - scenario_name: boom', '    missions: [{ name: daily_loop, params: { requested_steps: 2.5 } }]'];
    for (let i = 0; i < 14; i++) scenarios.push(`  - scenario_name: s${i}`, `    missions: [{ name: echo, params: { v: ${i} } }]`);
    const expectations = Array.from(
      { length: 14 },
      (_, i) => `  - { id: "e${i}:x,y", scenario_name: s${i}, mission_name: echo, path: executed_steps.0.payload.params.v, op: eq, expected: -1 }`,
    );
    const suite = file('many.yaml', ['suite_name: many', 'scenarios:', ...scenarios, 'expectations:', ...expectations, ''].join('\n'));
    const found = commands(tier2(['run', suite, '--reporter', 'github']).stdout);
    expect(found.filter((item) => item.kind === 'error')).toHaveLength(MAX_ERROR_ANNOTATIONS);
    expect(found[0]?.props.title).toContain("mission 'daily_loop' of scenario 'boom' raised");
    // Titles with `:` and `,` survive the property escaping.
    expect(found[1]?.props.title).toBe("tier2: e0:x,y failed (scenario 's0', mission 'echo')");
    const last = found.at(-1);
    expect(last?.kind).toBe('notice');
    expect(last?.props.title).toBe('tier2: 5 more failures not annotated');
    expect(found).toHaveLength(MAX_ERROR_ANNOTATIONS + 1);
  });

  it('annotates a --runs difference on the mission call whose result differs', () => {
    const dice = file('dice.yaml', 'suite_name: dice\nscenarios:\n  - scenario_name: roll\n    missions:\n      - name: dice\n');
    const run = tier2(['run', dice, '--missions', missionsModule, '--runs', '3', '--reporter', 'github']);
    expect(run.code).toBe(1);
    const [first] = commands(run.stdout);
    expect(first?.props.title).toBe('tier2: the 3 runs of --runs differ');
    expect(first?.props.line).toBe('5');
    expect(first?.message).toMatch(/^run 1 and run 2 first differ at suite_result\.scenario_results\.roll\.mission_results\.dice\./);
  });
});

describe('GitHub Actions: a suite without expectations', () => {
  it('is an error annotation and a FAIL summary row, unless --pass-with-no-expectations', () => {
    const bare = file('bare.yaml', 'suite_name: bare\nscenarios:\n  - scenario_name: s\n    missions: [{ name: echo }]\n');
    const summary = file('bare-summary.md', '');
    const run = tier2(['run', bare, '--reporter', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const [only, ...rest] = commands(run.stdout);
    expect(rest).toEqual([]);
    expect(only?.props.title).toBe('tier2: no expectations');
    expect(only?.message).toContain('no expectations were given, so nothing was checked but that every mission ran without raising');
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain("### tier2: suite 'bare': FAIL");
    expect(text).toContain('| (all) | (none) | expectations |  |  | no expectations were given |');
    const allowed = tier2(['run', bare, '--reporter', 'github', '--pass-with-no-expectations']);
    expect(allowed.code).toBe(0);
    expect(commands(allowed.stdout)).toEqual([]);
  });
});

describe('GitHub Actions: job summary', () => {
  it('appends verdict, counts, hash and a table of failures to $GITHUB_STEP_SUMMARY', () => {
    const summary = file('summary.md', 'earlier step\n');
    tier2(['run', failingSuite], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('earlier step\n### tier2: suite ')).toBe(true);
    expect(text).toContain(': FAIL');
    expect(text).toContain('| 2 | 4 | 1 | 2 | 1 | 1 |');
    expect(text).toContain('test_run_hash: none');
    expect(text).toContain("| bad-params | (mission 'run\\_tests') | raised |");
    expect(text).toContain(`| short-day | short-day-has-archive | eq at receipt.steps.4 | "daily-archive" | null | path\\_missing | ${failingSuite}:20 |`);
    tier2(['run', ...nightly], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const json = JSON.parse(tier2(['run', ...nightly, '--json']).stdout) as { metadata: { test_run_hash: string } };
    expect(readFileSync(summary, 'utf8')).toContain(`test_run_hash: \`${json.metadata.test_run_hash}\``);
  });

  it('stays under its byte budget (GitHub refuses over 1 MiB) with thousands of long failures, and says how many are left out', () => {
    // Rows of about 6 KB: the byte budget, not the row cap, ends the table.
    const big = 'x|'.repeat(2000);
    const lines = ['suite_name: huge', 'scenarios:', '  - scenario_name: s', `    missions: [{ name: echo, params: { v: "${big}" } }]`, 'expectations:'];
    for (let i = 0; i < 250; i++)
      lines.push(
        `  - { id: "e${i}|${'y|'.repeat(2000)}", scenario_name: s, mission_name: echo, path: executed_steps.0.payload.params.v, op: eq, expected: "${big}z" }`,
      );
    const suite = file('huge.yaml', `${lines.join('\n')}\n`);
    const summary = file('huge.md', '');
    expect(tier2(['run', suite], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }).code).toBe(1);
    const size = statSync(summary).size;
    expect(size).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES);
    expect(size).toBeLessThan(1024 * 1024);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/… and \d+ more failures \(the log lists every one\)\.\n$/);
    // Every table row has exactly the 7 cells: no pipe from the data split a row.
    const rows = text.split('\n').filter((line) => line.startsWith('| s |'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(200);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });
});

describe('--html: data', () => {
  const embedded = (html: string): HtmlReportData => {
    const match = /<script type="application\/json" id="tier2-data">([^<]*)<\/script>/.exec(html);
    if (!match) throw new Error('no embedded data');
    return JSON.parse(match[1] as string) as HtmlReportData;
  };

  it.each([
    ['a failing run with a raised mission', [failingSuite]],
    ['a passing run', nightly],
  ])('embeds exactly what --json prints: %s', (_label, args) => {
    const out = join(dir, 'data.html');
    const html = tier2(['run', ...args, '--html', out]);
    const json = tier2(['run', ...args, '--json']);
    expect(html.code).toBe(json.code);
    expect(embedded(readFileSync(out, 'utf8')).json).toEqual(JSON.parse(json.stdout));
  });

  it('lists each expectation with its source line, and each raising call', () => {
    const out = join(dir, 'lines.html');
    tier2(['run', failingSuite, '--html', out]);
    const { report } = embedded(readFileSync(out, 'utf8'));
    expect(report.expectations.map((item) => [item.id, item.file, item.line])).toEqual([
      ['short-day-has-archive', failingSuite, 20],
      ['short-day-human-first', failingSuite, 26],
      ['short-day-state-compared-to-text', failingSuite, 32],
      ['bad-params-report', failingSuite, 38],
    ]);
    expect(report.scenarios[1]).toEqual({ name: 'bad-params', missions: ['run_tests'], raisedAt: { file: failingSuite, line: 17 } });
  });

  it('escapes names that contain </script>, comments and markup; the data reads back unchanged', () => {
    const name = '</script><script>alert(1)</script><!--';
    const suite = file(
      'xss.yaml',
      `suite_name: "${name}"\nscenarios:\n  - scenario_name: "<img src=x onerror=alert(2)>"\n    missions: [{ name: echo }]\nexpectations:\n  - { id: "</SCRIPT>\\u2028", scenario_name: "<img src=x onerror=alert(2)>", mission_name: echo, path: success, op: eq, expected: false }\n`,
    );
    const out = join(dir, 'xss.html');
    expect(tier2(['run', suite, '--html', out]).code).toBe(1);
    const html = readFileSync(out, 'utf8');
    // Only the page's own two script elements exist, and no user text appears as markup.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
    const data = embedded(html);
    expect(data.report.suiteName).toBe(name);
    expect(data.report.expectations[0]?.id).toBe('</SCRIPT>\u2028');
    expect(embeddedJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  });

  it('shows a --runs difference side by side, around the diverging key', () => {
    const dice = file('dice-html.yaml', 'suite_name: dice\nscenarios:\n  - scenario_name: roll\n    missions:\n      - name: dice\n');
    const out = join(dir, 'dice.html');
    expect(tier2(['run', dice, '--missions', missionsModule, '--runs', '3', '--html', out]).code).toBe(1);
    const { report, json } = embedded(readFileSync(out, 'utf8'));
    const divergence = report.determinism?.divergence;
    expect(report.determinism).toMatchObject({ runs: 3, deterministic: false });
    expect(divergence?.path).toMatch(/^suite_result\.scenario_results\.roll\.mission_results\.dice\./);
    expect(divergence?.leftLabel).toBe('run 1');
    expect(divergence?.left).not.toBe(divergence?.right);
    const row = divergence?.context.find((item) => item.key === divergence.segments.at(-1));
    expect(row).toMatchObject({ differs: true, left: divergence?.left, right: divergence?.right });
    // CliRun 1's side is the embedded --json data itself.
    let value: unknown = json;
    for (const segment of divergence?.segments ?? []) value = (value as Record<string, unknown>)[segment];
    expect(JSON.stringify(value)).toBe(divergence?.left);
  });
});

describe('docs/cli.md shows real output', () => {
  const docs = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
  /** The fenced block that follows `marker` in docs/cli.md. */
  const blockAfter = (marker: string): string => {
    const at = docs.indexOf(marker);
    expect(at).toBeGreaterThan(-1);
    const match = /```[a-z]*\n([\s\S]*?)```/.exec(docs.slice(at));
    return match?.[1] ?? '';
  };

  it('the annotations and the job summary of the failing example', () => {
    const summary = file('docs-summary.md', '');
    const run = tier2(['run', failingSuite], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(blockAfter('Real output for `examples/failing.suite.yaml`')).toBe(`${annotations.join('\n')}\n`);
    expect(blockAfter('says how many failures are left out. Real output:')).toBe(readFileSync(summary, 'utf8'));
  });

  it('the JUnit excerpts', () => {
    const plain = join(dir, 'docs-plain.xml');
    const located = join(dir, 'docs-located.xml');
    tier2(['run', failingSuite, '--junit', plain]);
    tier2(['run', failingSuite, '--junit', located, '--junit-testcase-file']);
    const excerpt = blockAfter('Excerpt (`tier2 run examples/failing.suite.yaml --junit junit.xml`)');
    const plainText = readFileSync(plain, 'utf8');
    for (const line of excerpt.split('\n').filter((item) => item.trim().startsWith('<'))) expect(plainText).toContain(line);
    const locatedText = readFileSync(located, 'utf8');
    for (const line of blockAfter('It needs `--junit` (exit 2 otherwise).')
      .split('\n')
      .filter((item) => item !== ''))
      expect(locatedText).toContain(line);
  });
});
