/**
 * SHA-256 of canonical text: of one value ({@link stableHash}), and of text given in pieces, for the result hashes
 * (`scenario_hash`, `suite_hash`, `test_run_hash`), whose text is assembled from the texts of their parts and never
 * joined into one string ({@link TextChunks}, {@link CanonicalHasher}). The text itself is written by `canonical.ts`.
 */
import { createHash, hash as oneShotHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/** SHA-256 hex digest of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Pieces of canonical text at least this long are kept as they are; shorter
 * ones are joined into chunks of about this size. Joining saves a hash call
 * per piece; keeping long pieces apart means a text shared by many results
 * (a scenario's state in each mission's `final_state`) is never copied.
 */
const CHUNK_CHARS = 1 << 16;

/**
 * Internal (not for users; not covered by semver): Canonical text as a list of chunks: result texts are assembled
 * from the texts of their parts, never joined into one string (a suite's text
 * can exceed the engine's string limit), and hashed chunk by chunk.
 */
export class TextChunks {
  readonly #chunks: string[] = [];
  #current = '';

  /** Appends a piece of canonical text. */
  add(text: string): void {
    if (text.length >= CHUNK_CHARS) {
      if (this.#current !== '') this.#chunks.push(this.#current);
      this.#current = '';
      this.#chunks.push(text);
      return;
    }
    this.#current += text;
    if (this.#current.length >= CHUNK_CHARS) {
      this.#chunks.push(this.#current);
      this.#current = '';
    }
  }

  /** Appends chunks made by another builder. */
  addAll(chunks: readonly string[]): void {
    for (const chunk of chunks) this.add(chunk);
  }

  /** The chunks, in order; the builder must not be used afterwards. */
  finish(): string[] {
    if (this.#current !== '') this.#chunks.push(this.#current);
    this.#current = '';
    return this.#chunks;
  }
}

/**
 * Internal (not for users; not covered by semver): SHA-256 of canonical text
 * given piece by piece. Small pieces are gathered into batches of about
 * {@link CHUNK_CHARS} characters before they reach the hash (one native call
 * per batch, not per piece); pieces of that size or more go in as they are, so
 * a text shared by many results is never copied and the whole text never has
 * to fit in one string. Canonical text is ASCII only (everything else is
 * escaped), so its Latin-1 bytes are its UTF-8 bytes.
 */
export class CanonicalHasher {
  #hash: Hash | undefined;
  #batch = '';

  /** Appends a piece of canonical text. */
  add(text: string): void {
    if (text.length >= CHUNK_CHARS) {
      this.#flush();
      this.#update(text);
      return;
    }
    this.#batch += text;
    if (this.#batch.length >= CHUNK_CHARS) this.#flush();
  }

  /** Appends pieces in order. */
  addAll(texts: readonly string[]): void {
    for (const text of texts) this.add(text);
  }

  /** The hex digest; the hasher must not be used afterwards. */
  digest(): string {
    // A text that fit in one batch is hashed in one call, without a Hash object.
    if (this.#hash === undefined) return oneShotHash('sha256', this.#batch, 'hex');
    this.#flush();
    return this.#hash.digest('hex');
  }

  #update(text: string): void {
    this.#hash ??= createHash('sha256');
    this.#hash.update(text, 'latin1');
  }

  #flush(): void {
    if (this.#batch === '') return;
    this.#update(this.#batch);
    this.#batch = '';
  }
}

/** Internal (not for users; not covered by semver): SHA-256 (hex) of canonical text given as pieces ({@link CanonicalHasher}). */
export function hashCanonicalChunks(chunks: Iterable<string>): string {
  const hasher = new CanonicalHasher();
  for (const chunk of chunks) hasher.add(chunk);
  return hasher.digest();
}

/**
 * SHA-256 (hex) of the UTF-8 bytes of `canonicalJson(value)`.
 *
 * @example
 * ```ts
 * stableHash({ a: 1 }) === stableHash({ a: 1 }); // true, whatever the key order
 * ```
 */
export function stableHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
