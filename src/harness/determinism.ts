/**
 * Determinism checks: run a subject several times, compare the canonical
 * hashes of what it produced, find the first diverging path, and name the
 * ambient sources of nondeterminism (clock, randomness) it called meanwhile.
 *
 * `checkDeterminism` returns data; the matchers and the CLI format it. This
 * module runs the subject (options, what to run, the sync and async loops, the
 * time limit); what the runs produced and the verdict on them are
 * determinism-report.ts.
 */
import { clearTimeout as clearTimer, setTimeout as setTimer } from 'node:timers';
import { watchAmbient, type AmbientWatch } from './ambient.js';
import { determinismReport, errorOutcome, outcomeOf, type DeterminismReport, type HashedOutcome } from './determinism-report.js';
import { DefinitionError, Tier2Error } from '../data/errors.js';
import { readOptions } from '../data/fields.js';
import { describeValue, isPlainObject, safeString, type JsonObjectInput } from '../data/json.js';
import { resolveRegistry, type RegistryOptions } from '../runtime/registry.js';
import { runScenario, type MissionCall, type ScenarioDefinition } from './scenario.js';
import { runSuite, type SuiteDefinition } from './suite.js';
import type { WorkflowDefinition, Workflow } from '../runtime/workflow.js';

export { AMBIENT_SOURCES, type AmbientCall, type AmbientSource } from './ambient.js';
export type { DeterminismReport, RunError, RunOutcome } from './determinism-report.js';

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
  const finish = (): DeterminismReport => determinismReport(label, outcomes, watch ? watch.stop() : [], resolved.allowErrors);
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
