/**
 * Keeps schemas/*.schema.json in step with the config parser: for every
 * object the schemas describe, every field is tried missing, with values of
 * every JSON type, and with an unknown field (or a misspelt known one) next to
 * it; the schema's verdict (by a small evaluator of the schema keywords used)
 * and the parser's must agree.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXPECTATION_OPS, parseExpectationsDefinition, parseSuiteDefinition } from 'tier2-harness';

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  oneOf?: Schema[];
  items?: Schema;
  minimum?: number;
  required?: string[];
  not?: Schema;
  if?: Schema;
  then?: Schema;
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
};

const load = (name: string): Schema => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), 'utf8')) as Schema;
const files: Record<string, Schema> = { 'suite.schema.json': load('suite.schema.json'), 'expectations.schema.json': load('expectations.schema.json') };

function resolveRef(ref: string, base: string): [Schema, string] {
  const [file, pointer = ''] = ref.split('#');
  const fileName = file === '' || file === undefined ? base : file;
  let node = files[fileName] as Schema;
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Record<string, Schema>)[part] as Schema;
  return [node, fileName];
}

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  return [typeof value];
}

/** Evaluates the JSON Schema keywords the two schemas use. */
function accepts(schema: Schema, value: unknown, base: string): boolean {
  if (schema.$ref) {
    const [target, file] = resolveRef(schema.$ref, base);
    return accepts(target, value, file);
  }
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!typeOf(value).some((type) => allowed.includes(type))) return false;
  }
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.oneOf && schema.oneOf.filter((option) => accepts(option, value, base)).length !== 1) return false;
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) return false;
  if (schema.items && Array.isArray(value) && !value.every((item) => accepts(schema.items as Schema, item, base))) return false;
  if (schema.not && accepts(schema.not, value, base)) return false;
  if (schema.if && schema.then && accepts(schema.if, value, base) && !accepts(schema.then, value, base)) return false;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (schema.required?.some((key) => !Object.hasOwn(record, key))) return false;
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (Object.hasOwn(record, key) && !accepts(sub, record[key], base)) return false;
    if (schema.additionalProperties === false && Object.keys(record).some((key) => !Object.hasOwn(schema.properties ?? {}, key))) return false;
  }
  return true;
}

/** The parser's verdict: true, or false for a ConfigError (anything else is a bug and fails the test). */
function parses(document: unknown, kind: 'suite' | 'expectations'): boolean {
  try {
    if (kind === 'suite') {
      parseSuiteDefinition(document);
      // The combined form, as the CLI reads it: the suite file's `expectations:` list.
      if (Object.hasOwn(document as object, 'expectations'))
        parseExpectationsDefinition({ expectations: (document as { expectations: unknown }).expectations });
    } else {
      parseExpectationsDefinition(document);
    }
    return true;
  } catch (error) {
    if (ConfigError.isConfigError(error)) return false;
    throw error;
  }
}

const validExpectation = { id: 'e1', scenario_name: 's', mission_name: 'echo', path: 'success', op: 'eq', expected: true };
const validSuite = {
  $schema: './suite.schema.json',
  suite_name: 'suite',
  scenarios: [{ scenario_name: 's', initial_state: { day: 1 }, missions: [{ name: 'echo', params: { x: 1 }, key: 'echo' }] }],
  expectations: [validExpectation],
};
const validExpectations = { $schema: './expectations.schema.json', expectations: [validExpectation] };

/** Every object the schemas describe: where a sample sits in the valid document, and its schema. */
const objects: { kind: 'suite' | 'expectations'; label: string; path: (string | number)[]; schema: Schema; file: string }[] = [
  { kind: 'suite', label: 'suite', path: [], schema: files['suite.schema.json'] as Schema, file: 'suite.schema.json' },
  { kind: 'suite', label: 'scenario', path: ['scenarios', 0], schema: resolveRef('#/definitions/scenario', 'suite.schema.json')[0], file: 'suite.schema.json' },
  {
    kind: 'suite',
    label: 'mission call',
    path: ['scenarios', 0, 'missions', 0],
    schema: resolveRef('#/definitions/missionCall', 'suite.schema.json')[0],
    file: 'suite.schema.json',
  },
  {
    kind: 'suite',
    label: 'embedded expectation',
    path: ['expectations', 0],
    schema: resolveRef('#/definitions/expectation', 'expectations.schema.json')[0],
    file: 'expectations.schema.json',
  },
  { kind: 'expectations', label: 'expectations', path: [], schema: files['expectations.schema.json'] as Schema, file: 'expectations.schema.json' },
  {
    kind: 'expectations',
    label: 'expectation',
    path: ['expectations', 0],
    schema: resolveRef('#/definitions/expectation', 'expectations.schema.json')[0],
    file: 'expectations.schema.json',
  },
];

