/**
 * The config loader against hostile and malformed input: each case must fail
 * fast with a ConfigError naming the file (and the line where one exists).
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from 'tier2-harness';
import { runCli } from '../../../src/cli/run.js';
import { fakeIo } from '../../support/cli.js';
import { MAX_ALIAS_COUNT, MAX_TEXT_LENGTH, loadConfigFile, parseConfigBytes, parseConfigText } from '../../../src/cli/load/load-config.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function truncateTo(file: string, size: number): void {
  const handle = openSync(file, 'r+');
  try {
    ftruncateSync(handle, size);
  } finally {
    closeSync(handle);
  }
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isConfigError(error)) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  '',
].join('\n');

describe('parseConfigText: YAML', () => {
  it('parses a plain suite', () => {
    const loaded = parseConfigText('suite_name: s\nscenarios:\n  - scenario_name: a\n    missions: [{ name: echo }]\n', 'suite.yaml');
    expect(loaded.format).toBe('yaml');
    expect(loaded.data).toEqual({ suite_name: 's', scenarios: [{ scenario_name: 'a', missions: [{ name: 'echo' }] }] });
  });

  it('accepts a few aliases (ordinary reuse)', () => {
    const loaded = parseConfigText('base: &p { target: unit }\nx: *p\ny: *p\n', 'a.yaml');
    expect(loaded.data).toEqual({ base: { target: 'unit' }, x: { target: 'unit' }, y: { target: 'unit' } });
  });

  it('rejects aliasing beyond the limit', () => {
    const refs = Array.from({ length: MAX_ALIAS_COUNT + 50 }, (_, i) => `k${i}: *big`).join('\n');
    const error = configError(() => parseConfigText(`big: &big [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n${refs}\n`, 'aliases.yaml'));
    expect(error.file).toBe('aliases.yaml');
    expect(error.message).toMatch(/^aliases\.yaml: too much alias expansion/);
  });

  it('fails fast on a billion-laughs document', () => {
    const error = configError(() => parseConfigText(BILLION_LAUGHS, 'lol.yaml'));
    expect(error.message).toContain('too much alias expansion');
    expect(error.message).toContain(`at most ${MAX_ALIAS_COUNT}`);
  });

  it('rejects duplicate keys with their line', () => {
    const error = configError(() => parseConfigText('suite_name: a\nscenarios: []\nsuite_name: b\n', 'dup.yaml'));
    expect(error.location).toBe('line 3, column 1');
    expect(error.message).toMatch(/^dup\.yaml: line 3, column 1: duplicate key/);
  });

  it('rejects duplicate keys in nested flow mappings', () => {
    const error = configError(() => parseConfigText('a:\n  - { x: 1, x: 2 }\n', 'nested.yaml'));
    expect(error.problem).toMatch(/duplicate key/);
    expect(error.location).toMatch(/^line 2, /);
  });

  it('rejects unknown tags instead of reading them as strings', () => {
    const error = configError(() => parseConfigText('a: !!js/function "() => 1"\n', 'tag.yaml'));
    expect(error.message).toMatch(/tag/i);
    expect(error.location).toBe('line 1, column 4');
  });

  it('rejects several documents in one file', () => {
    const error = configError(() => parseConfigText('a: 1\n---\nb: 2\n', 'multi.yaml'));
    expect(error.problem).toMatch(/multiple documents/i);
  });

  // The yaml package recurses until the stack runs out, which took 5-8 s on the shared 2-core machine under load:
  // a generous guard, not a timing target.
  it('rejects absurdly deep nesting without crashing', { timeout: 30_000 }, () => {
    const error = configError(() => parseConfigText(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml'));
    expect(error.problem).toBe('the document is nested too deeply to parse');
  });

  it('rejects syntax errors with a position', () => {
    const error = configError(() => parseConfigText('a: [1, 2\nb: 3\n', 'broken.yaml'));
    expect(error.location).toMatch(/^line \d+, column \d+$/);
  });

  it.each([
    ['an empty file', ''],
    ['whitespace only', '  \n\t\n'],
    ['a comment only', '# nothing here\n'],
    ['an explicit null document', '~\n'],
  ])('rejects %s', (_label, text) => {
    const error = configError(() => parseConfigText(text, 'empty.yaml'));
    expect(error.message).toMatch(/^empty\.yaml: the file (is empty|has no content)/);
  });

  it.each([
    ['a list', '- 1\n- 2\n', 'a list'],
    ['a string', 'just text\n', 'a string'],
    ['a number', '42\n', 'a number'],
  ])('rejects %s at the top level', (_label, text, got) => {
    const error = configError(() => parseConfigText(text, 'top.yaml'));
    expect(error.message).toBe(`top.yaml: expected a mapping (object) at the top level, got ${got}`);
  });

  it.each([
    ['a list', '[1, 2]', 'a list'],
    ['null', 'null', 'null'],
    ['a boolean', 'true', 'a boolean'],
  ])('rejects %s at the top level of JSON', (_label, text, got) => {
    expect(configError(() => parseConfigText(text, 'top.json')).problem).toBe(`expected a mapping (object) at the top level, got ${got}`);
  });

  it('finds the line of a schema location', () => {
    const loaded = parseConfigText('suite_name: s\nscenarios:\n  - scenario_name: a\n    missions:\n      - name: 5\n', 'suite.yaml');
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'name'])).toEqual({ line: 5, column: 15 });
    // A missing field is placed at its parent.
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'params', 'x'])).toEqual({ line: 5, column: 9 });
  });

  it('finds a key by its segments, whatever characters the key holds (no path text is parsed back)', () => {
    const loaded = parseConfigText('a: 1\n"a.b": 2\n"c[0]": 3\nc:\n  - 4\n', 'odd.yaml');
    expect(loaded.positionOf(['a.b'])).toEqual({ line: 2, column: 8 });
    expect(loaded.positionOf(['c[0]'])).toEqual({ line: 3, column: 9 });
    expect(loaded.positionOf(['c', 0])).toEqual({ line: 5, column: 5 });
  });
});

describe('parseConfigText: JSON', () => {
  it('parses strict JSON', () => {
    expect(parseConfigText('{"expectations": []}', 'e.json').data).toEqual({ expectations: [] });
  });

  it('rejects duplicate keys, which JSON.parse would silently collapse', () => {
    const error = configError(() => parseConfigText('{\n  "suite_name": "a",\n  "scenarios": [],\n  "suite_name": "b"\n}\n', 'dup.json'));
    expect(error.message).toMatch(/^dup\.json: line 4, column 3: duplicate key/);
  });

  it('reports the first of a duplicate key and an inexact integer, whichever comes first in the text', () => {
    const big = '12345678901234567890';
    const duplicateFirst = configError(() => parseConfigText(`{"a": 1, "a": 2, "n": ${big}}`, 'x.json'));
    expect(duplicateFirst.message).toMatch(/^x\.json: line 1, column 10: duplicate key "a"/);
    const integerFirst = configError(() => parseConfigText(`{"n": ${big}, "a": 1, "a": 2}`, 'x.json'));
    expect(integerFirst.message).toMatch(/^x\.json: line 1, column 7: the integer 12345678901234567890 cannot be held/);
    // A duplicate of a key that holds an object, and a key spelled with escapes: the counts tell them too.
    expect(configError(() => parseConfigText('{"o": {"x": {}}, "o": {}}', 'x.json')).message).toMatch(/line 1, column 18: duplicate key "o"/);
    expect(configError(() => parseConfigText('{"ab": 1, "\\u0061b": 2}', 'x.json')).message).toMatch(/line 1, column 11: duplicate key "ab"/);
  });

  it('rejects duplicate keys deep inside', () => {
    const error = configError(() => parseConfigText('{"a": [{"b": {"c": 1, "c": 1}}]}', 'deep.json'));
    expect(error.problem).toMatch(/duplicate key/);
  });

  it('rejects YAML syntax in a .json file', () => {
    const error = configError(() => parseConfigText('suite_name: a\n', 'suite.json'));
    expect(error.message).toMatch(/^suite\.json: not valid JSON/);
  });

  it('keeps a __proto__ key as data', () => {
    const data = parseConfigText('{"__proto__": {"x": 1}}', 'proto.json').data as object;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
  });

  it('rejects an empty file', () => {
    expect(configError(() => parseConfigText('', 'empty.json')).message).toMatch(/^empty\.json: the file is empty/);
  });
});

describe('parseConfigBytes: encoding', () => {
  it('rejects bytes that are not UTF-8, naming the offset', () => {
    const bytes = new Uint8Array([...encode('suite_name: caf'), 0xe9, ...encode('\nscenarios: []\n')]);
    const error = configError(() => parseConfigBytes(bytes, 'latin1.yaml'));
    expect(error.message).toBe('latin1.yaml: not valid UTF-8 (byte 0xe9 at offset 15); config files must be UTF-8 text');
  });

  it('rejects UTF-16', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00, 0x20, 0x00, 0x31, 0x00]);
    expect(configError(() => parseConfigBytes(utf16, 'utf16.yaml')).problem).toMatch(/not valid UTF-8/);
  });

  it('accepts and drops a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('{"expectations": []}')]);
    expect(parseConfigBytes(bytes, 'bom.json').data).toEqual({ expectations: [] });
  });

  it('reads multi-byte UTF-8 text', () => {
    expect(parseConfigBytes(encode('name: "日本 🎉"\n'), 'u.yaml').data).toEqual({ name: '日本 🎉' });
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-load-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file and picks the format by extension', () => {
    const file = join(dir, 'suite.JSON');
    writeFileSync(file, '{"suite_name": "s", "scenarios": []}');
    expect(loadConfigFile(file)).toMatchObject({ file, format: 'json', data: { suite_name: 's', scenarios: [] } });
  });

  it('names a missing file', () => {
    const file = join(dir, 'missing.yaml');
    expect(configError(() => loadConfigFile(file)).message).toBe(`${file}: cannot read the file: no such file`);
  });

  it('rejects a directory', () => {
    expect(configError(() => loadConfigFile(dir)).problem).toBe('not a regular file');
  });

  it('rejects an empty file on disk', () => {
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, '');
    expect(configError(() => loadConfigFile(file)).problem).toMatch(/the file is empty/);
  });

  it('reads files beyond the 16 MiB the loader used to refuse, in both formats, positions included', () => {
    // 17 MiB of data: 300,000 keys of a 50-character string each, in one state.
    const keys = Array.from({ length: 300_000 }, (_, i) => `key_${i}`);
    const value = 'x'.repeat(50);
    const yaml = join(dir, 'large.yaml');
    writeFileSync(yaml, `state:\n${keys.map((key) => `  ${key}: ${value}`).join('\n')}\n`);
    const json = join(dir, 'large.json');
    writeFileSync(json, `{"state": {\n${keys.map((key) => `  "${key}": "${value}"`).join(',\n')}\n}}`);
    for (const file of [yaml, json]) {
      expect(statSync(file).size).toBeGreaterThan(16 * 1024 * 1024);
      const loaded = loadConfigFile(file);
      expect(Object.keys((loaded.data as { state: object }).state)).toHaveLength(keys.length);
      expect(loaded.positionOf(['state', 'key_299999'], { key: true })).toEqual({ line: 300_001, column: 3 });
    }
  });

  it('refuses a file whose text cannot be one JavaScript string, naming the file and the limit, without reading it', () => {
    // A sparse file: its size is on record, its bytes take no disk space, and none is read.
    const file = join(dir, 'huge.json');
    closeSync(openSync(file, 'w'));
    const size = 3 * MAX_TEXT_LENGTH + 1;
    truncateTo(file, size);
    const error = configError(() => loadConfigFile(file));
    expect(error.code).toBe('too_large');
    expect(error.cause).toBeUndefined(); // refused by its size, not by a failed decoding
    expect(error.message).toBe(
      `${file}: the file is ${size} bytes, more text than one JavaScript string can hold (at most ${MAX_TEXT_LENGTH} UTF-16 code units, about 512 MiB of ASCII text); split the suite into smaller files`,
    );
  });

  it('says so with exit code 2 from tier2 run', async () => {
    const file = join(dir, 'huge.yaml');
    closeSync(openSync(file, 'w'));
    truncateTo(file, 3 * MAX_TEXT_LENGTH + 1);
    const io = fakeIo();
    expect(await runCli(['run', file], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^error: ${file.replaceAll('.', '\\.')}: the file is \\d+ bytes, more text than one JavaScript string can hold`));
  });

  it('refuses text one code unit longer than a string can be, found while decoding (512 MiB of memory for a second)', () => {
    const error = configError(() => parseConfigBytes(Buffer.alloc(MAX_TEXT_LENGTH + 1, 0x61), 'long.json'));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(new RegExp(`^long\\.json: the file is ${MAX_TEXT_LENGTH + 1} bytes, more text than one JavaScript string can hold`));
  });
});

// Issue 11, "YAML and JSON that change meaning silently": a key is the string it is written as.
describe('parseConfigText: mapping keys are strings', () => {
  it.each([
    ['1 and "1"', '1: a\n"1": b\n', '"1"', 1],
    ['"1" and 1', '"1": a\n1: b\n', '"1"', 1],
    ['true and "true"', 'true: a\n"true": b\n', '"true"', 1],
    ['-3 and "-3"', '-3: a\n"-3": b\n', '"-3"', 1],
    ['a plain and a quoted word', 'suite: a\n"suite": b\n', '"suite"', 1],
    ['a string and an alias of it', '&k x: 1\n*k : 2\n', '"x"', 4],
  ])('keys that are the same string are duplicates: %s (at the second)', (_label, text, key, firstColumn) => {
    const error = configError(() => parseConfigText(text, 'keys.yaml'));
    expect(error.location).toBe('line 2, column 1');
    expect(error.problem).toBe(`duplicate key ${key} (first at line 1, column ${firstColumn}); a key may appear only once in a mapping`);
  });

  it.each([
    ['1.0 (would be "1")', '1.0: a\n"1": b\n', 'line 1, column 1', 'the key 1.0 is the number 1 in YAML and would become the key "1"'],
    ['0x10 (would be "16")', '0x10: a\n"16": b\n', 'line 1, column 1', 'the key 0x10 is the number 16 in YAML and would become the key "16"'],
    ['0o17 (would be "15")', '0o17: a\n', 'line 1, column 1', 'the key 0o17 is the number 15'],
    ['007 (would be "7")', 'x:\n  007: a\n', 'line 2, column 3', 'the key 007 is the number 7'],
    ['True (would be "true")', 'True: a\n', 'line 1, column 1', 'the key True is the boolean true'],
    ['.inf (would be "Infinity")', '.inf: a\n', 'line 1, column 1', 'the key .inf is the number Infinity'],
    ['~ (would be "")', '~: a\n"": b\n', 'line 1, column 1', 'the key ~ is null in YAML'],
    ['null (would be "")', 'x: 1\nnull: a\n', 'line 2, column 1', 'the key null is null in YAML'],
    ['an empty key', 'x:\n  ? \n  : a\n', 'line 2, column 5', 'a mapping key is missing'],
    ['a list key', 'x: 1\n? [a, b]\n: x\n', 'line 2, column 3', 'a mapping key must be a string, got a list'],
    ['a mapping key', '{ {a: 1}: x }\n', 'line 1, column 3', 'a mapping key must be a string, got a mapping'],
    ['an alias of a list as a key', 'l: &l [1]\n*l : x\n', 'line 2, column 1', 'a mapping key must be a string, got a list'],
    ['a binary key', '!!binary aGk=: x\n', 'line 1, column 10', 'a mapping key must be a string, got a non-JSON value'],
  ])('refuses a key that is not a string: %s', (_label, text, location, problem) => {
    const error = configError(() => parseConfigText(text, 'keys.yaml'));
    expect(error.location).toBe(location);
    expect(error.problem).toContain(problem);
  });

  it('says how to keep the text of a refused key', () => {
    expect(configError(() => parseConfigText('0x10: a\n', 'k.yaml')).problem).toBe(
      `the key 0x10 is the number 16 in YAML and would become the key "16"; a mapping key must be a string: quote it ('0x10')`,
    );
  });

  it('keeps plain keys whose text is their string, and quoted keys as written', () => {
    const data = parseConfigText('1: a\n2024: b\ntrue: c\n-3: d\n"0x10": e\n\'~\': f\n"": g\n', 'keys.yaml').data;
    expect(data).toEqual({ '1': 'a', '2024': 'b', true: 'c', '-3': 'd', '0x10': 'e', '~': 'f', '': 'g' });
  });

  it('finds a duplicate among many keys in one pass, at the second occurrence', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`);
    const error = configError(() => parseConfigText(`${keys.join('\n')}\n"k7": again\n`, 'many.yaml'));
    expect(error.message).toBe('many.yaml: line 2001, column 1: duplicate key "k7" (first at line 8, column 1); a key may appear only once in a mapping');
  });

  it('treats JSON keys spelled with escapes as the key they spell', () => {
    const error = configError(() => parseConfigText('{\n  "ab": 1,\n  "\\u0061b": 2\n}', 'esc.json'));
    expect(error.message).toBe('esc.json: line 3, column 3: duplicate key "ab" (first at line 2, column 3); a key may appear only once in an object');
  });

  it('is not misled by brackets, quotes and backslashes inside JSON strings', () => {
    const text = '{"x": "}{\\\\\\"", "y": [1, "]", {"x": 1}], "z": "\\\\", "x": 2}';
    expect(configError(() => parseConfigText(text, 'tricky.json')).problem).toMatch(/^duplicate key "x" \(first at line 1, column 2\)/);
    const fine = '{"x": "}{\\\\\\"", "y": [1, "]", {"x": 1}], "z": "\\\\"}';
    expect(parseConfigText(fine, 'fine.json').data).toEqual({ x: '}{\\"', y: [1, ']', { x: 1 }], z: '\\' });
  });
});

// Issue 11: merge keys are YAML's own way to reuse a mapping; they are read, never dropped.
describe('parseConfigText: YAML merge keys (<<)', () => {
  const suite = [
    'base: &base',
    '  initial_state: { counter: 1, mode: nightly }',
    '  missions: [{ name: echo }]',
    'scenarios:',
    '  - <<: *base',
    '    scenario_name: merged',
    '',
  ].join('\n');

  it('merges a scenario written with <<: *base, initial_state included', () => {
    const data = parseConfigText(suite, 'merge.yaml').data as { scenarios: unknown[] };
    expect(data.scenarios).toEqual([{ scenario_name: 'merged', initial_state: { counter: 1, mode: 'nightly' }, missions: [{ name: 'echo' }] }]);
  });

  it('lets explicit keys win, before or after the merge key', () => {
    const text = 'b: &b { x: 1, y: 1, z: 1 }\nbefore: { x: 2, <<: *b }\nafter: { <<: *b, y: 3 }\n';
    expect(parseConfigText(text, 'order.yaml').data).toMatchObject({ before: { x: 2, y: 1, z: 1 }, after: { x: 1, y: 3, z: 1 } });
  });

  it('lets earlier mappings in a merge list win over later ones', () => {
    const text = 'a: &a { x: a }\nb: &b { x: b, y: b }\nm: { <<: [*a, *b] }\nn: { <<: [*b, *a] }\n';
    expect(parseConfigText(text, 'list.yaml').data).toMatchObject({ m: { x: 'a', y: 'b' }, n: { x: 'b', y: 'b' } });
  });

  it('follows nested merges', () => {
    const text = 'one: &one { a: 1, b: 1 }\ntwo: &two { <<: *one, b: 2, c: 2 }\nthree: { <<: *two, c: 3 }\n';
    expect(parseConfigText(text, 'nested.yaml').data).toMatchObject({ three: { a: 1, b: 2, c: 3 } });
  });

  it('merges inside a state instead of keeping a literal "<<" key', () => {
    const text = 'defaults: &d { retries: 3, mode: fast }\ninitial_state: { <<: *d, mode: slow }\n';
    const data = parseConfigText(text, 'state.yaml').data as { initial_state: object };
    expect(data.initial_state).toEqual({ retries: 3, mode: 'slow' });
    expect(Object.keys(data.initial_state)).not.toContain('<<');
  });

  it('is shallow: an explicit mapping replaces the merged one whole, as YAML defines', () => {
    const text = 'b: &b { initial_state: { a: 1, b: 2 } }\ns: { <<: *b, initial_state: { c: 3 } }\n';
    expect(parseConfigText(text, 'shallow.yaml').data).toMatchObject({ s: { initial_state: { c: 3 } } });
  });

  it('keeps a quoted "<<" as an ordinary key, and << as a value as text', () => {
    expect(parseConfigText('m: { "<<": 1, v: << }\n', 'quoted.yaml').data).toEqual({ m: { '<<': 1, v: '<<' } });
  });

  it.each([
    ['a number', 's: { <<: 5 }\n', 'line 1, column 10', 'got a number'],
    ['a list holding a string', 'a: &a { x: 1 }\ns: { <<: [*a, x] }\n', 'line 2, column 15', 'got a string'],
    ['an alias of a list', 'l: &l [1]\ns: { <<: *l }\n', 'line 2, column 10', 'got a number'],
    ['nothing', 's:\n  <<:\n', 'line 2, column 6', 'got null'],
  ])('refuses a merge of %s with its location', (_label, text, location, got) => {
    const error = configError(() => parseConfigText(text, 'bad-merge.yaml'));
    expect(error.location).toBe(location);
    expect(error.problem).toBe(`a merge key << takes a mapping or a list of mappings (<<: *base, <<: [*a, *b]), ${got}`);
  });

  it('refuses two merge keys in one mapping', () => {
    const error = configError(() => parseConfigText('a: &a { x: 1 }\nb: &b { y: 1 }\ns:\n  <<: *a\n  <<: *b\n', 'two.yaml'));
    expect(error.location).toBe('line 5, column 3');
    expect(error.problem).toBe('a second merge key << in one mapping (first at line 4, column 3); merge several mappings with one key: <<: [*a, *b]');
  });

  it('still finds duplicates among the explicit keys of a merging mapping', () => {
    const error = configError(() => parseConfigText('a: &a { x: 1 }\ns:\n  <<: *a\n  y: 1\n  y: 2\n', 'dup.yaml'));
    expect(error.location).toBe('line 5, column 3');
  });

  it('counts merges against the alias limit', () => {
    const refs = Array.from({ length: MAX_ALIAS_COUNT + 50 }, (_, i) => `k${i}: { <<: *big }`).join('\n');
    expect(configError(() => parseConfigText(`big: &big { a: 1 }\n${refs}\n`, 'm.yaml')).problem).toMatch(/^too much alias expansion/);
  });
});

// Issue 11: an integer is exact in the reference (Python) and in the file; JavaScript numbers are not past 2^53.
describe('parseConfigText: integers that a JavaScript number cannot hold', () => {
  const rule = (text: string, nearest: string): string =>
    `the integer ${text} cannot be held by a JavaScript number (it would be read as ${nearest}); ` +
    'integers are exact only up to ±9007199254740991 (2^53 - 1): write it as a string, or with an exponent (1.2e19) if an approximate float is meant';

  it.each([
    ['x: 12345678901234567890\n', 'line 1, column 4', '12345678901234567890', '12345678901234567000'],
    ['x:\n  - -9007199254740993\n', 'line 2, column 5', '-9007199254740993', '-9007199254740992'],
    ['x: 9007199254740993\n', 'line 1, column 4', '9007199254740993', '9007199254740992'],
    ['x: 0x20000000000001\n', 'line 1, column 4', '0x20000000000001', '9007199254740992'],
    ['x: !!int "99999999999999999"\n', 'line 1, column 10', '99999999999999999', '100000000000000000'],
  ])('refuses %j in YAML with its location', (text, location, written, value) => {
    const error = configError(() => parseConfigText(text, 'big.yaml'));
    expect(error.location).toBe(location);
    expect(error.problem).toBe(rule(written, value));
  });

  it.each([
    ['{"x": 12345678901234567890}', 'line 1, column 7', '12345678901234567890', '12345678901234567000'],
    ['{\n  "x": [1, -9007199254740993]\n}', 'line 2, column 12', '-9007199254740993', '-9007199254740992'],
  ])('refuses %j in JSON with its location', (text, location, written, value) => {
    const error = configError(() => parseConfigText(text, 'big.json'));
    expect(error.location).toBe(location);
    expect(error.problem).toBe(rule(written, value));
  });

  it('accepts integers beyond 2^53 that a number keeps: exact ones, and any that JSON.stringify writes', () => {
    const yaml = 'a: 9007199254740992\nb: 10000000000000000\nc: 0x20000000000000\nd: +1152921504606847000\ne: -01152921504606846976\n';
    expect(parseConfigText(yaml, 'exact.yaml').data).toEqual({ a: 2 ** 53, b: 1e16, c: 2 ** 53, d: 2 ** 60, e: -(2 ** 60) });
    const values = [2 ** 53, -(2 ** 53), 1e16, 2 ** 60, 1e20];
    expect(parseConfigText(JSON.stringify({ values }), 'exact.json').data).toEqual({ values });
  });

  it('refuses an inexact integer key too', () => {
    expect(configError(() => parseConfigText('12345678901234567890: x\n', 'k.yaml')).location).toBe('line 1, column 1');
  });

  it('accepts the safe range, floats (even integral ones) and big integers written as strings', () => {
    expect(parseConfigText('a: 9007199254740991\nb: -9007199254740991\nc: 1e20\nd: 1.5\ne: "12345678901234567890"\n', 'ok.yaml').data).toEqual({
      a: 9007199254740991,
      b: -9007199254740991,
      c: 1e20,
      d: 1.5,
      e: '12345678901234567890',
    });
    expect(
      parseConfigText('{"a": 9007199254740991, "b": -9007199254740991, "c": 1e20, "d": 12345678901234567890.0, "e": "12345678901234567890"}', 'ok.json').data,
    ).toEqual({
      a: 9007199254740991,
      b: -9007199254740991,
      c: 1e20,
      d: 1.2345678901234567e19, // a float literal, read as the nearest double like any float
      e: '12345678901234567890',
    });
  });
});

// Issue 12: an alias without its anchor is a reference to nothing, not an expansion attack.
describe('parseConfigText: unresolved and recursive aliases', () => {
  it('reports a missing anchor as an unresolved alias with its location', () => {
    const error = configError(() => parseConfigText('suite_name: s\nscenarios: *missing\n', 'alias.yaml'));
    expect(error.message).toBe(
      'alias.yaml: line 2, column 12: unresolved alias *missing: no anchor &missing is defined before it (an alias must follow its anchor)',
    );
  });

  it('reports an alias used before its anchor as unresolved', () => {
    expect(configError(() => parseConfigText('a: *x\nb: &x 1\n', 'order.yaml')).problem).toMatch(/^unresolved alias \*x/);
  });

  it('refuses an alias inside the node it names (recursive data)', () => {
    const error = configError(() => parseConfigText('a: &a [1, *a]\n', 'cycle.yaml'));
    expect(error.location).toBe('line 1, column 11');
    expect(error.problem).toBe('alias *a is inside the node it refers to; recursive data is not JSON data');
  });

  it('uses the latest anchor of a name, as YAML does', () => {
    expect(parseConfigText('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 're.yaml').data).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });
});

describe('parseConfigText: JSON locations', () => {
  it('finds the line of a schema location in JSON, and the parent of a missing one', () => {
    const text = '{\n  "suite_name": "s",\n  "scenarios": [\n    {"scenario_name": "a", "missions": [{"name": 5}]}\n  ]\n}\n';
    const loaded = parseConfigText(text, 'suite.json');
    const line4 = text.split('\n')[3] as string;
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'name'])).toEqual({ line: 4, column: line4.indexOf('5') + 1 });
    expect(loaded.positionOf(['scenarios', 0, 'missions', 0, 'params', 'x'])).toEqual({ line: 4, column: line4.indexOf('{"name"') + 1 });
    expect(loaded.positionOf(['scenarios', 3])).toEqual({ line: 3, column: '  "scenarios": ['.length });
    expect(loaded.positionOf(['suite_name'])).toEqual({ line: 2, column: '  "suite_name": "'.length });
  });

  it('finds keys spelled with escapes and odd keys', () => {
    const text = '{"a\\u0062": {"odd key": [true, {"k": null}]}}';
    const loaded = parseConfigText(text, 'odd.json');
    expect(loaded.positionOf(['ab', 'odd key', 1, 'k'])).toEqual({ line: 1, column: text.indexOf('null') + 1 });
    expect(loaded.positionOf(['ab', 'odd key', 1])).toEqual({ line: 1, column: text.indexOf('{"k"') + 1 });
  });
});
