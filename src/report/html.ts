/**
 * `--html <file>`: one self-contained static page (inline CSS and script, no
 * network: a Content-Security-Policy forbids every fetch) with the run
 * summary, a scenario × expectation table that can be filtered to failures and
 * searched, each failure's expected / actual / reason on demand, and for a
 * `--runs` difference a side-by-side view around the diverging path.
 *
 * The data is embedded once, as JSON in `<script type="application/json">`:
 * `json` is exactly what `--json` prints (the same function makes both), and
 * `report` adds what `--json` does not carry (each expectation's definition and
 * source line, the determinism report). The page computes its counts and
 * verdicts from `json`, so the page and `--json` cannot disagree. Rows are
 * rendered a page at a time, so 20,000 scenarios load fast (docs/cli.md has
 * the figure).
 */
import { canonicalJson } from '../data/canonical.js';
import type { DeterminismReport } from '../harness/determinism.js';
import type { JsonValue } from '../data/json.js';
import { outcomeData, type CliOutcome } from '../harness/outcome.js';
import type { SourceLocation, SourceLocations } from './locations.js';

/** One expectation as the page lists it (its verdict comes from `json`). */
export interface HtmlExpectation {
  readonly id: string;
  readonly scenario: string;
  readonly mission: string;
  readonly op: string;
  readonly path: string | readonly string[];
  readonly file: string | null;
  readonly line: number | null;
}

/** One row of the side-by-side view: a key of the container holding the divergence, in both runs. */
export interface HtmlDivergenceRow {
  readonly key: string;
  readonly left: string;
  readonly right: string;
  readonly differs: boolean;
}

/** A determinism failure, ready to show side by side. */
export interface HtmlDivergence {
  readonly path: string;
  readonly segments: readonly string[];
  readonly leftLabel: string;
  readonly rightLabel: string;
  /** Canonical JSON of each side at the path (`null` when the path does not exist on that side). */
  readonly left: string | null;
  readonly right: string | null;
  /** The keys of the container at the path's parent, around the diverging one. */
  readonly context: readonly HtmlDivergenceRow[];
}

/** Everything the page shows. */
export interface HtmlReportData {
  /** Exactly `--json`'s output. */
  readonly json: JsonValue;
  readonly report: {
    readonly suiteName: string;
    readonly suiteFile: string | null;
    /** How the CLI judged a suite without expectations (see `requireExpectations`); null when it had expectations or was not judged. */
    readonly noExpectations: 'failed' | 'allowed' | null;
    /** Each scenario's mission keys, and where its raising mission call (if any) was written. */
    readonly scenarios: readonly { readonly name: string; readonly missions: readonly string[]; readonly raisedAt: SourceLocation | null }[];
    readonly expectations: readonly HtmlExpectation[];
    readonly determinism: null | {
      readonly runs: number;
      readonly deterministic: boolean;
      readonly hashes: readonly string[];
      readonly ambient: readonly string[];
      readonly divergence: HtmlDivergence | null;
    };
  };
}

/** Options of {@link htmlReportData}. */
export interface HtmlOptions {
  readonly sources?: SourceLocations;
  readonly determinism?: DeterminismReport;
  /** `--json` data of the run that first differs from run 1 (for the side-by-side view). */
  readonly otherRunData?: JsonValue;
}

/** Context rows shown on each side of the diverging key. */
const CONTEXT_ROWS = 12;
const CELL_CHARS = 400;

