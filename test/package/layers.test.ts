/**
 * The layers of docs/architecture.md, checked: every relative import in `src/`
 * and `matchers/` goes from a folder to one that the table below lets it use
 * (its own, or a layer beneath it). An import upwards, or between two layers
 * that the table keeps apart, fails the test with the file and the import.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What each layer may import, besides itself: the diagram in docs/architecture.md, transitively closed. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  data: [],
  io: [],
  runtime: ['data'],
  harness: ['runtime', 'data'],
  golden: ['data', 'io'],
  parts: ['harness', 'runtime', 'data', 'io'],
  compare: ['parts', 'harness', 'runtime', 'data', 'io'],
  report: ['compare', 'parts', 'harness', 'runtime', 'data', 'io'],
  dsl: ['parts', 'harness', 'runtime', 'data', 'io'],
  'fast-check': ['harness', 'runtime', 'data'],
  matchers: ['golden', 'harness', 'runtime', 'data', 'io'],
  cli: ['report', 'compare', 'parts', 'harness', 'runtime', 'data', 'io'],
  // The entry modules directly in src/ (index.ts, internal.ts) gather the layers for the package's exports.
  entries: ['cli', 'report', 'compare', 'parts', 'dsl', 'fast-check', 'golden', 'harness', 'runtime', 'data', 'io'],
};

/** The layer of a file: its folder under `src/` (`entries` for a file directly in it), or `matchers`. */
function layerOf(file: string): string {
  const parts = relative(root, file).split('/');
  if (parts[0] === 'matchers') return 'matchers';
  return parts.length > 2 ? (parts[1] as string) : 'entries';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each import that crosses into a layer its file may not use, as `file: from 'specifier' (a -> b)`. */
function violations(files: readonly { path: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    const from = layerOf(path);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const specifier = match[1] as string;
      const to = layerOf(resolve(dirname(path), specifier));
      const allowed = MAY_IMPORT[from];
      if (to !== from && !(allowed ?? []).includes(to)) found.push(`${relative(root, path)}: from '${specifier}' (${from} -> ${to})`);
    }
  }
  return found;
}

const tree = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'matchers'))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('the layers of docs/architecture.md', () => {
  it('knows every folder of src/', () => {
    const folders = new Set(tree.map((file) => layerOf(file.path)));
    expect([...folders].filter((folder) => !(folder in MAY_IMPORT))).toEqual([]);
  });

  it('no module imports a layer above its own', () => {
    expect(violations(tree)).toEqual([]);
  });

  it('names an import upwards, and one between layers kept apart', () => {
    const planted = [
      { path: join(root, 'src/data/json.ts'), text: "import { runCli } from '../cli/run.js';" },
      { path: join(root, 'src/compare/model.ts'), text: "import type { Colors } from '../report/text.js';" },
      { path: join(root, 'src/golden/store.ts'), text: "const loaded = await import('../harness/suite.js');" },
      { path: join(root, 'src/report/text.ts'), text: "import { x } from './junit.js';\nimport { y } from '../data/json.js';" },
    ];
    expect(violations(planted)).toEqual([
      "src/data/json.ts: from '../cli/run.js' (data -> cli)",
      "src/compare/model.ts: from '../report/text.js' (compare -> report)",
      "src/golden/store.ts: from '../harness/suite.js' (golden -> harness)",
    ]);
  });
});
