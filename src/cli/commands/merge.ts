/**
 * `tier2 merge <part>...`: the report, JSON, JUnit and exit code of the whole
 * run, from the part files of its shards.
 */
import { mergeParts, mergedSuiteFile } from '../../parts/merge.js';
import { readPart } from '../../parts/part-file.js';
import type { CliOutcome } from '../../harness/outcome.js';
import type { SourceLocations } from '../../report/locations.js';
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
  let suiteFile: string | undefined;
  try {
    checkOutputPaths(
      outputs,
      command.partFiles.map((file) => ({ role: 'a part file', path: file })),
    );
    const parts = command.partFiles.map(readPart);
    outcome = mergeParts(parts);
    suiteFile = mergedSuiteFile(parts);
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  // Parts keep the suite file's name, not the lines of each expectation: file and line per test case come from `tier2 run` only.
  const sources: SourceLocations | undefined = suiteFile === undefined ? undefined : { suiteFile, expectation: () => undefined, missionCall: () => undefined };
  return emitOutcome(io, command, outcome, undefined, errorColors, sources === undefined ? {} : { sources });
}
