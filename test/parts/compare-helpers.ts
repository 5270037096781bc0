/**
 * The planted change the compare tests share: the example suite
 * examples/nightly.suite.yaml with its expectations as the baseline, and a
 * candidate in which one mission's params changed (weekday's run_tests
 * target), one expectation is broken (weekday-state-untouched expects 4), one
 * scenario was added (audit) and one removed (echo, with its two
 * expectations).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { root, tier2InProcess, type Scratch } from '../support/cli.js';

/** The example suite and expectations files, as text. */
export function exampleSuite(): { suite: string; expectations: string } {
  return {
    suite: readFileSync(join(root, 'examples', 'nightly.suite.yaml'), 'utf8'),
    expectations: readFileSync(join(root, 'examples', 'nightly.expectations.yaml'), 'utf8'),
  };
}

function replaced(text: string, from: string, to: string): string {
  expect(text, `the example no longer contains ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, to);
}

/** The example with the four planted changes. */
export function plantedSuite(): { suite: string; expectations: string } {
  const { suite, expectations } = exampleSuite();
  const echo = suite.slice(suite.indexOf('  - scenario_name: echo'));
  const candidateSuite = replaced(
    replaced(suite, 'params: { target: unit }', 'params: { target: integration }'),
    echo,
    '  - scenario_name: audit\n    missions:\n      - name: echo\n        params: { message: audit }\n',
  );
  const broken = replaced(expectations, 'path: final_state.inbox\n    op: eq\n    expected: 3', 'path: final_state.inbox\n    op: eq\n    expected: 4');
  return { suite: candidateSuite, expectations: broken.slice(0, broken.indexOf('  - id: echo-carries-params')) };
}

/** One side's files: the suite and expectations, its `--json` result and its part file (`--out`). */
export interface Side {
  readonly suite: string;
  readonly expectations: string;
  readonly json: string;
  readonly part: string;
}

/** Writes a suite and its expectations into `dir` under `name`, and runs it into a `--json` result and a part file. */
export async function side(dir: Scratch, name: string, texts: { suite: string; expectations: string }): Promise<Side> {
  const suite = dir.file(`${name}.suite.yaml`, texts.suite);
  const expectations = dir.file(`${name}.expectations.yaml`, texts.expectations);
  const run = await tier2InProcess(['run', suite, '-e', expectations, '--json']);
  expect([0, 1], run.err).toContain(run.code);
  const json = dir.file(`${name}.json`, run.out);
  const part = join(dir.dir, `${name}.part.json`);
  expect([0, 1]).toContain((await tier2InProcess(['run', suite, '-e', expectations, '--out', part])).code);
  return { suite, expectations, json, part };
}

/** The planted change's rows in the GitHub step summary: change and name of each. */
export const PLANTED_SUMMARY_ROWS = [
  '| scenario changed | weekday',
  '| scenario added | audit',
  '| scenario removed | echo',
  '| expectation newly failing | weekday-state-untouched',
  '| expectation removed | echo-carries-params',
  '| expectation removed | echo-workflow-id-sorts-after-wf-a',
];

/** The change and name of each row of a step summary's table. */
export function summaryRows(summary: string): string[] {
  const rows = summary.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| change') && !line.startsWith('| ---'));
  return rows.map((row) => row.split(' | ').slice(0, 2).join(' | '));
}
