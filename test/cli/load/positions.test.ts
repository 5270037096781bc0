/**
 * Positions in config files (src/cli/load/positions.ts, json-positions.ts,
 * yaml-fast-positions.ts): exact (JSON against an independent reference; YAML
 * against the full parse in yaml-fast.test.ts), linear without timing anything
 * (the walks count what they read: asking for every scenario, mission call and
 * expectation of a file twice as large must read about twice as much), and
 * located errors at the first and the last scenario of a large file, in both
 * formats, through the whole `tier2 run`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PathSegment } from '../../../src/data/error-message.js';
import { JsonPositions, jsonPositionFinder } from '../../../src/cli/load/json-positions.js';
import { LineTable } from '../../../src/cli/load/positions.js';
import { YamlFastPositions } from '../../../src/cli/load/yaml-fast-positions.js';
import { readPlainBlockYaml } from '../../../src/cli/load/yaml-fast.js';
import { keepsInteger } from '../../../src/cli/load/integers.js';
import { fakeIo, scratch } from '../../support/cli.js';
import { runCli } from '../../../src/cli/run.js';

const { file, remove } = scratch('tier2-positions-');
afterAll(remove);

/** Line and column of an offset, counted from the start (obviously right, and slow). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Where each value (and each object member's key) of a JSON text starts, by a small recursive-descent reader. */
function referenceOffsets(text: string): Map<string, { value: number; key?: number }> {
  const found = new Map<string, { value: number; key?: number }>();
  let at = 0;
  const space = (): void => {
    while (/\s/.test(text[at] ?? '')) at += 1;
  };
  const string = (): string => {
    const match = /"(?:[^"\\]|\\.)*"/y;
    match.lastIndex = at;
    const literal = (match.exec(text) as RegExpExecArray)[0];
    at += literal.length;
    return JSON.parse(literal) as string;
  };
  const value = (path: PathSegment[], key?: number): void => {
    space();
    found.set(JSON.stringify(path), { value: at, ...(key === undefined ? {} : { key }) });
    const open = text[at];
    if (open === '"') string();
    else if (open === '{' || open === '[') {
      at += 1;
      space();
      for (let index = 0; text[at] !== '}' && text[at] !== ']'; index += 1) {
        if (open === '{') {
          const keyAt = at;
          const name = string();
          space();
          at += 1; // the colon
          value([...path, name], keyAt);
        } else value([...path, index]);
        space();
        if (text[at] === ',') at += 1;
        space();
      }
      at += 1;
    } else at += (/[^,\]}\s]+/y.exec(text.slice(at)) as RegExpExecArray)[0].length;
  };
  value([]);
  return found;
}

