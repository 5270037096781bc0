/**
 * Watching the ambient sources of nondeterminism (clock, randomness) while a
 * determinism check runs its subject.
 *
 * Several checks may overlap in one process (async subjects, concurrent tests,
 * `Promise.all`), so watching is shared and attributed:
 *
 * - the sources are patched once, when the first watch starts, and restored
 *   when the last one stops (a source someone else replaced in the meantime is
 *   left as they set it);
 * - each call is counted for the watch whose asynchronous context made it
 *   (`AsyncLocalStorage`), and for the watches around it when checks nest;
 *   calls from anywhere else (another test, the runner) are not counted;
 * - a watched source keeps its whole API: it is a `Proxy` of the original
 *   (same `name`, `length` and properties, such as `process.hrtime.bigint`),
 *   and `Date` keeps its statics, `new Date(x)`, `instanceof` and prototype.
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

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
  'process.hrtime.bigint',
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

/** A watch in progress: run code inside it, then stop it to read what was called. */
export interface AmbientWatch {
  /** Runs `fn` in this watch's context: the calls it makes, now or after an `await`, are counted here. */
  run<T>(fn: () => T): T;
  /** Stops counting (idempotent) and returns the calls counted, in {@link AMBIENT_SOURCES} order. */
  stop(): readonly AmbientCall[];
}

interface Counter {
  count: number;
  firstCaller?: string;
}

interface Watcher {
  readonly counts: Map<AmbientSource, Counter>;
  /** The watch this one was started inside (a check run by another check's subject). */
  readonly parent: Watcher | undefined;
  active: boolean;
}

/** What every copy of this module in the process shares (ESM and CommonJS builds loaded side by side). */
interface SharedWatchState {
  readonly storage: AsyncLocalStorage<Watcher>;
  readonly active: Set<Watcher>;
  restore: (() => void) | undefined;
}

const SHARED_KEY = Symbol.for('tier2-harness/ambient-watch@1');

function sharedState(): SharedWatchState {
  const holder = globalThis as typeof globalThis & { [SHARED_KEY]?: SharedWatchState };
  let state = holder[SHARED_KEY];
  if (state === undefined) {
    state = { storage: new AsyncLocalStorage<Watcher>(), active: new Set<Watcher>(), restore: undefined };
    Object.defineProperty(holder, SHARED_KEY, { value: state, enumerable: false, configurable: true, writable: false });
  }
  return state;
}

// ---------------------------------------------------------------------------
// Who called: stack frames

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

/** The stack frames below this module's own (the watched source's caller first). */
function foreignFrames(): string[] {
  return (new Error().stack?.split('\n').slice(1) ?? []).filter((frame) => !isOwnFrame(frame));
}

// ---------------------------------------------------------------------------
// Counting

function note(source: AmbientSource): void {
  let watcher = sharedState().storage.getStore();
  if (watcher === undefined) return; // not called from a watched run
  const frames = foreignFrames();
  // The runner's own clock reads (timings, timeouts) made while a run is on the stack are not the subject's.
  if (frames[0] !== undefined && RUNNER_FRAME.test(frames[0])) return;
  let caller: string | undefined;
  for (const frame of frames) {
    caller = locationOf(frame);
    if (caller !== undefined) break;
  }
  for (; watcher !== undefined; watcher = watcher.parent) {
    if (!watcher.active) continue;
    const counter = watcher.counts.get(source) ?? { count: 0 };
    counter.count += 1;
    if (counter.firstCaller === undefined && caller !== undefined) counter.firstCaller = caller;
    watcher.counts.set(source, counter);
  }
}

// ---------------------------------------------------------------------------
// Patching

type AnyFunction = (...args: unknown[]) => unknown;

/** A function that behaves and looks exactly like `original` (a Proxy keeps its name, length and properties), counting calls. */
function countingProxy(original: AnyFunction, source: AmbientSource): AnyFunction {
  return new Proxy(original, {
    apply(target, thisArg, args): unknown {
      note(source);
      return Reflect.apply(target, thisArg, args);
    },
  });
}

/** `Date`, watched: `new Date()` and `Date()` read the clock; `new Date(x)`, statics and `instanceof` behave as before. */
function watchedDate(OriginalDate: DateConstructor): DateConstructor {
  const watched: DateConstructor = new Proxy(OriginalDate, {
    construct(target, args, newTarget): object {
      if (args.length === 0) note('new Date()');
      return Reflect.construct(target, args, newTarget === watched ? target : newTarget) as object;
    },
    apply(target, thisArg, args): unknown {
      note('new Date()'); // Date() called as a function returns the current time, whatever its arguments
      return Reflect.apply(target, thisArg, args);
    },
  });
  return watched;
}

