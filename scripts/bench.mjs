#!/usr/bin/env node
// `npm run bench`: throughput, scaling, memory, allocation, canonical JSON
// against the fastest key-sorting serialisers on npm, and the CLI's YAML/run
// split, of the BUILT package (dist/), against the targets of issue 14. Each
// measurement runs in its own child process so peak RSS figures do not mix.
// Times are medians of several runs after a warm-up, with CPU time beside
// them: the machine may be shared, so single runs are noise.
//
//   node --expose-gc scripts/bench.mjs                 the whole report
//   node --expose-gc scripts/bench.mjs --child N R     one size, R timed runs, prints JSON
//   node --expose-gc scripts/bench.mjs --rss FILE      one run from a JSON file, peak RSS, prints JSON
//   node --expose-gc --trace-gc-nvp scripts/bench.mjs --alloc N   allocation of one run (GC trace on stdout)
//   node --expose-gc scripts/bench.mjs --hash N R      canonical JSON and hashing vs peers, prints JSON
//   node --expose-gc scripts/bench.mjs --yaml DIR R    YAML loading (the CLI's loader) vs the run on DIR/suite.yaml, prints JSON
//   node --expose-gc scripts/bench.mjs --compare-section   only the tier2 compare section (--compare-make DIR, --compare A B: its children)
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

// The workload: a deterministic, seeded suite and expectations config (the
// snake_case schema of runTestRunFromConfig). The same seed and N always give
// the same data. The PRNG lives here, in the bench, never in the runtime.

/** mulberry32: a tiny 32-bit PRNG, good enough to vary the data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'épsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'λambda', 'mu'];
const DAILY_STEP_IDS = ['daily-confirm-priorities', 'daily-summarise-yesterday', 'daily-generate-priorities', 'daily-log-summary', 'daily-archive'];

/** 24 keys in all (16 top-level, 8 more inside two nested objects), with arrays, floats, unicode and nulls. */
function initialState(next, index) {
  const int = (max) => Math.floor(next() * max);
  const word = () => WORDS[int(WORDS.length)];
  return {
    scenario_index: index,
    counter: int(1000),
    ratio: Math.round(next() * 1e6) / 1e3,
    enabled: next() < 0.5,
    label: `${word()}-${int(100)}`,
    owner: word(),
    note: null,
    tags: [word(), word(), word()],
    history: [int(100), int(100), int(100), int(100)],
    big: 2 ** 53 + int(1000) * 2,
    tiny: 1e-7 * (1 + int(9)),
    priority: int(5),
    region: `region-${int(8)}`,
    budget: int(1e6) / 100,
    limits: { min: int(10), max: 10 + int(90) },
    profile: { name: word(), level: int(10), roles: [word(), word()], settings: { theme: word(), font_size: 10 + int(10) } },
  };
}

/**
 * `n` scenarios, each with three missions (daily_loop with requested_steps: 5,
 * echo with nested params, run_tests) and four expectations that all pass.
 */
function makeWorkload(n, seed = 0x7132) {
  const next = prng(seed);
  const scenarios = [];
  const expectations = [];
  for (let i = 0; i < n; i++) {
    const name = `scenario-${String(i).padStart(6, '0')}`;
    const state = initialState(next, i);
    const target = `pkg-${Math.floor(next() * 50)}`;
    const echoParams = { tag: `t${i}`, nested: { depth: 2, flags: [true, false, next() < 0.5], limits: { low: 1, high: 9 } }, weight: next() };
    scenarios.push({
      scenario_name: name,
      initial_state: state,
      missions: [
        { name: 'daily_loop', params: { requested_steps: 5 } },
        { name: 'echo', params: echoParams },
        { name: 'run_tests', params: { target } },
      ],
    });
    expectations.push(
      { id: `${name}/daily`, scenario_name: name, mission_name: 'daily_loop', path: 'receipt.steps', op: 'eq', expected: DAILY_STEP_IDS },
      { id: `${name}/echo`, scenario_name: name, mission_name: 'echo', path: 'executed_steps.0.payload.params.tag', op: 'eq', expected: `t${i}` },
      { id: `${name}/state`, scenario_name: name, mission_name: 'run_tests', path: 'final_state.counter', op: 'gt', expected: -1 },
      { id: `${name}/target`, scenario_name: name, mission_name: 'run_tests', path: ['executed_steps', 0, 'payload', 'description'], op: 'exists' },
    );
  }
  return { suite: { suite_name: `bench-${n}`, scenarios }, expectations: { expectations } };
}

