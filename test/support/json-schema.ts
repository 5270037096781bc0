/**
 * A small evaluator of the JSON Schema keywords the schemas in schemas/ use
 * (draft-07: `$ref` into the same document, `type`, `enum`, `oneOf`, `items`,
 * `minimum`, `maximum`, `pattern`, `required`, `properties`,
 * `additionalProperties: false`), so the schema tests need no validator package.
 */

/** A schema node, as far as the evaluator reads it. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  oneOf?: Schema[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  required?: string[];
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
};

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  return [typeof value];
}

function resolve(root: Schema, ref: string): Schema {
  let target: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part];
  return target as Schema;
}

function objectProblems(root: Schema, node: Schema, record: Record<string, unknown>, at: string): string[] {
  const found: string[] = [];
  for (const key of node.required ?? []) if (!Object.hasOwn(record, key)) found.push(`${at}: missing ${key}`);
  for (const [key, item] of Object.entries(record)) {
    const sub = node.properties?.[key];
    if (sub) found.push(...schemaProblems(root, sub, item, `${at}.${key}`));
    else if (node.additionalProperties === false) found.push(`${at}: ${key} is not in the schema`);
  }
  return found;
}

/**
 * The problems of `value` under `node` of the schema `root`, each with its path (`$.a[0].b`); empty when valid.
 *
 * @example
 * ```ts
 * schemaProblems(schema, schema, JSON.parse(text)); // []
 * ```
 */
export function schemaProblems(root: Schema, node: Schema, value: unknown, at = '$'): string[] {
  if (node.$ref) return schemaProblems(root, resolve(root, node.$ref), value, at);
  if (node.type !== undefined) {
    const allowed = Array.isArray(node.type) ? node.type : [node.type];
    if (!typeOf(value).some((type) => allowed.includes(type))) return [`${at}: expected ${allowed.join('|')}`];
  }
  const found: string[] = [];
  if (node.enum && !node.enum.includes(value)) found.push(`${at}: not one of ${JSON.stringify(node.enum)}`);
  if (node.oneOf && node.oneOf.filter((option) => schemaProblems(root, option, value, at).length === 0).length !== 1)
    found.push(`${at}: not exactly one of oneOf`);
  if (typeof value === 'number' && node.minimum !== undefined && value < node.minimum) found.push(`${at}: below ${node.minimum}`);
  if (typeof value === 'number' && node.maximum !== undefined && value > node.maximum) found.push(`${at}: above ${node.maximum}`);
  if (typeof value === 'string' && node.pattern !== undefined && !new RegExp(node.pattern).test(value)) found.push(`${at}: does not match ${node.pattern}`);
  if (Array.isArray(value) && node.items) value.forEach((item, i) => found.push(...schemaProblems(root, node.items as Schema, item, `${at}[${i}]`)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) found.push(...objectProblems(root, node, value as Record<string, unknown>, at));
  return found;
}
