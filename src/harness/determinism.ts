/**
 * Determinism checks: run a subject several times, compare the canonical
 * hashes of what it produced, find the first diverging path, and name the
 * ambient sources of nondeterminism (clock, randomness) it called meanwhile.
 *
 * `checkDeterminism` returns data; the matchers and the CLI format it.
 */
import { clearTimeout as clearTimer, setTimeout as setTimer } from 'node:timers';
import { watchAmbient, type AmbientCall, type AmbientWatch } from './ambient.js';
import { canonicalJson } from '../data/canonical.js';
import { sha256Hex } from '../data/hash.js';
import { findDivergence, type Divergence } from '../data/divergence.js';
import { DefinitionError, Tier2Error } from '../data/errors.js';
import { readOptions } from '../data/fields.js';
import { describeThrown } from '../data/describe-thrown.js';
import { dottedPath } from '../data/path-text.js';
import { describeValue, isPlainObject, isTrusted, safeString, type JsonObjectInput, type JsonValue } from '../data/json.js';
import { resolveRegistry, type RegistryOptions } from '../runtime/registry.js';
import { runScenario, type MissionCall, type ScenarioDefinition } from './scenario.js';
import { runSuite, type SuiteDefinition } from './suite.js';
import type { WorkflowDefinition, Workflow } from '../runtime/workflow.js';

export { AMBIENT_SOURCES, type AmbientCall, type AmbientSource } from './ambient.js';

/** What `checkDeterminism` can run: a function, or a definition it knows how to run. */
export type DeterminismSubject = (() => unknown) | WorkflowDefinition | Workflow | MissionCall | ScenarioDefinition | SuiteDefinition;

/** Options of {@link checkDeterminism}. */
export interface DeterminismOptions extends RegistryOptions {
  /** How many runs to compare (at least 2; default 3). */
  readonly runs?: number;
  /** Watch the ambient sources of nondeterminism (default true). */
  readonly watchAmbient?: boolean;
  /** The initial state to run a workflow or mission call on (default `{}`). */
  readonly initialState?: JsonObjectInput;
  /**
   * Count a run that throws as an outcome like any other, so that throwing the
   * same error every time is deterministic (default false: a run that throws
   * makes the report not deterministic, whatever the other runs did).
   */
  readonly allowErrors?: boolean;
  /**
   * How long, in milliseconds, the runs of an async subject may take in all
   * before the check gives up with an error and stops watching (default 5000,
   * the Vitest and Jest test timeout; `Infinity` waits forever). Synchronous
   * runs cannot be interrupted and have no limit.
   */
  readonly timeout?: number;
}

/**
 * The outcome of one run, as compared: its canonical value, the error it threw,
 * or `undefined` (a function that returned nothing: kept apart from `null`, so
 * that a run which returned nothing is never mistaken for one that returned `null` on purpose).
 */
export type RunOutcome =
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'undefined' };

/**
 * What {@link checkDeterminism} returns for a subject: a promise for a function
 * that returns one, a report for everything else (and either, when a function's
 * return type does not say).
 */
export type DeterminismResultOf<Subject> = Subject extends () => infer Result
  ? [Result] extends [never] // a function that always throws: its runs settle synchronously
    ? DeterminismReport
    : unknown extends Result
      ? DeterminismReport | Promise<DeterminismReport>
      : Result extends PromiseLike<unknown>
        ? Promise<DeterminismReport>
        : DeterminismReport
  : DeterminismReport;

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

const DEFAULT_RUNS = 3;
const DEFAULT_TIMEOUT_MS = 5000;

interface ResolvedOptions {
  readonly runs: number;
  readonly allowErrors: boolean;
  readonly watchAmbient: boolean;
  readonly timeout: number;
}

function booleanOption(options: DeterminismOptions, key: 'allowErrors' | 'watchAmbient', fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw optionError(key, `options.${key} must be a boolean, got ${describeValue(value)}`);
  return value;
}

/** An option of checkDeterminism with a value of the wrong type or out of range. */
function optionError(key: string, problem: string): DefinitionError {
  return new DefinitionError({ code: 'wrong_type', subject: 'checkDeterminism', segments: [key], placeInProblem: true, problem });
}

