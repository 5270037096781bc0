/**
 * Where each expectation and each mission call was written: the file and the
 * line, as the CI outputs show them (JUnit `file`/`line`, GitHub annotations,
 * the HTML report). The CLI's loader collects them (cli/load/locations.ts).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A file (as CI tools want it: relative to the working directory, `/`-separated) and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** The source locations of one run's inputs. */
export interface SourceLocations {
  /** The suite file, as {@link displayPath} writes it. */
  readonly suiteFile: string;
  /** Where the expectation with this id was written (its list item), if known. */
  expectation(id: string): SourceLocation | undefined;
  /** Where the call with this key of the scenario at `scenarioIndex` was written, if known. */
  missionCall(scenarioIndex: number, key: string): SourceLocation | undefined;
}

/**
 * A path for reports: relative to `base` with `/` separators when the file is
 * inside `base`, otherwise absolute (still with `/`).
 *
 * @example
 * ```ts
 * displayPath('/repo/suites/a.yaml', '/repo'); // 'suites/a.yaml'
 * ```
 */
export function displayPath(file: string, base: string): string {
  const absolute = resolve(base, file);
  const inside = relative(base, absolute);
  const chosen = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
  return chosen.split(sep).join('/');
}
