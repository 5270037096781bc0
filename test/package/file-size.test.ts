/**
 * No long file without a reason (issue 23): a TypeScript file in `src/` or
 * `matchers/` of more than 400 lines says why it stays one file, in a comment
 * among its first 15 lines that starts with the marker `Why this file is long:`.
 * A file that grows past the limit fails here until it is split along a seam or
 * given its reason, so the choice is made, and written down, when it happens.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const MAX_LINES = 400;
const MARKER = 'Why this file is long:';
const HEAD_LINES = 15;
/** The marker opening a comment line (`// Why…`, ` * Why…`, `/** Why…`), not inside code or a string. */
const REASON = new RegExp(`^\\s*(?://+|/?\\*+)\\s*${MARKER}`);

/** Lines as `wc -l` counts them (a last line without its newline counts too). */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Why a file breaks the rule, or undefined when it keeps it. */
function sizeProblem(path: string, text: string): string | undefined {
  const lines = lineCount(text);
  if (lines <= MAX_LINES) return undefined;
  if (text.split('\n', HEAD_LINES).some((line) => REASON.test(line))) return undefined;
  return `${path}: ${lines} lines (over ${MAX_LINES}) and no '${MARKER}' comment in its first ${HEAD_LINES} lines: split it along a seam, or say why it stays one file`;
}

/** The TypeScript files of `src/` and `matchers/` that git tracks or would (new, not ignored). */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'src', 'matchers'], { cwd: root, encoding: 'utf8' });
  return listed.split('\n').filter((path) => path.endsWith('.ts'));
}

describe(`no file over ${MAX_LINES} lines without a reason at its top`, () => {
  const files = sourceFiles();
  const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

  it('finds the files it checks, among them a long one with its reason', () => {
    expect(files).toContain('src/data/canonical.ts');
    expect(files).toContain('matchers/toMatchRunHash.ts');
    expect(lineCount(read('src/data/canonical.ts'))).toBeGreaterThan(MAX_LINES);
  });

  it('every file is short, or says why it is long', () => {
    expect(files.map((path) => sizeProblem(path, read(path))).filter((problem) => problem !== undefined)).toEqual([]);
  });

  it('refuses a long file without the reason, and only that', () => {
    const body = (lines: number): string => 'export const x = 1;\n'.repeat(lines);
    const reason = `/**\n * A module.\n *\n * ${MARKER} one walk written twice.\n */\n`;

    expect(sizeProblem('src/a.ts', body(MAX_LINES))).toBeUndefined();
    expect(sizeProblem('src/a.ts', body(MAX_LINES + 1))).toMatch(/^src\/a\.ts: 401 lines \(over 400\) and no 'Why this file is long:' comment/);
    expect(sizeProblem('src/a.ts', reason + body(MAX_LINES))).toBeUndefined();
    expect(sizeProblem('src/a.ts', `// ${MARKER} a table.\n${body(MAX_LINES)}`)).toBeUndefined();
    // Too far down, or not in a comment: no reason.
    expect(sizeProblem('src/a.ts', `${body(HEAD_LINES)}// ${MARKER} late.\n${body(MAX_LINES)}`)).toMatch(/no 'Why this file is long:'/);
    expect(sizeProblem('src/a.ts', `const why = '${MARKER} a string';\n${body(MAX_LINES)}`)).toMatch(/no 'Why this file is long:'/);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount('a\nb\n')).toBe(2);
  });
});
