import type * as fc from 'fast-check';
import type { SuiteDefinition } from '../harness/suite.js';
import { SUITE_OPTIONS, definitionOptions, resolveDefinitions, suiteArbitrary, type SuiteConstraints } from './_internals/definitions.js';

export type { SuiteConstraints };

/**
 * A suite definition `{ name, scenarios }` whose scenario names are unique
 * (HB-T2-SUITE-03) and whose scenarios each have unique mission keys.
 *
 * @param constraints - as {@link scenarioDefinition}, plus `maxScenarios` (default 3).
 * @throws DefinitionError, at once, for an unknown mission or bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(suiteDefinition(), (suite) => runSuite(suite).metadata.suiteHash === runSuite(suite).metadata.suiteHash),
 * );
 * ```
 */
export function suiteDefinition(constraints?: SuiteConstraints): fc.Arbitrary<SuiteDefinition> {
  const api = 'suiteDefinition';
  return suiteArbitrary(resolveDefinitions(api, definitionOptions(api, constraints, SUITE_OPTIONS)));
}
