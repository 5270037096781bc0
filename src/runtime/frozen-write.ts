/**
 * Whether a value thrown by user code (an operation or a mission template) is
 * the engine refusing a write to a frozen object: the inputs handed to user
 * code are deep-frozen, so this means "tried to mutate its input".
 *
 * The JavaScript engine gives such a TypeError no code, only its own wording
 * ("Cannot assign to read only property", "object is not extensible", ...), so
 * this is the one place that reads an engine's message. The runtime records the
 * answer as data (`code: 'mutated_input'` on the error it throws); nothing reads
 * tier2-harness's own messages to decide anything.
 *
 * @internal Not part of the public API.
 */
import type { ThrownDescription } from '../data/describe-thrown.js';

const ENGINE_FROZEN_WRITE = /read[- ]only|not extensible|Cannot (assign|add|delete|define|redefine)|frozen/i;

/** True for a TypeError whose (engine) message says a frozen object refused a write. */
export function isFrozenWrite(thrown: ThrownDescription): boolean {
  return thrown.isError && thrown.name === 'TypeError' && ENGINE_FROZEN_WRITE.test(thrown.message);
}
