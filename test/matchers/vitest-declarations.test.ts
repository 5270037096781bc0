/**
 * What docs/matchers.md ("Types") says each Vitest major declares, read from
 * the declarations of Vitest 3.2.0, 4 and 5 themselves: `Matchers` has one
 * type parameter on 3.2–4.x and two on 5, and `expect(x)` returns
 * `Assertion<X>` on 3.2–4.x and `Assertion<void, X>` on 5. That is why
 * matchers/vitest.ts augments `Matchers` without type parameters and never
 * names `Assertion`; the type stages (test/types/vitest*) check that it works.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRunners, runnersDir } from '../support/runners.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const majors = [
  { name: 'Vitest 3.2', home: join(runnersDir, 'node_modules/vitest-3'), matchers: 'Matchers<T = any>', assertion: 'Assertion<T>' },
  { name: 'Vitest 4', home: join(root, 'node_modules/vitest'), matchers: 'Matchers<T = any>', assertion: 'Assertion<T>' },
  {
    name: 'Vitest 5',
    home: join(runnersDir, 'node_modules/vitest-5'),
    matchers: 'Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>',
    assertion: 'Assertion<void, T>',
  },
] as const;

/** Every .d.ts file under `dir`. */
function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

/** The declarations of a Vitest install: its own dist, and @vitest/expect where it depends on it (Vitest 5 bundles its own). */
function declarations(home: string): string {
  const manifest = join(home, 'package.json');
  const dependencies = (JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const expectDir = '@vitest/expect' in dependencies ? [dirname(createRequire(manifest).resolve('@vitest/expect'))] : [];
  return [join(home, 'dist'), ...expectDir]
    .flatMap(declarationFiles)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

/** Every `interface Matchers<…>` header and every return type of `<T>(actual: T, message?: string)` (expect's call), whitespace collapsed. */
function shapes(text: string): { matchers: string[]; assertion: string[] } {
  const collapse = (value: string): string => value.replace(/\s+/g, ' ').replace(/< /g, '<').replace(/ >/g, '>').trim();
  return {
    matchers: [...new Set([...text.matchAll(/^interface (Matchers<[^{]*>)\s*\{/gm)].map((match) => collapse(match[1] as string)))],
    assertion: [...new Set([...text.matchAll(/<T>\(actual: T, message\?: string\): (Assertion<[^;]*>);/g)].map((match) => collapse(match[1] as string)))],
  };
}

beforeAll(() => {
  ensureRunners(majors.map((major) => major.home));
}, 600_000);

describe.each(majors)('$name', (major) => {
  it(`declares ${major.matchers}, and expect(x) returns ${major.assertion}`, () => {
    const found = shapes(declarations(major.home));

    expect(found.matchers).toContain(major.matchers);
    expect(found.assertion).toEqual([major.assertion]);
  });
});
