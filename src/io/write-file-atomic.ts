/**
 * Whole-or-nothing file writes, for every file the product writes (golden
 * files, JUnit reports, any other report file).
 *
 * The content goes to a temporary file in the target's own folder (so the final
 * rename stays on one file system and is atomic), is flushed to disk (`fsync`),
 * then renamed over the target. If anything fails on the way (file-size limit,
 * full disk, read-only folder), the temporary file is removed, the old target is
 * untouched, and the error names the target. A target that is a symbolic link
 * is written through the link (the link stays a link); an existing target keeps
 * its permission bits.
 *
 * Why not the `write-file-atomic` package: its current major needs Node 22, it
 * takes the content as one string or Buffer (our reports can exceed the engine's
 * string limit, so they are written in chunks), and it registers process-wide
 * signal handlers on load, which would change signal handling inside the test
 * runner workers where the matchers write golden files. What we need fits here.
 *
 * @internal Not part of the public API.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Content to write: one string, or strings in order (for content larger than one string may be). */
export type FileContent = string | Iterable<string>;

/** A write that did not happen; the target is as it was. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  /** The target file, as given. */
  readonly file: string;
  /** The system error code (`EFBIG`, `ENOSPC`, `EACCES`, ...), if there was one. */
  readonly code: string | undefined;

  constructor(file: string, step: string, cause: unknown) {
    const code = systemCode(cause);
    super(`cannot write '${file}': ${reasonOf(cause)} (${step}); the file was left as it was`, { cause });
    this.file = file;
    this.code = code;
  }
}

function systemCode(error: unknown): string | undefined {
  const code: unknown = typeof error === 'object' && error !== null ? Object.getOwnPropertyDescriptor(error, 'code')?.value : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** `EACCES: permission denied` from Node's `EACCES: permission denied, open '/x/.y.tmp'` (the temporary path means nothing to the user). */
function reasonOf(error: unknown): string {
  const message: unknown = error instanceof Error ? Object.getOwnPropertyDescriptor(error, 'message')?.value : undefined;
  if (typeof message !== 'string') return 'unknown error';
  return message.replace(/, [a-z]+(?: '[^']*')?(?: -> '[^']*')?$/, '');
}

/** Temporary files being written now, removed by {@link removePendingTempFiles} on a signal. */
const pending = new Set<string>();
let counter = 0;

/** Where a write to `file` really goes: through a symbolic link to its target, else the path itself. */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function tempPathFor(target: string): string {
  counter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${threadId}.${counter}.tmp`);
}

/** The permission bits of an existing target, so a rewrite does not change them. */
function existingMode(target: string): number | undefined {
  try {
    return statSync(target).mode & 0o7777;
  } catch {
    return undefined;
  }
}

const PIECE = 1 << 20;

/** The content as UTF-8 buffers of about 1 MiB, never splitting a surrogate pair. */
function* buffersOf(content: FileContent): Generator<Buffer> {
  for (const text of typeof content === 'string' ? [content] : content) {
    for (let start = 0; start < text.length;) {
      let end = Math.min(text.length, start + PIECE);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      yield Buffer.from(text.slice(start, end), 'utf8');
      start = end;
    }
  }
}

function removeQuietly(path: string): void {
  pending.delete(path);
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the folder became unwritable: nothing more can be done.
  }
}

/**
 * Writes `content` to `file` whole or not at all (see the module comment).
 * Missing parent folders are created.
 *
 * @throws FileWriteError naming `file`; the target is then unchanged and no temporary file is left.
 * @example
 * ```ts
 * writeFileAtomicSync('__tier2__/a.test.ts.json', `${JSON.stringify(entries, null, 2)}\n`);
 * ```
 */
export function writeFileAtomicSync(file: string, content: FileContent): void {
  let step = 'creating its folder';
  let temp: string | undefined;
  let fd: number | undefined;
  try {
    const target = resolveTarget(file);
    mkdirSync(dirname(target), { recursive: true });
    step = 'creating a temporary file beside it';
    temp = tempPathFor(target);
    const mode = existingMode(target);
    // Registered before it exists: a signal handled right after the open must find it.
    pending.add(temp);
    fd = openSync(temp, 'wx', 0o666);
    if (mode !== undefined) chmodSync(temp, mode);
    step = 'writing';
    for (const buffer of buffersOf(content)) {
      for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    }
    step = 'flushing to disk';
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    step = 'replacing the old file';
    renameSync(temp, target);
    pending.delete(temp);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // The descriptor is unusable; the file is removed below anyway.
      }
    }
    if (temp !== undefined) removeQuietly(temp);
    throw new FileWriteError(file, step, error);
  }
}

/**
 * The asynchronous form of {@link writeFileAtomicSync}: between chunks the event
 * loop runs, so a signal handler (see {@link removingTempFilesOnSignal}) can
 * remove the temporary file when the process is interrupted.
 *
 * @throws FileWriteError naming `file`.
 */
export async function writeFileAtomic(file: string, content: FileContent | AsyncIterable<string>): Promise<void> {
  let step = 'creating its folder';
  let temp: string | undefined;
  let handle: fsp.FileHandle | undefined;
  try {
    const target = resolveTarget(file);
    await fsp.mkdir(dirname(target), { recursive: true });
    step = 'creating a temporary file beside it';
    temp = tempPathFor(target);
    const mode = existingMode(target);
    // Registered before it exists: a signal handled between the open and its continuation must find it.
    pending.add(temp);
    handle = await fsp.open(temp, 'wx', 0o666);
    if (mode !== undefined) await handle.chmod(mode);
    step = 'writing';
    const pieces: AsyncIterable<string> | Iterable<string> = typeof content === 'string' ? [content] : content;
    for await (const text of pieces) {
      for (const buffer of buffersOf(text)) {
        for (let offset = 0; offset < buffer.length;) offset += (await handle.write(buffer, offset, buffer.length - offset)).bytesWritten;
      }
    }
    step = 'flushing to disk';
    await handle.sync();
    await handle.close();
    handle = undefined;
    step = 'replacing the old file';
    await fsp.rename(temp, target);
    pending.delete(temp);
  } catch (error) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (temp !== undefined) removeQuietly(temp);
    throw new FileWriteError(file, step, error);
  }
}

/** Removes every temporary file a write has not finished with (for signal handlers). */
export function removePendingTempFiles(): void {
  for (const path of [...pending]) removeQuietly(path);
}

const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work` (which writes files with {@link writeFileAtomic}) so that an
 * interrupting signal removes the unfinished temporary files, then ends the
 * process by that same signal (exit status 128 + its number, as without the
 * handler). The targets keep their old content. If something else also listens
 * for the signal, the process is left to it after the clean-up.
 *
 * @example
 * ```ts
 * await removingTempFilesOnSignal(() => writeFileAtomic('reports/junit.xml', xml));
 * ```
 */
export async function removingTempFilesOnSignal<T>(work: () => Promise<T>): Promise<T> {
  const detach = (): void => {
    for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    removePendingTempFiles();
    detach();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal);
  try {
    return await work();
  } finally {
    detach();
  }
}
