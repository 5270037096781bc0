/** Reading orchestration results, whichever form a test holds: the result object or its `toDict()`. */
import type { OrchestrationResultDict } from '../src/runtime/orchestration-result.js';
import { describeReceived, misuse } from './message.js';

/** The serialised form of an orchestration result, or a misuse error naming the matcher. */
export function orchestrationDict(matcher: string, received: unknown, callee: (...args: never[]) => unknown): OrchestrationResultDict {
  const candidate =
    typeof received === 'object' && received !== null && typeof (received as { toDict?: unknown }).toDict === 'function'
      ? (received as { toDict: () => unknown }).toDict()
      : received;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray((candidate as { executed_steps?: unknown }).executed_steps) &&
    typeof (candidate as { success?: unknown }).success === 'boolean'
  ) {
    return candidate as OrchestrationResultDict;
  }
  throw misuse(
    matcher,
    `expected an orchestration result (from Orchestrator.runWorkflow, runMission or a scenario's missionResults) or its toDict(), got ${describeReceived(received)}`,
    callee,
  );
}
