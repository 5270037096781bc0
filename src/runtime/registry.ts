/**
 * The mission registry: an immutable mapping from mission names to templates,
 * plus the closed set of custom operations their steps may use.
 *
 * HB-T2-REG-02: a registry is read-only at runtime (frozen, with no method that
 * changes it). New missions are added in code by building a new registry with
 * {@link createRegistry}, never by mutating one.
 */
import { brand, isBranded } from '../data/brand.js';
import { BUILTIN_MISSIONS } from './builtin-missions.js';
import { DefinitionError, UnknownMissionError } from '../data/errors.js';
import { readOptions } from '../data/fields.js';
import { describeValue, getOwn, isPlainObject, safeString } from '../data/json.js';
import { planMission, type MissionDefinition, type MissionWorkflow } from './mission.js';
import { OperationSet, type OperationDefinition } from './operations.js';
import { Orchestrator, type ExecutionContext } from './orchestrator.js';
import { type OrchestrationResult } from './orchestration-result.js';

/** An immutable set of missions and custom operations. Make one with {@link createRegistry}. */
export class MissionRegistry {
  readonly #missions: ReadonlyMap<string, MissionDefinition>;
  /** The closed operation set of every run through this registry. */
  readonly operations: OperationSet;
  /** The orchestrator that runs this registry's missions. */
  readonly orchestrator: Orchestrator;
  /** Mission names, sorted. */
  readonly names: readonly string[];

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Use {@link createRegistry}. */
  constructor(missions: readonly MissionDefinition[], operations: readonly OperationDefinition[]) {
    const map = new Map<string, MissionDefinition>();
    for (const mission of missions) map.set(mission.name, mission);
    this.#missions = map;
    this.operations = new OperationSet(operations);
    this.orchestrator = new Orchestrator({ operations: this.operations });
    this.names = Object.freeze([...map.keys()].sort());
    Object.freeze(this);
  }

  /** True for a registry from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isMissionRegistry(value: unknown): value is MissionRegistry {
    return isBranded(value, 'MissionRegistry');
  }

  /** True if the registry holds a mission of that name. */
  has(name: string): boolean {
    return this.#missions.has(name);
  }

  /** The mission of that name; throws {@link UnknownMissionError} listing the known names otherwise. */
  get(name: string): MissionDefinition {
    const mission = typeof name === 'string' ? this.#missions.get(name) : undefined;
    if (mission === undefined) {
      const shown = typeof name === 'string' ? `'${name}'` : describeValue(name);
      // The usual cause with the built-in registry: a custom mission run without the registry that holds it.
      const hint =
        this === MISSION_REGISTRY
          ? ` (this is the built-in registry: a custom mission runs only through the registry that holds it; pass { registry } made by createRegistry to the function or matcher that runs it)`
          : '';
      throw new UnknownMissionError(
        `unknown mission ${shown}; known missions: ${this.names.map((known) => `'${known}'`).join(', ')}${hint}`,
        safeString(name),
        this.names,
      );
    }
    return mission;
  }

