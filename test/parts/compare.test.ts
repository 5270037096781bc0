/**
 * `tier2 compare`: every difference between two result files, in text, JSON
 * and GitHub outputs, with the exit codes (0 identical, 1 different, 2 bad
 * input) and `--fail-on verdicts`. The planted change of compare-helpers.ts
 * must be listed whole (the params change, the broken expectation, the added
 * and the removed scenario) and nothing else, from `--json` results and from
 * part files alike.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Comparison } from '../../src/compare/model.js';
import { fakeIo, scratch, tier2InProcess as tier2 } from '../support/cli.js';
import { exampleSuite, plantedSuite, side, type Side, PLANTED_SUMMARY_ROWS, summaryRows } from './compare-helpers.js';

const dir = scratch('tier2-compare-');
afterAll(() => dir.remove());

let baseline: Side;
let candidate: Side;
beforeAll(async () => {
  baseline = await side(dir, 'baseline', exampleSuite());
  candidate = await side(dir, 'candidate', plantedSuite());
});

async function comparisonOf(a: string, b: string, ...flags: string[]): Promise<Comparison> {
  const result = await tier2(['compare', a, b, '--json', ...flags]);
  expect(result.err).toBe('');
  return JSON.parse(result.out) as Comparison;
}

/** What a comparison lists, as short labels: exactly the changes, nothing of their detail. */
function listed(comparison: Comparison): string[] {
  const { scenarios, verdicts } = comparison;
  return [
    ...scenarios.changed.map((scenario) => `scenario changed: ${scenario.name}`),
    ...scenarios.added.map((scenario) => `scenario added: ${scenario.name}`),
    ...scenarios.removed.map((scenario) => `scenario removed: ${scenario.name}`),
    ...(['newly_failing', 'newly_passing', 'added', 'removed', 'changed'] as const).flatMap((category) =>
      verdicts[category].map((verdict) => `verdict ${category}: ${verdict.id}`),
    ),
    ...comparison.fields.map((field) => `field: ${field.path}`),
  ];
}

const PLANTED = [
  'scenario changed: weekday',
  'scenario added: audit',
  'scenario removed: echo',
  'verdict newly_failing: weekday-state-untouched',
  // The removed scenario's expectations go with it: an expectation that disappears is what --fail-on verdicts guards.
  'verdict removed: echo-carries-params',
  'verdict removed: echo-workflow-id-sorts-after-wf-a',
];

