/**
 * tier2-harness: the deterministic Tier-2 mission-orchestration runtime.
 *
 * @packageDocumentation
 */
export { canonicalJson, stableHash } from './data/canonical.js';
export {
  AntiFailurePlanningError,
  AntiFailureViolation,
  ConfigError,
  DefinitionError,
  EnvelopeViolation,
  OperationError,
  Tier2Error,
  UnknownMissionError,
  UnknownOperationError,
  type ErrorCode,
  type ErrorDetails,
  type OperationErrorCode,
  type PathSegment,
  type PlanningRule,
} from './data/errors.js';
export {
  MAX_JSON_DEPTH,
  type DeepReadonly,
  type JsonArray,
  type JsonInput,
  type JsonObject,
  type JsonObjectInput,
  type JsonPrimitive,
  type JsonValue,
} from './data/json.js';
export {
  BUILTIN_OPERATIONS,
  defineOperation,
  type OperationContext,
  type OperationDefinition,
  type OperationFailure,
  type OperationFunction,
  OperationSet,
} from './runtime/operations.js';
export {
  MAX_HUMAN_STEPS,
  MAX_TOTAL_STEPS,
  STEP_KINDS,
  defineWorkflow,
  type Step,
  type StepDefinition,
  type StepKind,
  type Workflow,
  type WorkflowDefinition,
} from './runtime/workflow.js';
export {
  OrchestrationResult,
  Orchestrator,
  type ExecutionContext,
  type Lineage,
  type OrchestrationResultDict,
  type OrchestratorOptions,
  type Receipt,
  type RunMetadata,
  type StepDict,
} from './runtime/orchestrator.js';
export { defineMission, type MissionDefinition, type MissionMetadata, type MissionPlan, type MissionWorkflow } from './runtime/mission.js';
export { BUILTIN_MISSIONS, type BuiltinMissionName } from './runtime/builtin-missions.js';
export { MISSION_REGISTRY, MissionRegistry, createRegistry, runMission, type CreateRegistryOptions, type RegistryOptions } from './runtime/registry.js';
export { buildWorkflow, type MissionSpec } from './runtime/builder.js';
export { runDailyLoop, type DailyLoopParams } from './runtime/daily-loop.js';
export {
  ScenarioResult,
  assembleScenarioResult,
  runScenario,
  scenarioRunner,
  type MissionCall,
  type ScenarioDefinition,
  type ScenarioResultDict,
  type ValidMissionCall,
  type ValidScenario,
} from './harness/scenario.js';
export { SuiteResult, runSuite, type SuiteDefinition, type SuiteResultDict, type ValidSuite } from './harness/suite.js';
export {
  EXPECTATION_OPS,
  ExpectationsResult,
  evaluateExpectations,
  type Expectation,
  type ExpectationOp,
  type ExpectationPath,
  type ExpectationResult,
  type ExpectationResultDict,
  type ExpectationsDefinition,
  type ExpectationsResultDict,
  type FailureReason,
  type ValidExpectation,
  type ValidExpectations,
  type VerdictDetails,
} from './harness/expectations.js';
export { TestRunResult, runTestRun, type TestRunMetadataDict, type TestRunResultDict } from './harness/test-run.js';
export {
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runTestRunFromConfig,
  type ExpectationConfig,
  type ExpectationsConfig,
  type MissionCallConfig,
  type ScenarioConfig,
  type SuiteConfig,
} from './harness/config.js';
export { findDivergence, type Divergence } from './data/divergence.js';
export {
  PART_FORMAT,
  PART_FORMAT_VERSION,
  definitionHashes,
  partDocument,
  partText,
  type DefinitionHashes,
  type PartExpectationOutcome,
  type PartMissionError,
  type PartScenarioOutcome,
} from './parts/part.js';
export { MAX_SHARD_COUNT, PARTITION, inShard, parseShardSpec, scenarioShard, type ShardSpec } from './parts/shard.js';
export {
  AMBIENT_SOURCES,
  checkDeterminism,
  type AmbientCall,
  type AmbientSource,
  type DeterminismOptions,
  type DeterminismReport,
  type DeterminismResultOf,
  type DeterminismSubject,
  type RunError,
  type RunOutcome,
} from './harness/determinism.js';
export { defineExpectations, defineScenario, defineSuite, mission, type MissionCallOptions } from './dsl/define.js';
export { ExpectationFailure, describeSuite, type DescribeSuiteOptions, type TestApi, type TestBody } from './dsl/describe-suite.js';
