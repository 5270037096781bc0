/**
 * Reading the fields of definitions, options and config objects: each field
 * is read once, as an own property (never through the prototype), and a
 * field the reader does not know is an error that suggests the closest known
 * one. A misspelt field is never silently dropped.
 */
import { DefinitionError } from './errors.js';
import { describeValue } from './json.js';

// Captured at load time so user stubs of globals cannot change the checks.
const { getOwnPropertyNames, create: objectCreate, hasOwn } = Object;

/**
 * The optimal string alignment distance between two strings: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1
 * (`initalState` is 1 from `initialState`, `parmas` 1 from `params`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[(i - 1) * cols + j] as number) + 1, (d[i * cols + j - 1] as number) + 1, (d[(i - 1) * cols + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[(i - 2) * cols + j - 2] as number) + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] as number;
}

/** Case, `_` and `-` do not matter when matching names: `initial_state` suggests `initialState`. */
function normalised(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/**
 * The known field closest to `key`, or undefined when none is close: at most
 * one edit for names up to 4 characters, two up to 8, three beyond (compared
 * ignoring case, `_` and `-`). Ties go to the first in `allowed`. Failing
 * that, a known name that starts or ends with the key, or the other way round
 * (at least 4 characters in common): `mission` suggests `mission_name`, the
 * config spelling, and `scenario_name` suggests `name`.
 */
export function closestField(key: string, allowed: readonly string[]): string | undefined {
  const wanted = normalised(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const known = normalised(candidate);
    const distance = editDistance(wanted, known);
    const limit = known.length <= 4 ? 1 : known.length <= 8 ? 2 : 3;
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || wanted.length < 4) return best;
  return allowed.find((candidate) => {
    const known = normalised(candidate);
    return known.length >= 4 && (known.startsWith(wanted) || known.endsWith(wanted) || wanted.startsWith(known) || wanted.endsWith(known));
  });
}

/** The problem text for an unknown field: a suggestion, or the allowed fields. */
export function unknownFieldProblem(key: string, allowed: readonly string[]): string {
  const suggestion = closestField(key, allowed);
  return suggestion === undefined
    ? `unknown field; allowed fields: ${allowed.map((name) => `'${name}'`).join(', ')}`
    : `unknown field; did you mean '${suggestion}'?`;
}

/** The fields read from an object: own properties only, each read once; a field left out is absent (not `in`). */
export type Fields<K extends string> = { readonly [P in K]?: unknown };

/**
 * Checks that `source` (a plain object) has no own property outside
 * `allowed`, then reads each allowed own property exactly once (a getter runs
 * once) into a prototype-less snapshot. Validate and use the snapshot, never
 * the source again. `unknown` builds the error for the first unknown field.
 */
export function readFields<K extends string>(source: object, allowed: readonly K[], unknown: (key: string, problem: string) => Error): Fields<K> {
  checkNames(getOwnPropertyNames(source), allowed, unknown);
  const fields = objectCreate(null) as Record<string, unknown>;
  for (const key of allowed) {
    if (hasOwn(source, key)) fields[key] = (source as Record<string, unknown>)[key];
  }
  return fields as Fields<K>;
}

/** Checks that every own property name (listed by the caller) is in `allowed`; `unknown` builds the error for the first that is not. */
export function checkNames(names: readonly string[], allowed: readonly string[], unknown: (key: string, problem: string) => Error): void {
  for (const key of names) {
    if (!allowed.includes(key)) throw unknown(key, unknownFieldProblem(key, allowed));
  }
}

/**
 * The options object of a public function, read like a definition: `undefined`
 * means no options (callers that also take `null` pass `options ?? undefined`);
 * anything else must be an object whose own
 * properties are all in `allowed` (`where: options.regsitry: unknown field;
 * did you mean 'registry'?`). Each option is read once.
 */
export function readOptions<K extends string>(where: string, options: unknown, allowed: readonly K[]): Fields<K> {
  if (options === undefined) return objectCreate(null) as Fields<K>;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const problem = `expected { ${allowed.map((key) => `${key}?`).join(', ')} }, got ${describeValue(options)}`;
    throw new DefinitionError({ code: 'wrong_type', subject: where, segments: ['options'], problem });
  }
  return readFields(options, allowed, (key, problem) => {
    return new DefinitionError({ code: 'unknown_field', subject: where, root: 'options', segments: [key], problem });
  });
}
