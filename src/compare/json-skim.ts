/**
 * Reading a large JSON file a piece at a time. `tier2 compare` must compare
 * two results of 20,000 scenarios (about 180 MiB of JSON each) in seconds and
 * in bounded memory, so it never parses a whole file: this reader walks the
 * outer objects and lists byte by byte, and hands each member's value to the
 * caller as raw bytes (parsed with `JSON.parse` only where needed). Memory is
 * the largest single value plus one chunk, whatever the size of the file.
 *
 * It checks structure (brackets, commas, colons, strings), not every literal:
 * a value's bytes go through `JSON.parse` before anything reads them, and that
 * refuses a malformed number or literal.
 *
 * Hand-written rather than a streaming parser from npm: those build every
 * value token by token in JavaScript, where compare needs only where each
 * scenario's value begins and ends (one table look-up per byte) and its digest;
 * the few values it reads it leaves to the engine's `JSON.parse`. The cost is
 * in docs/performance.md ("tier2 compare").
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;

/** 1 for the bytes a value's scan must look at: quote, backslash and the four brackets. */
const SPECIAL = new Uint8Array(256);
for (const byte of [QUOTE, BACKSLASH, OPEN_OBJECT, CLOSE_OBJECT, OPEN_LIST, CLOSE_LIST]) SPECIAL[byte] = 1;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * A value's raw bytes and where they are in the file (`start` inclusive, `end`
 * exclusive). `bytes` is a view of the reader's buffer: use it before the next
 * read, or copy it.
 */
export interface RawValue {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** What went wrong where, for the caller to turn into its own error. */
export class SkimError extends Error {
  override readonly name = 'SkimError';
  constructor(
    readonly offset: number,
    problem: string,
  ) {
    super(`${problem} (at byte ${offset})`);
  }
}

/** Scan state of a value that may span several chunks. */
interface Scan {
  depth: number;
  inString: boolean;
  escaped: boolean;
}

/** The end of a number or literal: the first byte that cannot be part of one. */
function scanScalar(buf: Buffer, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const byte = buf[i] as number;
    if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_LIST || isSpace(byte)) return i;
  }
  return -1;
}

/** A forward-only reader of one JSON file. Close it with {@link JsonSkimmer.close}. */
export class JsonSkimmer {
  readonly #fd: number;
  #buf: Buffer = Buffer.alloc(CHUNK);
  /** File offset of `#buf[0]`. */
  #base = 0;
  #pos = 0;
  #end = 0;
  #eof = false;

  constructor(file: string) {
    this.#fd = openSync(file, 'r');
  }

