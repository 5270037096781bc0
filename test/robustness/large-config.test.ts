/**
 * Large legal config files load in time proportional to their size (issue 12):
 * the duplicate-key check is one pass with a Map per mapping, where the yaml
 * package's own check compared every key with every earlier one (60,000 keys
 * were still parsing after 20 s). No timing assertion here (timings live in
 * `npm run bench` and docs/guarantees.md); the generous timeout only stops a
 * quadratic regression from hanging the suite.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from 'tier2-harness';
import { parseConfigText } from '../../src/cli/load/load-config.js';

const KEYS = 100_000;
const GUARD_MS = 60_000;

const yamlMapping = (count: number): string => `state:\n${Array.from({ length: count }, (_, i) => `  key_${i}: ${i}`).join('\n')}\n`;
const jsonMapping = (count: number): string => `{"state": {\n${Array.from({ length: count }, (_, i) => `  "key_${i}": ${i}`).join(',\n')}\n}}`;

function problemOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(`a mapping of ${KEYS.toLocaleString('en')} keys`, () => {
  it(
    'loads from YAML',
    () => {
      const data = parseConfigText(yamlMapping(KEYS), 'big.yaml').data as { state: Record<string, number> };
      expect(Object.keys(data.state)).toHaveLength(KEYS);
      expect(data.state[`key_${KEYS - 1}`]).toBe(KEYS - 1);
    },
    GUARD_MS,
  );

  it(
    'loads from JSON',
    () => {
      const text = jsonMapping(KEYS);
      const loaded = parseConfigText(text, 'big.json');
      expect(Object.keys((loaded.data as { state: object }).state)).toHaveLength(KEYS);
      expect(loaded.positionOf(['state', `key_${KEYS - 1}`])).toEqual({ line: KEYS + 1, column: `  "key_${KEYS - 1}": `.length + 1 });
    },
    GUARD_MS,
  );

  it(
    'still reports a duplicate as its last key, with both lines (YAML and JSON)',
    () => {
      const yaml = problemOf(() => parseConfigText(`${yamlMapping(KEYS)}  key_0: again\n`, 'dup.yaml'));
      expect(yaml.message).toBe(
        `dup.yaml: line ${KEYS + 2}, column 3: duplicate key "key_0" (first at line 2, column 3); a key may appear only once in a mapping`,
      );
      const json = problemOf(() => parseConfigText(jsonMapping(KEYS).replace(/\n}}$/, ',\n  "key_0": 0\n}}'), 'dup.json'));
      expect(json.message).toBe(
        `dup.json: line ${KEYS + 2}, column 3: duplicate key "key_0" (first at line 2, column 3); a key may appear only once in an object`,
      );
    },
    GUARD_MS,
  );
});
