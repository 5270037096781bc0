/**
 * The test-run aggregator: a suite, its expectations, one verdict and one hash.
 */
import { validateExpectations, type Expectation, type ExpectationsDefinition, type ValidExpectations } from './expectations.js';
import { evaluateExpectations, type ExpectationsResult, type ExpectationsResultDict } from './expectations-result.js';
import { freezeTrusted } from '../data/json.js';
import { resolveRegistryOptions, type RegistryOptions } from '../runtime/registry.js';
import { testRunHash as testRunHashOf } from '../data/result-text.js';
import { executeSuite, validateSuite, type SuiteDefinition, type SuiteResult, type SuiteResultDict, type ValidSuite } from './suite.js';
import { brand, isBranded } from '../data/brand.js';

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
  #dict: TestRunResultDict | undefined;

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Made by {@link runTestRun}. */
  constructor(suiteResult: SuiteResult, expectationsResult: ExpectationsResult) {
    const passed = expectationsResult.passed;
    // The big parts were serialised once, with their own hashes, and are handed
    // over here as chunks: streamed into this hash, then forgotten.
    const testRunHash = testRunHashOf({
      expectationsMetadata: { expectations_hash: expectationsResult.metadata.expectationsHash },
      expectationResults: expectationsResult.takeCanonicalResultChunks(),
      passed,
      suiteMetadata: { suite_name: suiteResult.name, suite_hash: suiteResult.metadata.suiteHash },
      writeScenarioResults: (hasher) => suiteResult.writeCanonicalScenarioText(hasher, true),
    });
    this.suiteResult = suiteResult;
    this.expectationsResult = expectationsResult;
    this.passed = passed;
    this.metadata = Object.freeze({
      suiteName: suiteResult.name,
      testRunHash,
      expectationsPassed: expectationsResult.passedCount,
      expectationsTotal: expectationsResult.total,
    });
    Object.freeze(this);
  }

  /** `{ suite_result, expectations_result, passed, metadata }`, deep-frozen plain data (HB-T2-TRUN-03), made on first use. */
  toDict(): TestRunResultDict {
    this.#dict ??= freezeTrusted({
      suite_result: this.suiteResult.toDict(),
      expectations_result: this.expectationsResult.toDict(),
      passed: this.passed,
      metadata: freezeTrusted({
        suite_name: this.metadata.suiteName,
        test_run_hash: this.metadata.testRunHash,
        expectations_passed: this.metadata.expectationsPassed,
        expectations_total: this.metadata.expectationsTotal,
      }),
    });
    return this.#dict;
  }

  /** True for a TestRunResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isTestRunResult(value: unknown): value is TestRunResult {
    return isBranded(value, 'TestRunResult');
  }
}
brand(TestRunResult, 'TestRunResult');

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