// BENCH_DIST=<path to another build's index.js> compares builds (A/B) with the same workload.
const DIST = process.env.BENCH_DIST ? new URL(`file://${process.env.BENCH_DIST}`) : new URL('../dist/index.js', import.meta.url);
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

const gc = () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
};
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const timed = (fn) => {
  const start = now();
  const value = fn();
  return [now() - start, value];
};
/** CPU time (user + system, all threads) in ms: steadier than wall time when other processes share the cores. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One size, measured in this process: runs of runTestRunFromConfig plus a phase breakdown. */
async function child(n, runs) {
  const { parseExpectationsDefinition, parseSuiteDefinition, runTestRun, runTestRunFromConfig } = await import(DIST.href);
  const { suite, expectations } = makeWorkload(n);
  gc();
  const baseline = process.memoryUsage();
  // Warm-up: lets the JIT settle; its result is checked like the others.
  let hash = null;
  const times = [];
  const cpuTimes = [];
  for (let i = -1; i < runs; i++) {
    gc();
    const cpuStart = cpuMs();
    const [ms, run] = timed(() => runTestRunFromConfig(suite, expectations));
    if (i >= 0) cpuTimes.push(cpuMs() - cpuStart);
    if (!run.passed || run.metadata.expectationsPassed !== 4 * n) throw new Error(`bench workload N=${n}: expectations failed`);
    if (hash !== null && run.metadata.testRunHash !== hash) throw new Error(`bench workload N=${n}: test_run_hash changed between runs`);
    hash = run.metadata.testRunHash;
    if (i >= 0) times.push(ms);
  }
  // One more run in phases, keeping the result alive to weigh it.
  gc();
  const [parseSuite, validSuite] = timed(() => parseSuiteDefinition(suite));
  const [parseExpectations, validExpectations] = timed(() => parseExpectationsDefinition(expectations));
  gc();
  const beforeRun = process.memoryUsage().heapUsed;
  const [execute, run] = timed(() => runTestRun(validSuite, validExpectations));
  gc();
  const retained = process.memoryUsage().heapUsed - beforeRun;
  if (run.metadata.testRunHash !== hash) throw new Error(`bench workload N=${n}: phased run gave another hash`);
  return {
    n,
    runs,
    times,
    medianMs: median(times),
    minMs: Math.min(...times),
    cpuTimes,
    medianCpuMs: median(cpuTimes),
    phases: { parseSuite, parseExpectations, runTestRun: execute },
    testRunHash: hash,
    baselineHeapMB: baseline.heapUsed / MB,
    resultHeapMB: retained / MB,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
  };
}

/** Peak RSS of one run in a fresh process, reading and parsing its input from a JSON file first. */
async function rssRun(file) {
  const { runTestRunFromConfig } = await import(DIST.href);
  const cpuStart = cpuMs();
  const start = now();
  const { suite, expectations } = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = now();
  const run = runTestRunFromConfig(suite, expectations);
  const end = now();
  if (!run.passed) throw new Error(`bench workload ${file}: expectations failed`);
  return {
    n: run.metadata.expectationsTotal / 4,
    readParseMs: parsed - start,
    runMs: end - parsed,
    cpuMs: cpuMs() - cpuStart,
    testRunHash: run.metadata.testRunHash,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
  };
}

/**
 * Allocation of one warm run, from V8's GC trace (`--trace-gc-nvp`, on
 * stdout): the heap grows only by allocation between collections, so the sum
 * of (size before a GC - size after the previous one) between two markers is
 * what the run allocated on the JS heap. Prints the trace, then the JSON.
 */
async function alloc(n) {
  const { canonicalJson, runTestRunFromConfig } = await import(DIST.href);
  const { suite, expectations } = makeWorkload(n);
  runTestRunFromConfig(suite, expectations); // warm-up
  gc();
  console.log('BENCH-ALLOC-START');
  const run = runTestRunFromConfig(suite, expectations);
  gc();
  console.log('BENCH-ALLOC-END');
  const canonicalBytes = canonicalJson(run.toDict()).length; // ASCII: one byte per character
  return { n, canonicalBytes, testRunHash: run.metadata.testRunHash };
}

