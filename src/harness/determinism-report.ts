/**
 * What the runs of a determinism check produced, and the verdict on them: each
 * run's outcome (its value as canonical JSON data, the error it threw, or
 * nothing) with the hash it is compared by, and the report that compares them
 * (the first diverging path, the errors grouped, whether anything was compared).
 * How the subject is run, and for how long, is determinism.ts.
 */
import type { AmbientCall } from './ambient.js';
import { canonicalJson } from '../data/canonical.js';
import { sha256Hex } from '../data/hash.js';
import { findDivergence, type Divergence } from '../data/divergence.js';
import { DefinitionError } from '../data/errors.js';
import { describeThrown } from '../data/describe-thrown.js';
import { dottedPath } from '../data/path-text.js';
import { isTrusted, type JsonValue } from '../data/json.js';

/**
 * The outcome of one run, as compared: its canonical value, the error it threw,
 * or `undefined` (a function that returned nothing: kept apart from `null`, so
 * that a run which returned nothing is never mistaken for one that returned `null` on purpose).
 */
export type RunOutcome =
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'undefined' };

/** An error that runs threw, with the runs that threw it (numbered from 1). */
export interface RunError {
  /** The error's `name` (its class, for the errors of this package and the built-in ones). */
  readonly name: string;
  readonly message: string;
  readonly runs: readonly number[];
}

/** What `checkDeterminism` found. */
export interface DeterminismReport {
  /**
   * True when every run produced the same canonical hash, no run threw (with
   * `allowErrors`, throwing the same error every time counts as the same
   * outcome), and there was something to compare (see `nothingCompared`).
   */
  readonly deterministic: boolean;
  /**
   * True when every run returned `undefined`: there was no value to compare,
   * so the report is not deterministic, whatever the hashes say. The likely
   * cause is a function with a block body and no `return`
   * (`() => { runMission(...); }`); return the result, or `null` to compare
   * "nothing" on purpose.
   */
  readonly nothingCompared: boolean;
  readonly runs: number;
  /** What was run, in words (`function`, `workflow 'wf-a'`, `suite 'nightly'`, ...). */
  readonly subject: string;
  /** The canonical hash of each run's outcome. */
  readonly hashes: readonly string[];
  /** Each run's outcome. */
  readonly outcomes: readonly RunOutcome[];
  /** The first run that differs from run 1, and where (runs are numbered from 1). */
  readonly divergence?: Divergence & { readonly firstRun: number; readonly otherRun: number };
  /** The errors the runs threw, each with its run numbers, in the order first thrown (empty when none threw). */
  readonly errors: readonly RunError[];
  /** Ambient sources called during the runs (empty when none, or when not watched). */
  readonly ambient: readonly AmbientCall[];
}

/** Plain data of a run's value: results serialise through `toDict()`. */
function toData(value: unknown): JsonValue {
  if (typeof value === 'object' && value !== null && typeof (value as { toDict?: unknown }).toDict === 'function') {
    return (value as { toDict: () => JsonValue }).toDict();
  }
  return value as JsonValue;
}

/** A run's outcome with the hash it is compared by, made from the one serialisation of its value. */
export interface HashedOutcome {
  readonly outcome: RunOutcome;
  readonly hash: string;
}

/** A run that returned `undefined`; hashed as `{}`, apart from every value (`{ value }`) and error (`{ error }`). */
const UNDEFINED_OUTCOME: HashedOutcome = Object.freeze({ outcome: Object.freeze({ kind: 'undefined' as const }), hash: sha256Hex('{}') });

