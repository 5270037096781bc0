/**
 * The run report's script (`tier2 run --html`): the counts, the determinism
 * section, and a table of every expectation and raised mission that can be
 * filtered to failures, searched, paged (one page of rows in the DOM at a
 * time, so 20,000 scenarios load fast) and opened for expected / actual /
 * reason. Counts and verdicts come from `json`, the very data `--json`
 * prints, so the page and `--json` cannot disagree.
 */
import { expectationPathLabel } from '../../data/path-text.js';
import { byId, el, markReady, readPageData, setText, show } from './dom.js';
import type { HtmlDivergence, HtmlExpectation, HtmlReportData, PageLocation } from './page-data.js';

/** One verdict of `--json` (`expectations_result.expectation_results[id]`). */
interface VerdictJson {
  readonly passed?: boolean;
  readonly actual?: unknown;
  readonly expected?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly error?: { readonly reason: string };
}

/** The parts of `--json` the page reads. */
interface RunJson {
  readonly passed?: boolean;
  readonly metadata?: { readonly test_run_hash?: string };
  readonly mission_errors?: readonly {
    readonly scenario_name: string;
    readonly mission_key: string;
    readonly mission_name: string;
    readonly error: { readonly name: string; readonly message: string };
  }[];
  readonly expectations_result?: { readonly expectation_results?: Readonly<Record<string, VerdictJson>> };
}

interface Raised {
  readonly scenario: string;
  readonly key: string;
  readonly mission: string;
  readonly name: string;
  readonly message: string;
}

type Status = 'passed' | 'failed' | 'not-evaluated' | 'raised' | 'ran';

/** One row of the table. */
interface Row {
  readonly scenario: string;
  readonly name: string;
  readonly mission: string;
  readonly check: string;
  readonly status: Status;
  readonly expectation?: HtmlExpectation;
  readonly verdict?: VerdictJson;
  readonly raised?: Raised;
  readonly at?: PageLocation | undefined;
}

const PAGE = 100;

/** One row per expectation, plus one per raised mission and per scenario without expectations, in the suite's order. */
function buildRows(report: HtmlReportData['report'], results: Readonly<Record<string, VerdictJson>>, missionErrors: readonly Raised[]): Row[] {
  const byScenario = new Map<string, Row[]>();
  const add = (row: Row, first = false): void => {
    const list = byScenario.get(row.scenario) ?? [];
    if (first) list.unshift(row);
    else list.push(row);
    byScenario.set(row.scenario, list);
  };
  for (const x of report.expectations) {
    const verdict = results[x.id] ?? {};
    const status: Status = verdict.error ? 'not-evaluated' : verdict.passed ? 'passed' : 'failed';
    add({ scenario: x.scenario, name: x.id, mission: x.mission, check: `${x.op} at ${expectationPathLabel(x.path)}`, status, expectation: x, verdict });
  }
  const raisedAt = new Map(report.scenarios.map((scenario) => [scenario.name, scenario.raisedAt ?? undefined]));
  for (const e of missionErrors) {
    add(
      { scenario: e.scenario, name: `mission '${e.key}' raised`, mission: e.key, check: '', status: 'raised', raised: e, at: raisedAt.get(e.scenario) },
      true,
    );
  }
  const rows: Row[] = [];
  for (const scenario of report.scenarios) {
    const list = byScenario.get(scenario.name);
    byScenario.delete(scenario.name);
    rows.push(...(list ?? [{ scenario: scenario.name, name: '(no expectations)', mission: scenario.missions.join(', '), check: '', status: 'ran' as const }]));
  }
  for (const list of byScenario.values()) rows.push(...list);
  return rows;
}