/**
 * Replaces `target[key]` with `make(original)` and returns how to undo it, or
 * undefined when there is nothing to replace (absent, not a function, frozen).
 * Undoing leaves the property alone if something else replaced it since.
 */
function replace(target: object | undefined, key: string, make: (original: AnyFunction) => unknown): (() => void) | undefined {
  if (target === undefined || target === null) return undefined;
  const record = target as Record<string, unknown>;
  const original = record[key];
  if (typeof original !== 'function') return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor && !descriptor.configurable && !descriptor.writable) return undefined;
  const replacement = make(original as AnyFunction);
  Object.defineProperty(target, key, { value: replacement, writable: true, configurable: true, enumerable: descriptor?.enumerable ?? false });
  return () => {
    if (Object.getOwnPropertyDescriptor(target, key)?.value !== replacement) return;
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else delete record[key];
  };
}

/** Installs the watched sources; returns the function that restores the originals (in reverse order). */
function patchSources(): () => void {
  const restores: (() => void)[] = [];
  const patch = (target: object | undefined, key: string, source: AmbientSource): void => {
    const restore = replace(target, key, (original) => countingProxy(original, source));
    if (restore) restores.push(restore);
  };
  const global = globalThis as typeof globalThis & { Date: DateConstructor };
  patch(Math, 'random', 'Math.random');
  patch(global.Date, 'now', 'Date.now');
  patch(global.performance, 'now', 'performance.now');
  patch(global.crypto, 'randomUUID', 'crypto.randomUUID');
  patch(global.crypto, 'getRandomValues', 'crypto.getRandomValues');
  // The module object behind `node:crypto`; syncBuiltinESMExports() carries the
  // replacements to its named ESM exports too.
  const cryptoModule = nodeCrypto as unknown as Record<string, unknown>;
  patch(cryptoModule, 'randomUUID', 'crypto.randomUUID');
  patch(cryptoModule, 'randomBytes', 'crypto.randomBytes');
  patch(cryptoModule, 'getRandomValues', 'crypto.getRandomValues');
  // bigint first, on the original function: the hrtime proxy reads its properties from there.
  patch(process.hrtime, 'bigint', 'process.hrtime.bigint');
  patch(process, 'hrtime', 'process.hrtime');

  const OriginalDate = global.Date;
  const WatchedDate = watchedDate(OriginalDate);
  const restoreDate = replace(global, 'Date', () => WatchedDate);
  if (restoreDate) {
    restores.push(restoreDate);
    // `new Date().constructor === Date` stays true while watched.
    const restoreConstructor = replace(OriginalDate.prototype, 'constructor', () => WatchedDate);
    if (restoreConstructor) restores.push(restoreConstructor);
  }
  syncBuiltinESMExports();
  return () => {
    for (const restore of restores.reverse()) restore();
    syncBuiltinESMExports();
  };
}

function ambientCalls(counts: Map<AmbientSource, Counter>): readonly AmbientCall[] {
  return Object.freeze(
    AMBIENT_SOURCES.flatMap((source) => {
      const counter = counts.get(source);
      return counter ? [Object.freeze({ source, count: counter.count, ...(counter.firstCaller ? { firstCaller: counter.firstCaller } : {}) })] : [];
    }),
  );
}

/**
 * Starts watching the ambient sources for the code run through the returned
 * watch. The sources are patched if no other watch is running; the last watch
 * to stop restores them.
 *
 * @example
 * ```ts
 * const watch = watchAmbient();
 * try {
 *   watch.run(() => subject());
 * } finally {
 *   watch.stop(); // [{ source: 'Date.now', count: 1, firstCaller: '...' }]
 * }
 * ```
 */
export function watchAmbient(): AmbientWatch {
  const shared = sharedState();
  const watcher: Watcher = { counts: new Map(), parent: shared.storage.getStore(), active: true };
  if (shared.active.size === 0) shared.restore = patchSources();
  shared.active.add(watcher);
  return {
    run: <T>(fn: () => T): T => shared.storage.run(watcher, fn),
    stop: (): readonly AmbientCall[] => {
      if (watcher.active) {
        watcher.active = false;
        shared.active.delete(watcher);
        if (shared.active.size === 0) {
          const restore = shared.restore;
          shared.restore = undefined;
          restore?.();
        }
      }
      return ambientCalls(watcher.counts);
    },
  };
}