/** Values of every JSON type, and the edge cases of the fields that have them. */
const SAMPLES: unknown[] = ['text', '', 0, 3, -1, 1.5, true, null, [], ['a', 0], ['a', -1], ['a', 1.5], [true], {}, { a: 1 }, ...EXPECTATION_OPS, 'gte', 'EQ'];

function mutate(document: unknown, path: (string | number)[], change: (target: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  let target: unknown = copy;
  for (const segment of path) target = (target as Record<string | number, unknown>)[segment];
  change(target as Record<string, unknown>);
  return copy;
}

describe('schemas agree with the parser', () => {
  it('accept the complete valid documents, and so does the parser', () => {
    expect(accepts(files['suite.schema.json'] as Schema, validSuite, 'suite.schema.json')).toBe(true);
    expect(parses(validSuite, 'suite')).toBe(true);
    expect(accepts(files['expectations.schema.json'] as Schema, validExpectations, 'expectations.schema.json')).toBe(true);
    expect(parses(validExpectations, 'expectations')).toBe(true);
  });

  it('refuse unknown fields in every object they describe (additionalProperties: false)', () => {
    for (const object of objects) expect([object.label, object.schema.additionalProperties]).toEqual([object.label, false]);
  });

  it('refuse an expected value on exists and absent, and so does the parser', () => {
    for (const op of ['exists', 'absent']) {
      const withExpected = { expectations: [{ ...validExpectation, op }] };
      const without = { expectations: [{ id: 'e1', scenario_name: 's', mission_name: 'echo', path: 'success', op }] };
      expect([
        op,
        accepts(files['expectations.schema.json'] as Schema, withExpected, 'expectations.schema.json'),
        parses(withExpected, 'expectations'),
      ]).toEqual([op, false, false]);
      expect([op, accepts(files['expectations.schema.json'] as Schema, without, 'expectations.schema.json'), parses(without, 'expectations')]).toEqual([
        op,
        true,
        true,
      ]);
    }
  });

  it('list exactly the parser’s ops', () => {
    const expectation = resolveRef('#/definitions/expectation', 'expectations.schema.json')[0];
    expect(expectation.properties?.op?.enum).toEqual([...EXPECTATION_OPS]);
  });

  for (const object of objects) {
    const base = object.kind === 'suite' ? validSuite : validExpectations;
    const rootSchema = files[object.kind === 'suite' ? 'suite.schema.json' : 'expectations.schema.json'] as Schema;
    const rootFile = object.kind === 'suite' ? 'suite.schema.json' : 'expectations.schema.json';
    const verdicts = (document: unknown): { schema: boolean; parser: boolean } => ({
      schema: accepts(rootSchema, document, rootFile),
      parser: parses(document, object.kind),
    });

    describe(object.label, () => {
      it('keeps only the schema-required fields: both accept', () => {
        const document = mutate(base, object.path, (target) => {
          for (const key of Object.keys(target)) if (!object.schema.required?.includes(key)) delete target[key];
        });
        expect(verdicts(document)).toEqual({ schema: true, parser: true });
      });

      it('refuses an unknown field, like the parser', () => {
        expect(verdicts(mutate(base, object.path, (target) => (target.some_extra_field = [1, 2])))).toEqual({ schema: false, parser: false });
      });

      for (const key of Object.keys(object.schema.properties ?? {})) {
        it(`refuses '${key}' misspelt, like the parser`, () => {
          const misspelt = `${key}x`;
          expect(verdicts(mutate(base, object.path, (target) => (target[misspelt] = target[key] ?? 'x')))).toEqual({ schema: false, parser: false });
        });
      }

      for (const key of Object.keys(object.schema.properties ?? {})) {
        it(`${key}: missing is ${object.schema.required?.includes(key) ? 'rejected' : 'accepted'} by both`, () => {
          const required = object.schema.required?.includes(key) ?? false;
          expect(verdicts(mutate(base, object.path, (target) => delete target[key]))).toEqual({ schema: !required, parser: !required });
        });

        it(`${key}: every sample value gets the same verdict`, () => {
          const disagreements = SAMPLES.flatMap((sample) => {
            const result = verdicts(mutate(base, object.path, (target) => (target[key] = sample)));
            return result.schema === result.parser ? [] : [{ sample, ...result }];
          });
          expect(disagreements).toEqual([]);
        });
      }
    });
  }
});
