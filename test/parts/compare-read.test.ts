/**
 * How `tier2 compare` reads result files (a scenario at a time, src/compare/
 * json-skim.ts) and what it makes of the awkward ones: names full of JSON's
 * special characters, a value larger than the reader's chunk, the same data
 * formatted another way, a run in which a mission raised, a hand-edited hash.
 * And schemas/compare.schema.json describes every comparison exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/model.js';
import { compareResults } from '../../src/compare/compare-results.js';
import { readResultFile } from '../../src/compare/read-result.js';
import { JsonSkimmer } from '../../src/compare/json-skim.js';
import { root, scratch, tier2InProcess as tier2 } from '../support/cli.js';
import { exampleSuite, plantedSuite, side } from './compare-helpers.js';
import { schemaValidator } from '../support/schema-validator.js';

const dir = scratch('tier2-compare-read-');
afterAll(() => dir.remove());

function compareFiles(a: string, b: string): Comparison {
  const baseline = readResultFile(a);
  const candidate = readResultFile(b);
  try {
    return compareResults(baseline, candidate);
  } finally {
    baseline.close();
    candidate.close();
  }
}

/** A `--json`-shaped result of a suite of echo scenarios with these names and params. */
async function echoRun(name: string, scenarios: readonly (readonly [string, unknown])[]): Promise<string> {
  const suite = {
    suite_name: 'echoes',
    scenarios: scenarios.map(([scenario, params]) => ({ scenario_name: scenario, missions: [{ name: 'echo', params: { value: params } }] })),
  };
  const result = await tier2(['run', dir.file(`${name}.suite.json`, JSON.stringify(suite)), '--json', '--pass-with-no-expectations']);
  expect(result.code, result.err).toBe(0);
  return dir.file(`${name}.json`, result.out);
}

describe('reading a result a scenario at a time', () => {
  const awkward = ['quote " inside', 'back\\slash', 'braces {[', ']} closing', 'unicode λ é 😀', 'escaped \\" quote', 'line\nbreak'];

  it('finds every scenario whatever its name holds, and each change under its own name', async () => {
    const a = await echoRun(
      'awkward-a',
      awkward.map((name, i) => [name, i] as const),
    );
    const b = await echoRun(
      'awkward-b',
      awkward.map((name, i) => [name, i === 2 ? 'changed' : i] as const),
    );
    expect(compareFiles(a, a).identical).toBe(true);
    const comparison = compareFiles(a, b);
    expect(comparison.scenarios.changed.map((scenario) => scenario.name)).toEqual(['braces {[']);
    expect(comparison.scenarios.unchanged).toBe(awkward.length - 1);
  });

  it('reads a value larger than its chunk (1 MiB), and a change at its end', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const a = await echoRun('big-a', [
      ['small', 1],
      ['big', big],
      ['after', 2],
    ]);
    const b = await echoRun('big-b', [
      ['small', 1],
      ['big', `${big}y`],
      ['after', 2],
    ]);
    const comparison = compareFiles(a, b);
    expect(comparison.scenarios.changed.map((scenario) => scenario.name)).toEqual(['big']);
    const field = comparison.scenarios.changed[0]?.missions[0]?.fields[0];
    expect(field?.path).toBe('executed_steps.0.payload.params.value');
    expect((field?.candidate as string).length).toBe(big.length + 1);
    expect(comparison.scenarios.unchanged).toBe(2);
  });

  it('compares the data, not the formatting: the same result written compactly is identical', async () => {
    const a = await echoRun(
      'pretty',
      awkward.map((name, i) => [name, { i, list: [i, `${i}`] }] as const),
    );
    const compact = dir.file('compact.json', JSON.stringify(JSON.parse(readFileSync(a, 'utf8'))).replace(/,/g, ',\r\n\t'));
    expect(compareFiles(a, compact).identical).toBe(true);
  });

  it('walks objects and lists member by member, and refuses structure that is not JSON', () => {
    const walk = (text: string): string[] => {
      const skimmer = new JsonSkimmer(dir.file('walk.json', text));
      const seen: string[] = [];
      try {
        skimmer.object((key) => {
          if (skimmer.kind() === 'list') skimmer.list((index) => seen.push(`${key}[${index}]=${skimmer.value().bytes.toString()}`));
          else seen.push(`${key}=${skimmer.value().bytes.toString()}`);
        });
        skimmer.expectEnd();
      } finally {
        skimmer.close();
      }
      return seen;
    };
    expect(walk('{"a": [1, "}", {"b": "]"}], "c": true, "d": -1.5e3, "e": {}, "f": []}')).toEqual([
      'a[0]=1',
      'a[1]="}"',
      'a[2]={"b": "]"}',
      'c=true',
      'd=-1.5e3',
      'e={}',
    ]);
    expect(() => walk('{"a": 1 "b": 2}')).toThrow(/expected ',' or '}' after an object member/);
    expect(() => walk('{"a": 1} x')).toThrow(/unexpected data after the JSON value/);
    expect(() => walk('{"a": "no end')).toThrow(/the file ends inside a value/);
  });
});

