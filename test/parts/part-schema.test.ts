/**
 * schemas/part.schema.json describes the part files the CLI and describeSuite
 * write: real parts (passing, failing, raising, empty shards) validate, and a
 * part the merge refuses for its shape is refused by the schema too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MISSION_REGISTRY, parseExpectationsDefinition, parseSuiteDefinition, type ShardSpec } from 'tier2-harness';
import { partText } from '../../src/parts/part.js';
import { parse } from 'yaml';
import { judgeSuite } from '../../src/harness/outcome.js';
import { makePart, parsePart, shardInputs } from '../../src/parts/part-file.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  oneOf?: Schema[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
};

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/part.schema.json', import.meta.url)), 'utf8')) as Schema;

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  return [typeof value];
}

/** The problems of `value` under `node` (the JSON Schema keywords the part schema uses), with paths. */
function problems(node: Schema, value: unknown, at = '$'): string[] {
  if (node.$ref) {
    let target: unknown = schema;
    for (const part of node.$ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part];
    return problems(target as Schema, value, at);
  }
  const found: string[] = [];
  if (node.type !== undefined) {
    const allowed = Array.isArray(node.type) ? node.type : [node.type];
    if (!typeOf(value).some((type) => allowed.includes(type))) return [`${at}: expected ${allowed.join('|')}`];
  }
  if (node.enum && !node.enum.includes(value)) found.push(`${at}: not one of ${JSON.stringify(node.enum)}`);
  if (node.oneOf && node.oneOf.filter((option) => problems(option, value, at).length === 0).length !== 1) found.push(`${at}: not exactly one of oneOf`);
  if (typeof value === 'number' && node.minimum !== undefined && value < node.minimum) found.push(`${at}: below ${node.minimum}`);
  if (typeof value === 'number' && node.maximum !== undefined && value > node.maximum) found.push(`${at}: above ${node.maximum}`);
  if (typeof value === 'string' && node.pattern !== undefined && !new RegExp(node.pattern).test(value)) found.push(`${at}: does not match ${node.pattern}`);
  if (Array.isArray(value) && node.items) value.forEach((item, i) => found.push(...problems(node.items as Schema, item, `${at}[${i}]`)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of node.required ?? []) if (!Object.hasOwn(record, key)) found.push(`${at}: missing ${key}`);
    for (const [key, sub] of Object.entries(node.properties ?? {})) if (Object.hasOwn(record, key)) found.push(...problems(sub, record[key], `${at}.${key}`));
  }
  return found;
}

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
    for (const text of all) expect(problems(schema, JSON.parse(text))).toEqual([]);
  });

  it('refuses what the merge refuses for its shape, as the merge does', () => {
    const part = JSON.parse(nightly[0] as string) as Record<string, unknown>;
    const broken: [string, Record<string, unknown>][] = [
      ['no format', { ...part, format: undefined }],
      ['another version', { ...part, format_version: 2 }],
      ['a short hash', { ...part, suite_definition_hash: 'abc' }],
      ['shard index 0', { ...part, shard: { index: 0, count: 4 } }],
      ['scenarios not a list', { ...part, scenarios: {} }],
      ['a bad status', { ...part, expectations: [{ ...(part.expectations as object[])[0], status: 'maybe' }] }],
    ];
    for (const [label, document] of broken) {
      const text = JSON.stringify(document);
      expect(problems(schema, JSON.parse(text)), label).not.toEqual([]);
      expect(() => parsePart('broken.json', text), label).toThrow(/broken\.json/);
    }
  });
});