describe('tier2 compare on the planted change', () => {
  it.each([
    ['--json results', 'json'],
    ['part files', 'part'],
  ] as const)('lists the four changes and nothing else (%s)', async (_label, kind) => {
    const comparison = await comparisonOf(baseline[kind], candidate[kind]);
    expect(listed(comparison)).toEqual(PLANTED);
    expect(comparison.identical).toBe(false);
    expect(comparison.verdicts_worse).toBe(true);
    expect(comparison.scenarios.unchanged).toBe(1);
    expect(comparison.verdicts.unchanged).toBe(7);
    const [weekday] = comparison.scenarios.changed;
    expect(weekday?.missions.map((mission) => [mission.key, mission.change, mission.first_path])).toEqual([
      ['run_tests', 'changed', 'executed_steps.0.payload.description'],
    ]);
    expect(weekday?.missions[0]?.fields).toEqual([
      {
        path: 'executed_steps.0.payload.description',
        segments: ['executed_steps', '0', 'payload', 'description'],
        baseline: 'Discover tests in unit',
        candidate: 'Discover tests in integration',
      },
      {
        path: 'executed_steps.1.payload.description',
        segments: ['executed_steps', '1', 'payload', 'description'],
        baseline: 'Execute tests for unit',
        candidate: 'Execute tests for integration',
      },
    ]);
    expect(comparison.definitions).toEqual({ suite: 'different', expectations: 'different' });
  });

  it('shows the definitions beside the results when both files are parts', async () => {
    const comparison = await comparisonOf(baseline.part, candidate.part);
    expect(comparison.scenarios.changed[0]?.definition).toEqual([
      { path: 'missions.1.params.target', segments: ['missions', '1', 'params', 'target'], baseline: 'unit', candidate: 'integration' },
    ]);
    const broken = comparison.verdicts.newly_failing[0];
    expect(broken).toMatchObject({ scenario: 'weekday', baseline: 'passed', candidate: 'failed' });
    expect(broken?.fields.map((field) => field.path)).toEqual(['definition.expected', 'details.reason', 'expected', 'passed']);
    expect(comparison.baseline.suite_definition_hash).not.toBe(comparison.candidate.suite_definition_hash);
  });

  it('prints every change in text, each changed field with both values, and exits 1', async () => {
    const result = await tier2(['compare', baseline.json, candidate.json]);
    expect(result.code).toBe(1);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe('tier2 compare: DIFFERENT');
    expect(lines.filter((line) => /^ {2}[~+-] '/.test(line))).toEqual([
      expect.stringMatching(/^ {2}~ 'weekday' changed \(scenario_hash [0-9a-f]{12}… → [0-9a-f]{12}…\)$/),
      "  + 'audit' (missions: echo)",
      "  - 'echo' (missions: echo)",
    ]);
    expect(result.out).toContain('scenarios: 1 changed, 1 added, 1 removed, 1 unchanged\n');
    expect(result.out).toContain("      ~ mission 'run_tests' changed, first at executed_steps.0.payload.description\n");
    expect(result.out).toContain('          executed_steps.1.payload.description: "Execute tests for unit" → "Execute tests for integration"\n');
    expect(result.out).toContain('verdicts: 1 newly failing, 2 removed, 7 unchanged\n');
    expect(lines.filter((line) => /^ {4}[✓✗-] /.test(line))).toEqual([
      '    ✗ weekday-state-untouched: passed → failed',
      '    - echo-carries-params: passed → (absent)',
      '    - echo-workflow-id-sorts-after-wf-a: passed → (absent)',
    ]);
    expect(result.out).toContain('        expected: 3 → 4\n');
  });

  it('writes a GitHub step summary of the changes and annotates the lines of the suite file', async () => {
    const summary = join(dir.dir, 'summary.md');
    writeFileSync(summary, '');
    const io = fakeIo({ env: { GITHUB_STEP_SUMMARY: summary } });
    const code = await runCli(['compare', baseline.part, candidate.part, '--reporter', 'github', '--suite', candidate.suite], io);
    expect(code).toBe(1);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('### tier2 compare: DIFFERENT\n')).toBe(true);
    expect(summaryRows(text)).toEqual(PLANTED_SUMMARY_ROWS);
    const annotations = io
      .out()
      .split('\n')
      .filter((line) => line.startsWith('::'));
    const suiteLines = readFileSync(candidate.suite, 'utf8').split('\n');
    const lineOf = (name: string): number => suiteLines.findIndex((line) => line.includes(`scenario_name: ${name}`)) + 1;
    expect(annotations).toHaveLength(6);
    expect(annotations[0]).toMatch(
      new RegExp(`^::warning file=[^,]*candidate\\.suite\\.yaml,line=${lineOf('weekday')},title=tier2 compare%3A scenario changed%3A weekday::`),
    );
    expect(annotations[1]).toMatch(new RegExp(`^::notice file=[^,]*,line=${lineOf('audit')},title=tier2 compare%3A scenario added%3A audit::`));
    expect(annotations[2]).toMatch(/^::notice file=[^,]*,title=tier2 compare%3A scenario removed%3A echo::/);
    expect(annotations[3]).toMatch(
      new RegExp(`^::error file=[^,]*,line=${lineOf('weekday')},title=tier2 compare%3A expectation newly failing%3A weekday-state-untouched::`),
    );
  });
});

