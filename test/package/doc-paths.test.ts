/**
 * The docs name files that exist. Every Markdown page git tracks (README.md,
 * CONTRIBUTING.md, test/README.md, docs/*.md; the generated API reports in
 * api/ left out) is read, and each path it names is looked up in the working
 * tree (tracked or new files, never ignored ones such as dist/ or reports/):
 * - a path from the repository root in inline code: `src/…`, `test/…`,
 *   `matchers/…`, `scripts/…`, `docs/…`, `examples/…`, `schemas/…`, `api/…`,
 *   alone or inside a command (`npx vitest run test/robustness`); a trailing
 *   `:line` or `#anchor` is dropped, a trailing `/` asks for a folder; a
 *   `matchers/…` path may also be under test/ (test/README.md names test
 *   files from test/);
 * - a path relative to src/ or test/ in inline code, as the tables of
 *   docs/architecture.md and test/README.md write them (`data/json.ts`,
 *   `harness/harness.test.ts`): the whole code span, a source file whose first
 *   folder is a folder of src/ or test/; it must exist under one of them;
 * - the target of a relative Markdown link or image, from the page's folder.
 *
 * Skipped on purpose:
 * - fenced code blocks: they show users' projects and a run's output (a fuzz
 *   report naming `test/missions.test.ts`), not this repository;
 * - globs and placeholders (`*`, `?`, `{`, `[`, `<…>`, `$`):
 *   `examples/*.test.ts`, `test/types/<runner>/`, `api/<entry>.api.md`;
 * - bare file names (`run.ts`: no folder says where to look), paths that
 *   climb (`../x.ts`), and paths outside the roots above (`dist/cli.js`,
 *   `reports/…`, `.ci/run`, package names such as `tier2-harness/vitest`);
 * - the files of a user's project a page names as an example (ELSEWHERE).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The folders a root-relative path starts with. */
const ROOTS = ['src', 'test', 'matchers', 'scripts', 'docs', 'examples', 'schemas', 'api'];
const ROOT_PATH = new RegExp(`(?<![\\w./@-])((?:${ROOTS.join('|')})/[^\\s\`'"(),;]*)`, 'g');
const RELATIVE_SOURCE = /^[a-z][\w-]*\/[\w./-]*\.(?:ts|mts|cts|js|mjs|cjs)$/;
const PLACEHOLDER = /[*?{}[\]<>$]/;

/** Files of a user's project that a page names, as `page: path`; each must still be named there. */
const ELSEWHERE = new Set([
  'README.md: test/greetings.test.ts',
  'docs/runners.md: test/tier2.d.ts',
  // The demo file of docs/matchers.md, as it runs in a project of its own (test/package/failure-output.test.ts).
  'docs/matchers.md: test/zz-docs-demo.test.ts',
  // The file an example error message names.
  'docs/guarantees.md: examples/bad.suite.yaml',
]);

/** What a page names, as `page: path` for each path that must exist, with the places to look. */
interface Named {
  readonly page: string;
  readonly path: string;
  /** The paths (from the repository root) that may hold it; one is enough. */
  readonly candidates: readonly string[];
}

/** The page's text outside fenced code blocks, line for line (a fence's lines become empty). */
function prose(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const opening = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && opening) fence = opening[1];
    else if (fence !== undefined && line.trim().startsWith(fence)) fence = undefined;
    else if (fence === undefined) return line;
    return '';
  });
}

