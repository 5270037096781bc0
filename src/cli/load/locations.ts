/**
 * Collects where each expectation and each mission call of a run was written,
 * from the loaded config files (the loader maps a config location such as
 * `expectations[3]` to a line; this module asks it once per item).
 */
import type { ValidSuite } from '../../harness/suite.js';
import { displayPath, type SourceLocation, type SourceLocations } from '../../report/locations.js';
import type { LoadedConfig } from './load-config.js';

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
