/**
 * Where each expectation and each mission call was written: the file and the
 * line, for CI outputs that link a failure to its source (JUnit `file`/`line`,
 * GitHub annotations, the HTML report). The loader already maps a config
 * location such as `expectations[3]` to a line; this module asks it once per
 * item.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ValidSuite } from 'tier2-harness';
import type { LoadedConfig } from './load-config.js';

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

function items(data: unknown, key: string): unknown[] {
  if (typeof data !== 'object' || data === null) return [];
  const list = (data as Record<string, unknown>)[key];
  return Array.isArray(list) ? list : [];
}

/**
 * Collects the locations of the expectations and mission calls of loaded configs.
 *
 * @example
 * ```ts
 * const sources = collectLocations(suiteConfig, suite, expectationsConfig, process.cwd());
 * sources.expectation('weekday-daily-succeeds'); // { file: 'examples/nightly.expectations.yaml', line: 3 }
 * ```
 */
export function collectLocations(suiteConfig: LoadedConfig, suite: ValidSuite, expectationsConfig: LoadedConfig | undefined, base: string): SourceLocations {
  const suiteFile = displayPath(suiteConfig.file, base);
  const expectationLines = new Map<string, SourceLocation>();
  if (expectationsConfig) {
    const file = displayPath(expectationsConfig.file, base);
    items(expectationsConfig.data, 'expectations').forEach((item, index) => {
      const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
      const position = expectationsConfig.positionOf(['expectations', index]);
      if (typeof id === 'string' && position && !expectationLines.has(id)) expectationLines.set(id, { file, line: position.line });
    });
  }
  return {
    suiteFile,
    expectation: (id) => expectationLines.get(id),
    missionCall: (scenarioIndex, key) => {
      const calls = suite.scenarios[scenarioIndex]?.missions ?? [];
      const index = calls.findIndex((call) => call.key === key);
      const position = suiteConfig.positionOf(index < 0 ? ['scenarios', scenarioIndex] : ['scenarios', scenarioIndex, 'missions', index]);
      return position ? { file: suiteFile, line: position.line } : undefined;
    },
  };
}
