/**
 * `tier2 merge <part>...`: the report, JSON, JUnit and exit code of the whole
 * run, from the part files of its shards.
 */
import { mergeParts, mergedSuiteFile, recordedLocations } from '../../parts/merge.js';
import { readPart } from '../../parts/part-file.js';
import type { CliOutcome } from '../../harness/outcome.js';
import type { SourceLocations } from '../../data/source-locations.js';
import type { Colors } from '../../report/text.js';
import type { MergeCommand } from '../args.js';
import { emitOutcome } from '../emit.js';
import { EXIT, printError, type CliIo } from '../io.js';
import { checkOutputPaths, type NamedPath } from '../output-paths.js';

/** Merges the part files of `command` and reports the whole run. */
export async function mergeCommand(io: CliIo, command: MergeCommand, errorColors: Colors): Promise<number> {
  const outputs: NamedPath[] = [];
  if (command.junitFile !== undefined) outputs.push({ role: '--junit', path: command.junitFile });
  if (command.htmlFile !== undefined) outputs.push({ role: '--html', path: command.htmlFile });
  let outcome: CliOutcome;
  let sources: SourceLocations | undefined;
  try {
    checkOutputPaths(
      outputs,
      command.partFiles.map((file) => ({ role: 'a part file', path: file })),
    );
    const parts = command.partFiles.map(readPart);
    outcome = mergeParts(parts);
    const suiteFile = mergedSuiteFile(parts);
    // Parts made from files name the suite file and record where what failed or raised was written (what the
    // text report shows); the other locations (passed expectations, calls that returned) come from `tier2 run` only.
    sources = suiteFile === undefined ? undefined : { suiteFile, ...recordedLocations(parts) };
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  return emitOutcome(io, command, outcome, undefined, errorColors, sources === undefined ? {} : { sources });
}
