import type { MissionFuzzReport } from './errors.js';
import { REPLAY_ENV } from './_internals/replay.js';
import { plural } from '../data/common.js';

function quoteForShell(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Renders a fuzz report for people: the verdict, the broken invariant and
 * why, the shrunk counterexample as indented JSON to paste back, and the
 * replay recipe (the `TIER2_FC_REPLAY` value, or `{ seed, path }` options).
 *
 * @param report - what `checkMission` returned.
 * @returns plain text, no colours.
 * @example
 * ```ts
 * const report = checkMission('my_mission', { registry });
 * if (report.status !== 'passed') console.error(formatFuzzReport(report));
 * ```
 */
export function formatFuzzReport(report: MissionFuzzReport): string {
  const who = `mission '${report.mission}'`;
  const replayed = report.replayedFrom === undefined ? '' : ` (replayed from ${report.replayedFrom === 'options' ? 'options.seed/path' : REPLAY_ENV})`;
  switch (report.status) {
    case 'passed':
      return `${who}: every invariant held for ${report.numRuns} runs (seed ${report.seed})${replayed}`;
    case 'interrupted':
      return [
        `${who}: interrupted by the time limit after ${report.numRuns} of ${report.requestedRuns} runs (seed ${report.seed})${replayed}; no input failed meanwhile.`,
        report.allowed
          ? 'Accepted because allowInterrupted is set.'
          : report.numRuns === 0
            ? 'This counts as a failure, with allowInterrupted too: no input was tried, so nothing was checked. Raise interruptAfterTimeLimit.'
            : 'This counts as a failure: fewer inputs were tried than asked. Raise interruptAfterTimeLimit, lower runs, or set allowInterrupted: true to accept it.',
      ].join('\n');
    case 'failed': {
      const lines = [
        `${who}: invariant '${report.invariant}' broken after ${plural(report.numRuns, 'run')} (${plural(report.numShrinks, 'shrink')})${replayed}`,
        report.message,
      ];
      if (report.interrupted) lines.push('(shrinking was cut short by the time limit: the counterexample may not be minimal)');
      if (report.ambient !== undefined && report.ambient.length > 0) {
        lines.push(
          `Ambient sources called: ${report.ambient.map((call) => `${call.source} ×${call.count}${call.firstCaller === undefined ? '' : ` (first at ${call.firstCaller})`}`).join(', ')}`,
        );
      }
      lines.push(
        'Counterexample (shrunk input):',
        report.counterexampleText,
        'Replay it:',
        `  ${REPLAY_ENV}=${quoteForShell(report.replay.env)} <your test command>`,
        `  or pass { seed: ${report.replay.options.seed}, path: '${report.replay.options.path}' } in the options`,
      );
      return lines.join('\n');
    }
  }
}
