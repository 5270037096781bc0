/**
 * The comparison page's script (`tier2 compare --html`): the two files and
 * the counts, then every change, changed scenarios first, each one a
 * collapsible item whose fields are shown side by side (baseline | candidate,
 * values whole), and a search over names, ids and paths. An item's body is
 * built when it is first opened, so a comparison of thousands of changes
 * loads fast.
 */
import { byId, el, markReady, readPageData, setText } from './dom.js';
import type { Comparison, FieldChange, ScenarioChange, ScenarioPresence, VerdictChange } from '../../compare/model.js';
import { VERDICT_CATEGORIES, VERDICT_LABELS } from '../../compare/model.js';

/** The data the page embeds. */
export interface DiffPageData {
  readonly comparison: Comparison;
}

/** A value shown whole: pretty JSON, or `(absent)`. */
function whole(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value, null, 2);
}

/** The side-by-side table of field changes: path | baseline | candidate. */
function fieldTable(fields: readonly FieldChange[], title?: string): HTMLElement {
  const box = el('div', 'fields');
  if (title !== undefined) box.appendChild(el('h4', '', title));
  const table = box.appendChild(el('table', 'side-table'));
  const head = table.createTHead().insertRow();
  for (const text of ['path', 'baseline', 'candidate']) head.appendChild(el('th', '', text));
  const body = table.createTBody();
  for (const field of fields) {
    const tr = body.insertRow();
    tr.appendChild(el('td', 'path mono', field.path === '' ? '(the whole value)' : field.path));
    tr.appendChild(el('td', 'baseline')).appendChild(el('pre', 'mono', whole(field.baseline)));
    tr.appendChild(el('td', 'candidate')).appendChild(el('pre', 'mono', whole(field.candidate)));
  }
  return box;
}

/** A collapsible item: its summary now, its body when first opened; `keywords` are what the search matches. */
function item(kind: string, title: string, note: string, keywords: readonly string[], body: () => HTMLElement[]): HTMLDetailsElement {
  const details = el('details', `item ${kind}`);
  details.dataset.name = title;
  details.dataset.search = [title, ...keywords].join('\n').toLowerCase();
  const summary = details.appendChild(el('summary'));
  summary.appendChild(el('span', 'name', title));
  if (note !== '') summary.appendChild(el('span', 'note muted', ` ${note}`));
  let built = false;
  details.addEventListener('toggle', () => {
    if (!details.open || built) return;
    built = true;
    for (const part of body()) details.appendChild(part);
  });
  return details;
}

function scenarioItem(scenario: ScenarioChange): HTMLDetailsElement {
  const missions = scenario.missions.map((mission) => `mission '${mission.key}' ${mission.change}`);
  const outcome = scenario.baseline_outcome === scenario.candidate_outcome ? [] : [`${scenario.baseline_outcome} → ${scenario.candidate_outcome}`];
  const note = [...outcome, ...(scenario.definition.length > 0 ? ['definition changed'] : []), ...missions].join('; ');
  const paths = [...scenario.definition, ...scenario.missions.flatMap((mission) => mission.fields), ...scenario.fields].map((field) => field.path);
  return item('scenario-changed', scenario.name, note, paths, () => {
    const parts: HTMLElement[] = [];
    if (scenario.baseline_hash !== null && scenario.candidate_hash !== null) {
      parts.push(el('p', 'muted mono', `scenario_hash ${scenario.baseline_hash} → ${scenario.candidate_hash}`));
    }
    if (scenario.definition.length > 0) parts.push(fieldTable(scenario.definition, 'definition'));
    for (const mission of scenario.missions) {
      const where = mission.change === 'changed' ? `, first at ${mission.first_path || '(the whole result)'}` : '';
      parts.push(fieldTable(mission.fields, `mission '${mission.key}' ${mission.change}${where}`));
    }
    if (scenario.fields.length > 0) parts.push(fieldTable(scenario.fields, 'other fields'));
    return parts;
  });
}

function presenceItem(scenario: ScenarioPresence, kind: 'added' | 'removed'): HTMLDetailsElement {
  const note = scenario.outcome === 'raised' ? 'a mission raised' : `missions: ${scenario.missions.join(', ') || '(none)'}`;
  return item(`scenario-${kind}`, scenario.name, note, scenario.missions, () => [
    el('p', 'muted', `only in the ${kind === 'added' ? 'candidate' : 'baseline'}`),
  ]);
}