/** Drops what follows a path without being part of it: `:12`, `:12-30`, `#anchor`, a final `.` or `:`. */
function bare(path: string): string {
  return path
    .replace(/#.*$/, '')
    .replace(/:\d+(?:-\d+)?$/, '')
    .replace(/[.:]$/, '');
}

/**
 * Every path a page names that must exist. `relativeRoots` are the first folders of src/ and test/ (a
 * parameter, so the test below can try the rule on a made-up page).
 */
function namedPaths(page: string, markdown: string, relativeRoots: ReadonlySet<string>): Named[] {
  const named: Named[] = [];
  for (const line of prose(markdown)) {
    for (const span of line.matchAll(/`([^`]+)`/g)) {
      const code = span[1] ?? '';
      for (const match of code.matchAll(ROOT_PATH)) {
        const path = bare(match[1] ?? '');
        if (PLACEHOLDER.test(path) || path.includes('..')) continue;
        named.push({ page, path, candidates: path.startsWith('matchers/') ? [path, `test/${path}`] : [path] });
      }
      const first = code.split('/')[0] ?? '';
      if (RELATIVE_SOURCE.test(code) && !ROOTS.includes(first) && relativeRoots.has(first)) {
        named.push({ page, path: code, candidates: [`src/${code}`, `test/${code}`] });
      }
    }
    for (const link of line.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = (link[1] ?? '').replace(/#.*$/, '');
      if (target === '' || /^[a-z]+:/i.test(target) || PLACEHOLDER.test(target)) continue;
      const path = normalize(join(dirname(page), target)).replace(/\/$/, '');
      named.push({ page, path: target, candidates: [path] });
    }
  }
  return named;
}

/** The tracked and new (not ignored) files of the working tree, and every folder above them. */
function workingTree(): Set<string> {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  const present = new Set<string>();
  for (const file of listed.split('\n')) {
    if (file === '' || !existsSync(join(root, file))) continue;
    present.add(file);
    for (let folder = dirname(file); folder !== '.'; folder = dirname(folder)) present.add(folder);
  }
  return present;
}

/** `page: path` for each named path that is in none of its places. */
function missing(named: readonly Named[], present: ReadonlySet<string>): string[] {
  return named
    .filter(({ candidates }) => !candidates.some((candidate) => present.has(candidate.replace(/\/$/, ''))))
    .map(({ page, path }) => `${page}: ${path}`);
}

describe('the docs name files that exist', () => {
  const present = workingTree();
  const pages = [...present].filter((file) => file.endsWith('.md') && !file.startsWith('api/')).sort();
  const folders = (under: string): string[] =>
    readdirSync(join(root, under), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  const relativeRoots = new Set([...folders('src'), ...folders('test')]);
  const named = pages.flatMap((page) => namedPaths(page, readFileSync(join(root, page), 'utf8'), relativeRoots));
  const problems = missing(named, present);

  it('reads every page and finds the paths it names', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'test/README.md', 'docs/architecture.md', 'docs/cli.md']));
    expect(named.filter(({ page }) => page === 'docs/architecture.md').map(({ path }) => path)).toEqual(
      expect.arrayContaining(['data/json.ts', 'test/packaging/', '../CONTRIBUTING.md']),
    );
    expect(named.length).toBeGreaterThan(300);
  });

  it('every path a page names exists (or is a file of the user’s project, or known stale)', () => {
    expect(problems.filter((problem) => !ELSEWHERE.has(problem))).toEqual([]);
  });

  it('each exception is still needed', () => {
    const found = new Set(problems);
    expect([...ELSEWHERE].filter((exception) => !found.has(exception))).toEqual([]);
  });

  it('fails on a path that does not exist, and skips what it cannot check', () => {
    const page = [
      'The store is `src/golden/store.ts`, the runner `npx vitest run test/harness/no-such.test.ts:12`.',
      'Layers: `data/json.ts`, `data/gone.ts`; a test `harness/harness.test.ts`.',
      'See [the CLI](cli.md#input-rules) and [gone](../gone.md), ![shot](missing.png).',
      'Skipped: `examples/*.test.ts`, `test/types/<runner>/`, `run.ts`, `dist/cli.js`, `tier2-harness/vitest`, `../x.ts`.',
      '```sh',
      'npx vitest run test/fenced-away.test.ts',
      '```',
      '`src/data/` and `src/nothing/`.',
    ].join('\n');
    const found = namedPaths('docs/page.md', page, relativeRoots);

    expect(missing(found, present)).toEqual([
      'docs/page.md: test/harness/no-such.test.ts',
      'docs/page.md: data/gone.ts',
      'docs/page.md: ../gone.md',
      'docs/page.md: missing.png',
      'docs/page.md: src/nothing/',
    ]);
    expect(found.map(({ path }) => path)).not.toContain('test/fenced-away.test.ts');
  });
});
