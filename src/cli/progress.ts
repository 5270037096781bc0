/**
 * The progress line a long run shows on a terminal's stderr (never in a pipe,
 * where it would only be noise in a log).
 */
import type { ProgressListener } from '../harness/outcome.js';
import { escapeControl } from '../data/escape-control.js';
import type { CliIo } from './io.js';

/** Suites with at least this many scenarios show a progress line on a terminal's stderr. */
export const PROGRESS_THRESHOLD = 20;

/** A progress listener for a run of `total` scenarios (none off a terminal or below the threshold), and how to clear its line. */
export interface Progress {
  readonly listener: ProgressListener | undefined;
  readonly clear: () => void;
}

/**
 * The progress line of a run: `running scenario 3/120: name`, rewritten in place
 * and cleared when the run ends.
 */
export function progressReporter(io: CliIo, total: number): Progress {
  if (io.stderr.isTTY !== true || total < PROGRESS_THRESHOLD) return { listener: undefined, clear: () => undefined };
  let shown = false;
  return {
    listener: (done, all, scenario) => {
      shown = true;
      const visible = escapeControl(scenario);
      const name = visible.length > 40 ? `${visible.slice(0, 39)}…` : visible;
      io.stderr.write(`\r\u001b[2Krunning scenario ${done}/${all}: ${name}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}
