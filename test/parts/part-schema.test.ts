/**
 * schemas/part.schema.json describes the part files the CLI and describeSuite
 * write: real parts (passing, failing, raising, empty shards) validate, and a
 * part the merge refuses for its shape is refused by the schema too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MISSION_REGISTRY, parseExpectationsDefinition, parseSuiteDefinition, type ShardSpec } from 'tier2-harness';
import { partText } from '../../src/parts/part.js';
import { parse } from 'yaml';
import { judgeSuite } from '../../src/harness/outcome.js';
import { makePart, parsePart, shardInputs } from '../../src/parts/part-file.js';
import { schemaValidator } from '../support/schema-validator.js';
import { tier2InProcess } from '../support/cli.js';

const schemas = schemaValidator();
const problems = (value: unknown): string[] => schemas.problems('part.schema.json', value);

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const load = (file: string): unknown => parse(readFileSync(`${examples}${file}`, 'utf8')) as unknown;

/** The part texts of every shard of n of a suite. */
function partsOf(suiteData: unknown, expectationsData: unknown, n: number): string[] {
  const suite = parseSuiteDefinition(suiteData);
  const expectations = parseExpectationsDefinition(expectationsData);
  return Array.from({ length: n }, (_, i) => {
    const shard: ShardSpec = { index: i + 1, count: n };
    const own = shardInputs(suite, expectations, shard);
    return partText(makePart(suite, expectations, shard, judgeSuite(own.suite, own.expectations, MISSION_REGISTRY)));
  });
}

describe('schemas/part.schema.json', () => {
  const nightly = partsOf(load('nightly.suite.yaml'), load('nightly.expectations.yaml'), 4);
  const failingFile = load('failing.suite.yaml') as { expectations: unknown };
  const failing = partsOf(failingFile, { expectations: failingFile.expectations }, 2);

  it('accepts every real part: passing, failing, a raising mission, empty shards', () => {
    const all = [...nightly, ...failing];
    expect(all.some((text) => text.includes('"mission_error": {'))).toBe(true);
    expect(all.some((text) => text.includes('"status": "failed"'))).toBe(true);
    expect(all.some((text) => text.includes('"scenarios": []'))).toBe(true);
    for (const text of all) expect(problems(JSON.parse(text))).toEqual([]);
  });

  it('refuses what the merge refuses for its shape, as the merge does, at the broken field', () => {
    const part = JSON.parse(nightly[0] as string) as Record<string, unknown>;
    const broken: [string, Record<string, unknown>, string][] = [
      ['no format', { ...part, format: undefined }, '/'],
      ['another version', { ...part, format_version: 2 }, '/format_version'],
      ['a short hash', { ...part, suite_definition_hash: 'abc' }, '/suite_definition_hash'],
      ['shard index 0', { ...part, shard: { index: 0, count: 4 } }, '/shard/index'],
      ['scenarios not a list', { ...part, scenarios: {} }, '/scenarios'],
      ['a bad status', { ...part, expectations: [{ ...(part.expectations as object[])[0], status: 'maybe' }] }, '/expectations/0/status'],
    ];
    const where = (problem: string): string => problem.slice(0, problem.indexOf(': '));
    for (const [label, document, path] of broken) {
      const text = JSON.stringify(document);
      expect(problems(JSON.parse(text)).map(where), label).toEqual([path]);
      expect(() => parsePart('broken.json', text), label).toThrow(/broken\.json/);
    }
  });

  it('describes the locations tier2 run --out records: real parts validate, a malformed or misplaced one is refused as the merge refuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier2-part-schema-'));
    try {
      const out = join(dir, 'part.json');
      expect((await tier2InProcess(['run', `${examples}failing.suite.yaml`, '--out', out])).code).toBe(1);
      const text = readFileSync(out, 'utf8');
      const part = JSON.parse(text) as { scenarios: Record<string, unknown>[]; expectations: Record<string, unknown>[] };
      expect(text).toContain('"defined_at": {');
      expect(text).toContain('"called_at": {');
      expect(problems(part)).toEqual([]);
      const failed = part.expectations.findIndex((entry) => entry.status === 'failed');
      const passed = part.expectations.findIndex((entry) => entry.status === 'passed');
      const ran = part.scenarios.findIndex((entry) => entry.mission_error === null);
      const edit = (list: 'scenarios' | 'expectations', index: number, change: Record<string, unknown>): object => ({
        ...part,
        [list]: part[list].map((entry, i) => (i === index ? { ...entry, ...change } : entry)),
      });
      const broken: [string, object, string][] = [
        ['line 0', edit('expectations', failed, { defined_at: { file: 'x.yaml', line: 0 } }), `/expectations/${failed}/defined_at/line`],
        ['an empty file', edit('expectations', failed, { defined_at: { file: '', line: 3 } }), `/expectations/${failed}/defined_at/file`],
        ['no line', edit('expectations', failed, { defined_at: { file: 'x.yaml' } }), `/expectations/${failed}/defined_at`],
        ['on a passed expectation', edit('expectations', passed, { defined_at: { file: 'x.yaml', line: 3 } }), `/expectations/${passed}`],
        ['on a scenario that ran', edit('scenarios', ran, { called_at: { file: 'x.yaml', line: 3 } }), `/scenarios/${ran}`],
      ];
      for (const [label, document, path] of broken) {
        const found = problems(JSON.parse(JSON.stringify(document)));
        expect(found.length, label).toBeGreaterThan(0);
        expect(
          found.every((problem) => problem.startsWith(`${path}: `)),
          `${label}: ${found.join('; ')}`,
        ).toBe(true);
        expect(() => parsePart('broken.json', JSON.stringify(document)), label).toThrow(/^broken\.json: /);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