function parseAllocTrace(stdout) {
  let previousAfter;
  let inside = false;
  let allocated = 0;
  let collections = 0;
  for (const line of stdout.split('\n')) {
    if (line.includes('BENCH-ALLOC-START')) inside = true;
    else if (line.includes('BENCH-ALLOC-END')) inside = false;
    const before = /total_size_before=(\d+)/.exec(line);
    const after = /total_size_after=(\d+)/.exec(line);
    if (before === null || after === null) continue;
    if (inside && previousAfter !== undefined) {
      allocated += Number(before[1]) - previousAfter;
      collections += 1;
    }
    previousAfter = Number(after[1]);
  }
  return { allocatedBytes: allocated, collections };
}

/** Canonical JSON and hashing against JSON.stringify, plain SHA-256 and the key-sorting serialisers on npm, on the same data. */
async function hashing(n, reps) {
  const { canonicalJson, runTestRunFromConfig, stableHash } = await import(DIST.href);
  const safeStable = (await import('safe-stable-stringify')).default;
  const fastSafe = (await import('fast-safe-stringify')).default;
  const jsonStable = (await import('json-stable-stringify')).default;
  const canonicalize = (await import('canonicalize')).default;
  const { suite, expectations } = makeWorkload(n);
  const run = runTestRunFromConfig(suite, expectations);
  // A fresh copy: plain objects the runtime never saw, so nothing is cached
  // and every byte is really serialised.
  const data = JSON.parse(JSON.stringify(run.toDict()));
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
  const canonicalText = canonicalJson(data);
  const jsonText = JSON.stringify(data);
  // Byte-exact: the text canonicalJson makes of plain data hashes to the hash
  // the runtime assembled from its parts, and stableHash agrees.
  const suiteText = canonicalJson(data.suite_result.scenario_results);
  if (sha256(suiteText) !== data.suite_result.metadata.suite_hash) {
    throw new Error('canonicalJson of the plain scenario results does not hash to suite_hash');
  }
  if (stableHash(data) !== sha256(canonicalText)) throw new Error('stableHash is not sha256(canonicalJson)');
  if (canonicalJson(run.toDict()) !== canonicalText) throw new Error('canonicalJson of the frozen result differs from that of its copy');
  const cases = {
    'JSON.stringify (not canonical: insertion order)': () => JSON.stringify(data),
    canonicalJson: () => canonicalJson(data),
    'safe-stable-stringify': () => safeStable(data),
    'fast-safe-stringify stableStringify': () => fastSafe.stableStringify(data),
    'json-stable-stringify': () => jsonStable(data),
    canonicalize: () => canonicalize(data),
    'sha256(JSON.stringify)': () => sha256(JSON.stringify(data)),
    stableHash: () => stableHash(data),
    'sha256 of the canonical text alone': () => sha256(canonicalText),
    'canonicalJson of the frozen result (toDict(), lazily built)': () => canonicalJson(run.toDict()),
  };
  const out = {};
  const cpu = {};
  const names = Object.keys(cases);
  for (const name of names) cases[name](); // warm-up
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const cpus = Object.fromEntries(names.map((name) => [name, []]));
  // Interleaved: every repetition runs each case once, so load changes hit all alike.
  for (let i = 0; i < reps; i++) {
    for (const name of names) {
      gc();
      const cpuStart = cpuMs();
      times[name].push(timed(cases[name])[0]);
      cpus[name].push(cpuMs() - cpuStart);
    }
  }
  for (const name of names) {
    out[name] = median(times[name]);
    cpu[name] = median(cpus[name]);
  }
  return { n, reps, canonicalBytes: Buffer.byteLength(canonicalText), jsonBytes: Buffer.byteLength(jsonText), medianMs: out, medianCpuMs: cpu };
}

/**
 * The CLI's own config loader (src/cli/load/load-config.ts), bundled by esbuild into a temp file with
 * `tier2-harness` pointing at the build under test: the bench times exactly what `tier2 run` does.
 */