/** The outcome of a run that returned what `settle` gives (or threw what it throws). */
export function outcomeOf(settle: () => unknown): HashedOutcome {
  let value: JsonValue;
  try {
    const returned = settle();
    if (returned === undefined) return UNDEFINED_OUTCOME;
    value = toData(returned);
  } catch (error) {
    return errorOutcome(error);
  }
  let text: string;
  try {
    text = canonicalJson(value);
  } catch (error) {
    // A value that is not JSON data is a misuse, whatever canonicalJson said about it (decided by where it failed, not by its words).
    if (DefinitionError.isDefinitionError(error)) {
      throw new DefinitionError({
        code: error.code,
        subject: 'checkDeterminism',
        segments: error.segments,
        placeInProblem: true,
        problem: `the subject returned something that is not JSON data, so runs cannot be compared: ${error.message}`,
        cause: error,
      });
    }
    return errorOutcome(error);
  }
  // Reports are deeply frozen; the subject's own (mutable) value is copied, never frozen in place.
  const outcome: RunOutcome = Object.freeze({
    kind: 'value',
    value: typeof value !== 'object' || value === null || isTrusted(value) ? value : frozenCopy(text),
  });
  // The canonical text of { value } is the value's text inside that one key.
  return { outcome, hash: sha256Hex(`{"value":${text}}`) };
}

/** The outcome of a run that threw `error`. */
export function errorOutcome(error: unknown): HashedOutcome {
  // Described without running user code (a thrown Proxy, a `message` getter).
  const { name, message } = describeThrown(error);
  const outcome: RunOutcome = Object.freeze({ kind: 'error', name, message });
  return { outcome, hash: sha256Hex(canonicalJson(outcomeData(outcome))) };
}

/** A deep-frozen copy of JSON data, made from its canonical text. */
function frozenCopy(text: string): JsonValue {
  const freezeAll = (value: JsonValue): JsonValue => {
    if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value)) freezeAll(child);
      Object.freeze(value);
    }
    return value;
  };
  return freezeAll(JSON.parse(text) as JsonValue);
}

function outcomeData(outcome: RunOutcome): JsonValue {
  if (outcome.kind === 'undefined') return {};
  return outcome.kind === 'value' ? { value: outcome.value } : { error: { name: outcome.name, message: outcome.message } };
}

/** The errors among the outcomes, grouped by name and message, in the order first thrown. */
function runErrors(outcomes: readonly RunOutcome[]): readonly RunError[] {
  const groups = new Map<string, { name: string; message: string; runs: number[] }>();
  outcomes.forEach((outcome, index) => {
    if (outcome.kind !== 'error') return;
    const key = JSON.stringify([outcome.name, outcome.message]);
    const group = groups.get(key) ?? { name: outcome.name, message: outcome.message, runs: [] };
    group.runs.push(index + 1);
    groups.set(key, group);
  });
  return Object.freeze([...groups.values()].map((group) => Object.freeze({ ...group, runs: Object.freeze(group.runs) })));
}

/** The report on the runs of `label`: their outcomes and hashes, the first divergence, the errors, the ambient calls. */
export function determinismReport(label: string, hashed: readonly HashedOutcome[], ambient: readonly AmbientCall[], allowErrors: boolean): DeterminismReport {
  const outcomes = hashed.map((run) => run.outcome);
  const hashes = hashed.map((run) => run.hash);
  const otherIndex = hashes.findIndex((hash) => hash !== hashes[0]);
  let divergence: DeterminismReport['divergence'];
  if (otherIndex > 0) {
    const found = findDivergence(outcomeData(outcomes[0] as RunOutcome), outcomeData(outcomes[otherIndex] as RunOutcome));
    if (found) {
      // Report paths relative to the value itself, not to the { value } wrapper.
      const segments = found.segments[0] === 'value' ? found.segments.slice(1) : found.segments;
      divergence = { ...found, segments: Object.freeze(segments), path: dottedPath(segments), firstRun: 1, otherRun: otherIndex + 1 };
    }
  }
  const errors = runErrors(outcomes);
  // Equal hashes of runs that all returned undefined compared nothing: never a deterministic verdict.
  const nothingCompared = outcomes.every((outcome) => outcome.kind === 'undefined');
  return Object.freeze({
    deterministic: otherIndex < 0 && (allowErrors || errors.length === 0) && !nothingCompared,
    nothingCompared,
    runs: outcomes.length,
    subject: label,
    hashes: Object.freeze(hashes),
    outcomes: Object.freeze(outcomes),
    ...(divergence ? { divergence: Object.freeze(divergence) } : {}),
    errors,
    ambient: Object.freeze(ambient),
  });
}
