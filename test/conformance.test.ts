/**
 * Every case of the reference implementation's conformance vectors, read
 * straight from ../shared/conformance/vectors.json. None may be skipped.
 */
import { describe, expect, it } from 'vitest';
import { Orchestrator, buildWorkflow, canonicalJson, runTestRunFromConfig, stableHash } from '../src/index.js';
import { readSharedFile } from './support/shared.js';

interface WorkflowCase {
  name: string;
  workflow: { id: string; steps: unknown[]; metadata: unknown };
  initial_state: Record<string, unknown>;
  expect: { result_canonical: string; result_hash: string } | { error: string };
}
interface MissionCase {
  name: string;
  mission: string;
  params: Record<string, unknown> | null;
  expect: { step_ids: string[]; step_kinds: string[]; workflow_id: string; metadata_canonical: string };
}
interface TestRunCase {
  name: string;
  suite: unknown;
  expectations: unknown;
  expect: {
    passed: boolean;
    test_run_hash: string;
    suite_hash: string;
    expectations_hash: string;
    scenario_hashes: Record<string, string>;
    verdicts: Record<string, { passed: boolean; reason?: string }>;
  };
}
interface Vectors {
  format: string;
  workflows: WorkflowCase[];
  missions: MissionCase[];
  test_runs: TestRunCase[];
}

const vectors = JSON.parse(readSharedFile('conformance/vectors.json')) as Vectors;

describe('conformance vectors', () => {
  it('are the format this suite understands, with cases in every section', () => {
    expect(vectors.format).toBe('tier2-conformance-vectors/1');
    expect(vectors.workflows.length).toBeGreaterThan(0);
    expect(vectors.missions.length).toBeGreaterThan(0);
    expect(vectors.test_runs.length).toBeGreaterThan(0);
  });

  describe('workflows', () => {
    it.each(vectors.workflows.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
      const run = (): unknown => new Orchestrator().runWorkflow(testCase.workflow as never, { initialState: testCase.initial_state as never }).toDict();
      if ('error' in testCase.expect) {
        let caught: unknown;
        try {
          run();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(Error);
        expect((caught as Error).name).toBe(testCase.expect.error);
      } else {
        const dict = run();
        expect(canonicalJson(dict)).toBe(testCase.expect.result_canonical);
        expect(stableHash(dict)).toBe(testCase.expect.result_hash);
      }
    });
  });

  describe('missions', () => {
    it.each(vectors.missions.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
      const workflow = buildWorkflow({ type: testCase.mission, params: testCase.params as never });
      expect({
        step_ids: workflow.steps.map((step) => step.id),
        step_kinds: workflow.steps.map((step) => step.kind),
        workflow_id: workflow.id,
        metadata_canonical: canonicalJson(workflow.metadata),
      }).toEqual(testCase.expect);
    });
  });

  describe('test runs', () => {
    it.each(vectors.test_runs.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
      const run = runTestRunFromConfig(testCase.suite, testCase.expectations);
      const scenarioHashes = Object.fromEntries([...run.suiteResult.scenarioResults].map(([name, result]) => [name, result.metadata.scenarioHash]));
      const verdicts = Object.fromEntries(
        [...run.expectationsResult.results].map(([id, verdict]) => [
          id,
          verdict.details.reason === undefined ? { passed: verdict.passed } : { passed: verdict.passed, reason: verdict.details.reason },
        ]),
      );
      expect({
        passed: run.passed,
        test_run_hash: run.metadata.testRunHash,
        suite_hash: run.suiteResult.metadata.suiteHash,
        expectations_hash: run.expectationsResult.metadata.expectationsHash,
        scenario_hashes: scenarioHashes,
        verdicts,
      }).toEqual(testCase.expect);
      expect(run.toDict().metadata.test_run_hash).toBe(testCase.expect.test_run_hash);
    });
  });
});

describe('without ../shared', () => {
  it('fails with a message naming the missing file and where the shared directory must sit, not a raw ENOENT', () => {
    expect(() => readSharedFile('conformance/vectors.json', '/nonexistent/shared')).toThrow(
      /^conformance\/vectors\.json was not found at \/nonexistent\/shared\/conformance\/vectors\.json\. .*must sit beside this checkout/,
    );
  });
});
