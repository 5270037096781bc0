/**
 * Determinism checks: run a subject several times, compare the canonical
 * hashes of what it produced, find the first diverging path, and name the
 * ambient sources of nondeterminism (clock, randomness) it called meanwhile.
 *
 * `checkDeterminism` returns data; the matchers and the CLI format it.
 */
import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { canonicalJson, sha256Hex } from './canonical.js';
import { findDivergence, type Divergence } from './divergence.js';
import { DefinitionError } from './errors.js';
import { describeThrown } from './internal/describe-thrown.js';
import { describeValue, isPlainObject, isTrusted, safeString, type JsonObjectInput, type JsonValue } from './json.js';
import { resolveRegistry, type RegistryOptions } from './registry.js';
import { runScenario, type MissionCall, type ScenarioDefinition } from './scenario.js';
import { runSuite, type SuiteDefinition } from './suite.js';
import type { WorkflowDefinition, Workflow } from './workflow.js';

/** The ambient sources of nondeterminism that are watched. */
export const AMBIENT_SOURCES = Object.freeze([
  'Math.random',
  'Date.now',
  'new Date()',
  'performance.now',
  'crypto.randomUUID',
  'crypto.getRandomValues',
  'crypto.randomBytes',
  'process.hrtime',
] as const);

/** One watched source. */
export type AmbientSource = (typeof AMBIENT_SOURCES)[number];

/** How often a watched source was called during the runs, and from where first. */
export interface AmbientCall {
  readonly source: AmbientSource;
  readonly count: number;
  /** The first caller's location (`file:line:column`), when the stack shows one. */
  readonly firstCaller?: string;
}

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
}

/** The outcome of one run, as compared: its canonical value or the error it threw. */
export type RunOutcome = { readonly kind: 'value'; readonly value: JsonValue } | { readonly kind: 'error'; readonly name: string; readonly message: string };

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

/** What `checkDeterminism` found. */
export interface DeterminismReport {
  /** True when every run produced the same canonical hash (throwing the same error counts as the same outcome). */
  readonly deterministic: boolean;
  readonly runs: number;
  /** What was run, in words (`function`, `workflow 'wf-a'`, `suite 'nightly'`, ...). */
  readonly subject: string;
  /** The canonical hash of each run's outcome. */
  readonly hashes: readonly string[];
  /** Each run's outcome. */
  readonly outcomes: readonly RunOutcome[];
  /** The first run that differs from run 1, and where (runs are numbered from 1). */
  readonly divergence?: Divergence & { readonly firstRun: number; readonly otherRun: number };
  /** Ambient sources called during the runs (empty when none, or when not watched). */
  readonly ambient: readonly AmbientCall[];
}

const DEFAULT_RUNS = 3;

function resolveRuns(options: DeterminismOptions): number {
  if (typeof options !== 'object' || options === null)
    throw new DefinitionError(`checkDeterminism: options: expected { runs?, registry?, watchAmbient? }, got ${describeValue(options)}`, 'options');
  const runs = options.runs ?? DEFAULT_RUNS;
  if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 2) {
    throw new DefinitionError(
      `checkDeterminism: options.runs must be an integer >= 2, got ${typeof runs === 'number' ? String(runs) : describeValue(runs)}`,
      'runs',
    );
  }
  return runs;
}

