/**
 * package.json's promises that tests elsewhere cannot see: `typesVersions`
 * (what TypeScript's Node10 resolution reads instead of `exports`) points
 * every subpath at the declarations `exports` names for `import`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface PackageJson {
  exports: Record<string, string | { import?: { types?: string } }>;
  typesVersions: Record<string, Record<string, string[]>>;
  types: string;
}

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as PackageJson;

describe('package.json typesVersions', () => {
  it("maps every subpath export to the declarations its 'import' condition names (Node10 resolution sees the same types)", () => {
    const fromExports = Object.fromEntries(
      Object.entries(pkg.exports)
        .filter(([subpath, target]) => subpath !== '.' && typeof target === 'object')
        .map(([subpath, target]) => [subpath.slice(2), [(target as { import?: { types?: string } }).import?.types]]),
    );

    expect(pkg.typesVersions['*']).toEqual(fromExports);
    expect(pkg.types).toBe((pkg.exports['.'] as { import?: { types?: string } }).import?.types);
  });
});
