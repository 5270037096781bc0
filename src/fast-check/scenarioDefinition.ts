import type * as fc from 'fast-check';
import type { ScenarioDefinition } from '../harness/scenario.js';
import { SCENARIO_OPTIONS, definitionOptions, resolveDefinitions, scenarioArbitrary, type ScenarioConstraints } from './_internals/definitions.js';

export type { ScenarioConstraints };

/**
 * A scenario definition `{ name, initialState, missions }` whose mission keys
 * are unique (HB-T2-HAR-01), so `runScenario` accepts it; with the default
 * `invalidValues: false` every mission call runs.
 *
 * @param constraints - registry, missions, `maxMissions` (default 3), keys, JSON bounds.
 * @throws DefinitionError, at once, for an unknown mission or bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(scenarioDefinition(), (scenario) => runScenario(scenario).missionResults.size === scenario.missions.length),
 * );
 * ```
 */
export function scenarioDefinition(constraints?: ScenarioConstraints): fc.Arbitrary<ScenarioDefinition> {
  const api = 'scenarioDefinition';
  return scenarioArbitrary(resolveDefinitions(api, definitionOptions(api, constraints, SCENARIO_OPTIONS)));
}
