/**
 * The fast reader for plain block YAML (src/cli/load/yaml-fast.ts) is an
 * accelerator: whenever it returns data, the full parse (the `yaml` package
 * plus the loader's checks) must accept the same text and give exactly that
 * data, and the positions found from its lines (yaml-fast-positions.ts) must
 * be the full parse's, on every path. Each case compares the two; the full
 * parse is forced by a trailing comment holding a tab, which the fast reader
 * never handles and which changes nothing in YAML.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, stringify } from 'yaml';
import type { PathSegment } from '../../../src/data/error-message.js';
import { yamlFastPositionFinder } from '../../../src/cli/load/yaml-fast-positions.js';
import { documentPositionFinder } from '../../../src/cli/load/yaml-positions.js';
import { keepsInteger } from '../../../src/cli/load/integers.js';
import { parseConfigText } from '../../../src/cli/load/load-config.js';
import { readPlainBlockYaml } from '../../../src/cli/load/yaml-fast.js';

/** What the full parse makes of a text: its data, or the message and location of its error. */
function fullParse(text: string): { data: unknown } | { error: string } {
  try {
    return { data: parseConfigText(`${text}\n# \t forces the full parse\n`, 'input.yaml').data };
  } catch (error) {
    const { message, path } = error as { message: string; path?: string };
    return { error: `${message} @ ${String(path)}` };
  }
}

/** Every path of a value (the root's is []), each with a missing field and a missing item beyond it. */
function pathsOf(value: unknown, path: PathSegment[] = []): PathSegment[][] {
  const paths = [path, [...path, 'no such field'], [...path, 99], [...path, '0'], [...path, -1]];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  return paths;
}

/** The positions found from the fast reader's lines are the full parse's, for every path, at the value and at the key. */
function expectSamePositions(text: string, data: unknown): void {
  const lineCounter = new LineCounter();
  const full = documentPositionFinder(parseDocument(text, { lineCounter, uniqueKeys: false, version: '1.2', schema: 'core' }), lineCounter);
  const fast = yamlFastPositionFinder(text);
  for (const path of pathsOf(data)) {
    for (const key of [false, true]) expect(fast(path, { key }), `${JSON.stringify(path)} key: ${key}`).toEqual(full(path, { key }));
  }
}

/** The fast reader either declines, or agrees with the full parse exactly: data and positions. */
function expectAgreement(text: string): unknown {
  const fast = readPlainBlockYaml(text, keepsInteger);
  if (fast !== undefined) {
    expect({ data: fast }).toStrictEqual(fullParse(text));
    expectSamePositions(text, fast);
  }
  return fast;
}

const HANDLED: readonly string[] = [
  'a: 1\nb: -2\nc: +3\nd: 007\ne: -0\nf: 0o17\ng: 0x1F\nh: 1.5\ni: 1.\nj: .5\nk: 1e-7\nl: -3E+2\nm: 1.0',
  'a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: true\ng: True\nh: FALSE\ni: yes\nj: no\nk: on',
  `a: plain text\nb: "double quoted: with # and, commas"\nc: 'single ''quoted'''\nd: ""\ne: ''\nf: a:b\ng: a#b\nh: http://x/y`,
  'a: -x\nb: émoji 🎉 λ\nc: 2001-12-14\nd: 0b101\ne: 1_000\nf: +.5\ng: x  y',
  'a: []\nb: {}\nc:\n  - []\n  - {}',
  'list:\n  - a\n  - -1\n  -\n  - b\nindentless:\n- x\n- y\nafter: 1',
  'items:\n  - name: a\n    params:\n      x: 1\n  -   name: b\n      deep:\n        - k: v\n          m:\n          - 1\n  - c',
  '# a comment\n\nsuite_name: s   \n\n# another\nscenarios:\n    - scenario_name: x\n      missions: []\n',
  '$schema: ./x.json\nkey.with.dots: 1\nkey-with-dashes/and/slashes: 2\n_under: 3',
  'a:\n  b:\n    c:\n      d: 1\n  e: 2\nf: 3',
  'empty:   \nlist:\n  -   \n  -\n  - k:  \n    j:\nafter:\n# comment\n\nlast: 1',
  'a: 9007199254740992\nb: 1152921504606847000\nc: -9007199254740994\nd: 0x20000000000000\ne: x\u00a0',
];

