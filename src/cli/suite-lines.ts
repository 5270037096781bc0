/**
 * Where each scenario of a suite file was written, for annotations on the
 * candidate's suite file (`tier2 compare --suite <file>`): read with the CLI's
 * loader, which knows the line of every item of a YAML or JSON file.
 */
import { loadConfigFile } from './load/load-config.js';
import { displayPath } from '../data/source-locations.js';
import type { ScenarioLines } from '../report/compare-github.js';

function nameOf(item: unknown): string | undefined {
  const name = typeof item === 'object' && item !== null ? (item as { scenario_name?: unknown }).scenario_name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The line of each scenario (by name) of a suite file, and the file as annotations name it.
 *
 * @throws ConfigError when the file cannot be read or parsed.
 */
export function suiteLines(file: string): ScenarioLines {
  const config = loadConfigFile(file);
  const lines = new Map<string, number>();
  const data = config.data as { scenarios?: unknown };
  const scenarios = Array.isArray(data.scenarios) ? (data.scenarios as unknown[]) : [];
  scenarios.forEach((item, index) => {
    const name = nameOf(item);
    const position = config.positionOf(['scenarios', index]);
    if (name !== undefined && position !== undefined && !lines.has(name)) lines.set(name, position.line);
  });
  return { file: displayPath(file, process.cwd()), line: (name) => lines.get(name) };
}
