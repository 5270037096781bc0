/**
 * `tier2 run --shard i/n --out <file>` (or `--out` alone: shard 1/1): runs one
 * shard's scenarios and writes its part file, for `tier2 merge`.
 */
import type { MissionRegistry } from '../../runtime/registry.js';
import { judgeSuite, type CliOutcome } from '../../harness/outcome.js';
import { partText } from '../../parts/part.js';
import { makePart, shardInputs } from '../../parts/part-file.js';
import type { ShardSpec } from '../../parts/shard.js';
import { colors, type Colors } from '../../report/text.js';
import { removingTempFilesOnSignal } from '../../io/write-file-atomic.js';
import { UsageError, type RunCommand } from '../args.js';
import { writeOutput } from '../emit.js';
import type { Inputs } from '../inputs.js';
import { EXIT, colorEnabled, printError, printInternalError, type CliIo } from '../io.js';
import { progressReporter } from '../progress.js';

/** The shard's summary on stdout: what it ran, what failed or raised, and where its part went. */
function shardSummary(c: Colors, inputs: Inputs, own: Pick<Inputs, 'suite' | 'expectations'>, shard: ShardSpec, outcome: CliOutcome, outFile: string): string {
  const passed = outcome.verdicts.filter((verdict) => verdict.status === 'passed').length;
  const lines = [
    c.bold(
      `suite '${inputs.suite.name}', shard ${shard.index}/${shard.count}: ${own.suite.scenarios.length} of ${inputs.suite.scenarios.length} scenarios, ${own.expectations.expectations.length} of ${inputs.expectations.expectations.length} expectations`,
    ),
  ];
  for (const verdict of outcome.verdicts) {
    if (verdict.status === 'failed')
      lines.push(`  ${c.red('✗')} expectation '${verdict.expectation.id}' failed (${verdict.result.details.reason ?? 'failed'})`);
    if (verdict.status === 'error')
      lines.push(`  ${c.red('✗')} expectation '${verdict.expectation.id}' not evaluated: mission '${verdict.missionError.key}' raised`);
  }
  for (const missionError of outcome.missionErrors) {
    lines.push(
      `  ${c.red('!')} scenario '${missionError.scenario}': mission '${missionError.key}' raised ${missionError.error.name}: ${missionError.error.message}`,
    );
  }
  lines.push(`${outcome.passed ? c.green(c.bold('PASS')) : c.red(c.bold('FAIL'))}  ${passed}/${outcome.verdicts.length} expectations of this shard passed`);
  lines.push(`wrote ${outFile} (merge every shard's part with: tier2 merge <part files>)`);
  return lines.join('\n');
}

/** Runs the shard of `command.shard` (1/1 without `--shard`) and writes its part file to `outFile`. */
export async function shardCommand(
  io: CliIo,
  command: RunCommand,
  outFile: string,
  inputs: Inputs,
  registry: MissionRegistry,
  errorColors: Colors,
): Promise<number> {
  const shard = command.shard ?? { index: 1, count: 1 };
  const own = shardInputs(inputs.suite, inputs.expectations, shard);
  const progress = progressReporter(io, own.suite.scenarios.length);
  let outcome: CliOutcome;
  try {
    outcome = judgeSuite(own.suite, own.expectations, registry, progress.listener);
  } catch (error) {
    progress.clear();
    printError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  progress.clear();
  try {
    await removingTempFilesOnSignal(() => writeOutput('--out', outFile, partText(makePart(inputs.suite, inputs.expectations, shard, outcome, inputs.sources))));
  } catch (error) {
    if (error instanceof UsageError) printError(io, error, command.verbose, errorColors);
    else printInternalError(io, error, command.verbose, errorColors);
    return EXIT.badInput;
  }
  const c = colors(colorEnabled(io.stdout, io.env, command.noColor));
  io.stdout.write(`${shardSummary(c, inputs, own, shard, outcome, outFile)}\n`);
  return outcome.passed ? EXIT.pass : EXIT.fail;
}
