// The README's first example, verbatim after its `import ... from 'vitest'` line (test/readme.test.ts checks it).
import { createRegistry, defineExpectations, defineMission, defineSuite, runTestRun } from 'tier2-harness';

// A mission turns params into steps; the runtime runs them and records what happened.
const greet = defineMission({
  name: 'greet',
  description: 'greet someone by name',
  build: (params) => ({
    id: 'wf-greet',
    steps: [{ id: 'say-hello', kind: 'runtime', payload: { operation: 'noop', to: typeof params.name === 'string' ? params.name : 'you' } }],
  }),
});
const registry = createRegistry([greet]);

const suite = defineSuite({ name: 'greetings', scenarios: [{ name: 'ada', missions: [{ mission: 'greet', params: { name: 'Ada' } }] }] });
const expectations = defineExpectations([
  { id: 'greets-ada', scenario: 'ada', mission: 'greet', path: 'executed_steps.0.payload.to', op: 'eq', expected: 'Ada' },
]);

describe('greetings', () => {
  it('greets Ada, the same way on every run', () => {
    expect(runTestRun(suite, expectations, { registry })).toMeetExpectations();
    expect(() => runTestRun(suite, expectations, { registry })).toBeDeterministic();
  });
});
