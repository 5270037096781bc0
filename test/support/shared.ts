/**
 * Files of the product's shared directory (`../shared` beside this checkout:
 * the spec and the reference implementation's conformance vectors), read
 * with an error that says what is missing and where it must be.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/shared.ts). */
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The text of `file` (a path inside the shared directory), or an error
 * naming the missing path and how to provide it, instead of a raw ENOENT.
 */
export function readSharedFile(file: string, sharedDir: string = fileURLToPath(new URL('../../../shared', import.meta.url))): string {
  const path = `${sharedDir.replace(/\/$/, '')}/${file}`;
  if (!existsSync(path)) {
    throw new Error(
      `${file} was not found at ${path}. The conformance test reads the reference implementation's vectors from the shared ` +
        `directory, which must sit beside this checkout (${root} and ../shared next to each other): clone or copy it there ` +
        `and run again. Every other test runs without it.`,
    );
  }
  return readFileSync(path, 'utf8');
}
