/**
 * `tier2 compare a.json b.json`: the first difference between two results of
 * the same suite, e.g. from two CI legs (another OS or Node version, or the
 * reference implementation's output). Each file is a `tier2 run --json`
 * output or a part file; both are read as scenario results by name,
 * expectation verdicts by id, and the rest (names, hashes, totals).
 * Scenarios are compared first, in the first file's order, then verdicts,
 * then the rest, so the report names the data that changed before any hash
 * that covers it.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../data/errors.js';
import { findDivergence } from '../data/divergence.js';
import type { JsonValue } from '../data/json.js';
import { parsePart, type PartScenario } from './part-file.js';

type Record_ = { readonly [key: string]: JsonValue };

/** A result file, as compare sees it. */
interface View {
  readonly file: string;
  readonly scenarios: ReadonlyMap<string, JsonValue>;
  readonly verdicts: ReadonlyMap<string, JsonValue>;
  readonly rest: JsonValue;
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(value: JsonValue | undefined): Map<string, JsonValue> {
  return new Map(isRecord(value) ? Object.entries(value) : []);
}

/** A mission error without its stack (which names paths on the machine that ran it). */
function raisedData(missionError: PartScenario['missionError']): JsonValue {
  if (missionError === null) return null;
  return {
    mission_error: { key: missionError.key, mission: missionError.mission, error: { name: missionError.error.name, message: missionError.error.message } },
  };
}

function view(file: string): View {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError({ code: 'unreadable', problem: `cannot read: ${(error as Error).message}` }, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError({ code: 'syntax', problem: `not JSON: ${(error as Error).message}` }, { file });
  }
  if (isRecord(data) && data.format !== undefined) {
    const part = parsePart(file, text);
    return {
      file,
      scenarios: new Map(part.scenarios.map((entry) => [entry.name, entry.result ?? raisedData(entry.missionError)])),
      verdicts: new Map(part.expectations.map((entry) => [entry.id, { status: entry.status, verdict: entry.verdict }])),
      rest: {
        suite_name: part.suiteName,
        shard: { ...part.shard },
        suite_definition_hash: part.hashes.suite,
        expectations_definition_hash: part.hashes.expectations,
      },
    };
  }
  if (isRecord(data) && isRecord(data.suite_result) && isRecord(data.expectations_result)) {
    const { suite_result: suite, expectations_result: judged, ...rest } = data;
    return {
      file,
      scenarios: entries(suite.scenario_results),
      verdicts: entries(judged.expectation_results),
      rest: {
        ...rest,
        suite_name: suite.suite_name ?? null,
        suite_metadata: suite.metadata ?? null,
        expectations_metadata: judged.metadata ?? null,
        passed_all: judged.passed ?? null,
      },
    };
  }
  if (isRecord(data) && Array.isArray(data.mission_errors) && isRecord(data.expectations_result)) {
    const { expectations_result: judged, ...rest } = data;
    return { file, scenarios: new Map(), verdicts: entries(judged.expectation_results), rest };
  }
  const problem = "not a result file: expected the output of 'tier2 run --json' or a part file of 'tier2 run --shard i/n --out <file>'";
  throw new ConfigError({ code: 'wrong_type', problem }, { file });
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** The first difference between the two files, as report lines; empty when they are the same. */
function firstDifference(a: View, b: View): string[] {
  const groups: [string, ReadonlyMap<string, JsonValue>, ReadonlyMap<string, JsonValue>][] = [
    ['scenario', a.scenarios, b.scenarios],
    ['expectation', a.verdicts, b.verdicts],
  ];
  for (const [what, left, right] of groups) {
    for (const name of new Set([...left.keys(), ...right.keys()])) {
      if (!left.has(name) || !right.has(name)) return [`${what} '${name}' is only in ${left.has(name) ? a.file : b.file}`];
      const divergence = findDivergence(left.get(name) as JsonValue, right.get(name) as JsonValue);
      if (divergence) {
        return [
          `${what} '${name}' differs at ${divergence.path === '' ? '(the whole value)' : divergence.path}`,
          `  ${a.file}: ${show(divergence.left)}`,
          `  ${b.file}: ${show(divergence.right)}`,
        ];
      }
    }
  }
  const divergence = findDivergence(a.rest, b.rest);
  if (!divergence) return [];
  return [`the files differ at ${divergence.path}`, `  ${a.file}: ${show(divergence.left)}`, `  ${b.file}: ${show(divergence.right)}`];
}

/**
 * Compares two result files and returns the report text and whether they are
 * the same.
 *
 * @throws ConfigError for a file that cannot be read or is not a result file.
 */
export function compareFiles(fileA: string, fileB: string): { readonly same: boolean; readonly text: string } {
  const a = view(fileA);
  const b = view(fileB);
  const lines = firstDifference(a, b);
  if (lines.length > 0) return { same: false, text: `DIFFERENT: ${lines.join('\n')}` };
  return { same: true, text: `identical: ${a.scenarios.size} scenario results, ${a.verdicts.size} verdicts (${fileA}, ${fileB})` };
}
