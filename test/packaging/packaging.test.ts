/**
 * What a new user does on a clean machine, beside this repository's locked
 * toolchain (vitest, jest, @jest/globals, fast-check, ts-jest, TypeScript, tsx):
 * install the packed tarball in a fresh project; load every subpath from ESM
 * and CommonJS in plain Node; type-check every subpath under each TypeScript
 * resolution mode docs/runners.md names; and compile and run a TypeScript test
 * through ts-jest under each tsconfig docs/runners.md documents; and run the
 * `tier2` CLI with missions written in TypeScript. The runner
 * majors themselves are matrix.test.ts. Needs `npm run build` first.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codeBlocks, section } from '../support/pasted-output.js';
import { PINS } from './matrix.js';
import { countTests, exec, execOrThrow, failureText, fixture, freshProject, readReport, root, tsc } from './project.js';
import { inProject, shardAndMerge, shardingTests, type ShardMerge } from './sharding.js';

interface PackageJson {
  name: string;
  exports: Record<string, unknown>;
}
interface SmokeResult {
  subpath: string;
  ok: boolean;
  resolved?: string;
  exports?: string[];
  error?: string;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const subpaths = Object.keys(pkg.exports).filter((subpath) => !subpath.endsWith('.json'));
/**
 * Entries that only load inside their runner: in plain Node they must fail
 * with the runner's own refusal (and nothing else). `@jest/globals` refuses
 * outside Jest (in ESM, Node already refuses its named export at link time);
 * Vitest refuses `require()` altogether, so its CommonJS entry only exists
 * for resolution.
 */
const runnerOnly: Record<'esm' | 'cjs', Record<string, RegExp>> = {
  esm: { './jest': /outside of the Jest test environment|requested module '@jest\/globals'/ },
  cjs: { './jest': /outside of the Jest test environment/, './vitest': /Vitest cannot be imported in a CommonJS module/ },
};
/** A line only the runtime's own build contains (esbuild writes classes as `var X = class`). */
const RUNTIME_MARKER = /\bclass Orchestrator\b|\bOrchestrator = class\b/;

