/**
 * Sharding a suite over CI jobs: which shard a scenario belongs to.
 *
 * A scenario belongs to shard `i` of `n` by its name alone, never by its
 * position: `1 + (the first 8 bytes of SHA-256(UTF-8 of the name), read as a
 * big-endian unsigned integer) mod n`. So adding, removing or reordering
 * scenarios moves no other scenario, every platform and Node version agrees,
 * and a shard may be empty. An expectation goes to the shard of the scenario
 * it names (even one the suite lacks), so each shard judges its own scenarios.
 */
import { createHash } from 'node:crypto';
import { DefinitionError } from '../data/errors.js';
import { describeValue } from '../data/json.js';

/** One shard of `count`: `index` is 1-based, as in `--shard 2/4`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** The largest shard count accepted (far more CI jobs than any matrix allows). */
export const MAX_SHARD_COUNT = 1024;

/** The name of the partition function, recorded in part files so a future change cannot mix silently. */
export const PARTITION = 'sha256-utf8-name-first-8-bytes-mod-n';

const SPEC = /^([1-9][0-9]*)\/([1-9][0-9]*)$/;

/**
 * Parses `i/n` (1 <= i <= n <= 1024).
 *
 * @throws DefinitionError naming `where` and what is allowed.
 * @example
 * ```ts
 * parseShardSpec('2/4'); // { index: 2, count: 4 }
 * ```
 */
export function parseShardSpec(text: unknown, where = 'shard'): ShardSpec {
  const match = typeof text === 'string' ? SPEC.exec(text) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index > count || count > MAX_SHARD_COUNT) {
    // The spec is the whole input: `where` says whose it is (the path is empty).
    throw new DefinitionError({
      code: typeof text === 'string' ? 'invalid_value' : 'wrong_type',
      subject: where,
      problem: `expected 'i/n' with 1 <= i <= n <= ${MAX_SHARD_COUNT} (e.g. '2/4'), got ${typeof text === 'string' ? `'${text}'` : describeValue(text)}`,
    });
  }
  return Object.freeze({ index, count });
}

/**
 * The shard (1-based) of `count` that the scenario named `name` belongs to.
 * Lone surrogates in a name are encoded as U+FFFD, as UTF-8 requires.
 *
 * @example
 * ```ts
 * scenarioShard('smoke', 4); // the same number on every machine, whatever else the suite holds
 * ```
 */
export function scenarioShard(name: string, count: number): number {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARD_COUNT) {
    const problem = `expected an integer from 1 to ${MAX_SHARD_COUNT}, got ${describeValue(count)}`;
    throw new DefinitionError({ code: typeof count === 'number' ? 'invalid_value' : 'wrong_type', subject: 'scenarioShard', segments: ['count'], problem });
  }
  if (typeof name !== 'string') {
    throw new DefinitionError({ code: 'wrong_type', subject: 'scenarioShard', segments: ['name'], problem: `expected a string, got ${describeValue(name)}` });
  }
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1;
}

/** Whether the scenario named `name` belongs to `shard`. */
export function inShard(name: string, shard: ShardSpec): boolean {
  return scenarioShard(name, shard.count) === shard.index;
}