/** Turns a subject into a zero-argument function and a label. */
function toRunner(subject: DeterminismSubject, options: DeterminismOptions): { label: string; run: () => unknown } {
  if (typeof subject === 'function') return { label: subject.name ? `function ${subject.name}` : 'function', run: subject };
  if (!isPlainObject(subject)) {
    throw new DefinitionError(
      `checkDeterminism: expected a function, a workflow, a mission call, a scenario or a suite definition, got ${describeValue(subject)}`,
    );
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
  throw new DefinitionError(
    `checkDeterminism: cannot tell what to run: expected a function, a workflow ({ id, steps }), a mission call ({ mission, params? }), a scenario ({ name, missions }) or a suite ({ name, scenarios }); got an object with keys ${Object.keys(subject).join(', ') || '(none)'}`,
  );
}

/** Plain data of a run's value: results serialise through `toDict()`. */
function toData(value: unknown): JsonValue {
  if (typeof value === 'object' && value !== null && typeof (value as { toDict?: unknown }).toDict === 'function') {
    return (value as { toDict: () => JsonValue }).toDict();
  }
  return value === undefined ? null : (value as JsonValue);
}

/** A run's outcome with the hash it is compared by, made from the one serialisation of its value. */
interface HashedOutcome {
  readonly outcome: RunOutcome;
  readonly hash: string;
}

function outcomeOf(settle: () => unknown): HashedOutcome {
  try {
    const value = toData(settle());
    const text = canonicalJson(value); // a value that is not JSON data is a misuse: let it throw below
    // Reports are deeply frozen; the subject's own (mutable) value is copied, never frozen in place.
    const outcome: RunOutcome = Object.freeze({
      kind: 'value',
      value: typeof value !== 'object' || value === null || isTrusted(value) ? value : frozenCopy(text),
    });
    // The canonical text of { value } is the value's text inside that one key.
    return { outcome, hash: sha256Hex(`{"value":${text}}`) };
  } catch (error) {
    if (DefinitionError.isDefinitionError(error) && error.message.startsWith('canonicalJson:')) {
      throw new DefinitionError(
        `checkDeterminism: the subject returned something that is not JSON data, so runs cannot be compared: ${error.message}`,
        error.path,
        { cause: error },
      );
    }
    return errorOutcome(error);
  }
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
  return outcome.kind === 'value' ? { value: outcome.value } : { error: { name: outcome.name, message: outcome.message } };
}

function report(label: string, hashed: readonly HashedOutcome[], ambient: readonly AmbientCall[]): DeterminismReport {
  const outcomes = hashed.map((run) => run.outcome);
  const hashes = hashed.map((run) => run.hash);
  const otherIndex = hashes.findIndex((hash) => hash !== hashes[0]);
  let divergence: DeterminismReport['divergence'];
  if (otherIndex > 0) {
    const found = findDivergence(outcomeData(outcomes[0] as RunOutcome), outcomeData(outcomes[otherIndex] as RunOutcome));
    if (found) {
      // Report paths relative to the value itself, not to the { value } wrapper.
      const segments = found.segments[0] === 'value' ? found.segments.slice(1) : found.segments;
      divergence = { ...found, segments: Object.freeze(segments), path: segments.join('.'), firstRun: 1, otherRun: otherIndex + 1 };
    }
  }
  return Object.freeze({
    deterministic: otherIndex < 0,
    runs: outcomes.length,
    subject: label,
    hashes: Object.freeze(hashes),
    outcomes: Object.freeze(outcomes),
    ...(divergence ? { divergence: Object.freeze(divergence) } : {}),
    ambient: Object.freeze(ambient),
  });
}

// ---------------------------------------------------------------------------
// Watching ambient sources

const RUNNER_FRAME = /node_modules[\\/](?:vitest|@vitest|jest[^\\/]*|@jest|tinypool|tinyspy|expect)[\\/]|node:internal/;

/** The `file:line:column` location a stack frame names, if any. */
function locationOf(frame: string): string | undefined {
  return /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(frame)?.[1];
}

/** The file of this module as stack frames name it (the source file here, the bundle once built). */
const OWN_FILE = locationOf(new Error().stack?.split('\n')[1] ?? '')?.replace(/:\d+:\d+$/, '');

function isOwnFrame(frame: string): boolean {
  return OWN_FILE !== undefined && locationOf(frame)?.replace(/:\d+:\d+$/, '') === OWN_FILE;
}

function callerLocation(): string | undefined {
  for (const frame of new Error().stack?.split('\n').slice(2) ?? []) {
    if (isOwnFrame(frame)) continue;
    const location = locationOf(frame);
    if (location) return location;
  }
  return undefined;
}

function fromRunner(): boolean {
  const caller = (new Error().stack?.split('\n').slice(3) ?? []).find((frame) => !isOwnFrame(frame));
  return caller !== undefined && RUNNER_FRAME.test(caller);
}

interface Counter {
  count: number;
  firstCaller?: string;
}

/** Replaces the ambient sources with counting wrappers; returns the counts and a restore function. */
function installWatch(): { counts: Map<AmbientSource, Counter>; restore: () => void } {
  const counts = new Map<AmbientSource, Counter>();
  const note = (source: AmbientSource): void => {
    if (fromRunner()) return;
    const counter = counts.get(source) ?? { count: 0 };
    counter.count += 1;
    counter.firstCaller ??= callerLocation();
    counts.set(source, counter);
  };
  const restores: (() => void)[] = [];
  const wrap = <T extends object>(target: T | undefined, key: keyof T & string, source: AmbientSource): void => {
    if (!target) return;
    const original = target[key];
    if (typeof original !== 'function') return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor && !descriptor.writable && !descriptor.configurable) return;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      note(source);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperty(target, key, { value: wrapped, writable: true, configurable: true, enumerable: descriptor?.enumerable ?? false });
    restores.push(() => {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<string, unknown>)[key];
    });
  };
  const global = globalThis as typeof globalThis & { Date: DateConstructor };
  wrap(Math, 'random', 'Math.random');
  wrap(global.Date, 'now', 'Date.now');
  wrap(global.performance, 'now', 'performance.now');
  wrap(global.crypto, 'randomUUID', 'crypto.randomUUID');
  wrap(global.crypto, 'getRandomValues', 'crypto.getRandomValues');
  // The module object behind `node:crypto`; syncBuiltinESMExports() carries the
  // wrappers to its named ESM exports too.
  const cryptoModule = nodeCrypto as unknown as Record<string, unknown>;
  wrap(cryptoModule, 'randomUUID', 'crypto.randomUUID');
  wrap(cryptoModule, 'randomBytes', 'crypto.randomBytes');
  wrap(cryptoModule, 'getRandomValues', 'crypto.getRandomValues');
  wrap(process, 'hrtime', 'process.hrtime');

  const OriginalDate = global.Date;
  const WatchedDate: DateConstructor = new Proxy(OriginalDate, {
    construct(target, args, newTarget): object {
      if (args.length === 0) note('new Date()');
      return Reflect.construct(target, args, newTarget === WatchedDate ? target : newTarget) as object;
    },
    apply(target, thisArg, args) {
      note('new Date()');
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  });
  global.Date = WatchedDate;
  restores.push(() => {
    global.Date = OriginalDate;
  });
  syncBuiltinESMExports();
  return {
    counts,
    restore: () => {
      for (const restore of restores.reverse()) restore();
      syncBuiltinESMExports();
    },
  };
}

