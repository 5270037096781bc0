/**
 * The built package for tests that run it as a user would (the `tier2` binary
 * in a subprocess): built once with tsup when `dist/` lacks the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/build.ts). */
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the package unless `file` (a path in the repository, e.g. `dist/cli.js`) exists already. */
export function ensureBuilt(file = 'dist/cli.js'): void {
  if (existsSync(join(root, file))) return;
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`could not build ${file}:\n${build.stdout}\n${build.stderr}`);
}