describe('JSON positions', () => {
  it('are where an independent reader finds each value and key, on random JSON, compact and indented', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('a', 'b', '\\', '"', 'é', '\u2028', 'a\nb'));
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 2, '\t'), (data, indent) => {
        const text = `${indent === undefined ? '' : '\n '}${JSON.stringify({ data }, null, indent)}`;
        const find = jsonPositionFinder(text);
        for (const [pathText, { value, key }] of referenceOffsets(text)) {
          const path = JSON.parse(pathText) as PathSegment[];
          expect(find(path), pathText).toEqual(lineColumn(text, value));
          expect(find(path, { key: true }), pathText).toEqual(lineColumn(text, key ?? value));
          // A path beyond the data stops at its deepest existing part.
          expect(find([...path, 'missing', 0]), pathText).toEqual(lineColumn(text, value));
          expect(find([...path, 1e9]), pathText).toEqual(lineColumn(text, value));
        }
      }),
      { numRuns: 300, seed: 22 },
    );
  });

  it('finds a key among many through the same walk (a Map past a few keys)', () => {
    const text = JSON.stringify({ state: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key_${i}`, i])) }, null, 2);
    const find = jsonPositionFinder(text);
    expect(find(['state', 'key_49'])).toEqual(lineColumn(text, text.indexOf('49\n')));
    expect(find(['state', 'key_49'], { key: true })).toEqual(lineColumn(text, text.indexOf('"key_49"')));
    expect(find(['state', 'key_50'])).toEqual(lineColumn(text, text.indexOf('{', 2)));
  });
});

describe('LineTable', () => {
  it('gives the line and column of every offset, as counting from the start does', () => {
    for (const text of ['', 'a', '\n', 'ab\n\ncd\n', '\n\nx', 'λ\nμν\n']) {
      const table = new LineTable(text);
      for (let offset = 0; offset <= text.length; offset += 1)
        expect(table.position(offset), `${JSON.stringify(text)} @ ${offset}`).toEqual(lineColumn(text, offset));
    }
  });
});

/** A suite and expectations shaped like the bench's workload, `count` scenarios. */
function workload(count: number): { suite: unknown; expectations: unknown } {
  const scenarios = Array.from({ length: count }, (_, i) => ({
    scenario_name: `scenario-${i}`,
    initial_state: { counter: i, label: `λ-${i}`, tags: ['a', 'b'], limits: { min: 1, max: 9 }, note: null },
    missions: [
      { name: 'daily_loop', params: { requested_steps: 5 } },
      { name: 'echo', params: { tag: `t${i}`, nested: { flags: [true, false] } } },
      { name: 'run_tests', params: { target: `pkg-${i % 7}` } },
    ],
  }));
  const expectations = scenarios.flatMap((scenario) =>
    ['daily_loop', 'echo', 'run_tests'].map((mission) => ({
      id: `${scenario.scenario_name}/${mission}`,
      scenario_name: scenario.scenario_name,
      mission_name: mission,
      path: 'success',
      op: 'eq',
      expected: true,
    })),
  );
  return { suite: { suite_name: 'positions', scenarios }, expectations: { expectations } };
}

/** Every path the reports ask for (tier2 run with --junit or --html): each scenario, mission call and expectation. */
function reportPaths(count: number): PathSegment[][] {
  const paths: PathSegment[][] = [];
  for (let i = 0; i < count; i += 1) {
    paths.push(['scenarios', i]);
    for (let j = 0; j < 3; j += 1) paths.push(['scenarios', i, 'missions', j]);
  }
  for (let k = 0; k < 3 * count; k += 1) paths.push(['expectations', k]);
  return paths;
}

describe('the position walks read each file a bounded number of times', () => {
  const sizes = [400, 800];
  // Each container on an asked path is read once (root, scenarios list, scenario, missions list: four levels),
  // plus one pass for the line table: at most six times the file, whatever its size. A walk that re-read
  // earlier siblings for each item would read about (number of items) times the file.
  const passes = 6;

  it('JSON: characters read for all report paths stay within a few times the text, and double with the file', () => {
    const read = sizes.map((count) => {
      const { suite, expectations } = workload(count);
      const texts = [JSON.stringify(suite, null, 2), JSON.stringify(expectations)];
      let scanned = 0;
      for (const text of texts) {
        const positions = new JsonPositions(text);
        for (const path of reportPaths(count)) positions.find(path);
        expect(positions.scanned).toBeLessThanOrEqual(passes * text.length);
        scanned += positions.scanned;
      }
      return scanned;
    });
    expect((read[1] as number) / (read[0] as number)).toBeLessThan(2.2);
  });

  it('YAML (fast path): lines read for all report paths stay within a few times the lines, and double with the file', () => {
    const read = sizes.map((count) => {
      const { suite, expectations } = workload(count);
      let scanned = 0;
      for (const data of [suite, expectations]) {
        const text = stringify(data, { aliasDuplicateObjects: false });
        expect(readPlainBlockYaml(text, keepsInteger)).toBeDefined();
        const positions = new YamlFastPositions(text);
        for (const path of reportPaths(count)) positions.find(path);
        expect(positions.scanned).toBeLessThanOrEqual(passes * text.split('\n').length);
        scanned += positions.scanned;
      }
      return scanned;
    });
    expect((read[1] as number) / (read[0] as number)).toBeLessThan(2.2);
  });
});

describe('located errors at the first and the last scenario of a large file', () => {
  const count = 3_000;
  const last = count - 1;

  /** The suite with `change` applied to one scenario's data. */
  function suiteWith(index: number, change: (scenario: Record<string, unknown>) => void): unknown {
    const { suite } = workload(count);
    change((suite as { scenarios: Record<string, unknown>[] }).scenarios[index] as Record<string, unknown>);
    return suite;
  }

  const formats = [
    ['YAML', 'suite.yaml', (data: unknown) => stringify(data, { aliasDuplicateObjects: false })],
    ['JSON, indented', 'suite.json', (data: unknown) => JSON.stringify(data, null, 2)],
    ['JSON, one line', 'suite.json', (data: unknown) => JSON.stringify(data)],
  ] as const;

  async function errorOf(name: string, text: string): Promise<string> {
    const io = fakeIo();
    expect(await runCli(['run', file(name, text)], io)).toBe(2);
    return io.err();
  }

  for (const [format, name, write] of formats) {
    for (const index of [0, last]) {
      it(`${format}, scenario ${index}: a wrong type at its value, an unknown field at its key`, async () => {
        const wrong = write(suiteWith(index, (scenario) => (((scenario.missions as { name: unknown }[])[1] as { name: unknown }).name = 987654)));
        const value = wrong.indexOf('987654');
        expect(await errorOf(name, wrong)).toContain(
          `scenarios[${index}].missions[1].name: expected a string, got a number (line ${lineColumn(wrong, value).line}, column ${lineColumn(wrong, value).column})`,
        );
        const unknown = write(suiteWith(index, (scenario) => (((scenario.missions as object[])[2] as Record<string, unknown>).bogus_field = 1)));
        const key = unknown.indexOf(name.endsWith('.json') ? '"bogus_field"' : 'bogus_field');
        const { line, column } = lineColumn(unknown, key);
        expect(await errorOf(name, unknown)).toMatch(
          new RegExp(`scenarios\\[${index}\\]\\.missions\\[2\\]\\.bogus_field: unknown field.*\\(line ${line}, column ${column}\\)`),
        );
      });
    }
  }
});
