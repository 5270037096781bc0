/** Shared test helpers. */
import { createHash } from 'node:crypto';

export * from '../src/index.js';

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * SHA-256 of sorted-key `JSON.stringify`: an implementation independent of
 * `canonicalJson`, equal to it for ASCII text, safe integers and booleans -
 * which is all the tests that use it hash.
 */
export function sha256ForTest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeysDeep(value)), 'utf8')
    .digest('hex');
}
