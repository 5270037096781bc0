/**
 * tier2-harness/fast-check: arbitraries for Tier-2 data (JSON state and
 * params, mission calls, scenarios, suites, expectations, valid and invalid
 * workflows) and property helpers that fuzz a mission for its invariants.
 * fast-check is a peer dependency; nothing here draws on ambient randomness,
 * so every failure replays from its seed and path.
 *
 * @packageDocumentation
 */
export { jsonData, type JsonDataConstraints } from './jsonData.js';
export { jsonState, type JsonStateConstraints } from './jsonState.js';
export { PROTOTYPE_KEYS, type JsonConstraints } from './_internals/json.js';
export { missionParams, type MissionParamsConstraints } from './missionParams.js';
export { missionCall, type MissionCallConstraints } from './missionCall.js';
export { scenarioDefinition, type ScenarioConstraints } from './scenarioDefinition.js';
export { suiteDefinition, type SuiteConstraints } from './suiteDefinition.js';
export { suiteWithExpectations, type PredictedVerdict, type SuiteWithExpectations, type SuiteWithExpectationsConstraints } from './suiteWithExpectations.js';
export { workflowDefinition, type WorkflowConstraints } from './workflowDefinition.js';
export {
  INVALID_WORKFLOW_ERRORS,
  invalidWorkflow,
  type InvalidWorkflowCase,
  type InvalidWorkflowConstraints,
  type InvalidWorkflowError,
} from './invalidWorkflow.js';
export { INVARIANTS, type InvariantName } from './_internals/mission.js';
export { missionInput, type MissionInput, type MissionPropertyOptions } from './missionInput.js';
export { missionPredicate } from './missionPredicate.js';
export { missionProperty } from './missionProperty.js';
export {
  checkMission,
  type FailedReport,
  type FuzzMissionOptions,
  type InterruptedReport,
  type MissionFuzzReport,
  type PassedReport,
  type ReplaySource,
  type RunOptions,
} from './checkMission.js';
export { fuzzMission } from './fuzzMission.js';
export { formatFuzzReport } from './formatFuzzReport.js';
export { MissionFuzzError, MissionInvariantError } from './errors.js';
export { REPLAY_ENV, parseReplay, type ReplayRequest } from './_internals/replay.js';
