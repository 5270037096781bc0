/**
 * `tier2 run`: load, validate, execute, report, exit code (a shard's part file
 * with `--out`: see shard.ts).
 */
import { canonicalJson } from '../../data/canonical.js';
import type { JsonValue } from '../../data/json.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import { checkDeterminism, type DeterminismReport } from '../../harness/determinism.js';
import { judgeSuite, outcomeData, type CliOutcome, type ProgressListener } from '../../harness/outcome.js';
import type { Colors } from '../../report/text.js';
import type { RunCommand } from '../args.js';
import { emitOutcome } from '../emit.js';
import { loadInputs, type Inputs } from '../inputs.js';
import { EXIT, printError, type CliIo } from '../io.js';
import { loadRegistry } from '../missions.js';
import { checkOutputPaths, type NamedPath } from '../output-paths.js';
import { progressReporter } from '../progress.js';
import { shardCommand } from './shard.js';

/** What a `--runs` run throws when a mission raised in it (name and message say which, so equal raises compare equal). */
class MissionRaised extends Error {
  constructor(outcome: CliOutcome) {
    super(
      outcome.missionErrors.map((raised) => `scenario '${raised.scenario}', mission '${raised.key}': ${raised.error.name}: ${raised.error.message}`).join('; '),
    );
    this.name = 'MissionRaised';
  }
}

/** The files a run command reads and writes, for {@link checkOutputPaths}. */
function filesOf(command: RunCommand): { inputs: NamedPath[]; outputs: NamedPath[] } {
  const inputs: NamedPath[] = [{ role: 'the suite file', path: command.suiteFile }];
  if (command.expectationsFile !== undefined) inputs.push({ role: 'the --expectations file', path: command.expectationsFile });
  if (command.missionsModule !== undefined) inputs.push({ role: 'the --missions module', path: command.missionsModule });
  const outputs: NamedPath[] = [];
  if (command.junitFile !== undefined) outputs.push({ role: '--junit', path: command.junitFile });
  if (command.htmlFile !== undefined) outputs.push({ role: '--html', path: command.htmlFile });
  if (command.outFile !== undefined) outputs.push({ role: '--out', path: command.outFile });
  return { inputs, outputs };
}

/** What judging a suite gave: the outcome to report and, with `--runs`, the determinism check. */
interface Judged {
  readonly outcome: CliOutcome;
  readonly determinism: DeterminismReport | undefined;
  /** For the HTML report's side-by-side view: the data of the first run that differs from run 1. */
  readonly otherRunData: JsonValue | undefined;
}

/**
 * `--runs n`: judges the suite n times under the determinism check and reports
 * the first run's outcome. A run in which a mission raised counts as a raising
 * run; when every run raised, there is nothing to report and this throws.
 */
function judgeRepeatedly(command: RunCommand, inputs: Inputs, registry: MissionRegistry, listener: ProgressListener | undefined): Judged {
  let first: CliOutcome | undefined;
  let firstCanonical: string | undefined;
  let otherRunData: JsonValue | undefined;
  const determinism = checkDeterminism(
    () => {
      const current = judgeSuite(inputs.suite, inputs.expectations, registry, first === undefined ? listener : undefined);
      first ??= current;
      // A run in which a mission raised has no result to compare: the check records it as a raising run, never as deterministic.
      if (current.missionErrors.length > 0) throw new MissionRaised(current);
      const data = outcomeData(current);
      if (command.htmlFile !== undefined && otherRunData === undefined) {
        const canonical = canonicalJson(data);
        firstCanonical ??= canonical;
        if (canonical !== firstCanonical) otherRunData = data;
      }
      return data;
    },
    { runs: command.runs },
  );
  if (first === undefined) {
    const raised = determinism.errors[0];
    throw new Error(`every one of the ${command.runs} runs failed before reporting: ${raised ? `${raised.name}: ${raised.message}` : 'unknown error'}`);
  }
  return { outcome: first, determinism, otherRunData };
}

/** Judges the suite once, or `--runs` times under the determinism check. */
function judge(command: RunCommand, inputs: Inputs, registry: MissionRegistry, listener: ProgressListener | undefined): Judged {
  if (command.runs > 1) return judgeRepeatedly(command, inputs, registry, listener);
  return { outcome: judgeSuite(inputs.suite, inputs.expectations, registry, listener), determinism: undefined, otherRunData: undefined };
}

/** `tier2 run`: loads the inputs, then writes a shard's part or judges the whole suite and reports it. */
export async function runCommand(io: CliIo, command: RunCommand, errorColors: Colors): Promise<number> {
  let inputs: Inputs;
  let registry: MissionRegistry;
  const files = filesOf(command);
  try {
    checkOutputPaths(files.outputs, files.inputs);
    registry = await loadRegistry(command.missionsModule);
    inputs = loadInputs(command.suiteFile, command.expectationsFile, registry);
  } catch (error) {
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  if (command.outFile !== undefined) return shardCommand(io, command, command.outFile, inputs, registry, errorColors);

  const progress = progressReporter(io, inputs.suite.scenarios.length);
  let judged: Judged;
  try {
    judged = judge(command, inputs, registry, progress.listener);
  } catch (error) {
    progress.clear();
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  progress.clear();
  const { outcome, determinism, otherRunData } = judged;
  return emitOutcome(io, command, outcome, determinism, errorColors, { sources: inputs.sources, ...(otherRunData === undefined ? {} : { otherRunData }) });
}
