/**
 * The data the HTML pages embed, as both sides see it: the Node side that
 * writes it (src/report/html.ts, src/report/compare-html.ts) and the browser
 * scripts that read it (run-page.ts, diff-page.ts). Types only, importing
 * nothing of Node, so the browser project can check against them.
 */
import type { JsonValue } from '../../data/json-value.js';

/** A file and a 1-based line (structurally a `SourceLocation`). */
export interface PageLocation {
  readonly file: string;
  readonly line: number;
}

/** One expectation as the run report lists it (its verdict comes from `json`). */
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

/** Everything the run report shows. */
export interface HtmlReportData {
  /** Exactly `--json`'s output. */
  readonly json: JsonValue;
  readonly report: {
    readonly suiteName: string;
    readonly suiteFile: string | null;
    /** How the CLI judged a suite without expectations (see `requireExpectations`); null when it had expectations or was not judged. */
    readonly noExpectations: 'failed' | 'allowed' | null;
    /** Each scenario's mission keys, and where its raising mission call (if any) was written. */
    readonly scenarios: readonly { readonly name: string; readonly missions: readonly string[]; readonly raisedAt: PageLocation | null }[];
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

/** The id of the `<script type="application/json">` element that holds a page's data. */
export const DATA_ELEMENT_ID = 'tier2-data';
