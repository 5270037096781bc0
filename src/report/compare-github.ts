/**
 * `tier2 compare --reporter github`: a Markdown step summary with a table of
 * every change (for `$GITHUB_STEP_SUMMARY`, so a pull request's checks show
 * what behaves differently from the main branch), and, when the candidate's
 * suite file is given (`--suite`), annotations on the lines of the scenarios
 * that changed or were added.
 *
 * GitHub's limits (docs/cli.md): at most 10 annotations of each level per
 * step, and a step summary of at most 1 MiB; the table is cut to fit, with a
 * line saying how many rows were left out.
 */
import type { Comparison, ScenarioChange, VerdictChange } from '../compare/model.js';
import { VERDICT_CATEGORIES, VERDICT_LABELS } from '../compare/model.js';
import { plural } from '../data/common.js';
import { fieldLine, shortValue } from './compare-text.js';
import { MAX_ERROR_ANNOTATIONS, MAX_SUMMARY_ROWS, SUMMARY_BUDGET_BYTES, markdownCell, workflowCommand } from './github.js';

/** Where the candidate's scenarios were written: the suite file (as annotations name it) and a scenario's line. */
export interface ScenarioLines {
  readonly file: string;
  line(scenario: string): number | undefined;
}

/** One change as the summary table and the annotations show it. */
interface Row {
  readonly change: string;
  readonly name: string;
  readonly detail: string;
  readonly scenario: string | null;
  readonly level: 'error' | 'warning' | 'notice';
}

const MAX_DETAIL_CHARS = 300;

function scenarioDetail(scenario: ScenarioChange): string {
  const parts: string[] = [];
  if (scenario.baseline_outcome !== scenario.candidate_outcome) parts.push(`${scenario.baseline_outcome} → ${scenario.candidate_outcome}`);
  if (scenario.definition.length > 0) parts.push(`definition: ${scenario.definition.map(fieldLine).join('; ')}`);
  for (const mission of scenario.missions) {
    parts.push(
      mission.change === 'changed'
        ? `mission '${mission.key}' changed at ${mission.first_path || '(the whole result)'} (${plural(mission.fields.length, 'field')})`
        : `mission '${mission.key}' ${mission.change}`,
    );
  }
  parts.push(...scenario.fields.map(fieldLine));
  return cut(parts.join('\n'));
}