function cell(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  const text = canonicalJson(value);
  return text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}… (${text.length} characters)` : text;
}

function child(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return /^\d+$/.test(key) ? (value as JsonValue[])[Number(key)] : undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, JsonValue>)[key] : undefined;
}

function at(value: JsonValue | undefined, segments: readonly string[]): JsonValue | undefined {
  let current = value;
  for (const segment of segments) current = child(current, segment);
  return current;
}

function keysOf(value: JsonValue | undefined): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Array.isArray(value) ? value.map((_, index) => String(index)) : Object.keys(value);
}

function divergenceView(report: DeterminismReport, first: JsonValue, other: JsonValue | undefined): HtmlDivergence | null {
  const { divergence } = report;
  if (!divergence) return null;
  const parentPath = divergence.segments.slice(0, -1);
  const key = divergence.segments.at(-1);
  let context: HtmlDivergenceRow[] = [];
  if (key !== undefined && other !== undefined) {
    const leftParent = at(first, parentPath);
    const rightParent = at(other, parentPath);
    const keys = [...new Set([...keysOf(leftParent), ...keysOf(rightParent)])];
    const index = Math.max(0, keys.indexOf(key));
    context = keys.slice(Math.max(0, index - CONTEXT_ROWS), index + CONTEXT_ROWS + 1).map((name) => {
      const left = child(leftParent, name);
      const right = child(rightParent, name);
      const leftText = cell(left);
      const rightText = cell(right);
      return { key: name, left: leftText, right: rightText, differs: name === key || canonicalOrAbsent(left) !== canonicalOrAbsent(right) };
    });
  }
  return {
    path: divergence.path,
    segments: divergence.segments,
    leftLabel: `run ${divergence.firstRun}`,
    rightLabel: `run ${divergence.otherRun}`,
    left: divergence.left === undefined ? null : canonicalJson(divergence.left),
    right: divergence.right === undefined ? null : canonicalJson(divergence.right),
    context,
  };
}

function canonicalOrAbsent(value: JsonValue | undefined): string {
  return value === undefined ? '\u0000absent' : canonicalJson(value);
}

function locationFields(location: SourceLocation | undefined): { file: string | null; line: number | null } {
  return { file: location?.file ?? null, line: location?.line ?? null };
}

/**
 * The page's data: `--json`'s output plus what the page needs to lay it out.
 *
 * @example
 * ```ts
 * const data = htmlReportData(outcome, { sources });
 * data.json; // deep-equals what --json prints
 * ```
 */
export function htmlReportData(outcome: CliOutcome, options: HtmlOptions = {}): HtmlReportData {
  const json = outcomeData(outcome);
  const { determinism, sources } = options;
  return {
    json,
    report: {
      suiteName: outcome.suite.name,
      suiteFile: sources?.suiteFile ?? null,
      noExpectations: outcome.noExpectations ?? null,
      scenarios: outcome.suite.scenarios.map((scenario, index) => {
        const raised = outcome.missionErrors.find((missionError) => missionError.scenarioIndex === index);
        return {
          name: scenario.name,
          missions: scenario.missions.map((call) => call.key),
          raisedAt: (raised && sources?.missionCall(index, raised.key)) ?? null,
        };
      }),
      expectations: outcome.verdicts.map(({ expectation }) => ({
        id: expectation.id,
        scenario: expectation.scenario,
        mission: expectation.mission,
        op: expectation.op,
        path: expectation.path,
        ...locationFields(sources?.expectation(expectation.id)),
      })),
      determinism: determinism
        ? {
            runs: determinism.runs,
            deterministic: determinism.deterministic,
            hashes: determinism.hashes,
            ambient: determinism.ambient.map(
              (call) => `${call.source} (${call.count} call${call.count === 1 ? '' : 's'}${call.firstCaller ? `, first from ${call.firstCaller}` : ''})`,
            ),
            divergence: determinism.deterministic ? null : divergenceView(determinism, json, options.otherRunData),
          }
        : null,
    },
  };
}

/**
 * Escapes text for HTML content and double-quoted attributes.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON for a `<script type="application/json">` element: `<` is written as
 * `\u003c`, so no value (`</script>`, `<!--`) can end or change the element;
 * U+2028/U+2029 are escaped too. `JSON.parse` reads it back unchanged.
 *
 * @example
 * ```ts
 * embeddedJson({ name: '</script>' }); // '{"name":"\\u003c/script>"}'
 * ```
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root{--fail:#b42318;--pass:#067647;--warn:#b54708;--line:#d0d5dd;--muted:#475467;--bg:#f9fafb}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#101828;background:#fff}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{font-size:20px;margin:0 0 8px}
h2{font-size:16px;margin:24px 0 8px}
main{padding:0 24px 24px}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:700;margin-right:8px}
.verdict.PASS{background:var(--pass)}.verdict.FAIL{background:var(--fail)}
.counts{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0}
.counts div{border:1px solid var(--line);border-radius:6px;padding:6px 12px;background:#fff}
.counts b{display:block;font-size:18px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
.controls{display:flex;gap:12px;align-items:center;margin:12px 0;flex-wrap:wrap}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0}
tr.row{cursor:pointer}tr.row:hover{background:#f2f4f7}tr.row.open{background:#eef4ff}
.status{font-weight:600}.status.passed{color:var(--pass)}.status.failed,.status.raised{color:var(--fail)}.status.not-evaluated{color:var(--warn)}
.detail{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;padding:8px 12px;margin:12px 0;background:#fff}
.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
.detail dt{color:var(--muted)}
.side{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.side pre{margin:0;white-space:pre-wrap;word-break:break-all;background:var(--bg);border:1px solid var(--line);padding:8px;border-radius:6px}
tr.differs td{background:#fef3f2}
.muted{color:var(--muted)}
button{font:inherit;padding:2px 10px}
`;

