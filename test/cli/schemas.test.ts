/**
 * Keeps schemas/*.schema.json in step with the config parser: for every
 * object the schemas describe, every field is tried missing, with values of
 * every JSON type, and with an unknown field (or a misspelt known one) next to
 * it; the schema's verdict (Ajv's, through test/support/schema-validator.ts)
 * and the parser's must agree.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, EXPECTATION_OPS, parseExpectationsDefinition, parseSuiteDefinition } from 'tier2-harness';
import { schemaValidator, type SchemaNode } from '../support/schema-validator.js';

const schemas = schemaValidator();

/** The schema's verdict on a whole document, by the file that describes it. */
const accepts = (file: string, document: unknown): boolean => schemas.problems(file, document).length === 0;

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
const objects: { kind: 'suite' | 'expectations'; label: string; path: (string | number)[]; schema: SchemaNode }[] = [
  { kind: 'suite', label: 'suite', path: [], schema: schemas.node('suite.schema.json') },
  { kind: 'suite', label: 'scenario', path: ['scenarios', 0], schema: schemas.node('suite.schema.json#/definitions/scenario') },
  { kind: 'suite', label: 'mission call', path: ['scenarios', 0, 'missions', 0], schema: schemas.node('suite.schema.json#/definitions/missionCall') },
  { kind: 'suite', label: 'embedded expectation', path: ['expectations', 0], schema: schemas.node('expectations.schema.json#/definitions/expectation') },
  { kind: 'expectations', label: 'expectations', path: [], schema: schemas.node('expectations.schema.json') },
  { kind: 'expectations', label: 'expectation', path: ['expectations', 0], schema: schemas.node('expectations.schema.json#/definitions/expectation') },
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
    expect(accepts('suite.schema.json', validSuite)).toBe(true);
    expect(parses(validSuite, 'suite')).toBe(true);
    expect(accepts('expectations.schema.json', validExpectations)).toBe(true);
    expect(parses(validExpectations, 'expectations')).toBe(true);
  });

  it('refuse unknown fields in every object they describe (additionalProperties: false)', () => {
    for (const object of objects) expect([object.label, object.schema.additionalProperties]).toEqual([object.label, false]);
  });

  it('refuse an expected value on exists and absent, and so does the parser', () => {
    for (const op of ['exists', 'absent']) {
      const withExpected = { expectations: [{ ...validExpectation, op }] };
      const without = { expectations: [{ id: 'e1', scenario_name: 's', mission_name: 'echo', path: 'success', op }] };
      expect([op, accepts('expectations.schema.json', withExpected), parses(withExpected, 'expectations')]).toEqual([op, false, false]);
      expect([op, accepts('expectations.schema.json', without), parses(without, 'expectations')]).toEqual([op, true, true]);
    }
  });

  it('list exactly the parser’s ops', () => {
    const expectation = schemas.node('expectations.schema.json#/definitions/expectation');
    expect(expectation.properties?.op?.enum).toEqual([...EXPECTATION_OPS]);
  });

  for (const object of objects) {
    const base = object.kind === 'suite' ? validSuite : validExpectations;
    const rootFile = object.kind === 'suite' ? 'suite.schema.json' : 'expectations.schema.json';
    const verdicts = (document: unknown): { schema: boolean; parser: boolean } => ({
      schema: accepts(rootFile, document),
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
