/**
 * The file-naming rule of CONTRIBUTING.md, enforced:
 * - a file in `matchers/` or `src/fast-check/` that holds one public function
 *   is named after it, in camelCase (`toMeetExpectations.ts`,
 *   `fuzzMission.ts`), and exports a function or constant of that name;
 * - every other module, script and test is kebab-case (`test-run.ts`,
 *   `write-file-atomic.ts`), lower-case words joined by `-`;
 * - a test named in camelCase tests the camelCase module of that name.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;
/** The folders whose files may be named after their one export. */
const ONE_EXPORT_FOLDERS = new Set(['matchers', 'src/fast-check']);

/** A file's name without its folder and its endings (`.test.ts`, `.test-d.ts`, `.d.ts`, `.ts`, `.mjs`, `.cjs`...). */
function stem(path: string): string {
  return basename(path).replace(/(?:\.test-d|\.test|\.d)?\.(?:ts|mts|cts|mjs|cjs|js)$/, '');
}

/**
 * Why a path breaks the rule, or undefined when it keeps it. `read` gives a
 * file's text (a parameter, so the test below can try the rule on made-up files).
 */
function namingProblem(path: string, camelModules: ReadonlySet<string>, read: (path: string) => string): string | undefined {
  const name = stem(path);
  // Dotted names are configurations of a tool or a runner (`vitest.config.ts`, `matchers.jest.ts`): each part is checked.
  const parts = name.split('.');
  if (parts.every((part) => KEBAB.test(part))) return undefined;
  if (parts.length === 1 && CAMEL.test(name)) {
    if (ONE_EXPORT_FOLDERS.has(dirname(path))) {
      const exported = new RegExp(`^export (?:async )?(?:function|const) ${name}\\b`, 'm');
      return exported.test(read(path)) ? undefined : `${path}: a camelCase module must export a function or constant named ${name}`;
    }
    if (path.startsWith('test/') && camelModules.has(name)) return undefined;
    return `${path}: camelCase is for a module named after its one export, in matchers/ or src/fast-check/ (and for its test); use kebab-case`;
  }
  return `${path}: not kebab-case (lower-case words joined by '-')`;
}

/** Source, test, script and example files git tracks, fixtures (data for tests) left out. */
function trackedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--', 'src', 'matchers', 'test', 'scripts', 'examples'], { cwd: root, encoding: 'utf8' });
  return listed
    .split('\n')
    .filter((path) => /\.(?:ts|mts|cts|mjs|cjs|js)$/.test(path))
    .filter((path) => !path.startsWith('test/fixtures/') && !path.startsWith('test/packaging/fixture/'));
}

describe('file names (CONTRIBUTING.md, "File names")', () => {
  const files = trackedFiles();
  const camelModules = new Set(files.filter((path) => ONE_EXPORT_FOLDERS.has(dirname(path)) && CAMEL.test(stem(path))).map(stem));
  const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

  it('finds the files it checks', () => {
    expect(files).toContain('src/harness/test-run.ts');
    expect(files).toContain('matchers/toMeetExpectations.ts');
    expect(camelModules.has('fuzzMission')).toBe(true);
  });

  it('every tracked file keeps the rule', () => {
    expect(files.map((path) => namingProblem(path, camelModules, read)).filter((problem) => problem !== undefined)).toEqual([]);
  });

  it('refuses the names that break it', () => {
    const text = (body: string) => (): string => body;
    expect(namingProblem('src/testRun.ts', camelModules, text(''))).toMatch(/camelCase is for a module named after its one export/);
    expect(namingProblem('src/cli/Run.ts', camelModules, text(''))).toMatch(/not kebab-case/);
    expect(namingProblem('src/cli/load_config.ts', camelModules, text(''))).toMatch(/not kebab-case/);
    expect(namingProblem('matchers/toBeFine.ts', camelModules, text('export function toBeGood() {}\n'))).toMatch(
      /must export a function or constant named toBeFine/,
    );
    expect(namingProblem('test/fast-check/testProp.test.ts', camelModules, text(''))).toMatch(/use kebab-case/);
    expect(namingProblem('matchers/toBeFine.ts', camelModules, text('export function toBeFine() {}\n'))).toBeUndefined();
    expect(namingProblem('test/matchers/toMeetExpectations.test.ts', camelModules, text(''))).toBeUndefined();
  });
});
