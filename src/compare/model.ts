/**
 * What `tier2 compare` found: the comparison of a baseline result with a
 * candidate, as plain JSON data. `--json` prints exactly this (described by
 * schemas/compare.schema.json); the text, HTML and GitHub outputs render it.
 * Names are the JSON's (snake_case), so there is one shape, not two.
 */
import type { JsonValue } from '../data/json-value.js';

/** A verdict's status: `error` when its scenario's mission raised, so it was not evaluated. */
export type VerdictStatus = 'passed' | 'failed' | 'error';

/** The `format` field of a comparison. */
export const COMPARE_FORMAT = 'tier2-compare';
/** The version of the comparison format. */
export const COMPARE_FORMAT_VERSION = 1;

/** One field that differs. A side is left out when the field is absent there. */
export interface FieldChange {
  /** Dot-separated, as in expectations (`executed_steps.0.payload`); `''` is the whole value. */
  readonly path: string;
  /** The same path as segments (unambiguous when keys contain dots). */
  readonly segments: readonly string[];
  readonly baseline?: JsonValue;
  readonly candidate?: JsonValue;
}

/** One side of the comparison. */
export interface ResultSummary {
  readonly file: string;
  readonly kind: 'run' | 'run-raised' | 'part';
  readonly suite_name: string | null;
  /** Scenarios the file records (a `run-raised` file records only those whose mission raised). */
  readonly scenarios: number;
  readonly expectations: number;
  readonly test_run_hash: string | null;
  readonly suite_definition_hash: string | null;
  readonly expectations_definition_hash: string | null;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly suite_file: string | null;
}

/** `same` or `different` when both files record the definition hash (parts); `unknown` otherwise, unless the results prove a difference. */
export type DefinitionVerdict = 'same' | 'different' | 'unknown';

/** A mission result of a changed scenario. */
export interface MissionChange {
  readonly key: string;
  readonly change: 'changed' | 'added' | 'removed';
  /** The first path where the two results differ (`changed` only). */
  readonly first_path: string | null;
  /** Every field that differs (`changed`), or the whole result (`added`, `removed`) at path `''`. */
  readonly fields: readonly FieldChange[];
}

/** A scenario both files have, whose data differs. */
export interface ScenarioChange {
  readonly name: string;
  readonly baseline_outcome: 'ran' | 'raised';
  readonly candidate_outcome: 'ran' | 'raised';
  /** The scenario hashes (`metadata.scenario_hash`), when the scenario ran. */
  readonly baseline_hash: string | null;
  readonly candidate_hash: string | null;
  /** Fields of the scenario's definition that differ (both files must record it: parts). */
  readonly definition: readonly FieldChange[];
  readonly missions: readonly MissionChange[];
  /** Any other field that differs: the raised error, or the scenario's own fields. */
  readonly fields: readonly FieldChange[];
}

/** A scenario only one file has. */
export interface ScenarioPresence {
  readonly name: string;
  readonly outcome: 'ran' | 'raised';
  /** Its mission keys (empty when it raised: the file records only the raising mission). */
  readonly missions: readonly string[];
}

/** An expectation whose verdict differs. */
export interface VerdictChange {
  readonly id: string;
  /** Its scenario, when a file records it (parts). */
  readonly scenario: string | null;
  /** Status in each file; null on the side that does not have the expectation. */
  readonly baseline: VerdictStatus | null;
  readonly candidate: VerdictStatus | null;
  /** Every field of the verdict (and of its definition, under `definition.`) that differs; empty for added and removed. */
  readonly fields: readonly FieldChange[];
}

/** The whole comparison. */
export interface Comparison {
  readonly format: typeof COMPARE_FORMAT;
  readonly format_version: typeof COMPARE_FORMAT_VERSION;
  /** Nothing differs: no scenario, verdict, definition or other field. */
  readonly identical: boolean;
  /** True when an expectation newly fails (or is added failing) or disappears: what `--fail-on verdicts` fails on. */
  readonly verdicts_worse: boolean;
  readonly baseline: ResultSummary;
  readonly candidate: ResultSummary;
  readonly definitions: { readonly suite: DefinitionVerdict; readonly expectations: DefinitionVerdict };
  /** What the reader should know about how far the files could be compared. */
  readonly notes: readonly string[];
  readonly scenarios: {
    readonly unchanged: number;
    /** Scenarios that one file does not record (a run in which a mission raised records only that scenario). */
    readonly not_compared: number;
    readonly changed: readonly ScenarioChange[];
    readonly added: readonly ScenarioPresence[];
    readonly removed: readonly ScenarioPresence[];
  };
  readonly verdicts: {
    readonly unchanged: number;
    /** Passed in the baseline; failed or not evaluated in the candidate. */
    readonly newly_failing: readonly VerdictChange[];
    /** Failed or not evaluated in the baseline; passed in the candidate. */
    readonly newly_passing: readonly VerdictChange[];
    readonly added: readonly VerdictChange[];
    readonly removed: readonly VerdictChange[];
    /** The same status, other values (actual, details, definition), or failed ↔ not evaluated. */
    readonly changed: readonly VerdictChange[];
  };
  /** Other fields of the files that differ (the suite's name; hashes only when nothing else differs). */
  readonly fields: readonly FieldChange[];
}

/** The verdict-change categories, in the order every output lists them. */
export const VERDICT_CATEGORIES = ['newly_failing', 'newly_passing', 'added', 'removed', 'changed'] as const;

/** The labels of the verdict categories, as every output titles them. */
export const VERDICT_LABELS: Readonly<Record<(typeof VERDICT_CATEGORIES)[number], string>> = {
  newly_failing: 'newly failing',
  newly_passing: 'newly passing',
  added: 'added',
  removed: 'removed',
  changed: 'changed',
};
