/**
 * No dead code between modules: knip (configured in knip.json) finds no file that nothing imports, no export or
 * exported type that no module, test, script or example uses, no name exported twice, and no import cycle.
 * ESLint's no-unused-vars covers what is unused inside one file; this covers what is unused across files, which
 * a smaller public index leaves behind (plumbing that only the index re-exported).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

describe('dead code across modules (knip)', () => {
  it('finds no unused file, export or type, duplicate export or import cycle', () => {
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'knip', 'bin', 'knip.js'), '--no-progress', '--no-config-hints'], {
      cwd: root,
      encoding: 'utf8',
    });
    // On failure, the report names each unused export with its file and line.
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});