describe('the GitHub reporter without --reporter', () => {
  it('is on when GITHUB_ACTIONS=true, as for tier2 run, and off with --reporter default', async () => {
    for (const [flags, written] of [
      [[], true],
      [['--reporter', 'default'], false],
    ] as const) {
      const summary = dir.file('default-summary.md', '');
      const io = fakeIo({ env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
      expect(await runCli(['compare', baseline.json, candidate.json, ...flags], io)).toBe(1);
      expect(readFileSync(summary, 'utf8').startsWith('### tier2 compare: DIFFERENT'), flags.join(' ')).toBe(written);
    }
  });
});

describe('tier2 compare exit codes and --fail-on', () => {
  it('identical files: exit 0, whatever their kinds (a --json result, a merge of parts, a part)', async () => {
    const parts = [join(dir.dir, 'p1.json'), join(dir.dir, 'p2.json')];
    for (const [i, part] of parts.entries()) await tier2(['run', baseline.suite, '-e', baseline.expectations, '--shard', `${i + 1}/2`, '--out', part]);
    const merged = dir.file('merged.json', (await tier2(['merge', ...parts, '--json'])).out);
    for (const other of [merged, baseline.part, baseline.json]) {
      const result = await tier2(['compare', baseline.json, other]);
      expect(result.code, result.out).toBe(0);
      expect(result.out).toContain('tier2 compare: IDENTICAL');
      expect(result.out).toContain('3 scenarios and 10 verdicts, all the same');
    }
  });

  it('two empty parts still compare what ran: the same empty shard is identical, another suite’s is not', async () => {
    const emptyPart = async (name: string, suite: string, expectations: readonly string[]): Promise<string> => {
      for (let i = 1; i <= 8; i += 1) {
        const out = join(dir.dir, `${name}-${i}.json`);
        await tier2(['run', suite, ...expectations, '--shard', `${i}/8`, '--out', out]);
        if ((JSON.parse(readFileSync(out, 'utf8')) as { scenarios: unknown[] }).scenarios.length === 0) return out;
      }
      throw new Error(`no empty shard of ${suite} in 8`);
    };
    const mine = ['-e', baseline.expectations];
    const a = await emptyPart('empty-a', baseline.suite, mine);
    const b = await emptyPart('empty-b', baseline.suite, mine);
    const same = await tier2(['compare', a, b]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('0 scenarios and 0 verdicts, all the same');
    const other = dir.file('other-suite.yaml', 'suite_name: other\nscenarios:\n  - scenario_name: only\n    missions: [{ name: echo }]\n');
    const foreign = await tier2(['compare', a, await emptyPart('empty-other', other, [])]);
    expect(foreign.code).toBe(1);
    expect(foreign.out).toContain('suite_name: "nightly" → "other"');
  });

  it('--fail-on verdicts: exit 0 for a behaviour change that keeps every verdict, 1 when an expectation newly fails or disappears', async () => {
    const { suite, expectations } = exampleSuite();
    const paramsOnly = await side(dir, 'params-only', { suite: suite.replace('target: unit', 'target: integration'), expectations });
    const changes = await tier2(['compare', baseline.json, paramsOnly.json]);
    expect(changes.code).toBe(1);
    const verdicts = await tier2(['compare', baseline.json, paramsOnly.json, '--fail-on', 'verdicts']);
    expect(verdicts.code).toBe(0);
    expect(verdicts.out).toContain("~ 'weekday' changed");
    expect((await tier2(['compare', baseline.json, candidate.json, '--fail-on', 'verdicts'])).code).toBe(1);
    const removedOnly = await side(dir, 'removed-only', { suite, expectations: expectations.slice(0, expectations.indexOf('  - id: echo-workflow-id')) });
    expect((await tier2(['compare', baseline.json, removedOnly.json, '--fail-on', 'verdicts'])).code).toBe(1);
    expect((await tier2(['compare', removedOnly.json, baseline.json, '--fail-on', 'verdicts'])).code).toBe(0);
  });

  it.each([
    [['compare', 'a.json'], "'compare' needs exactly two result files"],
    [['compare', 'a.json', 'b.json', '--fail-on', 'nothing'], "--fail-on expects 'changes' or 'verdicts', got 'nothing'"],
    [['compare', 'a.json', 'b.json', '--junit', 'x.xml'], "--junit does not apply to 'compare'"],
    [['compare', 'a.json', 'b.json', '--html', ''], '--html expects a file name'],
    [['compare', 'a.json', 'b.json', '--html'], '--html expects a file name'],
    [['compare', 'a.json', 'b.json', '--json=yes'], '--json takes no value'],
    [['compare', 'a.json', 'b.json', '--reporter', 'gitlab'], "--reporter expects one of default, github, got 'gitlab'"],
  ])('usage error %j: exit 2', async (args, message) => {
    const result = await tier2(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it('bad input: exit 2 with the file and the problem', async () => {
    const cases: [string, string][] = [
      [join(dir.dir, 'missing.json'), 'cannot read'],
      [dir.file('text.json', 'not json at all'), 'not a result file'],
      [dir.file('other.json', '{"a": 1}'), "not a result file: expected the output of 'tier2 run --json'"],
      [dir.file('cut.json', readFileSync(baseline.json, 'utf8').slice(0, 2000)), 'the file ends inside a value'],
      [
        dir.file('bad-verdict.json', JSON.stringify({ suite_result: { scenario_results: {} }, expectations_result: { expectation_results: { x: 1 } } })),
        'expected a verdict',
      ],
      [dir.file('bad-part.json', '{"format": "tier2-part", "format_version": 9}'), 'part format version 9 is not supported'],
    ];
    for (const [file, message] of cases) {
      const result = await tier2(['compare', baseline.json, file]);
      expect(result.code, message).toBe(2);
      expect(result.err, message).toContain(file);
      expect(result.err, message).toContain(message);
    }
    const html = await tier2(['compare', baseline.json, candidate.json, '--html', candidate.json]);
    expect(html.code).toBe(2);
    expect(html.err).toContain('is the candidate: writing it would destroy the input');
  });
});
