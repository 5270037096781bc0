/**
 * The shell both HTML pages share (the run report, `tier2 run --html`, and
 * the comparison, `tier2 compare --html`): one self-contained static file,
 * inline CSS and script, no network (a Content-Security-Policy forbids every
 * fetch), the data embedded once as JSON in `<script type="application/json">`
 * and rendered by the page's script (src/report/browser/, inlined from
 * src/report/page-scripts.ts).
 */
import { DATA_ELEMENT_ID } from './browser/page-data.js';

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
 * Makes JSON text safe inside a `<script type="application/json">` element:
 * `<` is written as `\u003c`, so no value (`</script>`, `<!--`) can end or
 * change the element; U+2028/U+2029 are escaped too. Character by character,
 * so it applies to a text cut in chunks as well as to a whole one.
 */
export function escapeEmbeddedJson(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JSON for a `<script type="application/json">` element ({@link escapeEmbeddedJson}).
 * `JSON.parse` reads it back unchanged.
 *
 * @example
 * ```ts
 * embeddedJson({ name: '</script>' }); // '{"name":"\\u003c/script>"}'
 * ```
 */
export function embeddedJson(value: unknown): string {
  return escapeEmbeddedJson(JSON.stringify(value));
}

/** What a page is made of. */
export interface PageParts {
  readonly title: string;
  readonly style: string;
  /** The markup of the body, before the data and the script. */
  readonly body: string;
  /** The embedded data's JSON text, in chunks (already made safe with {@link escapeEmbeddedJson}). */
  readonly data: Iterable<string>;
  readonly script: string;
}

/** The page, in chunks (the data may be large). */
export function* htmlPage(parts: PageParts): Generator<string> {
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${parts.style}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="${DATA_ELEMENT_ID}">`;
  yield* parts.data;
  yield `</script>
<script>${parts.script}</script>
</body>
</html>
`;
}

/** The styles both pages use (each page adds its own). */
export const BASE_STYLE = `
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
.muted{color:var(--muted)}
button{font:inherit;padding:2px 10px}
`;
