/**
 * How one copy of tier2-harness recognises what another copy made. A process
 * may load several copies: the ESM build beside the CommonJS one (Jest's
 * native ESM mode loads the setup entry through `require` and the tests
 * through `import`), or two installs of the package. `instanceof` and a
 * module's own WeakSet answer "no" for another copy's objects, so:
 *
 * - **Brands.** Every public class carries, on its prototype, one key shared by
 *   every copy (`Symbol.for('tier2-harness/brand')`): its name and its
 *   ancestors', and the package version of the copy that defined it. The static
 *   `isX()` of each class reads it (a data property found along the prototype
 *   chain: no getter runs, no Proxy trap). Costs nothing per instance.
 * - **Validity sets.** What a copy validated (suites, scenarios, expectations,
 *   workflows) is remembered in WeakSets held on `globalThis` under
 *   `Symbol.for('tier2-harness/copies')`, in one entry per package version, so
 *   every copy of one version shares them.
 *
 * Objects made by a copy of ANOTHER version are never trusted: its results,
 * registries and operation sets fail the `isX()` guards, and its validated
 * definitions are refused, with a message that names both versions. Errors are
 * the exception: they only carry data, so `isX()` of an error class answers
 * for any version.
 *
 * @internal Not part of the public API (not an entry point of the package).
 */
import { types } from 'node:util';
import { VERSION } from './version.js';

// Captured at load time so user stubs of globals cannot change the checks.
const { defineProperty, freeze, getOwnPropertyDescriptor, getPrototypeOf } = Object;
const { isArray } = Array;
const { isProxy, isMap, isWeakSet } = types;

// ---------------------------------------------------------------------------
// Brands of public classes

/** The one key every copy of the package brands its classes with. */
const BRAND = Symbol.for('tier2-harness/brand');

/** What a class's prototype carries under {@link BRAND}. */
interface BrandRecord {
  /** The class's name first, then its branded ancestors' (`UnknownOperationError`, `EnvelopeViolation`, `Tier2Error`). */
  readonly names: readonly string[];
  /** The package version of the copy that defined the class. */
  readonly version: string;
}

/** The brand record of a value, from any copy and any version; `undefined` when it has none (or hides it behind a getter or a Proxy). */
function brandOf(value: unknown): BrandRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (let current: object | null = value; current !== null; current = getPrototypeOf(current) as object | null) {
    if (isProxy(current)) return undefined;
    const descriptor = getOwnPropertyDescriptor(current, BRAND);
    if (descriptor !== undefined) return 'value' in descriptor ? recordOf(descriptor.value) : undefined;
  }
  return undefined;
}

/** A brand record read field by field as data (another copy made it; a hostile value may fake it). */
function recordOf(record: unknown): BrandRecord | undefined {
  if (typeof record !== 'object' || record === null || isProxy(record)) return undefined;
  const names: unknown = getOwnPropertyDescriptor(record, 'names')?.value;
  const version: unknown = getOwnPropertyDescriptor(record, 'version')?.value;
  if (!isArray(names) || isProxy(names) || typeof version !== 'string') return undefined;
  return { names: names as unknown[] as string[], version };
}

/**
 * Brands a public class with its name (and, through its parent's brand, its
 * ancestors'): call once, right after the class, parents before children.
 */
export function brand(ctor: abstract new (...args: never[]) => unknown, name: string): void {
  const parent = brandOf(getPrototypeOf(ctor.prototype));
  const record: BrandRecord = freeze({ names: freeze([name, ...(parent?.names ?? [])]), version: VERSION });
  defineProperty(ctor.prototype, BRAND, { value: record, enumerable: false, writable: false, configurable: false });
}

/** True for an instance of a class branded `name` (or a subclass) by a copy of THIS version of the package. */
export function isBranded(value: unknown, name: string): boolean {
  const record = brandOf(value);
  return record !== undefined && record.version === VERSION && record.names.includes(name);
}

/** True for an instance of a class branded `name` (or a subclass) by any copy of the package, of any version: for errors only. */
export function isBrandedInAnyVersion(value: unknown, name: string): boolean {
  return brandOf(value)?.names.includes(name) ?? false;
}

/** The class name and version of an object branded by a copy of ANOTHER version, for messages; `undefined` otherwise. */
export function otherVersionBrand(value: unknown): { readonly name: string; readonly version: string } | undefined {
  const record = brandOf(value);
  const name = record?.names[0];
  return record === undefined || record.version === VERSION || typeof name !== 'string' ? undefined : { name, version: record.version };
}

/** Why an object from a copy of another version is refused: `what` names it (`a SuiteResult`, `these expectations`). */
export function otherVersionText(what: string, version: string): string {
  return `${what} made by tier2-harness ${version} (another copy of the package; this copy is ${VERSION}, and only copies of one version share definitions, results and registries)`;
}

// ---------------------------------------------------------------------------
// Validity sets shared by the copies of one version

/** The kinds of validated definitions the copies share. */
export type ValidityKind = 'suite' | 'scenario' | 'expectations' | 'expectation' | 'workflow';

/** The shared key on `globalThis`: package version → kind → the set of what copies of that version validated. */
const COPIES = Symbol.for('tier2-harness/copies');

type Copies = Map<string, Map<ValidityKind, WeakSet<object>>>;

/**
 * The registry of every copy in this realm, made by the first copy that loads.
 * Should something else hold the key, this copy keeps its sets to itself:
 * it then shares nothing, and trusts nothing it did not validate.
 */
function copies(): Copies {
  const found: unknown = getOwnPropertyDescriptor(globalThis, COPIES)?.value;
  if (found !== undefined) return isMap(found) ? (found as Copies) : (new Map() as Copies);
  const created: Copies = new Map();
  defineProperty(globalThis, COPIES, { value: created, enumerable: false, writable: false, configurable: false });
  return created;
}

const registry = copies();

/**
 * The set where every copy of this version records the `kind` definitions it
 * validated: add only values validated and deep-frozen by this module's rules.
 */
export function validitySet(kind: ValidityKind): WeakSet<object> {
  let sets = registry.get(VERSION);
  if (sets === undefined) {
    sets = new Map();
    registry.set(VERSION, sets);
  }
  const found = sets.get(kind);
  if (found !== undefined && isWeakSet(found)) return found;
  const created = new WeakSet<object>();
  sets.set(kind, created);
  return created;
}

/** The version of the copy that validated `value` as a `kind` when that is ANOTHER version; `undefined` otherwise (also for plain data). */
export function validatedByOtherVersion(kind: ValidityKind, value: unknown): string | undefined {
  // Usually this version's copies are the only ones in the process: nothing to look through.
  if (typeof value !== 'object' || value === null || registry.size < 2) return undefined;
  for (const [version, sets] of registry) {
    if (version !== VERSION && sets.get(kind)?.has(value) === true) return version;
  }
  return undefined;
}
