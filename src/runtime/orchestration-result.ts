/**
 * The result of one workflow run: {@link OrchestrationResult}, deeply read-only, with the reference's `toDict()`
 * and its canonical text. Everything in a result but its final state (the run's shape) is made once per workflow
 * and outcome and shared by every such result. The orchestrator that makes results is `orchestrator.ts`.
 */
import { brand, isBranded } from '../data/brand.js';
import { freezeTrusted, type JsonObject, type JsonValue } from '../data/json.js';
import { missionHead, missionTail, type MissionTextSource, type RunShapeParts } from '../data/result-text.js';
import type { Step, Workflow } from './workflow.js';

/**
 * Run metadata with a fixed schema (ORCH-H3). `caller` and `policy_version`
 * appear in the result's lineage and `run_id` in its receipt, only when given.
 */
export interface RunMetadata {
  readonly run_id?: string;
  readonly caller?: string;
  readonly policy_version?: string;
}

/** The serialised form of a step, as in `executed_steps`. */
export interface StepDict {
  readonly id: string;
  readonly kind: 'runtime' | 'human';
  readonly payload: JsonObject;
}

/** `OrchestrationResult.toDict()`: the reference's snake_case shape. */
export interface OrchestrationResultDict {
  readonly id: string;
  readonly success: boolean;
  readonly executed_steps: readonly StepDict[];
  readonly final_state: JsonObject;
  readonly failed_step_id: string | null;
  readonly error_message: string | null;
  readonly lineage: {
    readonly executed_step_ids: readonly string[];
    readonly workflow_id: string;
    readonly caller?: string;
    readonly policy_version?: string;
  };
  readonly receipt: {
    readonly id: string;
    readonly steps: readonly string[];
    readonly run_id?: string;
  };
}

/** Lineage of a run, camelCase view. */
export interface Lineage {
  readonly executedStepIds: readonly string[];
  readonly workflowId: string;
  readonly caller?: string;
  readonly policyVersion?: string;
}

/** Receipt of a run, camelCase view. */
export interface Receipt {
  readonly id: string;
  readonly steps: readonly string[];
  readonly runId?: string;
}

/**
 * Everything about a run except its final state: the same for every run of a
 * workflow that executes the same steps with the same outcome, so it is made
 * once per workflow and outcome, frozen and shared by all those results,
 * together with its canonical text around `final_state`.
 */
class RunShape implements RunShapeParts {
  readonly id: string;
  readonly success: boolean;
  readonly executedSteps: readonly Step[];
  readonly failedStepId: string | null;
  readonly errorMessage: string | null;
  readonly lineage: OrchestrationResultDict['lineage'];
  readonly receipt: OrchestrationResultDict['receipt'];
  readonly lineageView: Lineage;
  readonly receiptView: Receipt;
  #head: string | undefined;
  #tail: string | undefined;

  constructor(id: string, executedSteps: readonly Step[], failedStepId: string | null, errorMessage: string | null, metadata: RunMetadata | undefined) {
    this.id = id;
    this.success = failedStepId === null;
    this.executedSteps = executedSteps;
    this.failedStepId = failedStepId;
    this.errorMessage = errorMessage;
    const stepIds = freezeTrusted(executedSteps.map((step) => step.id));
    this.lineage = freezeTrusted({
      executed_step_ids: stepIds,
      workflow_id: id,
      ...(metadata?.caller === undefined ? {} : { caller: metadata.caller }),
      ...(metadata?.policy_version === undefined ? {} : { policy_version: metadata.policy_version }),
    });
    this.receipt = freezeTrusted({ id, steps: stepIds, ...(metadata?.run_id === undefined ? {} : { run_id: metadata.run_id }) });
    this.lineageView = Object.freeze({
      executedStepIds: stepIds,
      workflowId: id,
      ...(metadata?.caller === undefined ? {} : { caller: metadata.caller }),
      ...(metadata?.policy_version === undefined ? {} : { policyVersion: metadata.policy_version }),
    });
    this.receiptView = Object.freeze({ id, steps: stepIds, ...(metadata?.run_id === undefined ? {} : { runId: metadata.run_id }) });
  }

  /** The canonical text before `final_state`'s value, made on first use. */
  get head(): string {
    this.#head ??= missionHead(this);
    return this.#head;
  }

  /** The canonical text after `final_state`'s value, made on first use. */
  get tail(): string {
    this.#tail ??= missionTail(this);
    return this.#tail;
  }
}

/**
 * Shapes of runs without run metadata whose outcome the workflow alone decides
 * (success, or a built-in `fail` step), by number of executed steps.
 */
const sharedShapes = new WeakMap<Workflow, RunShape[]>();

