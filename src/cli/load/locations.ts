/**
 * Where each expectation and each mission call of a run was written, from the
 * loaded config files. Nothing is looked up until a report asks (the text
 * report asks only for the expectations that failed or were not evaluated and
 * the calls that raised; JUnit, HTML and GitHub annotations ask for all), and then
 * each file's positions are made once (see `LoadedConfig.positionOf`).
 */
import type { ValidExpectations } from '../../harness/expectations.js';
import type { ValidSuite } from '../../harness/suite.js';
import { displayPath, type SourceLocation, type SourceLocations } from '../../data/source-locations.js';
import type { LoadedConfig } from './load-config.js';

/**
 * The locations of the expectations and mission calls of loaded configs. The
 * validated expectations are in the order of the file's `expectations:` list,
 * so an expectation's index is its item's. Only the files' names and position
 * finders are kept, not their data.
 *
 * @example
 * ```ts
 * const sources = collectLocations(suiteConfig, suite, expectationsConfig, expectations, process.cwd());
 * sources.expectation('weekday-daily-succeeds'); // { file: 'examples/nightly.expectations.yaml', line: 3 }
 * ```
 */
export function collectLocations(
  suiteConfig: LoadedConfig,
  suite: ValidSuite,
  expectationsConfig: LoadedConfig | undefined,
  expectations: ValidExpectations,
  base: string,
): SourceLocations {
  const suiteFile = displayPath(suiteConfig.file, base);
  const suitePosition = suiteConfig.positionOf;
  const expectationsFile = expectationsConfig === undefined ? undefined : displayPath(expectationsConfig.file, base);
  const expectationsPosition = expectationsConfig?.positionOf;
  let indexOfId: Map<string, number> | undefined;
  return {
    suiteFile,
    expectation: (id) => {
      if (expectationsFile === undefined || expectationsPosition === undefined) return undefined;
      indexOfId ??= new Map(expectations.expectations.map((expectation, index) => [expectation.id, index]));
      const index = indexOfId.get(id);
      const position = index === undefined ? undefined : expectationsPosition(['expectations', index]);
      return position ? { file: expectationsFile, line: position.line } : undefined;
    },
    missionCall: (scenarioIndex, key): SourceLocation | undefined => {
      const calls = suite.scenarios[scenarioIndex]?.missions ?? [];
      const index = calls.findIndex((call) => call.key === key);
      const position = suitePosition(index < 0 ? ['scenarios', scenarioIndex] : ['scenarios', scenarioIndex, 'missions', index]);
      return position ? { file: suiteFile, line: position.line } : undefined;
    },
  };
}
