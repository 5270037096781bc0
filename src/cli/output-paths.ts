/**
 * Output files must never be input files: `--junit suite.yaml` would replace
 * the user's suite with XML. Every file the CLI writes is checked here against
 * every file it reads, and against the other outputs, before anything runs.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

/** A file the CLI reads or writes, with the flag or argument that named it. */
export interface NamedPath {
  /** How the user named it: `--junit`, `the suite file`, ... */
  readonly role: string;
  readonly path: string;
}

/**
 * Where a path leads once every symbolic link is followed. A path that does not
 * exist yet is resolved through its nearest existing ancestor, so
 * `link-to-here/new.xml` and `./new.xml` are the same place.
 */
export function whereItLeads(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(whereItLeads(parent), basename(absolute));
  }
}

/**
 * Refuses an output that is one of the inputs, or the same file as another output.
 *
 * @throws UsageError naming both, e.g. `--junit 'suite.yaml' is the suite file: writing it would destroy the input; choose another file`.
 * @example
 * ```ts
 * checkOutputPaths([{ role: '--junit', path: 'reports/junit.xml' }], [{ role: 'the suite file', path: 'suite.yaml' }]);
 * ```
 */
export function checkOutputPaths(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): void {
  const inputsByPlace = new Map<string, NamedPath>();
  for (const input of inputs) inputsByPlace.set(whereItLeads(input.path), input);
  const outputsByPlace = new Map<string, NamedPath>();
  for (const output of outputs) {
    const place = whereItLeads(output.path);
    const input = inputsByPlace.get(place);
    if (input) {
      const same = resolve(input.path) === resolve(output.path) ? '' : ` (through a link: both lead to '${place}')`;
      throw new UsageError(`${output.role} '${output.path}' is ${input.role}${same}: writing it would destroy the input; choose another file`);
    }
    const other = outputsByPlace.get(place);
    if (other) throw new UsageError(`${output.role} '${output.path}' and ${other.role} '${other.path}' are the same file; give each output its own file`);
    outputsByPlace.set(place, output);
  }
}