/** Every field of {@link DeterminismOptions}. */
const DETERMINISM_OPTIONS = Object.freeze(['runs', 'registry', 'watchAmbient', 'initialState', 'allowErrors', 'timeout'] as const);

function resolveOptions(options: DeterminismOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'checkDeterminism',
      segments: ['options'],
      problem: `expected { runs?, registry?, watchAmbient?, allowErrors?, timeout? }, got ${describeValue(options)}`,
    });
  const runs = options.runs ?? DEFAULT_RUNS;
  if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 2) {
    throw optionError('runs', `options.runs must be an integer >= 2, got ${typeof runs === 'number' ? String(runs) : describeValue(runs)}`);
  }
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout <= 0) {
    throw optionError(
      'timeout',
      `options.timeout must be a number of milliseconds > 0 (or Infinity), got ${typeof timeout === 'number' ? String(timeout) : describeValue(timeout)}`,
    );
  }
  return { runs, allowErrors: booleanOption(options, 'allowErrors', false), watchAmbient: booleanOption(options, 'watchAmbient', true), timeout };
}

/** Turns a subject into a zero-argument function and a label. */
function toRunner(subject: DeterminismSubject, options: DeterminismOptions): { label: string; run: () => unknown } {
  if (typeof subject === 'function') return { label: subject.name ? `function ${subject.name}` : 'function', run: subject };
  if (!isPlainObject(subject)) {
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'checkDeterminism',
      problem: `expected a function, a workflow, a mission call, a scenario or a suite definition, got ${describeValue(subject)}`,
    });
  }
  const registry = resolveRegistry(options, 'checkDeterminism');
  const initialState = (options.initialState ?? {}) as never;
  const shape = subject as Record<string, unknown>;
  if (Array.isArray(shape.steps)) {
    return {
      label: `workflow '${safeString(shape.id ?? shape.name)}'`,
      run: () => registry.orchestrator.runWorkflow(subject, { initialState }),
    };
  }
  if (Array.isArray(shape.scenarios))
    return { label: `suite '${safeString(shape.name)}'`, run: () => runSuite(subject as unknown as SuiteDefinition, { registry }) };
  if (Array.isArray(shape.missions))
    return { label: `scenario '${safeString(shape.name)}'`, run: () => runScenario(subject as unknown as ScenarioDefinition, { registry }) };
  if (typeof shape.mission === 'string') {
    const call = subject as unknown as MissionCall;
    return { label: `mission '${call.mission}'`, run: () => registry.run(call.mission, { initialState }, call.params) };
  }
  throw new DefinitionError({
    code: 'wrong_type',
    subject: 'checkDeterminism',
    problem: `cannot tell what to run: expected a function, a workflow ({ id, steps }), a mission call ({ mission, params? }), a scenario ({ name, missions }) or a suite ({ name, scenarios }); got an object with keys ${Object.keys(subject).join(', ') || '(none)'}`,
  });
}

/** Plain data of a run's value: results serialise through `toDict()`. */
function toData(value: unknown): JsonValue {
  if (typeof value === 'object' && value !== null && typeof (value as { toDict?: unknown }).toDict === 'function') {
    return (value as { toDict: () => JsonValue }).toDict();
  }
  return value as JsonValue;
}

/** A run's outcome with the hash it is compared by, made from the one serialisation of its value. */
interface HashedOutcome {
  readonly outcome: RunOutcome;
  readonly hash: string;
}

/** A run that returned `undefined`; hashed as `{}`, apart from every value (`{ value }`) and error (`{ error }`). */
const UNDEFINED_OUTCOME: HashedOutcome = Object.freeze({ outcome: Object.freeze({ kind: 'undefined' as const }), hash: sha256Hex('{}') });

