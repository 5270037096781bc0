/**
 * The inputs of `tier2 run`: the suite file, the expectations (their own file
 * or the suite file's `expectations:` list), validated, with every config error
 * placed at its file, line and column, and where each item was written.
 */
import { ConfigError } from '../data/errors.js';
import type { MissionRegistry } from '../runtime/registry.js';
import { adoptExpectationsConfig, adoptSuiteConfig, parseExpectationsDefinition, parseSuiteDefinition } from '../harness/config.js';
import type { ValidExpectations } from '../harness/expectations.js';
import type { ValidSuite } from '../harness/suite.js';
import { checkMissionNames } from '../harness/outcome.js';
import type { SourceLocations } from '../data/source-locations.js';
import { UsageError } from './args.js';
import { loadConfigFile, type LoadedConfig } from './load/load-config.js';
import { collectLocations } from './load/locations.js';

/** A suite and its expectations, validated, and where each item was written. */
export interface Inputs {
  readonly suite: ValidSuite;
  readonly expectations: ValidExpectations;
  /** Files and lines of the expectations and mission calls, for CI outputs. */
  readonly sources: SourceLocations;
}

/** Attributes a config error to its file and, where it can be found, its line. */
function locate(error: ConfigError, config: LoadedConfig): ConfigError {
  // The position comes from the path as data (computed only now, for the error), never from its text.
  // An unknown field is its key, so it is placed at the key rather than at its value.
  const position = error.segments.length === 0 ? undefined : config.positionOf(error.segments, { key: error.code === 'unknown_field' });
  if (!position) return error.file === undefined ? error.withFile(config.file) : error;
  return error.withFile(config.file, position);
}

/** Runs a config parser on a loaded file, placing its errors in that file. */
function parsedFrom<T>(config: LoadedConfig, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (ConfigError.isConfigError(error)) throw locate(error, config);
    throw error;
  }
}

/**
 * Loads and validates the suite file and the expectations (`expectationsFile`,
 * or the suite file's own `expectations:` list; none at all is an empty list).
 *
 * @throws ConfigError (placed in its file) for bad input, UsageError for a suite file with its own list and `--expectations`.
 */
export function loadInputs(suiteFile: string, expectationsFile: string | undefined, registry: MissionRegistry): Inputs {
  const suiteConfig = loadConfigFile(suiteFile);
  const suiteData = suiteConfig.data;
  const suite = parsedFrom(suiteConfig, () => {
    // The file's data is this run's own: unshared data is kept, frozen, rather than copied.
    const valid = suiteConfig.unshared ? adoptSuiteConfig(suiteData) : parseSuiteDefinition(suiteData);
    checkMissionNames(valid, registry);
    return valid;
  });
  const combined = typeof suiteData === 'object' && suiteData !== null && !Array.isArray(suiteData) && Object.hasOwn(suiteData, 'expectations');
  if (combined && expectationsFile !== undefined) {
    throw new UsageError(`${suiteFile} has its own 'expectations:' list; do not also pass --expectations`);
  }
  let expectationsConfig: LoadedConfig | undefined;
  if (expectationsFile !== undefined) expectationsConfig = loadConfigFile(expectationsFile);
  else if (combined) expectationsConfig = suiteConfig;
  let expectations = parseExpectationsDefinition({ expectations: [] });
  if (expectationsConfig) {
    // In the combined form the suite file's other fields belong to the suite: only its `expectations:` list is read here.
    const data = expectationsConfig === suiteConfig ? { expectations: (suiteData as Record<string, unknown>).expectations } : expectationsConfig.data;
    const parse = expectationsConfig.unshared ? adoptExpectationsConfig : parseExpectationsDefinition;
    expectations = parsedFrom(expectationsConfig, () => parse(data));
  }
  // The locations keep the files' position finders, not their data: the data can go once it is validated.
  return { suite, expectations, sources: collectLocations(suiteConfig, suite, expectationsConfig, expectations, process.cwd()) };
}
