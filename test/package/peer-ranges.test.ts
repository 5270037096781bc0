/**
 * The peer ranges of package.json claim only what is tested: every runner
 * major they admit is installed and run by the packaging matrix
 * (test/packaging/matrix.ts), Vitest 5 under the Node 22 it needs, and the
 * type stages check the same releases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MATRIX, NODE_PINS, PINS, atLeast, claimedMajors } from '../packaging/matrix.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
const typeStage = JSON.parse(readFileSync(join(root, 'test/types/runners/package.json'), 'utf8')) as { devDependencies: Record<string, string> };

describe('the packaging matrix', () => {
  it.each(['vitest', 'jest', '@jest/globals', 'fast-check'])('runs every major the peer range of %s claims, at a version inside the range', (name) => {
    const { floor, majors } = claimedMajors(pkg.peerDependencies[name] ?? '');
    const installed = MATRIX.flatMap((entry) => (entry.covers[name] && entry.runs.length > 0 ? [entry.covers[name]] : []));

    expect(installed.filter((version) => !atLeast(version, floor) || !majors.includes(Number(version.split('.')[0])))).toEqual([]);
    expect(majors.filter((major) => !installed.some((version) => version.startsWith(`${major}.`)))).toEqual([]);
  });

  it('runs and type-checks the very releases the type stages pin (test/types/runners)', () => {
    const pinned = Object.values(typeStage.devDependencies).map((spec) => spec.replace(/^npm:/, ''));
    const installed = MATRIX.flatMap((entry) => (entry.runs.length > 0 && entry.typecheck.length > 0 ? entry.packages : []));

    expect(pinned.length).toBeGreaterThan(0);
    expect(pinned.filter((spec) => /^(vitest|jest|@jest\/globals|@types\/jest)@/.test(spec) && !installed.includes(spec))).toEqual([]);
  });

  it('runs Vitest 5 under a Node release it supports (22.12 or later), and every Node pin is of its own major', () => {
    const vitest5 = MATRIX.filter((entry) => entry.covers.vitest?.startsWith('5.'));

    expect(vitest5.map((entry) => entry.node && atLeast(NODE_PINS[entry.node], [22, 12, 0]))).toEqual([true]);
    expect(Object.entries(NODE_PINS).filter(([major, version]) => !version.startsWith(`${major}.`))).toEqual([]);
  });

  it('pins every package it installs to an exact version', () => {
    const specs = MATRIX.flatMap((entry) => entry.packages);

    expect(specs.filter((spec) => !/^@?[^@]+@\d+\.\d+\.\d+$/.test(spec))).toEqual([]);
    expect([...Object.values(PINS), ...Object.values(NODE_PINS)].filter((version) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
  });

  it('reads only the peer ranges it understands, and says so for any other', () => {
    expect(claimedMajors('>=29.0.0 <31')).toEqual({ floor: [29, 0, 0], majors: [29, 30] });
    expect(() => claimedMajors('^29 || ^30')).toThrow("peer range '^29 || ^30' is not of the form '>=X.Y.Z <N'");
    expect([atLeast('3.2.0', [3, 2, 0]), atLeast('3.1.9', [3, 2, 0]), atLeast('4.0.0', [3, 2, 0])]).toEqual([true, false, true]);
  });
});