/** Every file path an `exports` value points at, through nested conditions. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

let project = '';
let packedFiles: string[] = [];
let esmSmoke: SmokeResult[] = [];
let cjsSmoke: SmokeResult[] = [];

beforeAll(async () => {
  const packed = inject('packed');
  packedFiles = packed.files;
  const peers = [
    `vitest@${PINS.vitest4}`,
    `jest@${PINS.jest30}`,
    `@jest/globals@${PINS.jestGlobals30}`,
    `@types/node@${PINS.typesNode}`,
    `fast-check@${PINS.fastCheck}`,
    `ts-jest@${PINS.tsJest}`,
    `typescript@${PINS.typescript}`,
    `tsx@${PINS.tsx}`,
    `typescript-6@npm:typescript@${PINS.typescript6}`,
  ];
  const { dir, install } = await freshProject('toolchain', packed, peers);
  project = dir;
  console.log(`packaging test: the toolchain project installed in ${install.seconds} s`);
  esmSmoke = JSON.parse((await execOrThrow(process.execPath, ['smoke.mjs'], project)).stdout) as SmokeResult[];
  cjsSmoke = JSON.parse((await execOrThrow(process.execPath, ['smoke.cjs'], project)).stdout) as SmokeResult[];
});

afterAll(() => {
  if (!project) return;
  if (process.env.TIER2_KEEP_PACKAGING) console.log(`packaging test: project kept at ${project}`);
  else rmSync(project, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds every file package.json exports, and no sources or tests', () => {
    const exported = Object.values(pkg.exports)
      .flatMap(targets)
      .map((target) => target.replace(/^\.\//, ''));

    expect(exported.filter((target) => !packedFiles.includes(target))).toEqual([]);
    expect(packedFiles.filter((file) => /^(src|test|examples|matchers)\//.test(file))).toEqual([]);
  });

  it('has one runtime copy per format: every entry imports the one chunk that holds the runtime', () => {
    const read = (file: string): string => readFileSync(join(project, 'node_modules/tier2-harness', file), 'utf8');
    for (const extension of ['js', 'cjs']) {
      const code = packedFiles.filter((file) => file.startsWith('dist/') && file.endsWith(`.${extension}`));
      const runtime = code.filter((file) => RUNTIME_MARKER.test(read(file)));

      expect(runtime, extension).toHaveLength(1);
      expect(runtime[0], extension).toMatch(/^dist\/chunk-[A-Z0-9]+\.c?js$/);
    }
  });
});

describe('docs/runners.md and README.md', () => {
  it.each([
    ['vitest/morning.test.ts', 'ts'],
    ['jest/morning.test.js', 'js'],
  ])('docs/runners.md shows %s verbatim, so the documented example is the one matrix.test.ts runs', (file, language) => {
    const docs = readFileSync(join(root, 'docs/runners.md'), 'utf8');
    const code = readFileSync(join(fixture, file), 'utf8').split('\n').slice(1).join('\n');

    expect(docs).toContain(`\`\`\`${language}\n${code}\`\`\``);
  });

  it("README.md's first test without its vitest import is jest-esm/greetings.test.mjs, which matrix.test.ts runs under Jest", () => {
    const [, test = ''] = codeBlocks(section(readFileSync(join(root, 'README.md'), 'utf8'), '## Get started in your project'), 'ts');
    const [vitestImport, ...rest] = test.split('\n');
    const code = readFileSync(join(fixture, 'jest-esm/greetings.test.mjs'), 'utf8').split('\n').slice(1);

    expect(vitestImport).toBe("import { describe, expect, it } from 'vitest';");
    expect(rest.join('\n')).toBe(code.join('\n'));
  });
});

describe('plain Node', () => {
  it.each(subpaths)('import() of %s', (subpath) => {
    const result = esmSmoke.find((entry) => entry.subpath === subpath);
    const expectedFailure = runnerOnly.esm[subpath];

    if (expectedFailure) expect(result?.error).toMatch(expectedFailure);
    else expect(result).toMatchObject({ ok: true, resolved: expect.stringMatching(/node_modules\/tier2-harness\/dist\/.*\.js$/) as unknown });
  });

  it.each(subpaths)('require() of %s', (subpath) => {
    const result = cjsSmoke.find((entry) => entry.subpath === subpath);
    const expectedFailure = runnerOnly.cjs[subpath];

    if (expectedFailure) expect(result?.error).toMatch(expectedFailure);
    else expect(result).toMatchObject({ ok: true, resolved: expect.stringMatching(/node_modules\/tier2-harness\/dist\/.*\.cjs$/) as unknown });
  });

  it('exposes the same runtime API to import() and require()', () => {
    const esm = esmSmoke.find((entry) => entry.subpath === '.')?.exports ?? [];
    const cjs = cjsSmoke.find((entry) => entry.subpath === '.')?.exports ?? [];

    expect(esm).toContain('runTestRun');
    expect(cjs.filter((name) => name !== 'default')).toEqual(esm.filter((name) => name !== 'default'));
  });
});

/**
 * The resolution modes docs/runners.md names, each with the `module` it
 * pairs with. What this checks is which declaration file each import resolves
 * to (`--listFiles`) and that the matchers' types are the package's, not `any`
 * (`@ts-expect-error` on misuse). `skipLibCheck` is on (the package's
 * declarations are checked with it off in every matrix entry), except for the
 * Vitest user under Node10: there docs/runners.md says Vitest's own
 * declarations fail (they import subpaths Node10 cannot resolve, as do
 * fast-check's; this package's `typesVersions` maps every subpath of its own),
 * and this checks that they do, and that nothing else does.
 */
const MODES = [
  { moduleResolution: 'NodeNext', module: 'NodeNext' },
  { moduleResolution: 'Node16', module: 'Node16' },
  { moduleResolution: 'Bundler', module: 'Preserve' },
  { moduleResolution: 'Node10', module: 'CommonJS' },
] as const;

/** The two users of resolution/: an ES module importing every subpath but /jest, and a CommonJS file importing /jest. */
const USERS = [
  { runner: 'vitest', file: 'resolution/esm/vitest-user.ts', format: 'esm', subpaths: ['index', 'vitest', 'matchers', 'fast-check', 'reporter'] },
  { runner: 'jest', file: 'resolution/jest-user.ts', format: 'cjs', subpaths: ['index', 'jest', 'matchers'] },
] as const;

