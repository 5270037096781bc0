import type * as fc from 'fast-check';
import type { ExpectationsDefinition } from '../harness/expectations.js';
import type { SuiteDefinition } from '../harness/suite.js';
import { SUITE_OPTIONS, definitionOptions, resolveDefinitions, suiteArbitrary, type SuiteConstraints } from './_internals/definitions.js';
import { expectationsFor, tryRunSuite, type PredictedVerdict } from './_internals/expectations.js';
import { integerOption, optionNames } from './_internals/options.js';

export type { PredictedVerdict };

/** Constraints of {@link suiteWithExpectations}. */
export interface SuiteWithExpectationsConstraints extends SuiteConstraints {
  /** Most expectations (default 6, at most 64). */
  readonly maxExpectations?: number;
}

const SUITE_WITH_EXPECTATIONS_OPTIONS = optionNames<SuiteWithExpectationsConstraints>()([...SUITE_OPTIONS, 'maxExpectations']);

/** A suite, expectations aimed at its results, and the verdict each expectation must get. */
export interface SuiteWithExpectations {
  readonly suite: SuiteDefinition;
  readonly expectations: ExpectationsDefinition;
  /** By expectation id: passes or not, and the reason when not (`eq_mismatch`, `path_missing`, ...). */
  readonly verdicts: { readonly [id: string]: PredictedVerdict };
}

/**
 * A suite with expectations aimed at real result paths. The suite is run once
 * while generating (missions are pure, so this is replayable); paths are taken
 * from each mission result's `toDict()` (`success`, `executed_steps.0.id`,
 * `final_state.<key>`, ...), and ops and expected values are chosen so that some
 * expectations pass and some fail — equal values, near misses, other types,
 * missing paths, missions and scenarios. `verdicts` holds what each must yield,
 * computed from the spec independently of the expectations engine.
 *
 * @param constraints - as {@link suiteDefinition}, plus `maxExpectations` (default 6).
 * @throws DefinitionError, at once, for an unknown mission or bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(suiteWithExpectations(), ({ suite, expectations, verdicts }) => {
 *     const result = evaluateExpectations(runSuite(suite), expectations);
 *     return [...result.results.values()].every((verdict) => verdict.passed === verdicts[verdict.id]?.passed);
 *   }),
 * );
 * ```
 */
export function suiteWithExpectations(constraints?: SuiteWithExpectationsConstraints): fc.Arbitrary<SuiteWithExpectations> {
  const api = 'suiteWithExpectations';
  const given = definitionOptions(api, constraints, SUITE_WITH_EXPECTATIONS_OPTIONS);
  const config = resolveDefinitions(api, given);
  const maxExpectations = integerOption(api, 'maxExpectations', given.maxExpectations, 6, 0, 64);
  return suiteArbitrary(config)
    .map((suite) => ({ suite, result: tryRunSuite(suite, config.registry) }))
    .filter((candidate) => candidate.result !== undefined)
    .chain(({ suite, result }) =>
      expectationsFor(result!, config.json, maxExpectations).map(({ expectations, verdicts }): SuiteWithExpectations => ({
        suite,
        expectations: { expectations },
        verdicts,
      })),
    );
}
