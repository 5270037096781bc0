/**
 * The runner majors beside this repository's own (Vitest 3.2 and 5, Jest 29),
 * which `npm test` installs into test/types/runners before its test stages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where the other majors are installed, each under an alias (`node_modules/vitest-3`, `vitest-5`, `jest-29`). */
export const runnersDir = join(root, 'test/types/runners');

/** Installs test/types/runners, as `npm test` does, unless every folder in `homes` exists already. */
export function ensureRunners(homes: readonly string[]): void {
  if (homes.every((home) => existsSync(home))) return;
  const install = spawnSync(
    'npm',
    ['install', '--prefix', runnersDir, '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    { cwd: root, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`could not install test/types/runners:\n${install.stdout}\n${install.stderr}`);
}
