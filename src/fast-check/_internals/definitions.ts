/**
 * Mission calls, scenarios and suites for a registry: the options every one
 * of those builders shares, resolved once, and the arbitraries themselves.
 */
import { readOptions } from '../../data/fields.js';
import * as fc from 'fast-check';
import type { JsonObject } from '../../data/json.js';
import type { MissionCall, ScenarioDefinition } from '../../harness/scenario.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import type { SuiteDefinition } from '../../harness/suite.js';
import { describeValue } from '../../data/common.js';
import { JSON_NESTED, jsonObjectArbitrary, resolveJson, text, type JsonConstraints, type ResolvedJson } from './json.js';
import { booleanOption, integerOption, missionName, optionError, optionNames, registryOption } from './options.js';
import { isBuiltin, paramsFor } from './params.js';

/** Options shared by `missionCall`, `scenarioDefinition`, `suiteDefinition` and `suiteWithExpectations`. */
export interface MissionCallConstraints {
  /** The registry to draw missions from (default: the built-in `MISSION_REGISTRY`). */
  readonly registry?: MissionRegistry;
  /** Only these missions (default: every mission of the registry). */
  readonly missions?: readonly string[];
  /** Sometimes give a call an explicit `key` (default true). */
  readonly withKeys?: boolean;
  /** Also generate params the templates must reject (default false, so definitions run). */
  readonly invalidValues?: boolean;
  /** Bounds of the JSON in params and initial states. */
  readonly json?: JsonConstraints;
}

/** Options of scenarios. */
export interface ScenarioConstraints extends MissionCallConstraints {
  /** Most mission calls per scenario (default 3, at most 16). */
  readonly maxMissions?: number;
}

/** Options of suites. */
export interface SuiteConstraints extends ScenarioConstraints {
  /** Most scenarios per suite (default 3, at most 16). */
  readonly maxScenarios?: number;
}

/** The fields of {@link MissionCallConstraints}. */
export const MISSION_CALL_OPTIONS = optionNames<MissionCallConstraints>()(['registry', 'missions', 'withKeys', 'invalidValues', 'json']);
/** The fields of {@link ScenarioConstraints}. */
export const SCENARIO_OPTIONS = optionNames<ScenarioConstraints>()([...MISSION_CALL_OPTIONS, 'maxMissions']);
/** The fields of {@link SuiteConstraints}. */
export const SUITE_OPTIONS = optionNames<SuiteConstraints>()([...SCENARIO_OPTIONS, 'maxScenarios']);

/**
 * Reads the options of a definition builder once, allowing exactly `allowed`
 * (the fields of that builder's own constraints type).
 */
export function definitionOptions<T extends SuiteConstraints>(api: string, constraints: T | undefined, allowed: readonly (keyof T & string)[]): Partial<T> {
  return readOptions(api, constraints, allowed, { nested: JSON_NESTED }) as Partial<T>;
}

/** Fully defaulted {@link SuiteConstraints}. */
export interface ResolvedDefinitions {
  readonly registry: MissionRegistry;
  readonly missions: readonly string[];
  readonly withKeys: boolean;
  readonly invalidValues: boolean;
  readonly json: ResolvedJson;
  readonly maxMissions: number;
  readonly maxScenarios: number;
}

/**
 * Checks and defaults the options of a definition builder, already read by
 * {@link definitionOptions} (a field the builder does not take is absent, so it gets its default).
 */
export function resolveDefinitions(api: string, given: Partial<SuiteConstraints>): ResolvedDefinitions {
  const registry = registryOption(api, given.registry);
  let missions: readonly string[] = registry.names;
  if (given.missions !== undefined) {
    if (!Array.isArray(given.missions) || given.missions.length === 0) {
      const problem = `options.missions must be a non-empty array of mission names, got ${describeValue(given.missions, { literal: true })}`;
      throw optionError(api, 'missions', Array.isArray(given.missions) ? 'invalid_value' : 'wrong_type', problem);
    }
    missions = Object.freeze(given.missions.map((name: unknown) => missionName(api, registry, name)));
  }
  if (missions.length === 0) throw optionError(api, 'registry', 'invalid_value', 'the registry holds no mission to call');
  return Object.freeze({
    registry,
    missions,
    withKeys: booleanOption(api, 'withKeys', given.withKeys, true),
    invalidValues: booleanOption(api, 'invalidValues', given.invalidValues, false),
    json: resolveJson(api, given.json, 'json'),
    maxMissions: integerOption(api, 'maxMissions', given.maxMissions, 3, 0, 16),
    maxScenarios: integerOption(api, 'maxScenarios', given.maxScenarios, 3, 0, 16),
  });
}

/** A mission call: a mission, its params (sometimes none), sometimes an explicit key. */
export function missionCallArbitrary(config: ResolvedDefinitions): fc.Arbitrary<MissionCall> {
  const perMission = config.missions.map((mission) => {
    const params = paramsFor(mission, isBuiltin(config.registry, mission), config.json, config.invalidValues);
    const key = config.withKeys ? fc.option(text(8), { nil: undefined, freq: 3 }) : fc.constant(undefined);
    return fc.tuple(fc.option(params, { nil: undefined, freq: 5 }), key).map(([given, explicitKey]): MissionCall => {
      const call: { mission: string; params?: JsonObject; key?: string } = { mission };
      if (given !== undefined) call.params = given;
      if (explicitKey !== undefined) call.key = explicitKey;
      return call;
    });
  });
  return fc.oneof(...perMission);
}

/** The key a call's result is stored under. */
export function keyOf(call: MissionCall): string {
  return call.key ?? call.mission;
}

/** A scenario whose mission keys are unique. */
export function scenarioArbitrary(config: ResolvedDefinitions): fc.Arbitrary<ScenarioDefinition> {
  return (
    fc
      .record({
        name: text(12),
        initialState: jsonObjectArbitrary(config.json),
        missions: fc.uniqueArray(missionCallArbitrary(config), { maxLength: config.maxMissions, selector: keyOf }),
      })
      // fc.record may build null-prototype objects; users get ordinary literals.
      .map(({ name, initialState, missions }): ScenarioDefinition => ({ name, initialState, missions }))
  );
}

/** A suite whose scenario names are unique. */
export function suiteArbitrary(config: ResolvedDefinitions): fc.Arbitrary<SuiteDefinition> {
  return fc
    .record({
      name: text(12),
      scenarios: fc.uniqueArray(scenarioArbitrary(config), { maxLength: config.maxScenarios, selector: (scenario) => scenario.name }),
    })
    .map(({ name, scenarios }): SuiteDefinition => ({ name, scenarios }));
}