async function cliLoader() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-loader-'));
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
async function yamlSplit(dir, reps) {
  const { runTestRunFromConfig } = await import(DIST.href);
  const { loadConfigFile } = await cliLoader();
  const yamlTimes = [];
  const runTimes = [];
  const yamlCpu = [];
  const runCpu = [];
  for (let i = -1; i < reps; i++) {
    gc();
    let cpuStart = cpuMs();
    const [yamlMs, [suite, expectations]] = timed(() => [loadConfigFile(join(dir, 'suite.yaml')).data, loadConfigFile(join(dir, 'expectations.yaml')).data]);
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

function spawnJson(args, nodeFlags = []) {
  const result = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, SELF, ...args], { encoding: 'utf8', maxBuffer: 256 * MB });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`bench child ${args.join(' ')} exited with ${result.status}`);
  }
  const lines = result.stdout.trim().split('\n');
  return { ...JSON.parse(lines.pop()), stdout: result.stdout };
}

/** Writes the workload of `n` scenarios as YAML files (suite and expectations) in a fresh temp directory. */
async function writeYamlWorkload(n) {
  const { stringify } = await import('yaml');
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-'));
  const { suite, expectations } = makeWorkload(n);
  writeFileSync(join(dir, 'suite.yaml'), stringify(suite, { aliasDuplicateObjects: false }));
  writeFileSync(join(dir, 'expectations.yaml'), stringify(expectations, { aliasDuplicateObjects: false }));
  return dir;
}

const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const fmt = (value, digits = 1) => value.toFixed(digits);

