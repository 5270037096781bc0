import { check, type FuzzMissionOptions } from './checkMission.js';
import { MissionFuzzError, type InterruptedReport, type PassedReport } from './errors.js';
import { formatFuzzReport } from './formatFuzzReport.js';

export type { FuzzMissionOptions };

/**
 * Fuzzes a mission and throws a {@link MissionFuzzError} when an input breaks
 * an invariant (Anti-Failure limits, extension rules, only documented errors,
 * inputs never mutated, deterministic), or when a time limit interrupted the
 * run and `allowInterrupted` is not set. The message shows the invariant, the
 * shrunk counterexample as JSON, and how to replay it; `error.report` holds
 * the same as data. Returns the report when all is well.
 *
 * Replay a failure without editing code: `TIER2_FC_REPLAY='{"mission":"…","seed":…,"path":"…"}'`.
 *
 * @param name - a mission of the registry.
 * @param options - as `checkMission`.
 * @throws DefinitionError, at once, for an unknown mission or bad options; MissionFuzzError for a failure.
 * @example
 * ```ts
 * const registry = createRegistry([myMission]);
 * it('my_mission keeps the Tier-2 invariants', () => {
 *   fuzzMission('my_mission', { registry, runs: 500 });
 * });
 * ```
 */
export function fuzzMission(name: string, options?: FuzzMissionOptions): PassedReport | InterruptedReport {
  const report = check('fuzzMission', name, options);
  if (report.status === 'passed' || (report.status === 'interrupted' && report.allowed)) return report;
  const error = new MissionFuzzError(formatFuzzReport(report), report, report.status === 'failed' ? { cause: report.error } : undefined);
  // Point the stack at the caller's test, not at this helper.
  Error.captureStackTrace?.(error, fuzzMission);
  throw error;
}
