/**
 * The workflow builder: a pure function from a mission request to a validated,
 * deep-frozen workflow whose metadata is `{ mission_type, params }` (BLD-H1).
 */
import { DefinitionError } from '../data/errors.js';
import { readFields } from '../data/fields.js';
import { describeValue, isPlainObject, type JsonObjectInput } from '../data/json.js';
import type { MissionWorkflow } from './mission.js';
import { resolveRegistryOptions, type RegistryOptions } from './registry.js';

/** A mission request: which mission, with which params. */
export interface MissionSpec {
  readonly type: string;
  readonly params?: JsonObjectInput | null;
}

/**
 * Builds the workflow of a mission. Excessive requests are truncated
 * deterministically to the Anti-Failure limits; `AntiFailurePlanningError` is
 * reserved for templates that still break the rules after planning (BLD-H3).
 *
 * @throws UnknownMissionError listing the known missions; DefinitionError for
 *   params the template rejects (e.g. a non-integer `requested_steps`).
 * @example
 * ```ts
 * buildWorkflow({ type: 'daily_loop', params: { requested_steps: 5 } }).steps.map((s) => s.id);
 * // ['daily-confirm-priorities', 'daily-summarise-yesterday', 'daily-generate-priorities', 'daily-log-summary', 'daily-archive']
 * ```
 */
export function buildWorkflow(spec: MissionSpec, options?: RegistryOptions): MissionWorkflow {
  const subject = 'buildWorkflow';
  if (!isPlainObject(spec)) throw new DefinitionError({ code: 'wrong_type', subject, problem: `expected { type, params? }, got ${describeValue(spec)}` });
  const { type, params } = readFields(
    spec,
    ['type', 'params'],
    (key, problem) => new DefinitionError({ code: 'unknown_field', subject, segments: [key], problem }),
  );
  if (typeof type !== 'string') {
    throw new DefinitionError({ code: 'wrong_type', subject, segments: ['type'], problem: `expected a mission name (string), got ${describeValue(type)}` });
  }
  return resolveRegistryOptions(options, 'buildWorkflow').build(type, params);
}
