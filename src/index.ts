/**
 * tier2-harness: the deterministic Tier-2 mission-orchestration runtime.
 *
 * What this entry exports is what the README and the docs teach, and the types its signatures name (so users
 * can write them down); the plumbing that only the package's own entries need (the CLI, the matchers, the
 * reporters) stays in its module, imported by relative path. The checked-in report `api/tier2-harness.api.md`
 * shows this surface; docs/architecture.md says why each name is here.
 *
 * @packageDocumentation
 */

// Canonical JSON and hashes (README: "The runtime API").
export { canonicalJson } from './data/canonical.js';
export { stableHash } from './data/hash.js';
// JSON data, as every input and result holds it; the nesting limit of docs/guarantees.md.
export { MAX_JSON_DEPTH, type JsonArray, type JsonInput, type JsonObject, type JsonObjectInput, type JsonPrimitive, type JsonValue } from './data/json.js';
export { findDivergence, type Divergence } from './data/divergence.js';
// The errors (README: "Guarantees"), with the parts users branch on.
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

// The runtime: workflows and their limits, operations, the orchestrator, missions and registries.
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
  OperationSet,
  defineOperation,
  type OperationContext,
  type OperationDefinition,
  type OperationFailure,
  type OperationFunction,
} from './runtime/operations.js';
export { Orchestrator, type ExecutionContext, type OrchestratorOptions } from './runtime/orchestrator.js';
export {
  OrchestrationResult,
  type Lineage,
  type OrchestrationResultDict,
  type Receipt,
  type RunMetadata,
  type StepDict,
} from './runtime/orchestration-result.js';
export { defineMission, type MissionDefinition, type MissionMetadata, type MissionPlan, type MissionWorkflow } from './runtime/mission.js';
export { MISSION_REGISTRY, MissionRegistry, createRegistry, runMission, type CreateRegistryOptions, type RegistryOptions } from './runtime/registry.js';
export { buildWorkflow, type MissionSpec } from './runtime/builder.js';
export { runDailyLoop, type DailyLoopParams } from './runtime/daily-loop.js';

// The harness: scenarios, suites, expectations, test runs, their config form, determinism checks.
export {
  ScenarioResult,
  runScenario,
  type MissionCall,
  type ScenarioDefinition,
  type ScenarioResultDict,
  type ValidMissionCall,
  type ValidScenario,
} from './harness/scenario.js';
export { SuiteResult, runSuite, type SuiteDefinition, type SuiteResultDict, type ValidSuite } from './harness/suite.js';
export {
  EXPECTATION_OPS,
  type Expectation,
  type ExpectationOp,
  type ExpectationPath,
  type ExpectationsDefinition,
  type NoExpectedValueOnExistsUseOpAbsent,
  type ValidExpectation,
  type ValidExpectations,
} from './harness/expectations.js';
export {
  ExpectationsResult,
  evaluateExpectations,
  type ExpectationResult,
  type ExpectationResultDict,
  type ExpectationsResultDict,
  type FailureReason,
  type VerdictDetails,
} from './harness/expectations-result.js';
export { TestRunResult, runTestRun, type TestRunMetadataDict, type TestRunResultDict } from './harness/test-run.js';
// The snake_case config form (the schema of schemas/*.json and of `tier2 run`), typed for configs built in code.
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

// The DSL for test files, and the shard a scenario belongs to (docs/sharding.md).
export { defineExpectations, defineScenario, defineSuite, mission, type MissionCallOptions } from './dsl/define.js';
export { describeSuite, type DescribeSuiteOptions, type TestApi, type TestBody } from './dsl/describe-suite.js';
export { scenarioShard, type ShardSpec } from './parts/shard.js';