function outcomeOf(settle: () => unknown): HashedOutcome {
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

function errorOutcome(error: unknown): HashedOutcome {
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

function report(label: string, hashed: readonly HashedOutcome[], ambient: readonly AmbientCall[], allowErrors: boolean): DeterminismReport {
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** What starting a run gave: its return value (maybe a promise), or what it threw synchronously. */
type Started = { readonly threw: false; readonly value: unknown } | { readonly threw: true; readonly error: unknown };

function start(run: () => unknown, watch: AmbientWatch | undefined): Started {
  // A thenable is adopted inside the run's context, so a lazy one (work started in its `then`) is watched too.
  const call = (): unknown => {
    const value = run();
    return isThenable(value) ? Promise.resolve(value) : value;
  };
  try {
    return { threw: false, value: watch ? watch.run(call) : call() };
  } catch (error) {
    return { threw: true, error };
  }
}

async function settle(pending: PromiseLike<unknown>): Promise<HashedOutcome> {
  let value: unknown;
  try {
    value = await pending;
  } catch (error) {
    return errorOutcome(error);
  }
  return outcomeOf(() => value); // a value that is not JSON data rejects the check, as it throws on the sync path
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Runs `subject` several times and compares the canonical hashes of the
 * outcomes. A function subject may be async: the report is then a promise.
 * A run that throws (or rejects) makes the report not deterministic, with the
 * error in `errors`; pass `{ allowErrors: true }` to compare thrown errors
 * like values. A function whose every run returns `undefined` has given
 * nothing to compare: the report says `nothingCompared` and is not
 * deterministic (return `null` to compare "nothing" on purpose). While the
 * runs execute, calls to `Math.random`, `Date.now`, `new Date()`,
 * `performance.now`, `crypto.randomUUID`/`getRandomValues`/`randomBytes`,
 * `process.hrtime` and `process.hrtime.bigint` made by the subject (and only
 * by it, also when other checks run at the same time) are counted; the
 * sources keep working exactly as before.
 *
 * @example
 * ```ts
 * const report = checkDeterminism(() => runMission('echo', {}, { x: 1 }));
 * report.deterministic; // true
 * ```
 */
export function checkDeterminism<Subject extends DeterminismSubject>(subject: Subject, options?: DeterminismOptions): DeterminismResultOf<Subject>;
export function checkDeterminism(subject: DeterminismSubject, given: DeterminismOptions = {}): DeterminismReport | Promise<DeterminismReport> {
  // Read once, own fields only; a misspelt option (`allowError`) is an error, never a silently ignored check.
  const options =
    typeof given === 'object' && given !== null && !Array.isArray(given)
      ? (readOptions('checkDeterminism', given, DETERMINISM_OPTIONS) as DeterminismOptions)
      : given;
  const resolved = resolveOptions(options);
  const { label, run } = toRunner(subject, options);
  const watch = resolved.watchAmbient ? watchAmbient() : undefined;
  const outcomes: HashedOutcome[] = [];
  const finish = (): DeterminismReport => report(label, outcomes, watch ? watch.stop() : [], resolved.allowErrors);
  try {
    for (let index = 0; index < resolved.runs; index++) {
      const started = start(run, watch);
      if (started.threw) outcomes.push(errorOutcome(started.error));
      else if (isThenable(started.value)) return settleAsync(started.value, index + 1);
      else outcomes.push(outcomeOf(() => started.value));
    }
    return finish();
  } catch (error) {
    watch?.stop();
    throw error;
  }

  /** From the first run that returned a promise on: await each run, within the time limit. */
  async function settleAsync(pending: PromiseLike<unknown>, runNumber: number): Promise<DeterminismReport> {
    let timer: ReturnType<typeof setTimer> | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      if (Number.isFinite(resolved.timeout)) timer = setTimer(() => resolve(TIMED_OUT), resolved.timeout).unref();
    });
    try {
      for (let current = runNumber; ; current++) {
        const settled = await Promise.race([settle(pending), deadline]);
        if (settled === TIMED_OUT) {
          throw new Tier2Error(
            `checkDeterminism: run ${current} of ${resolved.runs} of ${label} did not settle within ${resolved.timeout} ms; raise options.timeout (and the test's timeout) if the runs are slow, or look for a promise that never settles`,
          );
        }
        outcomes.push(settled);
        // Later runs may still throw synchronously or return a plain value: each is that run's outcome.
        for (; current < resolved.runs; current++) {
          const started = start(run, watch);
          if (started.threw) outcomes.push(errorOutcome(started.error));
          else if (isThenable(started.value)) {
            pending = started.value;
            break;
          } else outcomes.push(outcomeOf(() => started.value));
        }
        if (outcomes.length === resolved.runs) return finish();
      }
    } finally {
      if (timer !== undefined) clearTimer(timer);
      watch?.stop();
    }
  }
}
