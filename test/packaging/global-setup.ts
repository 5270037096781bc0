/**
 * Packs the tarball once for both packaging test files (they run in
 * parallel), and removes it at the end. Needs `npm run build` first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { execOrThrow, root } from './project.js';

export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('packaging test: dist/ is missing; run `npm run build` first');
  const destination = mkdtempSync(join(tmpdir(), 'tier2-packaging-tarball-'));
  const { stdout } = await execOrThrow('npm', ['pack', '--json', '--pack-destination', destination], root);
  const tarball = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
  if (!tarball) throw new Error('packaging test: npm pack reported no tarball');
  project.provide('packed', { tarball: join(destination, tarball.filename), files: tarball.files.map((file) => file.path) });
  return () => rmSync(destination, { recursive: true, force: true });
}
