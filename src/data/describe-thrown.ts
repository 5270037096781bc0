/**
 * The one way to describe a value that user code threw (or returned where a
 * state was due) without running any more user code: no Proxy trap, no getter,
 * no `toString`. Properties are read through their descriptors along the
 * prototype chain, and a Proxy anywhere on the way is never looked into.
 *
 * @internal Not part of the public API.
 */
import { types } from 'node:util';
import { dataProperty, describeValue } from './common.js';

/** What can be said safely about a thrown value. */
export interface ThrownDescription {
  /** True for an `Error` (its prototype chain reaches `Error.prototype`). */
  readonly isError: boolean;
  /** The error's name (`TypeError`, ...), or `'thrown value'` for anything else. */
  readonly name: string;
  /** The error's message, or a description of the thrown value. */
  readonly message: string;
  /** The error's stack, when it is plain data. */
  readonly stack: string | undefined;
}

function reachesErrorPrototype(value: object): boolean {
  for (let current: object | null = value; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    if (types.isProxy(current)) return false;
    if (current === Error.prototype) return true;
  }
  return false;
}

/** A short description of a value that is not an error: a primitive as its text, an object as `describeValue` gives it. */
function describeOther(value: unknown): string {
  if (typeof value === 'symbol') return value.toString();
  if (typeof value !== 'object' && typeof value !== 'function') return `${value as string | number | boolean | bigint | undefined}`;
  if (value !== null && types.isProxy(value)) return 'a Proxy (not inspected: reading it would run its traps)';
  return describeValue(value);
}

/**
 * Describes a thrown value without invoking user code.
 *
 * @example
 * ```ts
 * describeThrown(new TypeError('x')); // { isError: true, name: 'TypeError', message: 'x', stack: '...' }
 * describeThrown(Proxy.revocable({}, {}).proxy); // { isError: false, name: 'thrown value', message: 'a Proxy (not inspected: ...)' }
 * ```
 */
export function describeThrown(value: unknown): ThrownDescription {
  if (typeof value !== 'object' || value === null || types.isProxy(value) || !reachesErrorPrototype(value)) {
    return { isError: false, name: 'thrown value', message: describeOther(value), stack: undefined };
  }
  const name = dataProperty(value, 'name');
  const message = dataProperty(value, 'message');
  // V8 formats `stack` on first access through Error.prepareStackTrace, which may read `name` and `message`:
  // it is read only when neither is a getter.
  const stack = name?.found === 'accessor' || message?.found === 'accessor' ? undefined : dataProperty(value, 'stack');
  return {
    isError: true,
    name: name?.found === 'data' && typeof name.value === 'string' && name.value !== '' ? name.value : 'Error',
    message:
      message === undefined
        ? ''
        : message.found === 'accessor'
          ? '(no message shown: it is a getter, which is never called)'
          : typeof message.value === 'string'
            ? message.value
            : `(no message shown: it is ${describeOther(message.value)}, not a string)`,
    stack: stack?.found === 'data' && typeof stack.value === 'string' ? stack.value : undefined,
  };
}

/** `Name: message` for an error, the description for anything else: for "threw …" sentences. */
export function thrownText(value: unknown): string {
  const described = describeThrown(value);
  return described.isError ? `${described.name}: ${described.message}` : described.message;
}

/** The intrinsic `then`, taken before any user code could replace it. */
const intrinsicThen = Promise.prototype.then; // eslint-disable-line @typescript-eslint/unbound-method
const ignore = (): void => undefined;

/**
 * True if the value is a promise or a thenable (an object whose `then` is a
 * function), found without running getters or Proxy traps. A Proxy is not
 * looked into (it is refused as a Proxy anyway).
 */
export function isThenableSafe(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || types.isProxy(value)) return false;
  if (types.isPromise(value)) return true;
  const then = dataProperty(value, 'then');
  return then?.found === 'accessor' || (then?.found === 'data' && typeof then.value === 'function');
}

/**
 * Marks a native promise as handled, so that its rejection (the result of a
 * discarded async call) does not end the process as an unhandled rejection.
 * Runs no user code: the intrinsic `then` is called with `constructor` pinned to
 * `Promise` for the call (a subclass or a hostile `constructor` getter would
 * otherwise run). A non-native thenable is left alone: its rejection is not
 * tracked by the engine, and calling its `then` would run user code.
 */
export function markPromiseHandled(value: unknown): void {
  if (!types.isPromise(value) || types.isProxy(value)) return;
  const promise: object = value;
  const own = Object.getOwnPropertyDescriptor(promise, 'constructor');
  if (own === undefined && Object.getPrototypeOf(promise) === Promise.prototype) {
    void Reflect.apply(intrinsicThen, promise, [undefined, ignore]);
    return;
  }
  try {
    Object.defineProperty(promise, 'constructor', { value: Promise, configurable: true, writable: true, enumerable: false });
  } catch {
    return; // Frozen with a hostile constructor: it cannot be marked without running user code.
  }
  try {
    void Reflect.apply(intrinsicThen, promise, [undefined, ignore]);
  } finally {
    if (own) Object.defineProperty(promise, 'constructor', own);
    else delete (promise as { constructor?: unknown }).constructor;
  }
}