/** The shape of a run (shared when `shareable`: a built-in outcome without metadata, the same for every such run). */
export function shapeOf(
  workflow: Workflow,
  executedCount: number,
  failedStepId: string | null,
  errorMessage: string | null,
  metadata: RunMetadata | undefined,
  shareable: boolean,
): RunShape {
  const make = (): RunShape =>
    new RunShape(
      workflow.id,
      executedCount === workflow.steps.length ? workflow.steps : freezeTrusted(workflow.steps.slice(0, executedCount)),
      failedStepId,
      errorMessage,
      metadata,
    );
  if (!shareable) return make();
  let shapes = sharedShapes.get(workflow);
  if (shapes === undefined) {
    shapes = [];
    sharedShapes.set(workflow, shapes);
  }
  return (shapes[executedCount] ??= make());
}

/**
 * The deeply read-only result of one workflow run. `toDict()` gives the
 * reference's serialisation; its canonical JSON is what hashes are made of.
 */
export class OrchestrationResult {
  /** The workflow id. */
  readonly id: string;
  /** False when a step failed. */
  readonly success: boolean;
  /** Deep-frozen snapshots of the steps that ran, the failing one included (ORCH-H2). */
  readonly executedSteps: readonly Step[];
  /** The state after the last executed step: a fresh deep-frozen object, never the caller's (DLR-H1). */
  readonly finalState: JsonObject;
  /** The id of the step that failed, or null. */
  readonly failedStepId: string | null;
  /** `Step '<id>' failed: <reason>`, or null. */
  readonly errorMessage: string | null;
  readonly lineage: Lineage;
  readonly receipt: Receipt;
  readonly #shape: RunShape;
  /** An object with the same canonical text as `finalState` (the state it copied, so one text serves every copy). */
  readonly #stateSource: JsonObject;
  #dict: OrchestrationResultDict | undefined;

  /** Not for users (kept in the declarations, so that `new` needs its arguments): Results are made by the orchestrator. */
  constructor(shape: RunShape, finalState: JsonObject, stateSource: JsonObject) {
    this.#shape = shape;
    this.#stateSource = stateSource;
    this.id = shape.id;
    this.success = shape.success;
    this.executedSteps = shape.executedSteps;
    this.finalState = finalState;
    this.failedStepId = shape.failedStepId;
    this.errorMessage = shape.errorMessage;
    this.lineage = shape.lineageView;
    this.receipt = shape.receiptView;
    Object.freeze(this);
  }

  /**
   * @internal Rebuilds a result from its serialised form (deep-frozen JSON data
   * of a run made elsewhere, e.g. a shard's part), running nothing: it
   * serialises back to the very same text.
   */
  static fromDict(dict: OrchestrationResultDict): OrchestrationResult {
    const metadata: RunMetadata = {
      ...(dict.lineage.caller === undefined ? {} : { caller: dict.lineage.caller }),
      ...(dict.lineage.policy_version === undefined ? {} : { policy_version: dict.lineage.policy_version }),
      ...(dict.receipt.run_id === undefined ? {} : { run_id: dict.receipt.run_id }),
    };
    const shape = new RunShape(dict.id, dict.executed_steps, dict.failed_step_id, dict.error_message, metadata);
    return new OrchestrationResult(shape, dict.final_state, dict.final_state);
  }

  /** The reference's serialisation (snake_case, deep-frozen, plain JSON data), made on first use. */
  toDict(): OrchestrationResultDict {
    this.#dict ??= freezeTrusted({
      id: this.id,
      success: this.success,
      executed_steps: this.executedSteps,
      final_state: this.finalState,
      failed_step_id: this.failedStepId,
      error_message: this.errorMessage,
      lineage: this.#shape.lineage,
      receipt: this.#shape.receipt,
    });
    return this.#dict;
  }

  /** @internal What a scenario needs to write this result's canonical text (see result-text.ts). */
  textSource(): MissionTextSource {
    return { head: this.#shape.head, tail: this.#shape.tail, state: this.#stateSource };
  }

  /** @internal One top-level field of `toDict()` without building it (`undefined` for a key it does not have). */
  dictField(key: string): JsonValue | undefined {
    switch (key) {
      case 'id':
        return this.id;
      case 'success':
        return this.success;
      case 'executed_steps':
        return this.executedSteps as unknown as JsonValue;
      case 'final_state':
        return this.finalState;
      case 'failed_step_id':
        return this.failedStepId;
      case 'error_message':
        return this.errorMessage;
      case 'lineage':
        return this.#shape.lineage;
      case 'receipt':
        return this.#shape.receipt;
      default:
        return undefined;
    }
  }

  /** True for an OrchestrationResult from any copy of this version of the package (ESM and CommonJS side by side), where `instanceof` answers false. */
  static isOrchestrationResult(value: unknown): value is OrchestrationResult {
    return isBranded(value, 'OrchestrationResult');
  }
}
brand(OrchestrationResult, 'OrchestrationResult');
