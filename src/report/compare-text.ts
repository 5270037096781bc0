/**
 * `tier2 compare`'s report for people: the two files, whether their
 * definitions differ, then every scenario changed, added or removed (each
 * changed mission result with its first diverging path and every field that
 * differs) and every verdict that changed. Long values are shortened here;
 * `--json` and `--html` carry them whole.
 */
import type { Comparison, FieldChange, MissionChange, ResultSummary, ScenarioChange, ScenarioPresence, VerdictChange } from '../compare/model.js';
import { VERDICT_CATEGORIES, VERDICT_LABELS } from '../compare/model.js';
import type { JsonValue } from '../data/json.js';
import { plural } from '../data/common.js';
import { escapeControl as e } from '../data/escape-control.js';
import type { Colors } from './text.js';

/** Longest value shown in full; a longer one is cut, with its length. */
export const MAX_TEXT_VALUE_CHARS = 200;

/** A value as the text and GitHub outputs show it: compact JSON, `(absent)`, cut at `max` characters. */
export function shortValue(value: JsonValue | undefined, max: number = MAX_TEXT_VALUE_CHARS): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters; --json and --html show it whole)` : text;
}

/** A field change on one line: `path: before → after`. */
export function fieldLine(field: FieldChange): string {
  return `${e(field.path === '' ? '(the whole value)' : field.path)}: ${e(shortValue(field.baseline))} → ${e(shortValue(field.candidate))}`;
}

function sideLine(label: string, side: ResultSummary): string {
  const what =
    side.kind === 'part'
      ? `part file${side.shard ? ` (shard ${side.shard.index}/${side.shard.count})` : ''}`
      : side.kind === 'run'
        ? 'run result'
        : 'run result, a mission raised';
  const hash = side.test_run_hash === null ? '' : `, test_run_hash ${side.test_run_hash.slice(0, 12)}…`;
  return `  ${label} ${e(side.file)}: ${what}, suite '${e(side.suite_name ?? '?')}', ${plural(side.scenarios, 'scenario')}, ${plural(side.expectations, 'verdict')}${hash}`;
}

function definitionLine(what: string, verdict: Comparison['definitions']['suite'], before: string | null, after: string | null): string {
  if (verdict === 'unknown') return `  ${what}: not recorded in both files (part files record it)`;
  const hashes = before !== null && after !== null && before !== after ? ` (${before.slice(0, 12)}… → ${after.slice(0, 12)}…)` : '';
  return `  ${what}: ${verdict === 'same' ? 'the same' : `DIFFERENT${hashes}: the results below are compared all the same`}`;
}

function header(comparison: Comparison, c: Colors): string[] {
  const { baseline, candidate, definitions } = comparison;
  const title = comparison.identical ? c.green(c.bold('IDENTICAL')) : c.red(c.bold('DIFFERENT'));
  return [
    `tier2 compare: ${title}`,
    sideLine('baseline: ', baseline),
    sideLine('candidate:', candidate),
    definitionLine('suite definition', definitions.suite, baseline.suite_definition_hash, candidate.suite_definition_hash),
    definitionLine('expectations', definitions.expectations, baseline.expectations_definition_hash, candidate.expectations_definition_hash),
    ...comparison.notes.map((note) => c.yellow(`  note: ${e(note)}`)),
  ];
}

function missionLines(mission: MissionChange, c: Colors): string[] {
  const name = `mission '${e(mission.key)}'`;
  if (mission.change !== 'changed') return [`      ${mission.change === 'added' ? c.green('+') : c.red('-')} ${name} ${mission.change}`];
  return [
    `      ~ ${name} changed, first at ${c.bold(e(mission.first_path || '(the whole result)'))}`,
    ...mission.fields.map((field) => `          ${fieldLine(field)}`),
  ];
}

function changedLines(scenario: ScenarioChange, c: Colors): string[] {
  const hashes =
    scenario.baseline_hash !== null && scenario.candidate_hash !== null
      ? c.dim(` (scenario_hash ${scenario.baseline_hash.slice(0, 12)}… → ${scenario.candidate_hash.slice(0, 12)}…)`)
      : '';
  const outcome = scenario.baseline_outcome === scenario.candidate_outcome ? '' : ` ${c.red(`${scenario.baseline_outcome} → ${scenario.candidate_outcome}`)}`;
  const lines = [`  ${c.yellow('~')} ${c.bold(`'${e(scenario.name)}'`)} changed${outcome}${hashes}`];
  if (scenario.definition.length > 0) lines.push('      definition:', ...scenario.definition.map((field) => `          ${fieldLine(field)}`));
  for (const mission of scenario.missions) lines.push(...missionLines(mission, c));
  lines.push(...scenario.fields.map((field) => `      ${fieldLine(field)}`));
  return lines;
}

function presenceLine(scenario: ScenarioPresence, mark: string): string {
  const missions = scenario.outcome === 'raised' ? 'a mission raised' : `missions: ${scenario.missions.map((key) => e(key)).join(', ') || '(none)'}`;
  return `  ${mark} '${e(scenario.name)}' (${missions})`;
}

function scenarioLines(comparison: Comparison, c: Colors): string[] {
  const { scenarios } = comparison;
  const counts = [
    `${scenarios.changed.length} changed`,
    `${scenarios.added.length} added`,
    `${scenarios.removed.length} removed`,
    `${scenarios.unchanged} unchanged`,
  ];
  if (scenarios.not_compared > 0) counts.push(`${scenarios.not_compared} not compared`);
  return [
    '',
    c.bold(`scenarios: ${counts.join(', ')}`),
    ...scenarios.changed.flatMap((scenario) => changedLines(scenario, c)),
    ...scenarios.added.map((scenario) => presenceLine(scenario, c.green('+'))),
    ...scenarios.removed.map((scenario) => presenceLine(scenario, c.red('-'))),
  ];
}

function verdictLine(verdict: VerdictChange, c: Colors): string[] {
  const on = verdict.scenario === null ? '' : ` (scenario '${e(verdict.scenario)}')`;
  const status = `${verdict.baseline ?? '(absent)'} → ${verdict.candidate ?? '(absent)'}`;
  const mark = verdict.candidate === 'passed' ? c.green('✓') : verdict.candidate === null ? c.red('-') : c.red('✗');
  return [`    ${mark} ${c.bold(e(verdict.id))}${on}: ${status}`, ...verdict.fields.map((field) => `        ${fieldLine(field)}`)];
}

function verdictLines(comparison: Comparison, c: Colors): string[] {
  const { verdicts } = comparison;
  const counts = VERDICT_CATEGORIES.filter((category) => verdicts[category].length > 0).map(
    (category) => `${verdicts[category].length} ${VERDICT_LABELS[category]}`,
  );
  const lines = ['', c.bold(`verdicts: ${[...counts, `${verdicts.unchanged} unchanged`].join(', ')}`)];
  for (const category of VERDICT_CATEGORIES) {
    if (verdicts[category].length === 0) continue;
    lines.push(`  ${VERDICT_LABELS[category]}:`, ...verdicts[category].flatMap((verdict) => verdictLine(verdict, c)));
  }
  return lines;
}

/**
 * The text report of a comparison, as lines (no newlines in them).
 *
 * @example
 * ```ts
 * for (const line of compareTextLines(comparison, colors(false))) process.stdout.write(`${line}\n`);
 * ```
 */
export function* compareTextLines(comparison: Comparison, c: Colors): Generator<string> {
  yield* header(comparison, c);
  if (comparison.identical) {
    yield `  ${plural(comparison.scenarios.unchanged, 'scenario')} and ${plural(comparison.verdicts.unchanged, 'verdict')}, all the same`;
    return;
  }
  yield* scenarioLines(comparison, c);
  yield* verdictLines(comparison, c);
  if (comparison.fields.length > 0) yield* ['', c.bold('other fields:'), ...comparison.fields.map((field) => `  ${fieldLine(field)}`)];
}
