/**
 * What the docs say about golden files (docs/matchers.md, docs/runners.md),
 * checked: one entry per test shared by both runners, no stale entries in the
 * committed golden files, and how each runner decides that `CI=false` is CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The `describe`/`it` titles of a test file whose tests are written out literally, joined the Jest way. */
function literalTestNames(file: string): Set<string> {
  const names = new Set<string>();
  const stack: { indent: number; title: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(\s*)(describe|it)\('((?:[^'\\]|\\.)*)'/.exec(line);
    if (!match) continue;
    const indent = match[1]?.length ?? 0;
    while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    const title = match[3] ?? '';
    if (match[2] === 'it') names.add([...stack.map((entry) => entry.title), title].join(' '));
    else stack.push({ indent, title });
  }
  return names;
}

describe('golden files', () => {
  it('examples/__tier2__ holds one entry per test, shared by Vitest and Jest, and none for a test that no longer exists', () => {
    const entries = Object.keys(JSON.parse(readFileSync(join(root, 'examples/__tier2__/scenario-suite.test.ts.json'), 'utf8')) as object);
    const tests = literalTestNames(join(root, 'examples/scenario-suite.test.ts'));

    expect(entries.filter((key) => !tests.has(key.replace(/ > [^>]*$/, '')) && !tests.has(key))).toEqual([]);
    // A Vitest-style key ('a > b') beside its Jest-style twin ('a b') is the stale entry of an older key format.
    expect(entries.filter((key) => key.includes(' > ') && entries.includes(key.split(' > ').join(' ')))).toEqual([]);
  });
});

describe('CI detection, as docs/matchers.md states it', () => {
  const dir = join(root, 'test/.generated/ci-claim');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Jest (ci-info) counts CI=false as not CI', () => {
    const jestRequire = createRequire(createRequire(import.meta.url).resolve('jest'));
    const ciInfo = jestRequire.resolve('ci-info');
    const run = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(ciInfo)}).isCI))`], {
      env: { PATH: process.env.PATH ?? '', CI: 'false' },
      encoding: 'utf8',
    });
    expect(run.stdout).toBe('false');
  });

  it("Jest's --ci, when not given, is what ci-info says: CI=true alone runs with snapshot update mode none", () => {
    const jestDir = join(dir, 'jest');
    mkdirSync(jestDir, { recursive: true });
    // A package.json of its own, so Jest takes this folder as the project and looks no further up.
    writeFileSync(join(jestDir, 'package.json'), '{}\n');
    writeFileSync(
      join(jestDir, 'mode.test.js'),
      "it('prints the update mode', () => { console.log(`update mode: ${expect.getState().snapshotState._updateSnapshot}`); });\n",
    );
    const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--no-cache'], {
      cwd: jestDir,
      env: { PATH: process.env.PATH ?? '', CI: 'true' },
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toContain('update mode: none');
  }, 60_000);

  it('Vitest counts CI=false as CI and runs with snapshot update mode none', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'vitest.config.mjs'), 'export default {};\n');
    writeFileSync(
      join(dir, 'mode.test.mjs'),
      "import { expect, it } from 'vitest';\nit('prints the update mode', () => { console.log(`update mode: ${expect.getState().snapshotState._updateSnapshot}`); });\n",
    );
    const run = spawnSync(join(root, 'node_modules/.bin/vitest'), ['run', '--root', dir], {
      env: { PATH: process.env.PATH ?? '', CI: 'false' },
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toContain('update mode: none');
  }, 60_000);
});
