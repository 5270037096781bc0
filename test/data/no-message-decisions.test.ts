/**
 * No code in src/ or matchers/ decides anything by reading message text (#16):
 * tier2-harness's own errors carry `code`, `segments`, `rule` and the like, and
 * behaviour follows those. The only message reads left are of messages that
 * other software writes without a code, each listed here with its reason; a new
 * read anywhere else fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A message, problem or location text that is searched, split, sliced or matched. */
const MESSAGE_READ =
  /(\.message|\bmessage|\.problem|\bproblem|\.location|\blocation)\s*\.\s*(startsWith|endsWith|includes|match|matchAll|split|slice|indexOf|search|replace)\(|\.(test|exec|match)\(.*(\.message\b|\bmessage\b|\bproblem\b|\blocation\b)/;

/** Reads of messages that other software writes, with no code to read instead. */
const FOREIGN: readonly { readonly file: string; readonly text: string; readonly why: string }[] = [
  {
    file: 'src/cli/load/yaml.ts',
    text: "error.message.split('\\n')",
    why: "the yaml package's parse error: its first line, without its position (the error says that as data)",
  },
  { file: 'src/cli/load/yaml.ts', text: '/maximum call stack/i.test(problem)', why: 'the yaml package reports its own stack overflow only in words' },
  {
    file: 'src/cli/load/yaml.ts',
    text: '/excessive alias count/i.test(error.message)',
    why: "the yaml package's alias limit is a plain ReferenceError",
  },
  {
    file: 'src/cli/args.ts',
    text: "/^Unknown option '([^']+)'/.exec",
    why: 'node:util parseArgs names the unknown option only in its message (ERR_PARSE_ARGS_UNKNOWN_OPTION has no field for it)',
  },
  {
    file: 'src/runtime/frozen-write.ts',
    text: 'ENGINE_FROZEN_WRITE.test(thrown.message)',
    why: "the JavaScript engine's TypeError for a write to a frozen object has no code",
  },
  {
    file: 'src/io/write-file-atomic.ts',
    text: 'message.replace(',
    why: 'trims the path tail of a Node fs message for display; nothing is decided by it',
  },
];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function messageReads(file: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => !/^\s*(\*|\/\/)/.test(line) && MESSAGE_READ.test(line))
    .filter(({ line }) => !FOREIGN.some((foreign) => foreign.file === file && line.includes(foreign.text)))
    .map(({ line, index }) => `${file}:${index + 1}: ${line.trim()}`);
}

describe('no decision is made from message text', () => {
  it('src/ and matchers/ read no message, problem or location text except the listed foreign ones', () => {
    const found = [...sources('src'), ...sources('matchers')].flatMap((file) => messageReads(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches the reads #16 removed (the check is not blind)', () => {
    const removed = [
      'throw new ConfigError(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, error.path);',
      "planningError(mission.name, message.includes('human') ? 'max_human_steps' : 'max_steps', text),",
      "const mutation = thrown.name === 'TypeError' && /read[- ]only|frozen/i.test(thrown.message);",
      "if (DefinitionError.isDefinitionError(error) && error.message.startsWith('canonicalJson:')) {",
      'if (raw instanceof TypeError && MUTATION.test(raw.message)) {',
      'const match = pattern.exec(location);',
    ];
    for (const line of removed) expect(messageReads('src/example.ts', line), line).toHaveLength(1);
  });

  it('every listed foreign read still exists (the list stays exact)', () => {
    for (const foreign of FOREIGN) expect(readFileSync(join(root, foreign.file), 'utf8'), foreign.why).toContain(foreign.text);
  });
});
