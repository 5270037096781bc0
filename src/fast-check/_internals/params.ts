/**
 * Params shaped for each built-in mission, and generic JSON params for the
 * rest. Invalid values (the ones a template must reject with a documented
 * error) appear only when asked for.
 */
import * as fc from 'fast-check';
import { BUILTIN_MISSIONS } from '../../runtime/builtin-missions.js';
import type { JsonObject, JsonValue } from '../../data/json.js';
import type { MissionRegistry } from '../../runtime/registry.js';
import { MAX_TOTAL_STEPS } from '../../runtime/anti-failure.js';
import { finiteNumber, jsonObjectArbitrary, omitKeys, text, type ResolvedJson } from './json.js';

/** Integer upper bounds: mostly around the limits (negative, in range, above), sometimes huge. */
const boundValue: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: MAX_TOTAL_STEPS + 3 }), weight: 6 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER), weight: 1 },
);

/** Values a template expecting an integer must reject. */
function notAnInteger(json: ResolvedJson): fc.Arbitrary<JsonValue> {
  return fc.oneof(
    finiteNumber.filter((value) => !Number.isInteger(value)),
    text(json.maxStringLength),
    fc.constantFrom<JsonValue>(null, true, false, '3', [], {}),
  );
}

/** Values a template expecting a string (or nothing) must reject; `null` is a value, not "nothing". */
function notAString(): fc.Arbitrary<JsonValue> {
  return fc.oneof(finiteNumber, fc.boolean(), fc.constantFrom<JsonValue>(null, [], {}, ['all']));
}

function withInvalid<T extends JsonValue>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<JsonValue>, invalidValues: boolean): fc.Arbitrary<JsonValue> {
  return invalidValues ? fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: invalid, weight: 1 }) : valid;
}

/** Known keys (each optional) plus, sometimes, extra keys the template ignores. */
function shaped(fields: Record<string, fc.Arbitrary<JsonValue>>, json: ResolvedJson): fc.Arbitrary<JsonObject> {
  const known = fc.record(fields, { requiredKeys: [] });
  const extra = fc.oneof(
    { arbitrary: fc.constant({}), weight: 3 },
    { arbitrary: jsonObjectArbitrary({ ...json, maxDepth: Math.min(json.maxDepth, 2) }), weight: 1 },
  );
  const names = Object.keys(fields);
  return fc.tuple(known, extra).map(([given, more]) => ({ ...omitKeys(more, names), ...given }) as JsonObject);
}

/** The params arbitrary of a mission. */
export function paramsFor(mission: string, isBuiltin: boolean, json: ResolvedJson, invalidValues: boolean): fc.Arbitrary<JsonObject> {
  if (isBuiltin && mission === 'daily_loop') {
    return shaped(
      {
        requested_steps: withInvalid(boundValue, notAnInteger(json), invalidValues),
        requested_human_steps: withInvalid(boundValue, notAnInteger(json), invalidValues),
      },
      json,
    );
  }
  if (isBuiltin && mission === 'run_tests') {
    const target = fc.oneof(
      { arbitrary: fc.constantFrom('all', 'unit', 'e2e', 'src/orchestrator'), weight: 1 },
      { arbitrary: text(json.maxStringLength), weight: 2 },
    );
    // Leaving `target` out means 'all'; `null` is refused like any other non-string (notAString).
    return shaped({ target: withInvalid(target, notAString(), invalidValues) }, json);
  }
  // `echo` and custom missions: any JSON object.
  return jsonObjectArbitrary(json);
}

/** True when the registry's mission of that name is the built-in one (a registry made with `base: null` may reuse the name). */
export function isBuiltin(registry: MissionRegistry, name: string): boolean {
  return BUILTIN_MISSIONS.some((mission) => mission.name === name && registry.get(name) === mission);
}
