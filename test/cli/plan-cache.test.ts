/**
 * The CLI runs a suite scenario by scenario, and shares one plan cache across
 * the scenarios of the run, as runTestRun does: each (mission, canonical
 * params) plan is built and validated once, and the result is the library's.
 */
import { describe, expect, it } from 'vitest';
import { createRegistry, defineMission, parseExpectationsDefinition, parseSuiteDefinition, runTestRun } from 'tier2-harness';
import { judgeSuite } from '../../src/harness/outcome.js';

function countingRegistry(): { registry: ReturnType<typeof createRegistry>; builds: () => number } {
  let builds = 0;
  const counted = defineMission({
    name: 'counted',
    build: (params) => {
      builds += 1;
      return {
        id: 'wf-counted',
        steps: [{ id: 'say', kind: 'runtime', payload: { operation: 'noop', description: typeof params.word === 'string' ? params.word : '' } }],
      };
    },
  });
  return { registry: createRegistry([counted]), builds: () => builds };
}

describe('tier2 run: plans shared across scenarios', () => {
  const suite = parseSuiteDefinition({
    suite_name: 'shared-plans',
    scenarios: ['a', 'b', 'c', 'd'].map((name, index) => ({
      scenario_name: name,
      initial_state: { index },
      // Same params in every scenario (keys in another order in one of them: the same canonical params).
      missions: [{ name: 'counted', params: index === 2 ? { word: 'hi', n: 1 } : { n: 1, word: 'hi' } }],
    })),
  });
  const expectations = parseExpectationsDefinition({
    expectations: [{ id: 'd-ok', scenario_name: 'd', mission_name: 'counted', path: 'success', op: 'eq', expected: true }],
  });

  it('builds each (mission, params) plan once per run, not once per scenario', () => {
    const { registry, builds } = countingRegistry();
    const outcome = judgeSuite(suite, expectations, registry);
    expect(outcome.passed).toBe(true);
    expect(builds()).toBe(1);
  });

  it('gives the test_run_hash runTestRun gives', () => {
    const cli = judgeSuite(suite, expectations, countingRegistry().registry);
    const library = runTestRun(suite, expectations, { registry: countingRegistry().registry });
    expect(cli.testRun?.metadata.testRunHash).toBe(library.metadata.testRunHash);
  });
});
