/**
 * What a new user does on a clean machine: install the packed tarball in a
 * fresh project (next to vitest and jest at this repository's locked
 * versions) and use it from ESM and CommonJS, under Vitest, Jest and plain
 * Node. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));

interface PackageJson {
  name: string;
  exports: Record<string, unknown>;
}
interface LockFile {
  packages: Record<string, { version?: string }>;
}
interface SmokeResult {
  subpath: string;
  ok: boolean;
  resolved?: string;
  exports?: string[];
  error?: string;
}
interface RunnerReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  numFailedTestSuites: number;
  testResults: { message?: string; assertionResults: { failureMessages?: string[] | null }[] }[];
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as LockFile;
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

/** The version this repository's lockfile pins, so the fresh project tests what CI tests. */
function locked(name: string): string {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`packaging test: ${name} is not in package-lock.json`);
  return `${name}@${version}`;
}

/** The environment of a child process, without what the outer Vitest run sets for its own workers. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|JEST_WORKER_ID$|NODE_OPTIONS$|TEST$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };
}

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runOrThrow(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status} in ${cwd}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Every file path an `exports` value points at, through nested conditions. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

/** The tests `describeSuite` registers in the documented example: one scenario ("runs") and two expectations. */
const DESCRIBE_SUITE_TESTS = 3;

/** The `it(...)` calls written in a fixture file, plus those registered for it by `describeSuite`. */
function countTests(file: string, registered = 0): number {
  return (readFileSync(join(fixture, file), 'utf8').match(/^\s*it\(/gm)?.length ?? 0) + registered;
}

let project = '';
let packedFiles: string[] = [];
let esmSmoke: SmokeResult[] = [];
let cjsSmoke: SmokeResult[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('packaging test: dist/ is missing; run `npm run build` first');
  project = mkdtempSync(join(tmpdir(), 'tier2-packaging-'));
  const packed = JSON.parse(runOrThrow('npm', ['pack', '--json', '--pack-destination', project], root)) as { filename: string; files: { path: string }[] }[];
  const tarball = packed[0];
  if (!tarball) throw new Error('packaging test: npm pack reported no tarball');
  packedFiles = tarball.files.map((file) => file.path);
  cpSync(fixture, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'tier2-packaging-check', version: '0.0.0', private: true }, null, 2)}\n`);
  const peers = ['vitest', 'jest', '@jest/globals', '@types/node', ...(subpaths.includes('./fast-check') ? ['fast-check'] : [])].map(locked);
  runOrThrow('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `./${tarball.filename}`, ...peers], project);
  esmSmoke = JSON.parse(runOrThrow(process.execPath, ['smoke.mjs'], project)) as SmokeResult[];
  cjsSmoke = JSON.parse(runOrThrow(process.execPath, ['smoke.cjs'], project)) as SmokeResult[];
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

  it('has one runtime copy: the plugin entries import tier2-harness instead of bundling it', () => {
    const entries = packedFiles.filter((file) => /^dist\/(?!index\.)[^/]+\.(c?js)$/.test(file));
    const bundled = entries.filter((file) => RUNTIME_MARKER.test(readFileSync(join(project, 'node_modules/tier2-harness', file), 'utf8')));

    expect(bundled).toEqual([]);
    expect(RUNTIME_MARKER.test(readFileSync(join(project, 'node_modules/tier2-harness/dist/index.js'), 'utf8'))).toBe(true);
  });
});

describe('docs/runners.md', () => {
  it.each([
    ['vitest/morning.test.ts', 'ts'],
    ['jest/morning.test.js', 'js'],
  ])('shows %s verbatim, so the documented example is the one run below', (file, language) => {
    const docs = readFileSync(join(root, 'docs/runners.md'), 'utf8');
    const code = readFileSync(join(fixture, file), 'utf8').split('\n').slice(1).join('\n');

    expect(docs).toContain(`\`\`\`${language}\n${code}\`\`\``);
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

function runnerReport(project: string, file: string): RunnerReport {
  return JSON.parse(readFileSync(join(project, file), 'utf8')) as RunnerReport;
}

function failureText(report: RunnerReport): string {
  return report.testResults
    .flatMap((suite) => [suite.message ?? '', ...suite.assertionResults.flatMap((test) => test.failureMessages ?? [])])
    .filter((text) => text !== '')
    .join('\n');
}

describe('TypeScript, NodeNext resolution, skipLibCheck off', () => {
  // One program per runner, as users have: the /vitest and /jest entries each augment their runner's types.
  it.each(['tsconfig.vitest.json', 'tsconfig.jest.json'])('%s type-checks the use of the package, misuse included', (tsconfig) => {
    const result = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], project);

    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: '' });
  });
});

describe('Vitest, ESM, setupFiles: tier2-harness/vitest', () => {
  it('runs a passing suite', () => {
    const result = run(join(project, 'node_modules/.bin/vitest'), ['run', '--reporter=json', '--outputFile=vitest-report.json'], project);
    const report = runnerReport(project, 'vitest-report.json');

    expect({ status: result.status, failed: report.numFailedTests, failedSuites: report.numFailedTestSuites, failures: failureText(report) }).toEqual({
      status: 0,
      failed: 0,
      failedSuites: 0,
      failures: '',
    });
    expect(report.numPassedTests).toBe(countTests('vitest/suite.test.mjs') + countTests('vitest/morning.test.ts', DESCRIBE_SUITE_TESTS));
  });

  it('fails a run whose expectation does not hold, naming the expectation', () => {
    const result = run(
      join(project, 'node_modules/.bin/vitest'),
      ['run', '--config', 'vitest.failing.config.mjs', '--reporter=json', '--outputFile=vitest-failing.json'],
      project,
    );
    const report = runnerReport(project, 'vitest-failing.json');

    expect(result.status).toBe(1);
    expect(report.numFailedTests).toBe(1);
    expect(failureText(report)).toContain('echo-fails');
  });
});

describe('Jest, CommonJS, setupFilesAfterEnv: tier2-harness/jest', () => {
  it('runs a passing suite', () => {
    const result = run(join(project, 'node_modules/.bin/jest'), ['--ci', '--json', '--outputFile=jest-report.json'], project);
    const report = runnerReport(project, 'jest-report.json');

    expect({ status: result.status, failed: report.numFailedTests, failedSuites: report.numFailedTestSuites, failures: failureText(report) }).toEqual({
      status: 0,
      failed: 0,
      failedSuites: 0,
      failures: '',
    });
    expect(report.numPassedTests).toBe(countTests('jest/suite.test.js') + countTests('jest/morning.test.js', DESCRIBE_SUITE_TESTS));
  });

  it('fails a run whose expectation does not hold, naming the expectation', () => {
    const result = run(
      join(project, 'node_modules/.bin/jest'),
      ['--ci', '--json', '--outputFile=jest-failing.json', '--testMatch', '<rootDir>/jest/failing.check.js'],
      project,
    );
    const report = runnerReport(project, 'jest-failing.json');

    expect(result.status).toBe(1);
    expect(report.numFailedTests).toBe(1);
    expect(failureText(report)).toContain('echo-fails');
  });
});