async function main() {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npx tsup` first (npm run bench does)');
  const started = now();
  console.log(`tier2-harness bench: built package dist/index.js, node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('Each measurement runs in its own child process; times are medians after a warm-up, with CPU time beside them.');
  console.log('The machine may be shared: wall times then vary by 2x or more; CPU time is steadier.\n');

  const small = spawnJson(['--child', '2000', '15']);
  const large = spawnJson(['--child', '20000', '5']);
  const results = [];
  const target = (label, figure, ok) => {
    results.push(ok);
    console.log(`  ${label.padEnd(66)} ${figure.padStart(16)}  ${verdict(ok)}`);
  };

  for (const size of [small, large]) {
    const rate = size.n / (size.medianMs / 1000);
    console.log(`runTestRunFromConfig, N = ${size.n} scenarios (${size.n * 3} missions, ${size.n * 4} expectations), ${size.runs} runs:`);
    console.log(`  median ${fmt(size.medianMs)} ms (min ${fmt(size.minMs)}; all: ${size.times.map((t) => fmt(t, 0)).join(', ')})`);
    console.log(`  median CPU time ${fmt(size.medianCpuMs)} ms (user + system, all threads; all: ${size.cpuTimes.map((t) => fmt(t, 0)).join(', ')})`);
    console.log(`  ${fmt(rate, 0)} scenarios/s; result on the heap ${fmt(size.resultHeapMB)} MB`);
    const p = size.phases;
    console.log(
      `  one run in phases: parse suite ${fmt(p.parseSuite)} ms, parse expectations ${fmt(p.parseExpectations)} ms, runTestRun ${fmt(p.runTestRun)} ms`,
    );
    console.log(`  test_run_hash ${size.testRunHash}\n`);
  }
  const ratio = large.medianMs / small.medianMs;
  const cpuRatio = large.medianCpuMs / small.medianCpuMs;
  console.log(`scaling: time(20,000) / time(2,000) = ${fmt(ratio, 2)} wall, ${fmt(cpuRatio, 2)} CPU (10 is linear)\n`);

  // Not a target: how much of a run is the young generation's size (a user's tuning knob, NODE_OPTIONS).
  const tuned = spawnJson(['--child', '2000', '15'], ['--max-semi-space-size=64']);
  if (tuned.testRunHash !== small.testRunHash) throw new Error('the tuned run gave another test_run_hash');
  console.log('N = 2,000 again with node --max-semi-space-size=64 (a 64 MB young generation instead of 16 MB; information, not a target):');
  console.log(`  median ${fmt(tuned.medianMs)} ms, CPU ${fmt(tuned.medianCpuMs)} ms (default: ${fmt(small.medianMs)} ms, CPU ${fmt(small.medianCpuMs)} ms)\n`);

  // Peak RSS: one 20,000-scenario run in a fresh process that reads and parses its input from a file.
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-'));
  const file = join(dir, 'workload-20000.json');
  writeFileSync(file, JSON.stringify(makeWorkload(20000)));
  const rss = spawnJson(['--rss', file]);
  rmSync(dir, { recursive: true, force: true });
  if (rss.testRunHash !== large.testRunHash) throw new Error('the RSS run gave another test_run_hash');
  console.log(`one N = 20,000 run in its own process, input read from a ${fmt(Buffer.byteLength(JSON.stringify(makeWorkload(20000))) / MB)} MB JSON file:`);
  console.log(
    `  read + JSON.parse ${fmt(rss.readParseMs)} ms, run ${fmt(rss.runMs)} ms (cold JIT), CPU ${fmt(rss.cpuMs)} ms; peak RSS ${fmt(rss.peakRssMB)} MB\n`,
  );

  // Allocation of one warm N = 2,000 run, from the GC trace.
  const allocation = spawnJson(['--alloc', '2000'], ['--trace-gc-nvp']);
  const { allocatedBytes, collections } = parseAllocTrace(allocation.stdout);
  const allocRatio = allocatedBytes / allocation.canonicalBytes;
  console.log(`allocation of one warm N = 2,000 run (--trace-gc-nvp, ${collections} collections):`);
  console.log(
    `  ${fmt(allocatedBytes / MB)} MB allocated on the JS heap for ${fmt(allocation.canonicalBytes / MB, 2)} MB of canonical output: ${fmt(allocRatio, 1)}x\n`,
  );

  const hash = spawnJson(['--hash', '2000', '9']);
  const t = hash.medianMs;
  const mbps = (bytes, ms) => bytes / MB / (ms / 1000);
  console.log(`canonical JSON and hashing, on the N = ${hash.n} test-run result as fresh plain data`);
  console.log(
    `(${fmt(hash.canonicalBytes / MB, 2)} MB canonical, ${fmt(hash.jsonBytes / MB, 2)} MB JSON.stringify; MB/s of the canonical text; medians of ${hash.reps}, interleaved):`,
  );
  for (const [name, ms] of Object.entries(t)) {
    const bytes = name.startsWith('JSON') || name.startsWith('sha256(JSON') ? hash.jsonBytes : hash.canonicalBytes;
    console.log(`  ${name.padEnd(60)} ${fmt(ms).padStart(8)} ms  CPU ${fmt(hash.medianCpuMs[name]).padStart(8)} ms ${fmt(mbps(bytes, ms)).padStart(8)} MB/s`);
  }
  const peers = ['safe-stable-stringify', 'fast-safe-stringify stableStringify', 'json-stable-stringify', 'canonicalize'];
  const fastestPeer = peers.reduce((best, name) => (t[name] < t[best] ? name : best));
  const canonicalVsPeer = t.canonicalJson / t[fastestPeer];
  console.log(
    `  canonicalJson / JSON.stringify: ${fmt(t.canonicalJson / t['JSON.stringify (not canonical: insertion order)'], 2)}x; fastest peer: ${fastestPeer}\n`,
  );

  // The CLI on a 2,000-scenario YAML suite: YAML parsing vs the run, and the whole command.
  const yamlDir = await writeYamlWorkload(2000);
  const split = spawnJson(['--yaml', yamlDir, '5']);
  const cliTimes = [];
  for (let i = 0; i < 3; i++) {
    const [ms, result] = timed(() =>
      spawnSync(
        process.execPath,
        [join(fileURLToPath(new URL('..', import.meta.url)), 'dist/cli.js'), 'run', join(yamlDir, 'suite.yaml'), '-e', join(yamlDir, 'expectations.yaml')],
        {
          encoding: 'utf8',
          maxBuffer: 64 * MB,
        },
      ),
    );
    if (result.status !== 0) throw new Error(`tier2 run on the YAML workload exited with ${result.status}: ${result.stderr}`);
    cliTimes.push(ms);
  }
  rmSync(yamlDir, { recursive: true, force: true });
  const yamlShare = split.yamlMs / (split.yamlMs + split.runMs);
  console.log(`the CLI on a 2,000-scenario YAML suite (${split.reps} runs, medians):`);
  console.log(
    `  reading + YAML parsing (the CLI's loader) ${fmt(split.yamlMs)} ms (CPU ${fmt(split.yamlCpuMs)}), the run ${fmt(split.runMs)} ms (CPU ${fmt(split.runCpuMs)}): YAML is ${fmt(yamlShare * 100, 0)}%`,
  );
  console.log(`  whole \`tier2 run\` process (start-up, both, report): median ${fmt(median(cliTimes))} ms of 3\n`);

  // tier2 compare on two 20,000-scenario results (the section below main).
  const compareTargets = compareSection();

  console.log('targets (issue 14, 2-core machine):');
  target('N = 2,000: median wall time <= 110 ms', `${fmt(small.medianMs)} ms`, small.medianMs <= 110);
  target('N = 20,000: median wall time <= 1.2 s', `${fmt(large.medianMs)} ms`, large.medianMs <= 1200);
  target('scaling ratio time(20,000)/time(2,000) <= 10.5', fmt(ratio, 2), ratio <= 10.5);
  target('N = 20,000: peak RSS of one run incl. reading + parsing <= 300 MB', `${fmt(rss.peakRssMB)} MB`, rss.peakRssMB <= 300);
  target('allocation per run <= 15x canonical output bytes', `${fmt(allocRatio, 1)}x`, allocRatio <= 15);
  target(`canonicalJson at least as fast as the fastest peer (${fastestPeer})`, `${fmt(canonicalVsPeer, 2)}x its time`, canonicalVsPeer <= 1);
  target('CLI, 2,000-scenario YAML suite: YAML parsing <= half of the total', `${fmt(yamlShare * 100, 0)}%`, yamlShare <= 0.5);
  for (const [label, figure, ok] of compareTargets) target(label, figure, ok);
  const failed = results.filter((ok) => !ok).length;
  console.log(`\n${results.length - failed} of ${results.length} targets met (bench took ${fmt((now() - started) / 1000)} s)`);
  process.exitCode = failed === 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------
// tier2 compare on two results of the 20,000-scenario workload, the second
// with a pull request's worth of changes (1% of scenarios with other params,
// one expectation in 400 broken, 10 scenarios added, 10 removed). Timed as the whole
// `tier2 compare` process, with its peak RSS: compare reads a run result a
// scenario at a time, so its memory must not grow with the files.

const COMPARE_N = 20000;

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

/** Child: runs both workloads with the built package and writes their `--json` results (as `tier2 run --json` prints them). */
async function makeCompareFiles(dir) {
  const { runTestRunFromConfig } = await import(DIST.href);
  const baseline = makeWorkload(COMPARE_N);
  const files = {};
  for (const [name, workload] of [
    ['baseline', baseline],
    ['candidate', candidateOf(baseline)],
  ]) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(runTestRunFromConfig(workload.suite, workload.expectations).toDict(), null, 2)}\n`);
    files[name] = { file, bytes: statSync(file).size };
  }
  return files;
}

/** Child: one `tier2 compare` of the built CLI in this process; its time, CPU and peak RSS are printed at exit. */
async function compareChild(a, b) {
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

/**
 * The section: makes the two files, compares them three times (each in a
 * fresh process), prints the figures and returns the targets as
 * `[label, figure, ok]` for bench.mjs's table.
 */
function compareSection() {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-compare-'));
  try {
    const files = spawnJson(['--compare-make', dir]);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const child = spawnSync(process.execPath, [SELF, '--compare', files.baseline.file, files.candidate.file], { encoding: 'utf8', maxBuffer: 64 * MB });
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

const [mode, arg, reps] = process.argv.slice(2);
if (mode === '--child') console.log(JSON.stringify(await child(Number(arg), Number(reps ?? 5))));
else if (mode === '--rss') console.log(JSON.stringify(await rssRun(arg)));
else if (mode === '--alloc') console.log(JSON.stringify(await alloc(Number(arg))));
else if (mode === '--hash') console.log(JSON.stringify(await hashing(Number(arg), Number(reps ?? 7))));
else if (mode === '--yaml') console.log(JSON.stringify(await yamlSplit(arg, Number(reps ?? 5))));
else if (mode === '--compare-make') console.log(JSON.stringify(await makeCompareFiles(arg)));
else if (mode === '--compare') await compareChild(arg, reps);
else if (mode === '--compare-section') for (const [label, figure, ok] of compareSection()) console.log(`${label}: ${figure} ${verdict(ok)}`);
else await main();