/** The one case type-checked with skipLibCheck off: a Vitest user under Node10. */
function vitestUnderNode10(mode: (typeof MODES)[number], user: (typeof USERS)[number]): boolean {
  return mode.moduleResolution === 'Node10' && user.runner === 'vitest';
}

/** What Node10 does to Vitest's and fast-check's declarations: a subpath import it cannot resolve. */
const NODE10_LIB_ERROR = /^node_modules\/(vitest|@vitest\/[a-z-]+|fast-check)\/[^(]+\.d\.ts\(\d+,\d+\): error TS2307: Cannot find module '/;

/** Writes a tsconfig for one mode and user into the project; returns its name. */
function resolutionConfig(mode: (typeof MODES)[number], user: (typeof USERS)[number]): string {
  const name = `tsconfig.resolution.${mode.moduleResolution.toLowerCase()}.${user.runner}.json`;
  const skipLibCheck = !vitestUnderNode10(mode, user);
  const compilerOptions = { ...mode, target: 'ES2022', strict: true, noEmit: true, skipLibCheck, types: ['node'] };
  writeFileSync(join(project, name), `${JSON.stringify({ compilerOptions, files: [user.file] }, null, 2)}\n`);
  return name;
}

describe(`TypeScript ${PINS.typescript}: every subpath under every resolution mode`, () => {
  it.each(MODES.flatMap((mode) => USERS.map((user) => [mode.moduleResolution, user.runner, mode, user] as const)))(
    'moduleResolution %s, a %s user',
    async (_mode, _runner, mode, user) => {
      const result = await exec(process.execPath, [tsc, '-p', resolutionConfig(mode, user), '--listFiles'], project);
      const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
      const declarations = result.stdout
        .split('\n')
        .map((line) => /node_modules\/tier2-harness\/(.+)$/.exec(line.trim())?.[1])
        .filter((file): file is string => file !== undefined)
        .sort();
      // Node16/NodeNext give a CommonJS file the package's `require` types; every other case reads the `import` ones.
      const extension = user.format === 'cjs' && (mode.moduleResolution === 'NodeNext' || mode.moduleResolution === 'Node16') ? 'd.cts' : 'd.ts';

      if (vitestUnderNode10(mode, user)) {
        // Vitest's own declarations fail, and only they and fast-check's do: with skipLibCheck, as docs/runners.md says, nothing does.
        expect(errors.filter((line) => /^node_modules\/(vitest|@vitest\/[a-z-]+)\//.test(line)).length).toBeGreaterThan(0);
        expect({ status: result.status, others: errors.filter((line) => !NODE10_LIB_ERROR.test(line)) }).toEqual({ status: 2, others: [] });
      } else {
        expect({ status: result.status, errors }).toEqual({ status: 0, errors: [] });
      }
      // Beside the entries' declarations, only the chunks of declarations they share (named `<module>-<hash>`).
      const chunk = /^dist\/[a-z-]+-[A-Za-z0-9_-]{8}\.d\.c?ts$/;
      expect(declarations.filter((file) => chunk.test(file)).every((file) => file.endsWith(`.${extension}`))).toBe(true);
      expect(declarations.filter((file) => !chunk.test(file))).toEqual(user.subpaths.map((subpath) => `dist/${subpath}.${extension}`).sort());
    },
  );

  it(`TypeScript ${PINS.typescript6} refuses moduleResolution Node10 unless "ignoreDeprecations": "6.0", as docs/runners.md says`, async () => {
    const config = resolutionConfig(MODES[3], USERS[1]);
    const tsc6 = join(project, 'node_modules/typescript-6/bin/tsc');
    const refused = await exec(process.execPath, [tsc6, '-p', config], project);
    const silenced = await exec(process.execPath, [tsc6, '-p', config, '--ignoreDeprecations', '6.0'], project);

    expect({ status: refused.status, output: refused.stdout }).toEqual({
      status: 2,
      output: expect.stringContaining("error TS5107: Option 'moduleResolution=node10' is deprecated") as unknown,
    });
    expect({ status: silenced.status, output: silenced.stdout }).toEqual({ status: 0, output: '' });
  });
});

/** The tsconfigs docs/runners.md documents for ts-jest, as the fixture holds them. */
const TS_JEST_CONFIGS = ['tsconfig.ts-jest.nodenext.json', 'tsconfig.ts-jest.bundler.json', 'tsconfig.ts-jest.node10.json'];

describe(`ts-jest ${PINS.tsJest} (Jest ${PINS.jest30}, CommonJS), under each tsconfig docs/runners.md documents`, () => {
  it.each(TS_JEST_CONFIGS)('docs/runners.md documents the module and moduleResolution of %s', (tsconfig) => {
    const docs = readFileSync(join(root, 'docs/runners.md'), 'utf8');
    const text = readFileSync(join(fixture, tsconfig), 'utf8');
    const module = /"module": "(\w+)"/.exec(text)?.[1];
    const moduleResolution = /"moduleResolution": "(\w+)"/.exec(text)?.[1];

    expect(docs).toContain(`"module": "${module}", "moduleResolution": "${moduleResolution}"`);
  });

  it.each(TS_JEST_CONFIGS)('%s compiles and type-checks the test, which then passes', async (tsconfig) => {
    const report = `ts-jest-${tsconfig}.json`;
    const result = await exec(
      join(project, 'node_modules/.bin/jest'),
      ['--ci', '--config', 'jest.ts-jest.config.cjs', '--json', `--outputFile=${report}`],
      project,
      {
        TIER2_TSCONFIG: tsconfig,
      },
    );
    const outcome = readReport(project, report);

    expect({ status: result.status, failures: failureText(outcome) }).toEqual({ status: 0, failures: '' });
    expect(outcome.numPassedTests).toBe(countTests('ts-jest/morning.test.ts') + countTests('ts-jest/fuzz.test.ts'));
  });
});

/**
 * fast-check 4's own declarations import `pure-rand/types/...`, a subpath only
 * `exports` maps, which `Node10` cannot resolve. What docs/runners.md says about
 * it, with the tsconfigs it documents for ts-jest (their `ts-jest/` tests include
 * a tier2-harness/fast-check one, which ts-jest runs under all three above):
 * `tsc` with skipLibCheck off is clean under NodeNext and Bundler, and under
 * Node10 fails inside fast-check's declarations only, clean with skipLibCheck.
 */
describe(`fast-check ${PINS.fastCheck}'s declarations under the ts-jest tsconfigs docs/runners.md documents`, () => {
  const typeErrors = (output: string): string[] => output.split('\n').filter((line) => /error TS\d+/.test(line));

  it.each(TS_JEST_CONFIGS)('tsc -p %s (skipLibCheck off)', async (tsconfig) => {
    const result = await exec(process.execPath, [tsc, '-p', tsconfig, '--noEmit'], project);
    const errors = typeErrors(result.stdout);

    if (!tsconfig.includes('node10')) {
      expect({ status: result.status, errors }).toEqual({ status: 0, errors: [] });
      return;
    }
    const skipped = await exec(process.execPath, [tsc, '-p', tsconfig, '--noEmit', '--skipLibCheck'], project);
    expect(errors.length).toBeGreaterThan(0);
    expect(
      errors.filter((line) => !/^node_modules\/fast-check\/lib\/fast-check\.d\.ts\(\d+,\d+\): error TS2307: Cannot find module 'pure-rand\/types\//.test(line)),
    ).toEqual([]);
    expect({ status: skipped.status, errors: typeErrors(skipped.stdout) }).toEqual({ status: 0, errors: [] });
  });
});

describe(`the tier2 binary with --missions in TypeScript (tsx ${PINS.tsx} installed beside it)`, () => {
  it.each(['cli/missions.mts', 'cli/missions.ts'])('runs a suite whose custom missions are %s', async (missions) => {
    const result = await exec(join(project, 'node_modules/.bin/tier2'), ['run', 'cli/suite.yaml', '--missions', missions], project);

    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('PASS  1/1 expectations passed');
  });
});

describe(`Vitest ${PINS.vitest4}: sharding (docs/sharding.md)`, () => {
  let merged: Promise<ShardMerge> | undefined;
  const merge = (): Promise<ShardMerge> => {
    merged ??= shardAndMerge(
      project,
      inProject(project, process.execPath, [join(project, 'node_modules/vitest/vitest.mjs')]),
      inProject(project, process.execPath, [join(project, 'node_modules/tier2-harness/dist/cli.js')]),
    );
    return merged;
  };
  shardingTests(PINS.vitest4, merge);
});
