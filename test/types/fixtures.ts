// Values the type tests of every runner share.
import { Orchestrator, defineExpectations, defineSuite, runMission, type OrchestrationResult } from 'tier2-harness';

export const suite = defineSuite({ name: 'n', scenarios: [{ name: 's', missions: [{ mission: 'echo' }] }] });
export const expectations = defineExpectations([{ id: 'ok', scenario: 's', mission: 'echo', path: 'success', op: 'eq', expected: true }]);
export const result: OrchestrationResult = runMission('echo');
export const failed: OrchestrationResult = new Orchestrator().runWorkflow({ id: 'w', steps: [{ id: 'a', kind: 'runtime', payload: { operation: 'fail' } }] });