/** The header: verdict, suite, counts and hash. */
function showSummary(json: RunJson, report: HtmlReportData['report'], results: Readonly<Record<string, VerdictJson>>, raisedCount: number): void {
  const ids = Object.keys(results);
  const passed = ids.filter((id) => results[id]?.passed === true).length;
  const notEvaluated = ids.filter((id) => results[id]?.error !== undefined).length;
  // json.passed is the test run's own (true over zero expectations); the CLI's rule may have failed the run.
  const ok = json.passed === true && report.noExpectations !== 'failed' && (report.determinism === null || report.determinism.deterministic);
  const verdict = byId('verdict');
  verdict.textContent = ok ? 'PASS' : 'FAIL';
  verdict.className = `verdict ${ok ? 'PASS' : 'FAIL'}`;
  setText('suite-name', `suite '${report.suiteName}'${report.suiteFile ? ` (${report.suiteFile})` : ''}`);
  const counts: Record<string, number> = {
    scenarios: report.scenarios.length,
    expectations: ids.length,
    passed,
    failed: ids.length - passed - notEvaluated,
    'not-evaluated': notEvaluated,
    raised: raisedCount,
  };
  for (const [name, count] of Object.entries(counts)) setText(`count-${name}`, String(count));
  setText('hash', json.metadata?.test_run_hash ?? 'none (a mission raised, so the suite has no complete result)');
  if (report.noExpectations === 'failed') {
    const why =
      'No expectations were given, so nothing was checked but that every mission ran without raising (pass --pass-with-no-expectations if that is all you mean to check).';
    document.querySelector('header')?.appendChild(el('p', 'status failed', why));
  }
}

/** A `--runs` difference side by side, with the keys around it. */
function showDivergence(box: HTMLElement, d: HtmlDivergence): void {
  box.appendChild(el('p', '', `${d.leftLabel} and ${d.rightLabel} first differ at: `)).appendChild(el('code', '', d.path === '' ? '(the root)' : d.path));
  const side = el('div', 'side');
  for (const [label, text] of [
    [d.leftLabel, d.left],
    [d.rightLabel, d.right],
  ] as const) {
    const column = side.appendChild(el('div'));
    column.appendChild(el('h3', '', label));
    column.appendChild(el('pre', 'mono', text ?? '(absent)'));
  }
  box.appendChild(side);
  if (d.context.length === 0) return;
  box.appendChild(el('p', 'muted', `Around it (the container at ${d.segments.slice(0, -1).join('.') || '(the root)'}):`));
  const table = el('table', 'mono');
  const head = table.createTHead().insertRow();
  for (const title of ['key', d.leftLabel, d.rightLabel]) head.appendChild(el('th', '', title));
  const body = table.createTBody();
  for (const row of d.context) {
    const tr = body.insertRow();
    if (row.differs) tr.className = 'differs';
    for (const text of [row.key, row.left, row.right]) tr.appendChild(el('td', '', text));
  }
  box.appendChild(table);
}

/** The determinism section (`--runs`): hashes, ambient sources and the side-by-side view. */
function showDeterminism(det: NonNullable<HtmlReportData['report']['determinism']>): void {
  const box = byId('determinism');
  box.hidden = false;
  box.appendChild(
    el(
      'p',
      det.deterministic ? '' : 'status failed',
      det.deterministic ? `${det.runs} runs, identical results` : `NONDETERMINISTIC: the ${det.runs} runs did not all produce the same result`,
    ),
  );
  if (det.divergence) showDivergence(box, det.divergence);
  if (!det.deterministic) det.hashes.forEach((hash, i) => box.appendChild(el('div', 'muted mono', `hash of run ${i + 1}: ${hash}`)));
  for (const ambient of det.ambient) box.appendChild(el('div', 'status not-evaluated', `ambient source called: ${ambient}`));
}

