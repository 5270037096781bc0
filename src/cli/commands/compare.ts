/**
 * `tier2 compare a b`: exit 0 when two results (`--json` outputs or part files)
 * are the same, 1 with the first difference otherwise (src/parts/compare.ts
 * finds it; this is the command's wiring).
 */
import { compareFiles } from '../../parts/compare.js';
import type { Colors } from '../../report/text.js';
import type { CompareCommand } from '../args.js';
import { EXIT, printError, type CliIo } from '../io.js';

/** Compares the two files of `command` and prints the verdict. */
export function compareCommand(io: CliIo, command: CompareCommand, errorColors: Colors): number {
  let result: ReturnType<typeof compareFiles>;
  try {
    result = compareFiles(command.fileA, command.fileB);
  } catch (error) {
    printError(io, error, false, errorColors);
    return EXIT.badInput;
  }
  io.stdout.write(`${result.text}\n`);
  return result.same ? EXIT.pass : EXIT.fail;
}
