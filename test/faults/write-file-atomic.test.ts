/**
 * The one module every product file write goes through: whole or not at all.
 * Faults are injected three ways: content that fails half-way (in process), a
 * file-size limit (`ulimit -f`, in a subprocess) and a target that cannot be
 * replaced.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWriteError, writeFileAtomic, writeFileAtomicSync } from '../../src/io/write-file-atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'tier2-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function folder(): string {
  count += 1;
  const path = join(dir, `case-${count}`);
  mkdirSync(path);
  return path;
}

function* failingHalfWay(): Generator<string> {
  yield 'x'.repeat(3 << 20);
  throw new Error('the producer failed');
}

async function* failingHalfWayAsync(): AsyncGenerator<string> {
  yield await Promise.resolve('x'.repeat(3 << 20));
  throw new Error('the producer failed');
}

describe.each([
  ['writeFileAtomicSync', (file: string, content: Iterable<string> | string) => new Promise<void>((resolve) => resolve(writeFileAtomicSync(file, content)))],
  ['writeFileAtomic', (file: string, content: Iterable<string> | string) => writeFileAtomic(file, content)],
] as const)('%s', (_name, write) => {
  it('writes the content whole, creating missing parent folders', async () => {
    const base = folder();
    const file = join(base, 'reports', 'ci', 'out.txt');
    await write(file, ['a', 'é', '😀'.repeat(1 << 19), 'z']);
    expect(readFileSync(file, 'utf8')).toBe(`aé${'😀'.repeat(1 << 19)}z`);
    expect(readdirSync(join(base, 'reports', 'ci'))).toEqual(['out.txt']);
  });

  it('leaves the old file and no temporary file when the write fails half-way, and names the file', async () => {
    const base = folder();
    const file = join(base, 'golden.json');
    writeFileSync(file, 'old content\n');
    const error = await write(file, failingHalfWay()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as Error).message).toBe(`cannot write '${file}': the producer failed (writing); the file was left as it was`);
    expect(readFileSync(file, 'utf8')).toBe('old content\n');
    expect(readdirSync(base)).toEqual(['golden.json']);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const base = folder();
    const file = join(base, 'run.sh');
    writeFileSync(file, 'old');
    chmodSync(file, 0o750);
    await write(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o750);
  });

  it('writes through a symbolic link, which stays a link', async () => {
    const base = folder();
    mkdirSync(join(base, 'real'));
    writeFileSync(join(base, 'real', 'report.xml'), 'old');
    symlinkSync(join(base, 'real', 'report.xml'), join(base, 'link.xml'));
    await write(join(base, 'link.xml'), 'new');
    expect(lstatSync(join(base, 'link.xml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(base, 'real', 'report.xml'), 'utf8')).toBe('new');
    expect(readdirSync(join(base, 'real'))).toEqual(['report.xml']);
  });

  it('names the file when the target cannot be replaced (a folder is in the way)', async () => {
    const base = folder();
    const file = join(base, 'junit.xml');
    mkdirSync(file);
    writeFileSync(join(file, 'keep'), 'kept');
    const error = await write(file, 'new').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).message).toMatch(
      new RegExp(`^cannot write '${file}': EISDIR: .* \\(replacing the old file\\); the file was left as it was$`),
    );
    expect((error as FileWriteError).code).toBe('EISDIR');
    expect(readFileSync(join(file, 'keep'), 'utf8')).toBe('kept');
    expect(readdirSync(base)).toEqual(['junit.xml']);
  });
});

it('writeFileAtomic also takes an async iterable, and cleans up when it fails', async () => {
  const base = folder();
  const file = join(base, 'out.json');
  writeFileSync(file, 'old');
  await expect(writeFileAtomic(file, failingHalfWayAsync())).rejects.toThrow(`cannot write '${file}': the producer failed (writing)`);
  expect(readFileSync(file, 'utf8')).toBe('old');
  expect(readdirSync(base)).toEqual(['out.json']);
});

describe('under a file-size limit (ulimit -f), in a subprocess', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  it('fails with EFBIG naming the file, and the old file survives whole', () => {
    const base = folder();
    const file = join(base, 'big.txt');
    writeFileSync(file, 'old content\n');
    // Bundle the module for plain Node with the esbuild that tsup uses, then run it under a 64 KiB limit.
    const bundle = join(base, 'atomic.mjs');
    const esbuild = spawnSync(
      join(root, 'node_modules', '.bin', 'esbuild'),
      [join(root, 'src/io/write-file-atomic.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`],
      { encoding: 'utf8' },
    );
    expect(esbuild.status, esbuild.stderr).toBe(0);
    const script = `import { writeFileAtomicSync } from ${JSON.stringify(bundle)};
try { writeFileAtomicSync(${JSON.stringify(file)}, 'y'.repeat(1 << 20)); } catch (error) { console.log(error.message); process.exitCode = 3; }`;
    const run = spawnSync('sh', ['-c', `ulimit -f 64; exec "${process.execPath}" --input-type=module -e '${script.replace(/'/g, "'\\''")}'`], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout.trim()).toBe(`cannot write '${file}': EFBIG: file too large (writing); the file was left as it was`);
    expect(readFileSync(file, 'utf8')).toBe('old content\n');
    expect(readdirSync(base).sort()).toEqual(['atomic.mjs', 'big.txt']);
  });
});
