/**
 * The config loader against hostile and malformed input: each case must fail
 * fast with a ConfigError naming the file (and the line where one exists).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from 'tier2-harness';
import { MAX_ALIAS_COUNT, loadConfigFile, parseConfigBytes, parseConfigText } from '../../src/cli/load-config.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

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

  it('rejects absurdly deep nesting without crashing', () => {
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
    expect(loaded.positionOf('scenarios[0].missions[0].name')).toEqual({ line: 5, column: 15 });
    // A missing field is placed at its parent.
    expect(loaded.positionOf('scenarios[0].missions[0].params.x')).toEqual({ line: 5, column: 9 });
    expect(loaded.positionOf('not a location [')).toBeUndefined();
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
});
