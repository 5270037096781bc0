/**
 * Shared by the packaging tests: a fresh user project under the OS temp
 * directory with the packed tarball installed from the registry's npm cache,
 * child processes run without the outer Vitest's environment, and the inner
 * runners' JSON reports.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeMajor } from './matrix.js';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The user's project files, copied into every fresh project. */
export const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
/** This repository's TypeScript, the version the docs recommend (see docs/runners.md). */
export const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** What `npm pack` made, provided to the test files by global-setup.ts. */
export interface Packed {
  tarball: string;
  files: string[];
}

/** The path of each Node binary of `NODE_PINS`, by major, installed by global-setup.ts. */
export type Nodes = Readonly<Record<NodeMajor, string>>;

declare module 'vitest' {
  interface ProvidedContext {
    packed: Packed;
    nodes: Nodes;
  }
}

/** A finished child process, and how long it took (wall clock, seconds). */
export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The environment of a child process, without what the outer Vitest run sets for its own workers. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|JEST_WORKER_ID$|NODE_OPTIONS$|TEST$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

/**
 * The environment of a child process that runs under `node` (a binary of
 * `NODE_PINS`): that binary's directory first on PATH, so whatever the child
 * starts as `node` (npm scripts, `#!/usr/bin/env node` bins) is the same release.
 */
export function nodeEnv(node: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/** Runs a command to its end without blocking the worker, so several projects can install at once. */
export function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: Math.round((performance.now() - started) / 100) / 10,
      });
    });
  });
}

/** The output of a command that must succeed; otherwise an error with its output. */
export async function execOrThrow(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const result = await exec(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status} in ${cwd}:\n${result.stderr || result.stdout}`);
  return result;
}

/** An empty project under the OS temp directory, with a package.json of its own. */
export function freshDirectory(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tier2-packaging-${label}-`));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `tier2-packaging-${label}`, version: '0.0.0', private: true }, null, 2)}\n`);
  return dir;
}

/**
 * A fresh project: the fixture, a package.json of its own, and
 * `npm install` of the tarball with `packages` (each `name@x.y.z`). npm's
 * cache is shared by every project (the default one), so a package is
 * downloaded once per machine.
 */
export async function freshProject(label: string, packed: Packed, packages: readonly string[]): Promise<{ dir: string; install: Finished }> {
  const dir = freshDirectory(label);
  cpSync(fixture, dir, { recursive: true });
  cpSync(packed.tarball, join(dir, basename(packed.tarball)));
  const install = await execOrThrow(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `./${basename(packed.tarball)}`, ...packages],
    dir,
  );
  return { dir, install };
}

/** The tests `describeSuite` registers in the fixtures' morning examples: one scenario ("runs") and two expectations. */
const DESCRIBE_SUITE_TESTS = 3;

/** The `it(...)` and `it.concurrent(...)` calls written in a fixture file, plus those `describeSuite` registers for it. */
export function countTests(file: string): number {
  const source = readFileSync(join(fixture, file), 'utf8');
  return (source.match(/^\s*it(\.concurrent)?\(/gm)?.length ?? 0) + (/^describeSuite\(/m.test(source) ? DESCRIBE_SUITE_TESTS : 0);
}

/** What Vitest's and Jest's JSON reporters both write. */
export interface RunnerReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  numFailedTestSuites: number;
  testResults: { message?: string; assertionResults: { title: string; failureMessages?: string[] | null }[] }[];
}

export function readReport(dir: string, file: string): RunnerReport {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunnerReport;
}

/** Every failure message of a report, suite-level ones (a file that failed to load) included. */
export function failureText(report: RunnerReport): string {
  return report.testResults
    .flatMap((suite) => [suite.message ?? '', ...suite.assertionResults.flatMap((test) => test.failureMessages ?? [])])
    .filter((text) => text !== '')
    .join('\n');
}