describe('what the files record', () => {
  it('a run in which a mission raised records no scenario results: compared as far as it goes, and said so', async () => {
    const failing = join(root, 'examples', 'failing.suite.yaml');
    const raised = dir.file('raised.json', (await tier2(['run', failing, '--json'])).out);
    expect(compareFiles(raised, raised).identical).toBe(true);
    const fixed = readFileSync(failing, 'utf8').replace('params: { target: 42 }', 'params: { target: unit }');
    const ran = dir.file('fixed.json', (await tier2(['run', dir.file('fixed.suite.yaml', fixed), '--json'])).out);
    const comparison = compareFiles(raised, ran);
    expect(comparison.baseline.kind).toBe('run-raised');
    expect(comparison.scenarios.not_compared).toBe(1);
    expect(comparison.scenarios.changed.map((scenario) => [scenario.name, scenario.baseline_outcome, scenario.candidate_outcome])).toEqual([
      ['bad-params', 'raised', 'ran'],
    ]);
    expect(comparison.verdicts.newly_passing.map((verdict) => [verdict.id, verdict.baseline, verdict.candidate])).toEqual([
      ['bad-params-report', 'error', 'passed'],
    ]);
    expect(comparison.notes.join('\n')).toContain('a mission raised in this run, so it records no scenario results');
  });

  it('a hash edited by hand, with every result the same, is a difference of that field', async () => {
    const { json } = await side(dir, 'hashes', exampleSuite());
    const data = JSON.parse(readFileSync(json, 'utf8')) as { metadata: { test_run_hash: string } };
    data.metadata.test_run_hash = '0'.repeat(64);
    const edited = dir.file('edited.json', JSON.stringify(data, null, 2));
    const comparison = compareFiles(json, edited);
    expect(comparison.identical).toBe(false);
    expect(comparison.fields.map((field) => field.path)).toEqual(['metadata.test_run_hash']);
  });

  it('a field named __proto__ added by hand is a field like any other, at the top and inside both results', async () => {
    const { json } = await side(dir, 'protos', exampleSuite());
    const text = readFileSync(json, 'utf8');
    // Inserted as text: JSON.parse and the reader both see an own key `__proto__` with an object value.
    const withProto = (value: number): string =>
      text
        .replace(/^\{/, `{"__proto__":{"v":${value}},`)
        .replace('"suite_result":{', `"suite_result":{"__proto__":{"v":${value}},`)
        .replace('"expectations_result":{', `"expectations_result":{"__proto__":{"v":${value}},`);
    const [one, two] = [dir.file('proto-1.json', withProto(1)), dir.file('proto-2.json', withProto(2))];
    expect(compareFiles(one, one).identical).toBe(true);
    const comparison = compareFiles(one, two);
    expect(comparison.identical).toBe(false);
    expect(comparison.fields.map((field) => field.path).sort()).toEqual(['__proto__.v', 'expectations_result.__proto__.v', 'suite_result.__proto__.v']);
  });
});

const schemas = schemaValidator();
const problems = (value: unknown): string[] => schemas.problems('compare.schema.json', value);

describe('schemas/compare.schema.json', () => {
  it('describes every comparison exactly: the planted change, identical files, parts, a raised run', async () => {
    const base = await side(dir, 'schema-base', exampleSuite());
    const planted = await side(dir, 'schema-planted', plantedSuite());
    const raised = dir.file('schema-raised.json', (await tier2(['run', join(root, 'examples', 'failing.suite.yaml'), '--json'])).out);
    const comparisons = [
      compareFiles(base.json, planted.json),
      compareFiles(base.part, planted.part),
      compareFiles(base.json, base.part),
      compareFiles(base.json, raised),
    ];
    for (const comparison of comparisons) expect(problems(JSON.parse(JSON.stringify(comparison)))).toEqual([]);
    const sample = JSON.parse(JSON.stringify(comparisons[1])) as Record<string, unknown>;
    expect(problems({ ...sample, extra: 1 })).toEqual(['/: must NOT have additional properties: extra']);
    expect(problems({ ...sample, identical: 'no' })).toEqual(['/identical: must be boolean']);
  });

  it('is written the way the other schemas are (draft-07, an $id beside them)', () => {
    const text = readFileSync(join(root, 'schemas', 'compare.schema.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'https://unpkg.com/tier2-harness/schemas/compare.schema.json',
    });
  });
});
