/**
 * Rewording a message changes no behaviour (#16). Every DefinitionError and
 * ConfigError message is built by one renderer; here that renderer is replaced
 * by one that says something else entirely, and every place that used to decide
 * by reading message text (config.ts's prefix strip, determinism.ts's
 * `canonicalJson:` check, the CLI's path-text parsing, mission.ts's
 * `includes('human')`, fast-check's mutation regex) still decides the same.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  ConfigError,
  DefinitionError,
  checkDeterminism,
  createRegistry,
  defineMission,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runMission,
  type AntiFailurePlanningError,
  type StepDefinition,
} from 'tier2-harness';
import { checkMission } from 'tier2-harness/fast-check';
import { parseConfigText } from '../../src/cli/load/load-config.js';
import type * as ErrorMessage from '../../src/data/error-message.js';
import { thrown } from '../robustness/helpers.js';

const REWORDED = 'reworded: nothing of the old text is left';

vi.mock('../../src/data/error-message.js', async (importOriginal) => {
  const original = await importOriginal<typeof ErrorMessage>();
  return { ...original, renderErrorMessage: (): string => REWORDED };
});

function steps(kinds: readonly ('runtime' | 'human')[]): StepDefinition[] {
  return kinds.map((kind, index) => ({ id: `s${index}`, kind }));
}

describe('with every DefinitionError and ConfigError message reworded', () => {
  it('the renderer is really replaced', () => {
    const error = thrown(() => parseSuiteDefinition({ scenarios: [] })) as ConfigError;
    expect(error.message).toBe(REWORDED);
    expect(error.problem).toBe('required field is missing; expected a string');
  });

  it('a config value that is not JSON data keeps its problem and location (config.ts stripped a message prefix)', () => {
    const error = thrown(() =>
      parseExpectationsDefinition({ expectations: [{ id: 'e', scenario_name: 's', mission_name: 'm', path: 'x', op: 'eq', expected: NaN }] }),
    ) as ConfigError;
    expect(ConfigError.isConfigError(error)).toBe(true);
    expect(error.code).toBe('not_json');
    expect(error.location).toBe('expectations[0].expected');
    expect(error.problem).toBe('NaN is not a finite number (allowed: null, booleans, finite numbers, strings, arrays and plain objects)');
  });

  it('checkDeterminism still refuses a subject whose value is not JSON data (determinism.ts read a "canonicalJson:" prefix)', () => {
    const error = thrown(() => checkDeterminism(() => new Map()));
    expect(DefinitionError.isDefinitionError(error)).toBe(true);
    expect((error as DefinitionError).code).toBe('not_json');
    expect((error as DefinitionError).subject).toBe('checkDeterminism');
  });

  it('the CLI still finds the line of a config path (load-config.ts parsed the path text back)', () => {
    const loaded = parseConfigText('suite_name: s\nscenarios:\n  - scenario_name: a\n    missions:\n      - name: 5\n', 'suite.yaml');
    const error = thrown(() => parseSuiteDefinition(loaded.data)) as ConfigError;
    expect(error.message).toBe(REWORDED);
    const located = error.withFile(loaded.file, loaded.positionOf(error.segments));
    expect([located.line, located.column]).toEqual([5, 15]);
  });

  it('a template over the limits still names the rule it broke (mission.ts looked for "human" in the message)', () => {
    const registry = createRegistry([
      defineMission({ name: 'many', build: () => ({ id: 'many', steps: steps(['runtime', 'runtime', 'runtime', 'runtime', 'runtime', 'runtime']) }) }),
      defineMission({ name: 'humans', build: () => ({ id: 'humans', steps: steps(['human', 'human', 'human']) }) }),
    ]);
    const many = thrown(() => runMission('many', {}, {}, { registry })) as AntiFailurePlanningError;
    const humans = thrown(() => runMission('humans', {}, {}, { registry })) as AntiFailurePlanningError;
    expect([many.rule, humans.rule]).toEqual(['max_steps', 'max_human_steps']);
  });

  it('fast-check still reports a template that writes to its params as inputs_not_mutated (it ran a regex on the message)', () => {
    const registry = createRegistry([
      defineMission({
        name: 'marking',
        build: (params) => {
          if (typeof params.tag === 'string') (params as Record<string, unknown>).seen = true;
          return { id: 'wf-marking', steps: steps(['runtime']) };
        },
      }),
    ]);
    const report = checkMission('marking', { registry, params: fc.record({ tag: fc.string() }), seed: 1, runs: 20 });
    expect(report.status).toBe('failed');
    expect(report.status === 'failed' ? report.invariant : undefined).toBe('inputs_not_mutated');
  });
});