// The page's script: plain ES2019, no dependencies; it only ever writes text (textContent), never markup.
const SCRIPT = `
(function () {
  'use strict';
  var PAGE = 100;
  var data = JSON.parse(document.getElementById('tier2-data').textContent);
  var json = data.json;
  var report = data.report;
  var results = (json.expectations_result && json.expectations_result.expectation_results) || {};
  var missionErrors = (json.mission_errors || []).map(function (e) { return { scenario: e.scenario_name, key: e.mission_key, mission: e.mission_name, name: e.error.name, message: e.error.message }; });
  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined) n.textContent = text; return n; }
  function show(v) { return v === undefined ? '(none)' : JSON.stringify(v); }
  function pathText(p) { return typeof p === 'string' ? (p === '' ? "'' (the whole result)" : p) : JSON.stringify(p); }

  // One row per expectation, plus one per raised mission and per scenario without expectations.
  var rows = [];
  var byScenario = {};
  report.expectations.forEach(function (x) {
    var r = results[x.id] || {};
    var status = r.error ? 'not-evaluated' : r.passed ? 'passed' : 'failed';
    var row = { scenario: x.scenario, name: x.id, mission: x.mission, check: x.op + ' at ' + pathText(x.path), status: status, x: x, r: r };
    (byScenario[x.scenario] = byScenario[x.scenario] || []).push(row);
  });
  var raisedAt = {};
  report.scenarios.forEach(function (s) { if (s.raisedAt) raisedAt[s.name] = s.raisedAt; });
  missionErrors.forEach(function (e) {
    (byScenario[e.scenario] = byScenario[e.scenario] || []).unshift({ scenario: e.scenario, name: "mission '" + e.key + "' raised", mission: e.key, check: '', status: 'raised', e: e, at: raisedAt[e.scenario] });
  });
  var seen = {};
  report.scenarios.forEach(function (s) {
    seen[s.name] = true;
    var list = byScenario[s.name];
    if (list) rows.push.apply(rows, list);
    else rows.push({ scenario: s.name, name: '(no expectations)', mission: s.missions.join(', '), check: '', status: 'ran' });
  });
  Object.keys(byScenario).forEach(function (name) { if (!seen[name]) rows.push.apply(rows, byScenario[name]); });

  // Counts come from json, the same data as --json.
  var ids = Object.keys(results);
  var passed = ids.filter(function (id) { return results[id].passed === true; }).length;
  var notEvaluated = ids.filter(function (id) { return !!results[id].error; }).length;
  var failed = ids.length - passed - notEvaluated;
  var det = report.determinism;
  // json.passed is the test run's own (true over zero expectations); the CLI's rule may have failed the run.
  var ok = json.passed === true && report.noExpectations !== 'failed' && (!det || det.deterministic);
  var verdict = document.getElementById('verdict');
  verdict.textContent = ok ? 'PASS' : 'FAIL';
  verdict.className = 'verdict ' + (ok ? 'PASS' : 'FAIL');
  document.getElementById('suite-name').textContent = "suite '" + report.suiteName + "'" + (report.suiteFile ? ' (' + report.suiteFile + ')' : '');
  var counts = { scenarios: report.scenarios.length, expectations: ids.length, passed: passed, failed: failed, 'not-evaluated': notEvaluated, raised: missionErrors.length };
  Object.keys(counts).forEach(function (k) { document.getElementById('count-' + k).textContent = String(counts[k]); });
  var hash = json.metadata && json.metadata.test_run_hash;
  document.getElementById('hash').textContent = hash ? hash : 'none (a mission raised, so the suite has no complete result)';
  if (report.noExpectations === 'failed') document.querySelector('header').appendChild(el('p', 'status failed', 'No expectations were given, so nothing was checked but that every mission ran without raising (pass --pass-with-no-expectations if that is all you mean to check).'));

  // Determinism: hashes, ambient sources and the side-by-side view.
  if (det) {
    var box = document.getElementById('determinism');
    box.hidden = false;
    box.appendChild(el('p', det.deterministic ? '' : 'status failed', det.deterministic ? det.runs + ' runs, identical results' : 'NONDETERMINISTIC: the ' + det.runs + ' runs did not all produce the same result'));
    if (det.divergence) {
      var d = det.divergence;
      box.appendChild(el('p', '', d.leftLabel + ' and ' + d.rightLabel + ' first differ at: ')).appendChild(el('code', '', d.path === '' ? '(the root)' : d.path));
      var side = el('div', 'side');
      [[d.leftLabel, d.left], [d.rightLabel, d.right]].forEach(function (s) { var c = el('div'); c.appendChild(el('h3', '', s[0])); c.appendChild(el('pre', 'mono', s[1] === null ? '(absent)' : s[1])); side.appendChild(c); });
      box.appendChild(side);
      if (d.context.length) {
        box.appendChild(el('p', 'muted', 'Around it (the container at ' + (d.segments.slice(0, -1).join('.') || '(the root)') + '):'));
        var t = el('table', 'mono'); var h = t.createTHead().insertRow();
        ['key', d.leftLabel, d.rightLabel].forEach(function (x) { h.appendChild(el('th', '', x)); });
        var b = t.createTBody();
        d.context.forEach(function (r) { var tr = b.insertRow(); if (r.differs) tr.className = 'differs'; [r.key, r.left, r.right].forEach(function (x) { tr.appendChild(el('td', '', x)); }); });
        box.appendChild(t);
      }
    }
    if (!det.deterministic) det.hashes.forEach(function (h, i) { box.appendChild(el('div', 'muted mono', 'hash of run ' + (i + 1) + ': ' + h)); });
    det.ambient.forEach(function (a) { box.appendChild(el('div', 'status not-evaluated', 'ambient source called: ' + a)); });
  }

  // The table: filtered, searched, one page of rows in the DOM at a time.
  var filter = document.getElementById('filter');
  var search = document.getElementById('search');
  var tbody = document.getElementById('rows');
  var pageInfo = document.getElementById('page-info');
  var detail = document.getElementById('detail');
  var page = 0;
  var visible = rows;
  function failing(r) { return r.status === 'failed' || r.status === 'not-evaluated' || r.status === 'raised'; }
  function apply() {
    var q = search.value.toLowerCase();
    visible = rows.filter(function (r) {
      if (filter.value === 'failures' && !failing(r)) return false;
      return q === '' || r.scenario.toLowerCase().indexOf(q) >= 0 || r.name.toLowerCase().indexOf(q) >= 0;
    });
    page = 0;
    render();
  }
  function render() {
    var pages = Math.max(1, Math.ceil(visible.length / PAGE));
    if (page >= pages) page = pages - 1;
    tbody.textContent = '';
    var start = page * PAGE;
    visible.slice(start, start + PAGE).forEach(function (r) {
      var tr = tbody.insertRow();
      tr.className = 'row';
      tr.tabIndex = 0;
      var at = r.x && r.x.file ? r.x : r.at;
      var where = at ? at.file + ':' + at.line : '';
      [r.scenario, r.name, r.mission, r.check].forEach(function (x) { tr.appendChild(el('td', '', x)); });
      tr.appendChild(el('td', 'status ' + r.status, r.status.replace('-', ' ')));
      tr.appendChild(el('td', 'muted mono', where));
      tr.addEventListener('click', function () { open(r, tr); });
      tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') open(r, tr); });
    });
    pageInfo.textContent = visible.length === 0 ? 'no rows' : 'rows ' + (start + 1) + '–' + Math.min(start + PAGE, visible.length) + ' of ' + visible.length + ' (page ' + (page + 1) + ' of ' + pages + ')';
    document.getElementById('prev').disabled = page === 0;
    document.getElementById('next').disabled = page >= pages - 1;
  }
  function open(r, tr) {
    Array.prototype.forEach.call(tbody.querySelectorAll('tr.open'), function (n) { n.classList.remove('open'); });
    tr.classList.add('open');
    detail.hidden = false;
    detail.textContent = '';
    detail.appendChild(el('h3', '', r.scenario + ' › ' + r.name));
    var dl = el('dl');
    function item(k, v) { dl.appendChild(el('dt', '', k)); dl.appendChild(el('dd', 'mono', v)); }
    item('status', r.status.replace('-', ' '));
    if (r.x) {
      item('mission', r.x.mission);
      item('check', r.check);
      if (r.x.file) item('source', r.x.file + ':' + r.x.line);
    }
    if (r.r && !r.r.error) {
      item('expected', r.x.op === 'exists' ? 'the path to exist' : show(r.r.expected));
      item('actual', show(r.r.actual));
      var dt = r.r.details || {};
      if (dt.reason) item('reason', dt.reason);
      Object.keys(dt).forEach(function (k) { if (k !== 'reason') item(k, typeof dt[k] === 'string' ? dt[k] : JSON.stringify(dt[k])); });
    }
    var e = r.e || (r.r && r.r.error ? missionErrors.filter(function (m) { return m.scenario === r.scenario; })[0] : undefined);
    if (r.r && r.r.error) item('reason', 'not evaluated: a mission of this scenario raised (' + r.r.error.reason + ')');
    if (e) item('raised', "mission '" + e.key + "' raised " + e.name + ': ' + e.message);
    if (r.at) item('source', r.at.file + ':' + r.at.line);
    detail.appendChild(dl);
  }
  filter.addEventListener('change', apply);
  search.addEventListener('input', apply);
  document.getElementById('prev').addEventListener('click', function () { page -= 1; render(); });
  document.getElementById('next').addEventListener('click', function () { page += 1; render(); });
  apply();
  // Milliseconds from navigation start to a rendered page (read by scripts/bench-html.mjs).
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-ready', 'true');
})();
`;

