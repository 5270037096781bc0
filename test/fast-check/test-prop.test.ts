/**
 * The property form works with @fast-check/vitest's `test.prop`: the
 * arbitrary and the predicate are exported separately.
 */
import { fc, test } from '@fast-check/vitest';
import { createRegistry, defineMission, runSuite } from 'tier2-harness';
import { missionInput, missionPredicate, parseReplay, suiteDefinition } from 'tier2-harness/fast-check';
import { describe, expect, it } from 'vitest';

describe('with @fast-check/vitest', () => {
  test.prop([missionInput('daily_loop')], { numRuns: 300 })('daily_loop keeps its invariants', missionPredicate('daily_loop'));

  test.prop([missionInput('run_tests'), missionInput('echo')], { numRuns: 100 })('run_tests and echo keep theirs', (a, b) => {
    missionPredicate('run_tests')(a);
    missionPredicate('echo')(b);
  });

  test.prop([suiteDefinition({ maxScenarios: 2 })], { numRuns: 50 })('suites run twice to the same hash', (suite) => {
    expect(runSuite(suite).metadata.suiteHash).toBe(runSuite(suite).metadata.suiteHash);
  });

  it('the same arbitrary and predicate find a planted bug through fc.check', () => {
    const bad = defineMission({
      name: 'bad',
      build: (params) => ({ id: 'wf', steps: params.human === true ? [1, 2, 3].map((i) => ({ id: `h${i}`, kind: 'human' as const })) : [] }),
    });
    const registry = createRegistry([bad]);
    const details = fc.check(
      fc.property(missionInput('bad', { registry, params: fc.record({ human: fc.boolean() }) }), missionPredicate('bad', { registry })),
      { seed: 4 },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0].params).toEqual({ human: true });
  });
});

describe('parseReplay', () => {
  it('reads both forms and nothing from a blank value', () => {
    expect(parseReplay(undefined)).toBeUndefined();
    expect(parseReplay('  ')).toBeUndefined();
    expect(parseReplay('-5:1:0')).toEqual({ seed: -5, path: '1:0' });
    expect(parseReplay('17')).toEqual({ seed: 17 });
    expect(parseReplay('{"mission":"echo","seed":3,"path":"2"}')).toEqual({ mission: 'echo', seed: 3, path: '2' });
    expect(parseReplay('{"seed":3}')).toEqual({ seed: 3 });
  });

  it('says what is wrong and what is allowed', () => {
    expect(() => parseReplay('[1]')).toThrow(
      /^TIER2_FC_REPLAY: the JSON is not an object; expected '\{"mission":"<name>","seed":<integer>,"path":"<n:n:...>"\}'/,
    );
    expect(() => parseReplay('{"seed":1,"path":"a:b"}')).toThrow(/"path" must be a string of integers separated by ":"/);
    expect(() => parseReplay('{"seed":1,"mission":2}')).toThrow(/"mission" must be a string/);
  });
});
