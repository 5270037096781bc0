/**
 * The test-run aggregator: a suite, its expectations, one verdict and one hash.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import {
  evaluateExpectations,
  validateExpectations,
  type Expectation,
  type ExpectationsDefinition,
  type ExpectationsResult,
  type ExpectationsResultDict,
  type ValidExpectations,
} from './expectations.js';
import { freezeTrusted } from './json.js';
import { resolveRegistryOptions, type RegistryOptions } from './registry.js';
import { executeSuite, validateSuite, type SuiteDefinition, type SuiteResult, type SuiteResultDict, type ValidSuite } from './suite.js';

/** Test-run metadata (HB-T2-TRUN-01, HB-T2-TRUN-02). */
export interface TestRunMetadataDict {
  readonly suite_name: string;
  readonly test_run_hash: string;
  readonly expectations_passed: number;
  readonly expectations_total: number;
}

/** `TestRunResult.toDict()` (HB-T2-TRUN-03): a superset of what `test_run_hash` covers. */
export interface TestRunResultDict {
  readonly suite_result: SuiteResultDict;
  readonly expectations_result: ExpectationsResultDict;
  readonly passed: boolean;
  readonly metadata: TestRunMetadataDict;
}

/** The deeply read-only result of a test run. */
export class TestRunResult {
  readonly suiteResult: SuiteResult;
  readonly expectationsResult: ExpectationsResult;
  /** True when every expectation passed. */
  readonly passed: boolean;
  readonly metadata: {
    readonly suiteName: string;
    readonly testRunHash: string;
    readonly expectationsPassed: number;
    readonly expectationsTotal: number;
  };
  readonly #dict: TestRunResultDict;

  /** @internal Made by {@link runTestRun}. */
  constructor(suiteResult: SuiteResult, expectationsResult: ExpectationsResult) {
    const passed = expectationsResult.passed;
    const suiteMetadata = suiteResult.toDict().metadata;
    const expectationsMetadata = expectationsResult.toDict().metadata;
    // test_run_hash covers { expectations_metadata, expectations_result,
    // passed, suite_metadata, suite_result } (keys in canonical order); the big
    // parts were serialised once by their owners and are streamed, not copied.
    const hash = createHash('sha256');
    hash.update(`{"expectations_metadata":${canonicalJson(expectationsMetadata)},"expectations_result":`, 'utf8');
    hash.update(expectationsResult.canonicalResults(), 'utf8');
    hash.update(`,"passed":${passed ? 'true' : 'false'},"suite_metadata":${canonicalJson(suiteMetadata)},"suite_result":`, 'utf8');
    for (const piece of suiteResult.canonicalScenarioPieces()) hash.update(piece, 'utf8');
    hash.update('}', 'utf8');
    const testRunHash = hash.digest('hex');
    this.suiteResult = suiteResult;
    this.expectationsResult = expectationsResult;
    this.passed = passed;
    this.metadata = Object.freeze({
      suiteName: suiteResult.name,
      testRunHash,
      expectationsPassed: expectationsResult.passedCount,
      expectationsTotal: expectationsResult.total,
    });
    this.#dict = freezeTrusted({
      suite_result: suiteResult.toDict(),
      expectations_result: expectationsResult.toDict(),
      passed,
      metadata: freezeTrusted({
        suite_name: suiteResult.name,
        test_run_hash: testRunHash,
        expectations_passed: expectationsResult.passedCount,
        expectations_total: expectationsResult.total,
      }),
    });
    Object.freeze(this);
  }

  /** `{ suite_result, expectations_result, passed, metadata }`, deep-frozen plain data (HB-T2-TRUN-03). */
  toDict(): TestRunResultDict {
    return this.#dict;
  }
}

/**
 * Runs a suite and judges its expectations. Both definitions are validated
 * completely before any mission runs.
 *
 * @example
 * ```ts
 * const run = runTestRun(suite, expectations);
 * run.passed;                 // every expectation held
 * run.metadata.testRunHash;   // pin it to catch any change in behaviour
 * ```
 */
export function runTestRun(
  suite: SuiteDefinition | ValidSuite,
  expectations: ExpectationsDefinition | ValidExpectations | readonly Expectation[],
  options?: RegistryOptions,
): TestRunResult {
  const validSuite = validateSuite(suite, 'runTestRun: suite');
  const validExpectations = validateExpectations(expectations, 'runTestRun: expectations');
  const suiteResult = executeSuite(validSuite, { registry: resolveRegistryOptions(options, 'runTestRun') });
  return new TestRunResult(suiteResult, evaluateExpectations(suiteResult, validExpectations));
}
