// `npm run bench`'s tier2 compare section (issue 26): two results of the
// 20,000-scenario workload, the second with a pull request's worth of changes
// (1% of scenarios with other params, one expectation in 400 broken, 10
// scenarios added, 10 removed), compared by the whole `tier2 compare`
// process, with its peak RSS: compare reads a run result a scenario at a
// time, so its memory must not grow with the files.
//
//   node --expose-gc scripts/bench.mjs --compare-section   this section alone
//   (its children: --compare-make DIR writes the two files; --compare A B runs one compare)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DIST, MB, cpuMs, makeWorkload, median } from './bench-common.mjs';

const COMPARE_N = 20000;
const BENCH = fileURLToPath(new URL('./bench.mjs', import.meta.url));

/** The candidate's workload: the baseline's, changed as a pull request might change it. */
function candidateOf({ suite, expectations }) {
  const scenarios = suite.scenarios
    .slice(10)
    .map((scenario, i) =>
      i % 100 === 0
        ? { ...scenario, missions: scenario.missions.map((call) => (call.name === 'run_tests' ? { ...call, params: { target: 'changed' } } : call)) }
        : scenario,
    );
  for (let i = 0; i < 10; i++) scenarios.push({ ...suite.scenarios[i], scenario_name: `added-${i}` });
  const names = new Set(scenarios.map((scenario) => scenario.scenario_name));
  const kept = expectations.expectations.filter((expectation) => names.has(expectation.scenario_name));
  const broken = kept.map((expectation, i) => (i % 400 === 3 && expectation.op === 'eq' ? { ...expectation, expected: 'broken' } : expectation));
  return { suite: { ...suite, scenarios }, expectations: { expectations: broken } };
}

/** Child: runs both workloads with the built package and writes their results as `tier2 run --json` prints them (compact). */
export async function makeCompareFiles(dir) {
  const { runTestRunFromConfig } = await import(DIST.href);
  const baseline = makeWorkload(COMPARE_N);
  const files = {};
  for (const [name, workload] of [
    ['baseline', baseline],
    ['candidate', candidateOf(baseline)],
  ]) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(runTestRunFromConfig(workload.suite, workload.expectations).toDict())}\n`);
    files[name] = { file, bytes: statSync(file).size };
  }
  return files;
}

/** Child: one `tier2 compare` of the built CLI in this process; its time, CPU and peak RSS are printed at exit. */
export async function compareChild(a, b) {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const start = performance.now();
  const cpu = cpuMs();
  let output = 0;
  process.stdout.write = (chunk) => ((output += chunk.length), true);
  process.argv = [process.argv[0], cli, 'compare', a, b];
  process.on('exit', () => {
    const result = {
      exitCode: process.exitCode,
      ms: performance.now() - start,
      cpuMs: cpuMs() - cpu,
      peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
      output,
    };
    process.stderr.write(`${JSON.stringify(result)}\n`);
    process.exitCode = 0;
  });
  await import(cli);
}

/** One bench child's JSON line (its last line on stdout). */
function childJson(args) {
  const result = spawnSync(process.execPath, ['--expose-gc', BENCH, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/**
 * The section: makes the two files, compares them three times (each in a
 * fresh process), prints the figures and returns the targets as
 * `[label, figure, ok]` for the bench's table.
 */
export function compareSection() {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-compare-'));
  try {
    const files = childJson(['--compare-make', dir]);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const child = spawnSync(process.execPath, [BENCH, '--compare', files.baseline.file, files.candidate.file], { encoding: 'utf8', maxBuffer: 64 * MB });
      const line = child.stderr.trim().split('\n').pop();
      if (child.status !== 0 || !line?.startsWith('{')) throw new Error(`bench: tier2 compare failed: ${child.stderr}`);
      runs.push(JSON.parse(line));
    }
    if (runs.some((run) => run.exitCode !== 1)) throw new Error('bench: tier2 compare did not find the planted differences (exit code not 1)');
    const ms = median(runs.map((run) => run.ms));
    const cpu = median(runs.map((run) => run.cpuMs));
    const rss = Math.max(...runs.map((run) => run.peakRssMB));
    const size = (files.baseline.bytes + files.candidate.bytes) / MB;
    console.log(
      `tier2 compare, two N = ${COMPARE_N} results (${(files.baseline.bytes / MB).toFixed(0)} + ${(files.candidate.bytes / MB).toFixed(0)} MB of --json; 200 scenarios changed, 10 added, 10 removed):`,
    );
    console.log(
      `  whole process: median ${ms.toFixed(0)} ms (all: ${runs.map((run) => run.ms.toFixed(0)).join(', ')}), CPU ${cpu.toFixed(0)} ms; ${(size / (ms / 1000)).toFixed(0)} MB/s`,
    );
    console.log(`  peak RSS ${rss.toFixed(0)} MB for ${size.toFixed(0)} MB of input; report ${runs[0].output} characters\n`);
    return [
      // CPU time: on a shared machine the wall time waits for a core (both are printed above).
      ['tier2 compare, two N = 20,000 results: median CPU time <= 4 s', `${(cpu / 1000).toFixed(2)} s`, cpu <= 4000],
      ['tier2 compare, two N = 20,000 results: peak RSS <= 200 MB', `${rss.toFixed(0)} MB`, rss <= 200],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