function ambientCalls(counts: Map<AmbientSource, Counter>): readonly AmbientCall[] {
  return AMBIENT_SOURCES.flatMap((source) => {
    const counter = counts.get(source);
    return counter ? [Object.freeze({ source, count: counter.count, ...(counter.firstCaller ? { firstCaller: counter.firstCaller } : {}) })] : [];
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `subject` several times and compares the canonical hashes of the
 * outcomes. A function subject may be async: the report is then a promise.
 * While the runs execute, calls to `Math.random`, `Date.now`, `new Date()`,
 * `performance.now`, `crypto.randomUUID`/`getRandomValues`/`randomBytes` and
 * `process.hrtime` are counted (the sources keep working; they are only watched).
 *
 * @example
 * ```ts
 * const report = checkDeterminism(() => runMission('echo', {}, { x: 1 }));
 * report.deterministic; // true
 * ```
 */
export function checkDeterminism<Subject extends DeterminismSubject>(subject: Subject, options?: DeterminismOptions): DeterminismResultOf<Subject>;
export function checkDeterminism(subject: DeterminismSubject, options: DeterminismOptions = {}): DeterminismReport | Promise<DeterminismReport> {
  const runs = resolveRuns(options);
  const { label, run } = toRunner(subject, options);
  const watch = options.watchAmbient === false ? undefined : installWatch();
  const outcomes: HashedOutcome[] = [];
  let restored = false;
  const finish = (): DeterminismReport => {
    if (watch && !restored) {
      watch.restore();
      restored = true;
    }
    return report(label, outcomes, watch ? ambientCalls(watch.counts) : []);
  };
  try {
    let first: unknown;
    try {
      first = run();
    } catch (error) {
      outcomes.push(errorOutcome(error));
    }
    if (outcomes.length === 0 && isThenable(first)) {
      const settleAsync = async (): Promise<DeterminismReport> => {
        try {
          outcomes.push(await settle(first));
          for (let i = 1; i < runs; i++) outcomes.push(await settle(run() as PromiseLike<unknown>));
          return finish();
        } finally {
          if (watch && !restored) {
            watch.restore();
            restored = true;
          }
        }
      };
      return settleAsync();
    }
    if (outcomes.length === 0) outcomes.push(outcomeOf(() => first));
    for (let i = 1; i < runs; i++) outcomes.push(outcomeOf(run));
    return finish();
  } catch (error) {
    if (watch && !restored) {
      watch.restore();
      restored = true;
    }
    throw error;
  }
}

async function settle(pending: PromiseLike<unknown>): Promise<HashedOutcome> {
  try {
    const value = await pending;
    return outcomeOf(() => value);
  } catch (error) {
    return errorOutcome(error);
  }
}