const DECLINED: readonly string[] = [
  'a: &x 1\nb: *x',
  'base: &b\n  x: 1\nuse:\n  <<: *b',
  'a: !!str 1',
  'a: |\n  text',
  'a: >\n  folded',
  'a: "esc\\n"',
  'a: [1, 2]',
  'a: {b: 1}',
  'a: 1\na: 2',
  'a: 1\r\nb: 2',
  'a:\t1',
  '---\na: 1',
  '%YAML 1.2\n---\na: 1',
  'a: 1 # trailing comment',
  'a: multi\n  line',
  'a: 12345678901234567890',
  'a: 9007199254740993',
  'a: .inf',
  'a: .nan',
  'null: 1',
  'true: 1',
  '1: one',
  '"quoted key": 1',
  '__proto__: 1',
  '- top level list',
  'a: b: c',
  'a: - b',
  'a:\n  - - nested',
  'a:\n    b: 1\n  c: 2',
  'a: 1\n- b',
  'key : spaced',
  '',
  'just a scalar',
  'a: "unterminated',
  "a: 'bad'quote'",
  'a: --x',
  'a: \u2028',
];

describe('readPlainBlockYaml', () => {
  it.each(HANDLED)('reads plain block YAML exactly as the full parse does: %j', (text) => {
    expect(expectAgreement(text)).not.toBeUndefined();
  });

  it.each(DECLINED)('leaves everything else to the full parse: %j', (text) => {
    expect(readPlainBlockYaml(text, keepsInteger)).toBeUndefined();
  });

  it('agrees with the full parse on whatever yaml.stringify writes of random JSON data', () => {
    const key = fc.oneof(
      fc.constantFrom('id', 'name', 'scenario_name', 'params', 'x'),
      fc.string(),
      fc.constantFrom('a', 'b_c', 'd.e', '$f', 'null', 'true', '1', '<<', '__proto__', 'x y', 'k:', '-k'),
    );
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '',
        'null',
        '~',
        'true',
        'False',
        '0x1F',
        '0o7',
        '-0',
        '1e-7',
        '.inf',
        '- a',
        'a: b',
        'a #b',
        "it's",
        '"q"',
        '\\',
        'é',
        '\t',
        ' lead',
        'trail ',
      ),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    }));
    let handled = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value.value, { minKeys: 1, maxKeys: 5 }), (data) => {
        if (expectAgreement(stringify(data, { aliasDuplicateObjects: false })) !== undefined) handled += 1;
      }),
      { numRuns: 400, seed: 14 },
    );
    // The property is only worth something if the fast reader takes part of the inputs.
    expect(handled).toBeGreaterThan(25);
  });

  it('reads a suite shaped like the bench workload (so large suites take the fast path)', () => {
    const scenarios = Array.from({ length: 20 }, (_, i) => ({
      scenario_name: `scenario-${i}`,
      initial_state: {
        counter: i,
        ratio: i / 7,
        big: 2 ** 53 - i,
        tiny: 1e-7 * (i + 1),
        label: `λ-${i}`,
        note: null,
        tags: ['a', 'b'],
        nested: { deep: { on: i % 2 === 0 } },
      },
      missions: [
        { name: 'daily_loop', params: { requested_steps: 5 } },
        { name: 'echo', params: { tag: `t${i}`, flags: [true, false], weight: i / 3 } },
        { name: 'run_tests', params: { target: `pkg-${i}` } },
      ],
    }));
    const expectations = scenarios.map((scenario) => ({
      id: `${scenario.scenario_name}/state`,
      scenario_name: scenario.scenario_name,
      mission_name: 'run_tests',
      path: ['final_state', 'counter'],
      op: 'gt',
      expected: -1,
    }));
    for (const data of [{ suite_name: 'bench', scenarios }, { expectations }]) {
      const fast = expectAgreement(stringify(data, { aliasDuplicateObjects: false }));
      expect(fast).toStrictEqual(data);
    }
  });

  it('finds positions from its lines, as the full parse does', () => {
    const loaded = parseConfigText('suite_name: s\nscenarios:\n  - scenario_name: a\n    missions:\n      - name: 5\n', 'suite.yaml');
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'name'])).toEqual({ line: 5, column: 15 });
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'nope'])).toEqual({ line: 5, column: 9 });
  });
});
