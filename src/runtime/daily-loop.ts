/**
 * The daily-loop runner: a thin composition layer, mission construction →
 * builder → orchestrator (DLR-H4). The exact steps are the builder's
 * `daily_loop` template. Errors from the builder (`AntiFailurePlanningError`,
 * `DefinitionError`) and the orchestrator (`AntiFailureViolation`,
 * `EnvelopeViolation`, ...) propagate unchanged (DLR-H2, DLR-H5).
 */
import { normaliseParams } from './mission.js';
import type { ExecutionContext } from './orchestrator.js';
import type { OrchestrationResult } from './orchestration-result.js';
import { resolveRegistryOptions, type RegistryOptions } from './registry.js';
import type { JsonObjectInput } from '../data/json.js';

/** Params of the daily loop: upper bounds, clamped to [0, 5] and [0, 2]. */
export type DailyLoopParams = JsonObjectInput & {
  readonly requested_steps?: number;
  readonly requested_human_steps?: number;
};

/**
 * Runs the `daily_loop` mission. `params` is copied first (DLR-H3), so a
 * caller changing it afterwards changes nothing. `final_state` is a fresh
 * object, a deterministic function of the initial state and params (DLR-H1).
 *
 * @example
 * ```ts
 * runDailyLoop({ initialState: { day: 1 } }).receipt.steps.length; // 4
 * ```
 */
export function runDailyLoop(context: ExecutionContext = {}, params?: DailyLoopParams | null, options?: RegistryOptions): OrchestrationResult {
  const registry = resolveRegistryOptions(options, 'runDailyLoop');
  const copied = normaliseParams('daily_loop', params);
  return registry.orchestrator.runWorkflow(registry.build('daily_loop', copied), context);
}