/**
 * The HTML page of a report's data.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', toHtmlReport(htmlReportData(outcome, { sources })));
 * ```
 */
export function toHtmlReport(data: HtmlReportData): string {
  const title = escapeHtml(`tier2: ${data.report.suiteName}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1><span id="verdict" class="verdict"></span><span id="suite-name"></span></h1>
<div class="counts">
<div>scenarios<b id="count-scenarios"></b></div>
<div>expectations<b id="count-expectations"></b></div>
<div>passed<b id="count-passed"></b></div>
<div>failed<b id="count-failed"></b></div>
<div>not evaluated<b id="count-not-evaluated"></b></div>
<div>missions raised<b id="count-raised"></b></div>
</div>
<div>test_run_hash: <code id="hash"></code></div>
</header>
<main>
<noscript><p>This report renders its table with JavaScript; the data is in the <code>tier2-data</code> script element of this file.</p></noscript>
<section id="determinism" hidden><h2>Determinism (--runs)</h2></section>
<h2>Scenarios and expectations</h2>
<div class="controls">
<label>Show <select id="filter"><option value="all">all rows</option><option value="failures">failures only</option></select></label>
<label>Search <input id="search" type="search" placeholder="scenario or expectation"></label>
<button id="prev" type="button">previous</button><button id="next" type="button">next</button>
<span id="page-info" class="muted"></span>
</div>
<div id="detail" class="detail" hidden></div>
<table>
<thead><tr><th>scenario</th><th>expectation</th><th>mission</th><th>check</th><th>status</th><th>source</th></tr></thead>
<tbody id="rows"></tbody>
</table>
</main>
<script type="application/json" id="tier2-data">${embeddedJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