/** The detail box of one row: what it checked, and expected / actual / reason or what raised. */
function showDetail(row: Row, missionErrors: readonly Raised[]): void {
  const detail = byId('detail');
  detail.hidden = false;
  detail.textContent = '';
  detail.appendChild(el('h3', '', `${row.scenario} › ${row.name}`));
  const dl = el('dl');
  const item = (key: string, value: string): void => {
    dl.appendChild(el('dt', '', key));
    dl.appendChild(el('dd', 'mono', value));
  };
  item('status', row.status.replace('-', ' '));
  const { expectation: x, verdict: r } = row;
  if (x) {
    item('mission', x.mission);
    item('check', row.check);
    if (x.file) item('source', `${x.file}:${x.line ?? ''}`);
  }
  if (x && r && !r.error) {
    item('expected', x.op === 'exists' ? 'the path to exist' : show(r.expected));
    item('actual', show(r.actual));
    const details = r.details ?? {};
    if (typeof details.reason === 'string') item('reason', details.reason);
    for (const [key, value] of Object.entries(details)) if (key !== 'reason') item(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const raised = row.raised ?? (r?.error ? missionErrors.find((m) => m.scenario === row.scenario) : undefined);
  if (r?.error) item('reason', `not evaluated: a mission of this scenario raised (${r.error.reason})`);
  if (raised) item('raised', `mission '${raised.key}' raised ${raised.name}: ${raised.message}`);
  if (row.at) item('source', `${row.at.file}:${row.at.line}`);
  detail.appendChild(dl);
}

function failing(row: Row): boolean {
  return row.status === 'failed' || row.status === 'not-evaluated' || row.status === 'raised';
}

/** One table row's cells and how it opens. */
function renderRow(body: HTMLTableSectionElement, row: Row, open: (row: Row, tr: HTMLTableRowElement) => void): void {
  const tr = body.insertRow();
  tr.className = 'row';
  tr.tabIndex = 0;
  const at = row.expectation?.file ? { file: row.expectation.file, line: row.expectation.line } : row.at;
  for (const text of [row.scenario, row.name, row.mission, row.check]) tr.appendChild(el('td', '', text));
  tr.appendChild(el('td', `status ${row.status}`, row.status.replace('-', ' ')));
  tr.appendChild(el('td', 'muted mono', at ? `${at.file}:${at.line ?? ''}` : ''));
  tr.addEventListener('click', () => open(row, tr));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') open(row, tr);
  });
}

/** The table: filtered, searched, one page of rows in the DOM at a time. */
function showTable(rows: readonly Row[], missionErrors: readonly Raised[]): void {
  const filter = byId<HTMLSelectElement>('filter');
  const search = byId<HTMLInputElement>('search');
  const body = byId<HTMLTableSectionElement>('rows');
  let page = 0;
  let visible = rows;
  const open = (row: Row, tr: HTMLTableRowElement): void => {
    for (const other of Array.from(body.querySelectorAll('tr.open'))) other.classList.remove('open');
    tr.classList.add('open');
    showDetail(row, missionErrors);
  };
  const render = (): void => {
    const pages = Math.max(1, Math.ceil(visible.length / PAGE));
    page = Math.min(page, pages - 1);
    body.textContent = '';
    const start = page * PAGE;
    for (const row of visible.slice(start, start + PAGE)) renderRow(body, row, open);
    setText(
      'page-info',
      visible.length === 0 ? 'no rows' : `rows ${start + 1}–${Math.min(start + PAGE, visible.length)} of ${visible.length} (page ${page + 1} of ${pages})`,
    );
    byId<HTMLButtonElement>('prev').disabled = page === 0;
    byId<HTMLButtonElement>('next').disabled = page >= pages - 1;
  };
  const apply = (): void => {
    const q = search.value.toLowerCase();
    visible = rows.filter(
      (row) => (filter.value !== 'failures' || failing(row)) && (q === '' || row.scenario.toLowerCase().includes(q) || row.name.toLowerCase().includes(q)),
    );
    page = 0;
    render();
  };
  filter.addEventListener('change', apply);
  search.addEventListener('input', apply);
  byId('prev').addEventListener('click', () => ((page -= 1), render()));
  byId('next').addEventListener('click', () => ((page += 1), render()));
  apply();
}

function main(): void {
  const data = readPageData<HtmlReportData>();
  const json = data.json as RunJson;
  const results = json.expectations_result?.expectation_results ?? {};
  const missionErrors: Raised[] = (json.mission_errors ?? []).map((e) => ({
    scenario: e.scenario_name,
    key: e.mission_key,
    mission: e.mission_name,
    name: e.error.name,
    message: e.error.message,
  }));
  showSummary(json, data.report, results, missionErrors.length);
  if (data.report.determinism) showDeterminism(data.report.determinism);
  showTable(buildRows(data.report, results, missionErrors), missionErrors);
  markReady();
}

main();