  /** The missions, sorted by name. */
  get missions(): readonly MissionDefinition[] {
    return this.names.map((name) => this.#missions.get(name) as MissionDefinition);
  }

  /** Builds a mission's workflow (checked against the extension rules). */
  build(name: string, params?: unknown): MissionWorkflow {
    return planMission(this.get(name), params, this.operations);
  }

  /** Builds and runs a mission. */
  run(name: string, context: ExecutionContext = {}, params?: unknown): OrchestrationResult {
    return this.orchestrator.runWorkflow(this.build(name, params), context);
  }
}
brand(MissionRegistry, 'MissionRegistry');

/** Options of {@link createRegistry}. */
export interface CreateRegistryOptions {
  /** The registry to extend (default: the built-in `MISSION_REGISTRY`); `null` starts empty. */
  readonly base?: MissionRegistry | null;
}

/**
 * Makes a new immutable registry: the base registry's missions and operations
 * plus the given ones. A name defined twice is an error, never an override.
 *
 * @example
 * ```ts
 * const registry = createRegistry([approvalMission, incrementOperation]);
 * runMission('approval', { initialState: { count: 0 } }, {}, { registry });
 * ```
 */
export function createRegistry(entries: readonly (MissionDefinition | OperationDefinition)[], options: CreateRegistryOptions = {}): MissionRegistry {
  if (!Array.isArray(entries))
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'createRegistry',
      problem: `expected an array of missions (defineMission) and operations (defineOperation), got ${describeValue(entries)}`,
    });
  const given = readOptions('createRegistry', options, ['base']);
  const base = given.base === undefined ? MISSION_REGISTRY : given.base;
  if (base !== null && !MissionRegistry.isMissionRegistry(base))
    throw new DefinitionError({
      code: 'wrong_type',
      subject: 'createRegistry',
      segments: ['base'],
      placeInProblem: true,
      problem: 'options.base must be a registry made by createRegistry, or null',
    });
  const missions: MissionDefinition[] = [...(base?.missions ?? [])];
  const operations: OperationDefinition[] = [...(base?.operations.customOperations ?? [])];
  entries.forEach((entry: unknown, index) => {
    const at = ['entries', index];
    const wellFormed =
      isPlainObject(entry) &&
      typeof entry.name === 'string' &&
      ((entry.type === 'mission' && typeof entry.build === 'function') || (entry.type === 'operation' && typeof entry.apply === 'function'));
    if (!wellFormed) {
      throw new DefinitionError({
        code: 'wrong_type',
        subject: 'createRegistry',
        segments: at,
        problem: `expected a mission made by defineMission or an operation made by defineOperation, got ${describeValue(entry)}`,
      });
    }
    const list: { name: string }[] = entry.type === 'mission' ? missions : operations;
    const name = entry.name as string;
    if (list.some((existing) => existing.name === name)) {
      throw new DefinitionError({
        code: 'duplicate',
        subject: 'createRegistry',
        segments: at,
        problem: `${entry.type === 'mission' ? 'mission' : 'operation'} '${name}' is already defined${base?.names.includes(name) || base?.operations.has(name) ? ' in the base registry' : ''}; names must be unique (make a registry with { base: null } to start from scratch)`,
      });
    }
    if (entry.type === 'mission') missions.push(entry as unknown as MissionDefinition);
    else operations.push(entry as unknown as OperationDefinition);
  });
  return new MissionRegistry(missions, operations);
}

/**
 * The built-in registry: `daily_loop`, `echo` and `run_tests`. Frozen and
 * read-only (HB-T2-REG-02); extend it with {@link createRegistry}.
 */
export const MISSION_REGISTRY: MissionRegistry = new MissionRegistry(BUILTIN_MISSIONS, []);

/** Options shared by everything that runs missions. */
export interface RegistryOptions {
  /** The registry to take missions and operations from (default: {@link MISSION_REGISTRY}). */
  readonly registry?: MissionRegistry;
}

/**
 * Resolves the `registry` option of an options object that may hold other
 * options too (their owner checks those): an own property only, read once.
 */
export function resolveRegistry(options: RegistryOptions | undefined, where: string): MissionRegistry {
  if (options !== undefined && options !== null && typeof options !== 'object')
    throw new DefinitionError({ code: 'wrong_type', subject: where, segments: ['options'], problem: `expected { registry? }, got ${describeValue(options)}` });
  // Own properties only: a `registry` inherited from a polluted Object.prototype is not an option.
  return registryOption(options === undefined || options === null ? undefined : getOwn(options, 'registry'), where);
}

/**
 * Resolves the options of a function whose only option is `registry`: any
 * other field is an error suggesting the closest known one (`options.regsitry:
 * unknown field; did you mean 'registry'?`).
 */
export function resolveRegistryOptions(options: RegistryOptions | undefined, where: string): MissionRegistry {
  return registryOption(readOptions(where, options ?? undefined, REGISTRY_OPTIONS).registry, where);
}

/** The fields of {@link RegistryOptions}. */
const REGISTRY_OPTIONS = Object.freeze(['registry'] as const);

/** The value of a `registry` option: a registry made by createRegistry, or the built-in one when undefined. */
export function registryOption(value: unknown, where: string): MissionRegistry {
  const registry = value ?? MISSION_REGISTRY;
  if (!MissionRegistry.isMissionRegistry(registry))
    throw new DefinitionError({
      code: 'wrong_type',
      subject: where,
      segments: ['registry'],
      placeInProblem: true,
      problem: `options.registry must be a registry made by createRegistry, got ${describeValue(registry)}`,
    });
  return registry;
}

/**
 * Builds and runs a mission by name.
 *
 * @throws UnknownMissionError listing the known names; and whatever the builder
 *   or orchestrator raise (documented errors only).
 * @example
 * ```ts
 * runMission('echo', { initialState: {} }, { greeting: 'hi' }).success; // true
 * ```
 */
export function runMission(name: string, context: ExecutionContext = {}, params?: unknown, options?: RegistryOptions): OrchestrationResult {
  return resolveRegistryOptions(options, 'runMission').run(name, context, params);
}
