/**
 * Config files are UTF-8 text: decoded strictly (an invalid byte is an error
 * naming its offset, never replaced with U+FFFD), into one JavaScript string.
 */
import { constants } from 'node:buffer';
import { fileError } from './config-errors.js';

/**
 * The most UTF-16 code units one JavaScript string holds (the engine's limit:
 * 2^29 - 24 = 536,870,888 on 64-bit Node), so the most characters of a config file.
 */
export const MAX_TEXT_LENGTH = constants.MAX_STRING_LENGTH;

/** Why a file of `size` bytes is refused when its text cannot be one string. */
export function tooLongProblem(size: number): string {
  return (
    `the file is ${size} bytes, more text than one JavaScript string can hold (at most ${MAX_TEXT_LENGTH} UTF-16 code units, ` +
    `about ${Math.round(MAX_TEXT_LENGTH / 1024 / 1024)} MiB of ASCII text); split the suite into smaller files`
  );
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of UTF-8 bytes (a leading BOM is kept: the parser drops it).
 *
 * @throws ConfigError `syntax` for bytes that are not UTF-8, `too_large` for text longer than a string can be.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return fatalUtf8.decode(bytes);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_STRING_TOO_LONG') throw fileError('too_large', tooLongProblem(bytes.length), file, error);
    throw fileError('syntax', `not valid UTF-8 ${firstBadUtf8(bytes)}; config files must be UTF-8 text`, file, error);
  }
}

/** Where the first invalid UTF-8 sequence starts, for the message. */
function firstBadUtf8(bytes: Uint8Array): string {
  const decodes = (end: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // The shortest prefix that cannot be the start of UTF-8 text (an unfinished last character is allowed)...
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (decodes(mid + 1, true)) low = mid + 1;
    else high = mid;
  }
  // ...and the start of the sequence it breaks: the longest complete prefix before it.
  let start = Math.min(low, bytes.length);
  while (start > 0 && !decodes(start, false)) start -= 1;
  return `(byte 0x${(bytes[start] ?? 0).toString(16).padStart(2, '0')} at offset ${start})`;
}
