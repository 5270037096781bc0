/**
 * `tier2 compare --html <file>`: the comparison as one self-contained page:
 * the two files, the counts, then every change, changed scenarios first, each
 * collapsible, with its fields side by side (baseline | candidate, values
 * whole), and a search. The data is the {@link Comparison} that `--json`
 * prints, embedded once; the page's script is src/report/browser/diff-page.ts.
 */
import { jsonText } from '../data/json-chunks.js';
import type { Comparison } from '../compare/model.js';
import { BASE_STYLE, escapeEmbeddedJson, htmlPage } from './html-page.js';
import { DIFF_PAGE_SCRIPT } from './page-scripts.js';

const STYLE = `${BASE_STYLE}
section{margin-top:8px}
details.item{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}
details.item>summary{cursor:pointer;padding:6px 10px;list-style-position:inside}
details.item[open]>summary{border-bottom:1px solid var(--line);background:var(--bg)}
details.item>*:not(summary){margin:8px 12px}
details.scenario-changed>summary .name,details.scenario-removed>summary .name,details.newly-failing>summary .name,details.expectation.removed>summary .name{color:var(--fail);font-weight:600}
details.scenario-added>summary .name,details.newly-passing>summary .name{color:var(--pass);font-weight:600}
.side-table td{width:40%}.side-table td.path{width:20%}
.side-table pre{margin:0;white-space:pre-wrap;word-break:break-all}
.side-table td.baseline{background:#fef3f2}.side-table td.candidate{background:#ecfdf3}
h4{margin:8px 0 4px}
`;

const BODY = `<header>
<h1><span id="verdict" class="verdict"></span>tier2 compare</h1>
<div>baseline <code id="baseline-file"></code> → candidate <code id="candidate-file"></code></div>
<div class="counts">
<div>scenarios changed<b id="count-changed"></b></div>
<div>added<b id="count-added"></b></div>
<div>removed<b id="count-removed"></b></div>
<div>unchanged<b id="count-unchanged"></b></div>
<div>verdicts changed<b id="count-verdicts-changed"></b></div>
<div>verdicts unchanged<b id="count-verdicts-unchanged"></b></div>
</div>
<div id="definitions" class="muted"></div>
<ul id="notes" class="muted"></ul>
</header>
<main>
<noscript><p>This page renders the comparison with JavaScript; the data is in the <code>tier2-data</code> script element of this file.</p></noscript>
<div class="controls">
<label>Search <input id="search" type="search" placeholder="scenario, expectation or path"></label>
<button id="expand" type="button">open all</button><button id="collapse" type="button">close all</button>
<span id="shown" class="muted"></span>
</div>
<section id="changed" hidden></section>
<section id="added" hidden></section>
<section id="removed" hidden></section>
<section id="verdicts" hidden></section>
<section id="other" hidden></section>
</main>`;

function* dataChunks(comparison: Comparison): Generator<string> {
  yield '{"comparison":';
  for (const chunk of jsonText(comparison)) yield escapeEmbeddedJson(chunk);
  yield '}';
}

/**
 * The comparison page, in chunks (the embedded data may be large).
 *
 * @example
 * ```ts
 * await writeFileAtomic('diff.html', compareHtml(comparison));
 * ```
 */
export function compareHtml(comparison: Comparison): Iterable<string> {
  const title = `tier2 compare: ${comparison.baseline.file} → ${comparison.candidate.file}`;
  return htmlPage({ title, style: STYLE, body: BODY, data: dataChunks(comparison), script: DIFF_PAGE_SCRIPT });
}
