/**
 * The one environment variable that replays a failure: `TIER2_FC_REPLAY`,
 * read once when a fuzz helper resolves its options.
 */
import { DefinitionError } from '../../data/errors.js';

/**
 * The name of the replay variable.
 *
 * @example
 * ```sh
 * TIER2_FC_REPLAY='{"mission":"tally","seed":2026,"path":"6:3:0"}' npx vitest run
 * ```
 */
export const REPLAY_ENV = 'TIER2_FC_REPLAY';

/** What the replay variable asks for. */
export interface ReplayRequest {
  /** Only this mission replays (absent: every fuzzed mission of the process). */
  readonly mission?: string;
  readonly seed: number;
  readonly path?: string;
}

const SHORT_FORM = /^(-?\d+)(?::(\d+(?::\d+)*))?$/;
const PATH = /^\d+(?::\d+)*$/;

function invalid(value: string, problem: string): DefinitionError {
  return new DefinitionError({
    code: 'invalid_value',
    segments: [REPLAY_ENV],
    problem: `${problem}; expected '{"mission":"<name>","seed":<integer>,"path":"<n:n:...>"}' (mission and path optional) or '<seed>:<path>', got '${value}'`,
  });
}

/**
 * Parses a value of the replay variable; `undefined` when it is unset or blank.
 *
 * @throws DefinitionError naming the variable and both accepted forms.
 * @example
 * ```ts
 * parseReplay('2026:6:3:0'); // { seed: 2026, path: '6:3:0' }
 * parseReplay('{"mission":"tally","seed":2026}'); // { mission: 'tally', seed: 2026 }
 * ```
 */
export function parseReplay(value: string | undefined): ReplayRequest | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  const short = SHORT_FORM.exec(text);
  if (short) {
    const seed = Number(short[1]);
    if (!Number.isSafeInteger(seed)) throw invalid(value, 'the seed is not a safe integer');
    return Object.freeze(short[2] === undefined ? { seed } : { seed, path: short[2] });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid(value, 'it is neither JSON nor <seed>:<path>');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid(value, 'the JSON is not an object');
  const { mission, seed, path } = data as Record<string, unknown>;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw invalid(value, '"seed" must be an integer');
  if (path !== undefined && (typeof path !== 'string' || !PATH.test(path))) throw invalid(value, '"path" must be a string of integers separated by ":"');
  if (mission !== undefined && typeof mission !== 'string') throw invalid(value, '"mission" must be a string');
  return Object.freeze({ ...(mission === undefined ? {} : { mission }), seed, ...(path === undefined ? {} : { path }) });
}

/** Reads and parses the variable (once per call; callers resolve options once). */
export function readReplay(): ReplayRequest | undefined {
  const env = typeof process === 'object' && process !== null ? process.env : undefined;
  return parseReplay(env?.[REPLAY_ENV]);
}

/** The variable's value that replays one mission's failure. */
export function replayValue(mission: string, seed: number, path: string | undefined): string {
  return JSON.stringify({ mission, seed, ...(path === undefined ? {} : { path }) });
}
