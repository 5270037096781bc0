#!/usr/bin/env node
/**
 * The `tier2` command (see docs/cli.md). Built by tsup into `dist/cli.js`,
 * which keeps the `#!/usr/bin/env node` line above.
 *
 * stdout and stderr are guarded: a reader that goes away (`| head`) ends the
 * output quietly, and the run keeps its own exit code. Anything that escapes
 * `runCli` is an internal error: one line, exit code 2, never exit code 1
 * (which means "an expectation failed").
 */
import { guardStream } from './output.js';
import { colors } from '../report/text.js';
import { colorEnabled, printInternalError, type CliIo } from './io.js';
import { runCli } from './run.js';

const argv = process.argv.slice(2);
const io: CliIo = { stdout: guardStream(process.stdout), stderr: guardStream(process.stderr), env: process.env };
try {
  process.exitCode = await runCli(argv, io);
} catch (error) {
  printInternalError(io, error, argv.includes('--verbose') || argv.includes('-v'), colors(colorEnabled(io.stderr, io.env, argv.includes('--no-color'))));
  process.exitCode = 2;
}