  close(): void {
    closeSync(this.#fd);
  }

  /** The file offset of the next byte. */
  get offset(): number {
    return this.#base + this.#pos;
  }

  /** Reads more of the file, keeping the bytes from `keepFrom` on; false at the end of the file. */
  #fill(keepFrom: number): boolean {
    const keep = this.#end - keepFrom;
    if (keep === this.#buf.length) {
      const bigger = Buffer.alloc(this.#buf.length * 2);
      this.#buf.copy(bigger, 0, keepFrom, this.#end);
      this.#buf = bigger;
    } else if (keepFrom > 0) {
      this.#buf.copy(this.#buf, 0, keepFrom, this.#end);
    }
    this.#base += keepFrom;
    this.#pos -= keepFrom;
    this.#end = keep;
    if (this.#eof) return false;
    const read = readSync(this.#fd, this.#buf, this.#end, this.#buf.length - this.#end, null);
    if (read === 0) this.#eof = true;
    this.#end += read;
    return read > 0;
  }

  /** The next byte that is not white space (not consumed), or -1 at the end of the file. */
  peek(): number {
    for (;;) {
      while (this.#pos < this.#end) {
        const byte = this.#buf[this.#pos] as number;
        if (!isSpace(byte)) return byte;
        this.#pos += 1;
      }
      if (!this.#fill(this.#pos)) return -1;
    }
  }

  /** Consumes `byte` (after white space), or throws naming what was found instead. */
  expect(byte: number, what: string): void {
    const found = this.peek();
    if (found !== byte)
      throw new SkimError(this.offset, `expected ${what}, found ${found === -1 ? 'the end of the file' : JSON.stringify(String.fromCharCode(found))}`);
    this.#pos += 1;
  }

  /** Checks that nothing but white space is left. */
  expectEnd(): void {
    if (this.peek() !== -1) throw new SkimError(this.offset, 'unexpected data after the JSON value');
  }

  /** Reads the next value whole (after white space) and returns its bytes. */
  value(): RawValue {
    const first = this.peek();
    if (first === -1) throw new SkimError(this.offset, 'expected a value, found the end of the file');
    const start = this.#pos;
    const scan: Scan = { depth: 0, inString: false, escaped: false };
    // A scalar's first byte is never its end; a string's or a container's is where its scan starts.
    let at = first === QUOTE || first === OPEN_OBJECT || first === OPEN_LIST ? start : start + 1;
    let from = start;
    for (;;) {
      const done = this.#scan(scan, at, first);
      if (done !== -1) {
        this.#pos = done;
        return { bytes: this.#buf.subarray(from, done), start: this.#base + from, end: this.#base + done };
      }
      const scanned = this.#end - from;
      if (!this.#fill(from)) {
        // A scalar at the very end of the file ends there; anything else is cut short.
        if (!scan.inString && scan.depth === 0 && first !== QUOTE) {
          this.#pos = this.#end;
          return { bytes: this.#buf.subarray(0, this.#end), start: this.#base, end: this.#base + this.#end };
        }
        throw new SkimError(this.offset, 'the file ends inside a value');
      }
      from = 0;
      at = scanned;
    }
  }

  /**
   * Scans from `at`; returns the index just past the value, or -1 when the
   * buffer ends first (`scan` then holds where the scan stands). One loop turn
   * per byte, on local variables: this loop is most of compare's time.
   */
  #scan(scan: Scan, at: number, first: number): number {
    const buf = this.#buf;
    const end = this.#end;
    if (first !== QUOTE && first !== OPEN_OBJECT && first !== OPEN_LIST) return scanScalar(buf, at, end);
    const container = first !== QUOTE;
    let { depth, inString, escaped } = scan;
    for (let i = at; i < end; i++) {
      const byte = buf[i] as number;
      // Most bytes are neither quote, backslash nor bracket: one table look-up passes them (a third of the time of the tests below).
      if (SPECIAL[byte] === 0) {
        escaped = false;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (!container) return i + 1;
        }
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_LIST) depth += 1;
      else if ((byte === CLOSE_OBJECT || byte === CLOSE_LIST) && --depth === 0) return i + 1;
    }
    scan.depth = depth;
    scan.inString = inString;
    scan.escaped = escaped;
    return -1;
  }

  /** A string value (a key, a name). */
  string(): string {
    if (this.peek() !== QUOTE) throw new SkimError(this.offset, 'expected a string');
    return JSON.parse(this.value().bytes.toString('utf8')) as string;
  }

  /**
   * Walks the members of the object that comes next: `onMember(key)` must
   * consume exactly one value (with {@link value}, or by walking into it).
   */
  object(onMember: (key: string) => void): void {
    this.expect(OPEN_OBJECT, "'{'");
    if (this.peek() === CLOSE_OBJECT) {
      this.#pos += 1;
      return;
    }
    for (;;) {
      const key = this.string();
      this.expect(COLON, "':'");
      onMember(key);
      const next = this.peek();
      this.#pos += 1;
      if (next === CLOSE_OBJECT) return;
      if (next !== COMMA) throw new SkimError(this.offset - 1, "expected ',' or '}' after an object member");
    }
  }

  /** Walks the items of the list that comes next: `onItem(index)` must consume exactly one value. */
  list(onItem: (index: number) => void): void {
    this.expect(OPEN_LIST, "'['");
    if (this.peek() === CLOSE_LIST) {
      this.#pos += 1;
      return;
    }
    for (let index = 0; ; index++) {
      onItem(index);
      const next = this.peek();
      this.#pos += 1;
      if (next === CLOSE_LIST) return;
      if (next !== COMMA) throw new SkimError(this.offset - 1, "expected ',' or ']' after a list item");
    }
  }

  /** The next value's kind, from its first byte: 'object', 'list' or 'other'. */
  kind(): 'object' | 'list' | 'other' {
    const byte = this.peek();
    if (byte === OPEN_OBJECT) return 'object';
    if (byte === OPEN_LIST) return 'list';
    return 'other';
  }
}

/** Reads the bytes `[start, end)` of a file (a value found earlier by a {@link JsonSkimmer}). */
export function readRange(fd: number, start: number, end: number): Buffer {
  const bytes = Buffer.alloc(end - start);
  let done = 0;
  while (done < bytes.length) {
    const read = readSync(fd, bytes, done, bytes.length - done, start + done);
    if (read === 0) throw new Error(`the file ended before byte ${end}: it changed while being compared`);
    done += read;
  }
  return bytes;
}
