import type * as fc from 'fast-check';
import type { WorkflowDefinition } from '../runtime/workflow.js';
import { WORKFLOW_OPTIONS, resolveWorkflows, validWorkflowArbitrary, type WorkflowConstraints } from './_internals/workflows.js';

export type { WorkflowConstraints };

/**
 * A valid workflow definition: at most `maxSteps` (≤ 5) steps with unique ids,
 * at most 2 human steps, kinds `runtime`/`human`, JSON payloads, runtime steps
 * naming known operations (`noop`, `fail` with a string reason, or the
 * registry's custom operations) or none; given by `id`, `name` or both (equal).
 * Every value passes `defineWorkflow`; running one can still raise what a
 * custom operation raises.
 *
 * @param constraints - registry (for custom operation names), `maxSteps`, JSON bounds.
 * @throws DefinitionError, at once, for bad constraints (an unknown field included).
 * @example
 * ```ts
 * fc.assert(fc.property(workflowDefinition(), (workflow) => new Orchestrator().runWorkflow(workflow).executedSteps.length <= 5));
 * ```
 */
export function workflowDefinition(constraints?: WorkflowConstraints): fc.Arbitrary<WorkflowDefinition> {
  return validWorkflowArbitrary(resolveWorkflows('workflowDefinition', constraints, WORKFLOW_OPTIONS));
}
