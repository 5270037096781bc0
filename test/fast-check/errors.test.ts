/**
 * The fast-check error classes carry their names as literals (#16): `name`
 * and the `isX()` guards do not depend on `constructor.name`, which a
 * minifying bundler renames.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Tier2Error } from 'tier2-harness';
import { MissionFuzzError, MissionInvariantError, checkMission } from 'tier2-harness/fast-check';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const invariantError = (): MissionInvariantError => new MissionInvariantError('too many steps', 'm', 'anti_failure_limits', null);
const fuzzError = (): MissionFuzzError => new MissionFuzzError('failed', checkMission('echo', { runs: 1, seed: 1 }));

describe('fast-check error names', () => {
  it.each([
    ['MissionInvariantError', invariantError],
    ['MissionFuzzError', fuzzError],
  ] as const)('%s has its name, its guard and the Tier2Error guard', (name, make) => {
    const error = make();
    expect(error.name).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
    expect(Tier2Error.isTier2Error(error)).toBe(true);
    expect(MissionInvariantError.isMissionInvariantError(error)).toBe(name === 'MissionInvariantError');
    expect(MissionFuzzError.isMissionFuzzError(error)).toBe(name === 'MissionFuzzError');
  });

  it('keeps its name when the class is renamed (as a minifier does)', () => {
    for (const [ErrorClass, make, name] of [
      [MissionInvariantError, invariantError, 'MissionInvariantError'],
      [MissionFuzzError, fuzzError, 'MissionFuzzError'],
    ] as const) {
      const original = Object.getOwnPropertyDescriptor(ErrorClass, 'name') as PropertyDescriptor;
      Object.defineProperty(ErrorClass, 'name', { value: 'a', configurable: true });
      try {
        const error = make();
        expect(ErrorClass.name).toBe('a');
        expect(error.name).toBe(name);
        expect(MissionInvariantError.isMissionInvariantError(error) || MissionFuzzError.isMissionFuzzError(error)).toBe(true);
      } finally {
        Object.defineProperty(ErrorClass, 'name', original);
      }
    }
  });

  it('keeps its name in a minified bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier2-fc-errors-'));
    try {
      const bundle = join(dir, 'errors.mjs');
      const build = spawnSync(
        join(root, 'node_modules', '.bin', 'esbuild'),
        [
          join(root, 'src/fast-check/errors.ts'),
          '--bundle',
          '--minify',
          '--platform=node',
          '--format=esm',
          `--alias:tier2-harness=${join(root, 'src/index.ts')}`,
          '--external:fast-check',
          '--external:yaml',
          `--outfile=${bundle}`,
        ],
        { encoding: 'utf8' },
      );
      expect(build.status, build.stderr).toBe(0);
      const minified = (await import(pathToFileURL(bundle).href)) as {
        MissionInvariantError: typeof MissionInvariantError;
        MissionFuzzError: typeof MissionFuzzError;
      };
      // The minifier did rename the classes; the names come from the literals.
      expect(minified.MissionInvariantError.name).not.toBe('MissionInvariantError');
      expect(minified.MissionFuzzError.name).not.toBe('MissionFuzzError');
      const error = new minified.MissionInvariantError('p', 'm', 'deterministic', null);
      expect(error.name).toBe('MissionInvariantError');
      expect(minified.MissionInvariantError.isMissionInvariantError(error)).toBe(true);
      expect(MissionInvariantError.isMissionInvariantError(error)).toBe(true);
      expect(new minified.MissionFuzzError('m', checkMission('echo', { runs: 1, seed: 1 })).name).toBe('MissionFuzzError');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
