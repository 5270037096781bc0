/**
 * Determinism, for a team that adds its own missions: a pure operation passes
 * `toBeDeterministic`, and one that reads the clock is caught. `checkDeterminism`
 * gives the same verdict as data: the first diverging path and who read the clock.
 */
import { checkDeterminism, createRegistry, defineMission, defineOperation, runMission, type JsonObject, type MissionPlan } from 'tier2-harness';

const count = (state: JsonObject): number => (typeof state.count === 'number' ? state.count : 0);

// Pure: the next state depends only on the state and the payload.
const increment = defineOperation('increment', (state, payload) => ({ ...state, count: count(state) + (typeof payload.by === 'number' ? payload.by : 1) }));

// Impure: stamps the state with the wall clock and a random tie-breaker.
const stamp = defineOperation('stamp', (state) => ({ ...state, stampedAt: Date.now() + Math.random() }));

const tally = defineMission({
  name: 'tally',
  description: 'ask for approval, then count it',
  // The return type keeps the two steps' payloads apart for TypeScript.
  build: (params): MissionPlan => ({
    id: 'wf-tally',
    steps: [
      { id: 'ask', kind: 'human', payload: { description: 'Approve?' } },
      { id: 'count', kind: 'runtime', payload: { operation: 'increment', by: typeof params.by === 'number' ? params.by : 1 } },
    ],
  }),
});

const stampedTally = defineMission({
  name: 'stamped_tally',
  build: () => ({
    id: 'wf-stamped-tally',
    steps: [
      { id: 'count', kind: 'runtime', payload: { operation: 'increment' } },
      { id: 'stamp', kind: 'runtime', payload: { operation: 'stamp' } },
    ],
  }),
});

const registry = createRegistry([increment, stamp, tally, stampedTally]);

describe('determinism of custom missions', () => {
  it('a pure mission is deterministic', () => {
    expect(runMission('tally', { initialState: { count: 1 } }, { by: 2 }, { registry }).finalState).toEqual({ count: 3 });
    expect({ mission: 'tally', params: { by: 2 } }).toBeDeterministic({ registry, runs: 5, initialState: { count: 1 } });
  });

  it('a suite of built-in and custom missions is deterministic', () => {
    expect({ name: 'nightly', scenarios: [{ name: 'loop', missions: [{ mission: 'daily_loop' }, { mission: 'tally' }] }] }).toBeDeterministic({ registry });
  });

  it('a mission that reads the clock is not', () => {
    expect({ mission: 'stamped_tally' }).not.toBeDeterministic({ registry });
  });

  it('the report says where the runs diverged and who read the clock', () => {
    const report = checkDeterminism({ mission: 'stamped_tally' }, { registry });

    expect(report.deterministic).toBe(false);
    expect(report.divergence?.path).toBe('final_state.stampedAt');
    expect(report.ambient.map((call) => call.source)).toEqual(['Math.random', 'Date.now']);
    expect(report.ambient[0]?.firstCaller).toMatch(/determinism\.test\.ts:\d+:\d+/);
  });

  it('async functions are checked too', async () => {
    await expect(async () => {
      await Promise.resolve();
      return runMission('tally', {}, {}, { registry }).toDict();
    }).toBeDeterministic();
  });
});
