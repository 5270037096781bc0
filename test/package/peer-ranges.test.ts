/**
 * The peer ranges of package.json claim only what is tested: every runner
 * major they admit is installed and run by the packaging matrix
 * (test/packaging/matrix.ts), or, where it cannot run on Node 20, is
 * type-checked against its own declarations by a type stage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MATRIX, PINS, TYPE_ONLY, atLeast, claimedMajors } from '../packaging/matrix.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
const typeStage = JSON.parse(readFileSync(join(root, 'test/types/runners/package.json'), 'utf8')) as { devDependencies: Record<string, string> };

describe('the packaging matrix', () => {
  it.each(['vitest', 'jest', '@jest/globals', 'fast-check'])('runs every major the peer range of %s claims, at a version inside the range', (name) => {
    const { floor, majors } = claimedMajors(pkg.peerDependencies[name] ?? '');
    const installed = MATRIX.flatMap((entry) => (entry.covers[name] ? [entry.covers[name]] : []));
    const typeOnly = Object.keys(TYPE_ONLY[name] ?? {}).map(Number);

    expect(installed.filter((version) => !atLeast(version, floor) || !majors.includes(Number(version.split('.')[0])))).toEqual([]);
    expect(majors.filter((major) => !typeOnly.includes(major) && !installed.some((version) => version.startsWith(`${major}.`)))).toEqual([]);
    expect(typeOnly.filter((major) => !majors.includes(major))).toEqual([]);
  });

  it('type-checks each major it cannot run against that major’s declarations: the sources (test/types/runners) and the tarball', () => {
    const pinned = Object.values(typeStage.devDependencies);
    const typeOnly = Object.entries(TYPE_ONLY).flatMap(([name, majors]) => Object.keys(majors).map((major) => ({ name, major })));
    const typeChecked = MATRIX.filter((entry) => entry.runs.length === 0 && entry.typecheck.length > 0).flatMap((entry) => entry.packages);

    expect(typeOnly.filter(({ name, major }) => !pinned.some((spec) => spec.startsWith(`npm:${name}@${major}.`)))).toEqual([]);
    expect(typeOnly.filter(({ name, major }) => !typeChecked.some((spec) => spec.startsWith(`${name}@${major}.`)))).toEqual([]);
  });

  it('pins every package it installs to an exact version', () => {
    const specs = MATRIX.flatMap((entry) => entry.packages);

    expect(specs.filter((spec) => !/^@?[^@]+@\d+\.\d+\.\d+$/.test(spec))).toEqual([]);
    expect(Object.values(PINS).filter((version) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
  });

  it('reads only the peer ranges it understands, and says so for any other', () => {
    expect(claimedMajors('>=29.0.0 <31')).toEqual({ floor: [29, 0, 0], majors: [29, 30] });
    expect(() => claimedMajors('^29 || ^30')).toThrow("peer range '^29 || ^30' is not of the form '>=X.Y.Z <N'");
    expect([atLeast('3.2.0', [3, 2, 0]), atLeast('3.1.9', [3, 2, 0]), atLeast('4.0.0', [3, 2, 0])]).toEqual([true, false, true]);
  });
});
