/**
 * One JSON Schema validator for every test that checks a document against
 * schemas/*.schema.json: Ajv (draft-07, the draft the schemas declare), with
 * every schema file loaded into one instance so a `$ref` into another file
 * (suite.schema.json → expectations.schema.json) resolves by `$id`, as an
 * editor resolves it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

const directory = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The parts of a schema node the tests read to derive their cases (the validator reads all of it). */
export type SchemaNode = Readonly<{
  required?: readonly string[];
  properties?: Readonly<Record<string, SchemaNode>>;
  additionalProperties?: unknown;
  enum?: readonly unknown[];
}>;

/** Validates against the schemas of schemas/, named by file and optional fragment (`suite.schema.json#/definitions/scenario`). */
export type SchemaValidator = {
  /** The problems of `value` under the named schema, each `instancePath: message`; empty when it is valid. */
  problems(name: string, value: unknown): string[];
  /** The named schema node as written in its file. */
  node(name: string): SchemaNode;
};

/** One line per problem; the parameter that names the culprit, where ajv's message leaves it out. */
function problemText(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: ${params.additionalProperty}`;
  if (error.keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`;
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}

/**
 * An Ajv instance holding every schemas/*.schema.json, each compiled up front.
 *
 * `strict: true` turns Ajv's strict checks into errors (not log lines): an
 * unknown or misspelt keyword, a type-specific keyword without its `type`, or
 * contradictory types make the schema fail to compile, instead of being
 * silently ignored and accepting what it was meant to refuse. Only
 * `strictRequired` is off: it wants every `required` name defined in the same
 * node's `properties`, which refuses draft-07's way of forbidding a field
 * (`not: { required: ['expected'] }`, expectations.schema.json on `exists`).
 * `allErrors` lists every problem of a document rather than the first, so a
 * failing test shows all of them.
 *
 * @example
 * ```ts
 * const schemas = schemaValidator();
 * schemas.problems('compare.schema.json', JSON.parse(text)); // [] when valid
 * ```
 */
export function schemaValidator(): SchemaValidator {
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
  const ids = new Map<string, string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(`${directory}${file}`, 'utf8')) as SchemaObject;
    if (typeof schema.$id !== 'string') throw new Error(`schemas/${file} has no $id: cross-file $refs to it cannot resolve`);
    ids.set(file, schema.$id);
    ajv.addSchema(schema);
  }
  for (const id of ids.values()) ajv.getSchema(id);
  const validator = (name: string) => {
    const [file = '', fragment] = name.split('#');
    const id = ids.get(file);
    const validate = id === undefined ? undefined : ajv.getSchema(fragment === undefined ? id : `${id}#${fragment}`);
    if (validate === undefined) throw new Error(`no schema ${name} in schemas/ (files: ${[...ids.keys()].join(', ')})`);
    return validate;
  };
  return {
    problems(name, value) {
      const validate = validator(name);
      return validate(value) ? [] : (validate.errors ?? []).map(problemText);
    },
    node: (name) => validator(name).schema as SchemaNode,
  };
}
