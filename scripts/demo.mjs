#!/usr/bin/env node
// `npm run demo` (after `npm ci`; the npm script builds first): runs the
// example YAML suite through the built `tier2` CLI, exactly as a user would,
// and exits with the CLI's exit code (0 when every expectation passed).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('demo: dist/cli.js is missing; run `npm run demo` (it builds first) or `npm run build`.');
  process.exit(2);
}

const args = ['run', 'examples/nightly.suite.yaml', '--expectations', 'examples/nightly.expectations.yaml', '--runs', '3'];
console.log(`$ tier2 ${args.join(' ')}\n`);
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`demo: could not start the CLI: ${result.error.message}`);
  process.exit(2);
}
const code = result.status ?? 1;
console.log(
  code === 0
    ? '\nVerdict: every expectation of the example suite passed, and 3 runs gave the same result.'
    : `\nVerdict: the example suite did not pass (exit code ${code}).`,
);
console.log('Next: `node dist/cli.js run examples/failing.suite.yaml` shows a failing report (exit code 1); docs/cli.md explains both.');
process.exit(code);