function verdictItem(verdict: VerdictChange, category: (typeof VERDICT_CATEGORIES)[number]): HTMLDetailsElement {
  const status = `${verdict.baseline ?? '(absent)'} → ${verdict.candidate ?? '(absent)'}`;
  const on = verdict.scenario === null ? '' : ` (scenario '${verdict.scenario}')`;
  const keywords = [verdict.scenario ?? '', ...verdict.fields.map((field) => field.path)];
  return item(`expectation ${category.replace('_', '-')}`, verdict.id, `${VERDICT_LABELS[category]}: ${status}${on}`, keywords, () =>
    verdict.fields.length > 0 ? [fieldTable(verdict.fields)] : [el('p', 'muted', `only in the ${verdict.baseline === null ? 'candidate' : 'baseline'}`)],
  );
}

/** A section of items, hidden when it has none. */
function section(id: string, title: string, items: readonly HTMLDetailsElement[]): void {
  const box = byId(id);
  if (items.length === 0) return;
  box.hidden = false;
  box.appendChild(el('h2', '', `${title} (${items.length})`));
  for (const entry of items) box.appendChild(entry);
}

function showHeader(comparison: Comparison): void {
  const verdict = byId('verdict');
  verdict.textContent = comparison.identical ? 'IDENTICAL' : 'DIFFERENT';
  verdict.className = `verdict ${comparison.identical ? 'PASS' : 'FAIL'}`;
  setText('baseline-file', comparison.baseline.file);
  setText('candidate-file', comparison.candidate.file);
  const { scenarios, verdicts, definitions } = comparison;
  const counts: Record<string, number> = {
    changed: scenarios.changed.length,
    added: scenarios.added.length,
    removed: scenarios.removed.length,
    unchanged: scenarios.unchanged,
    'verdicts-changed': VERDICT_CATEGORIES.reduce((sum, category) => sum + verdicts[category].length, 0),
    'verdicts-unchanged': verdicts.unchanged,
  };
  for (const [name, count] of Object.entries(counts)) setText(`count-${name}`, String(count));
  const word = (value: string): string => (value === 'unknown' ? 'not recorded in both files' : value);
  setText('definitions', `suite definition: ${word(definitions.suite)}; expectations: ${word(definitions.expectations)}`);
  const notes = byId('notes');
  for (const note of comparison.notes) notes.appendChild(el('li', '', note));
}

/** Search, and opening or closing every item. */
function wireControls(): void {
  const search = byId<HTMLInputElement>('search');
  const items = (): HTMLDetailsElement[] => Array.from(document.querySelectorAll<HTMLDetailsElement>('details.item'));
  search.addEventListener('input', () => {
    const q = search.value.toLowerCase();
    let shown = 0;
    for (const entry of items()) {
      entry.hidden = q !== '' && !(entry.dataset.search ?? '').includes(q);
      if (!entry.hidden) shown += 1;
    }
    setText('shown', q === '' ? '' : `${shown} matching`);
  });
  byId('expand').addEventListener('click', () => items().forEach((entry) => (entry.open = !entry.hidden)));
  byId('collapse').addEventListener('click', () => items().forEach((entry) => (entry.open = false)));
}

function main(): void {
  const { comparison } = readPageData<DiffPageData>();
  showHeader(comparison);
  section('changed', 'Changed scenarios', comparison.scenarios.changed.map(scenarioItem));
  section(
    'added',
    'Added scenarios',
    comparison.scenarios.added.map((scenario) => presenceItem(scenario, 'added')),
  );
  section(
    'removed',
    'Removed scenarios',
    comparison.scenarios.removed.map((scenario) => presenceItem(scenario, 'removed')),
  );
  const verdicts = VERDICT_CATEGORIES.flatMap((category) => comparison.verdicts[category].map((verdict) => verdictItem(verdict, category)));
  section('verdicts', 'Expectation verdicts', verdicts);
  if (comparison.fields.length > 0) {
    const box = byId('other');
    box.hidden = false;
    box.appendChild(el('h2', '', `Other fields (${comparison.fields.length})`));
    box.appendChild(fieldTable(comparison.fields));
  }
  wireControls();
  markReady();
}

main();
