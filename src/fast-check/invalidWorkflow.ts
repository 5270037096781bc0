import type * as fc from 'fast-check';
import { optionNames } from './_internals/options.js';
import {
  INVALID_WORKFLOW_ERRORS,
  invalidWorkflowArbitrary,
  resolveWorkflows,
  type InvalidWorkflowCase,
  type InvalidWorkflowError,
  type WorkflowConstraints,
} from './_internals/workflows.js';

export { INVALID_WORKFLOW_ERRORS, type InvalidWorkflowCase, type InvalidWorkflowError };

/** Constraints of {@link invalidWorkflow}. */
export interface InvalidWorkflowConstraints extends Omit<WorkflowConstraints, 'maxSteps'> {
  /** Only these error classes (default all four). */
  readonly errors?: readonly InvalidWorkflowError[];
}

// No `maxSteps`: the invalid cases need room for their defects.
const INVALID_WORKFLOW_OPTIONS = optionNames<InvalidWorkflowConstraints>()(['registry', 'json', 'errors']);

/**
 * An invalid workflow, labelled with the error class the orchestrator must
 * raise before any step runs:
 * - `DefinitionError`: bad shape (id and name differ, no id, steps not an
 *   array, duplicate step ids, a step that is not an object) or bad payload
 *   (not an object, NaN/undefined/function/Date/BigInt inside, a `fail`
 *   reason that is not a string);
 * - `EnvelopeViolation`: a kind outside `runtime`/`human`;
 * - `AntiFailureViolation`: more than 5 steps or more than 2 human steps;
 * - `UnknownOperationError`: a runtime step naming an operation not in the registry.
 *
 * Validation order is shape → kinds → limits → payloads → operations, and a
 * case may also carry defects of later stages, so the label tests the order too.
 *
 * @param constraints - registry (its operations are known), error classes, JSON bounds.
 * @throws DefinitionError, at once, for bad constraints (an unknown field included, `maxSteps` too).
 * @example
 * ```ts
 * fc.assert(
 *   fc.property(invalidWorkflow(), ({ workflow, error }) => {
 *     try {
 *       new Orchestrator().runWorkflow(workflow as WorkflowDefinition);
 *       return false;
 *     } catch (thrown) {
 *       return (thrown as Error).name === error;
 *     }
 *   }),
 * );
 * ```
 */
export function invalidWorkflow(constraints?: InvalidWorkflowConstraints): fc.Arbitrary<InvalidWorkflowCase> {
  return invalidWorkflowArbitrary(resolveWorkflows('invalidWorkflow', constraints, INVALID_WORKFLOW_OPTIONS));
}
