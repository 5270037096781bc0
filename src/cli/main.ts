/**
 * The `tier2` command (see docs/cli.md). Built by tsup into `dist/cli.js`
 * with a `#!/usr/bin/env node` banner.
 */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
