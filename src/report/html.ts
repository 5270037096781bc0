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
 * the figure). The page's script is src/report/browser/run-page.ts, type-checked
 * against the DOM and inlined from src/report/page-scripts.ts.
 */
import { canonicalJson } from '../data/canonical.js';
import type { DeterminismReport } from '../harness/determinism.js';
import type { JsonValue } from '../data/json.js';
import { outcomeData, type CliOutcome } from '../harness/outcome.js';
import type { SourceLocation, SourceLocations } from '../data/source-locations.js';
import type { HtmlDivergence, HtmlDivergenceRow, HtmlReportData } from './browser/page-data.js';
import { BASE_STYLE, embeddedJson, htmlPage } from './html-page.js';
import { RUN_PAGE_SCRIPT } from './page-scripts.js';

export type { HtmlReportData } from './browser/page-data.js';
export { embeddedJson } from './html-page.js';

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

const STYLE = `${BASE_STYLE}
tr.row{cursor:pointer}tr.row:hover{background:#f2f4f7}tr.row.open{background:#eef4ff}
.status{font-weight:600}.status.passed{color:var(--pass)}.status.failed,.status.raised{color:var(--fail)}.status.not-evaluated{color:var(--warn)}
.detail{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;padding:8px 12px;margin:12px 0;background:#fff}
.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
.detail dt{color:var(--muted)}
.side{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.side pre{margin:0;white-space:pre-wrap;word-break:break-all;background:var(--bg);border:1px solid var(--line);padding:8px;border-radius:6px}
tr.differs td{background:#fef3f2}
`;

const BODY = `<header>
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
</main>`;

/**
 * The HTML page of a report's data.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', toHtmlReport(htmlReportData(outcome, { sources })));
 * ```
 */
export function toHtmlReport(data: HtmlReportData): string {
  return [...htmlPage({ title: `tier2: ${data.report.suiteName}`, style: STYLE, body: BODY, data: [embeddedJson(data)], script: RUN_PAGE_SCRIPT })].join('');
}
