/**
 * Running the `tier2` command in tests, one way everywhere: the built binary in
 * a subprocess ({@link tier2}), or `runCli` in this process with captured output
 * ({@link tier2InProcess}); and scratch folders for the files a test writes
 * ({@link scratch}).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/cli/run.js';

/** The repository root (this file is test/support/cli.ts). */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built command (see `ensureBuilt` in build.ts). */
export const cli = join(root, 'dist', 'cli.js');

/** What a run of the command gave. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `tier2` in a subprocess from the repository root, with only
 * `PATH` and `env` in its environment (nothing else of this process's). A
 * generous timeout and buffer: some tests run large suites on a busy machine.
 */
export function tier2(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What an in-process run gave: the exit code and the captured output. */
export interface CapturedRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Options of {@link fakeIo}. */
export interface FakeIoOptions {
  readonly stdoutTTY?: boolean;
  readonly stderrTTY?: boolean;
  /** The environment `runCli` sees (default: empty). */
  readonly env?: Record<string, string>;
}

/** Streams for `runCli` that keep what is written; `out()` and `err()` read it back. */
export function fakeIo(options: FakeIoOptions = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { isTTY: options.stdoutTTY ?? false, write: (text: string) => (out += text) },
    stderr: { isTTY: options.stderrTTY ?? false, write: (text: string) => (err += text) },
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}

/** Runs `runCli` in this process with an empty environment and no terminal, capturing stdout and stderr. */
export async function tier2InProcess(args: readonly string[]): Promise<CapturedRun> {
  const io = fakeIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A scratch folder of one test file. */
export interface Scratch {
  /** The folder. */
  readonly dir: string;
  /** Writes `text` to `name` in the folder and returns its path. */
  readonly file: (name: string, text: string) => string;
  /** Deletes the folder and everything in it. */
  readonly remove: () => void;
}

/** Makes a fresh scratch folder under the system's temporary folder, its name starting with `prefix`. */
export function scratch(prefix: string): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: (): void => rmSync(dir, { recursive: true, force: true }),
  };
}