function cut(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}… (the text and HTML outputs list every field)` : text;
}

function verdictRow(category: (typeof VERDICT_CATEGORIES)[number], verdict: VerdictChange): Row {
  const fields = verdict.fields.map(fieldLine);
  const status = `${verdict.baseline ?? '(absent)'} → ${verdict.candidate ?? '(absent)'}`;
  const worse = category === 'newly_failing' || category === 'removed' || (category === 'added' && verdict.candidate !== 'passed');
  return {
    change: `expectation ${VERDICT_LABELS[category]}`,
    name: verdict.id,
    detail: cut([status, ...fields].join('\n')),
    scenario: verdict.scenario,
    level: worse ? 'error' : 'notice',
  };
}

/** Every change, in the order the outputs list them: scenarios changed, added, removed, then verdicts by category. */
function rows(comparison: Comparison): Row[] {
  const { scenarios, verdicts } = comparison;
  return [
    ...scenarios.changed.map((scenario): Row => ({
      change: 'scenario changed',
      name: scenario.name,
      detail: scenarioDetail(scenario),
      scenario: scenario.name,
      level: 'warning',
    })),
    ...scenarios.added.map((scenario): Row => ({
      change: 'scenario added',
      name: scenario.name,
      detail: `missions: ${scenario.missions.join(', ') || '(none)'}`,
      scenario: scenario.name,
      level: 'notice',
    })),
    ...scenarios.removed.map((scenario): Row => ({ change: 'scenario removed', name: scenario.name, detail: '', scenario: null, level: 'notice' })),
    ...VERDICT_CATEGORIES.flatMap((category) => verdicts[category].map((verdict) => verdictRow(category, verdict))),
    ...comparison.fields.map((field): Row => ({
      change: 'field changed',
      name: field.path,
      detail: `${shortValue(field.baseline)} → ${shortValue(field.candidate)}`,
      scenario: null,
      level: 'notice',
    })),
  ];
}

/**
 * The workflow-command lines of a comparison: one annotation per change on
 * the line of its scenario in the candidate's suite file (at most
 * {@link MAX_ERROR_ANNOTATIONS} of each level, then a notice of how many more).
 * Empty without the suite file.
 *
 * @example
 * ```ts
 * compareGithubAnnotations(comparison, suiteLines('suite.yaml')).join('\n');
 * ```
 */
export function compareGithubAnnotations(comparison: Comparison, lines: ScenarioLines | undefined): string[] {
  if (lines === undefined) return [];
  const shown = new Map<Row['level'], number>();
  const out: string[] = [];
  let more = 0;
  for (const row of rows(comparison)) {
    const count = shown.get(row.level) ?? 0;
    if (count >= MAX_ERROR_ANNOTATIONS) {
      more += 1;
      continue;
    }
    shown.set(row.level, count + 1);
    const line = row.scenario === null ? undefined : lines.line(row.scenario);
    out.push(workflowCommand(row.level, { file: lines.file, line, title: `tier2 compare: ${row.change}: ${row.name}` }, row.detail || row.change));
  }
  if (more > 0)
    out.push(
      workflowCommand(
        'notice',
        { title: `tier2 compare: ${more} more changes not annotated` },
        'GitHub shows 10 annotations of each level per step; the step summary and the log list every change.',
      ),
    );
  return out;
}

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

function countsLine(comparison: Comparison): string {
  const { scenarios, verdicts } = comparison;
  const verdictCounts = VERDICT_CATEGORIES.filter((category) => verdicts[category].length > 0).map(
    (category) => `${verdicts[category].length} ${VERDICT_LABELS[category]}`,
  );
  return `scenarios: ${scenarios.changed.length} changed, ${scenarios.added.length} added, ${scenarios.removed.length} removed, ${scenarios.unchanged} unchanged; verdicts: ${[...verdictCounts, `${verdicts.unchanged} unchanged`].join(', ')}`;
}

function definitionsLine(comparison: Comparison): string {
  const word = (verdict: string): string => (verdict === 'unknown' ? 'not recorded' : verdict === 'different' ? '**different**' : 'the same');
  return `suite definition: ${word(comparison.definitions.suite)}; expectations: ${word(comparison.definitions.expectations)}`;
}

/**
 * The Markdown step summary of a comparison (ends with a newline), under
 * {@link SUMMARY_BUDGET_BYTES}: verdict, files, counts, and a table of the changes.
 *
 * @example
 * ```ts
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY, compareGithubSummary(comparison));
 * ```
 */
export function compareGithubSummary(comparison: Comparison): string {
  const head = [
    `### tier2 compare: ${comparison.identical ? 'IDENTICAL' : 'DIFFERENT'}`,
    '',
    `baseline ${markdownCell(comparison.baseline.file)} → candidate ${markdownCell(comparison.candidate.file)}`,
    '',
    markdownCell(countsLine(comparison)),
    '',
    definitionsLine(comparison),
    ...comparison.notes.map((note) => `\n> ${markdownCell(note)}`),
  ];
  const all = rows(comparison);
  if (all.length === 0) return `${head.join('\n')}\n`;
  head.push('', '| change | name | details |', '| --- | --- | --- |');
  let text = head.join('\n');
  let shown = 0;
  for (const row of all.slice(0, MAX_SUMMARY_ROWS)) {
    const line = `\n| ${[row.change, row.name, row.detail].map(markdownCell).join(' | ')} |`;
    if (utf8Length(text) + utf8Length(line) > SUMMARY_BUDGET_BYTES - 200) break;
    text += line;
    shown += 1;
  }
  if (shown < all.length)
    text += `\n\n… and ${all.length - shown} more change${all.length - shown === 1 ? '' : 's'} (the log and the HTML page list every one).`;
  return `${text}\n`;
}
