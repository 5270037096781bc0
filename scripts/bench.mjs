#!/usr/bin/env node
// `npm run bench`: throughput, scaling and memory of the BUILT package
// (dist/index.js), against the targets of issue 7. Each measurement runs in its
// own child process (`--child N` / `--hash N`) so peak RSS figures do not mix.
// Times are medians of several runs after a warm-up: the machine is shared,
// so single runs are noise.
//
//   node --expose-gc scripts/bench.mjs            the whole report
//   node --expose-gc scripts/bench.mjs --child N  one size, prints JSON
//   node --expose-gc scripts/bench.mjs --hash N   canonical JSON + hashing, prints JSON
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
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

/** Canonical JSON and hashing against JSON.stringify and plain SHA-256, on the workload's serialised results. */
async function hashing(n, reps) {
  const { canonicalJson, runTestRunFromConfig, stableHash } = await import(DIST.href);
  const { suite, expectations } = makeWorkload(n);
  const run = runTestRunFromConfig(suite, expectations);
  // A fresh copy: plain objects the runtime never saw, so nothing is remembered
  // and every byte is really serialised.
  const data = JSON.parse(JSON.stringify(run.toDict()));
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
  const canonicalText = canonicalJson(data);
  const jsonText = JSON.stringify(data);
  if (stableHash(data) !== sha256(canonicalText)) throw new Error('stableHash is not sha256(canonicalJson)');
  if (canonicalJson(run.toDict()) !== canonicalText) throw new Error('canonicalJson of the frozen result differs from that of its copy');
  const cases = {
    'JSON.stringify': () => JSON.stringify(data),
    canonicalJson: () => canonicalJson(data),
    'sha256(JSON.stringify)': () => sha256(JSON.stringify(data)),
    stableHash: () => stableHash(data),
    'sha256 of the canonical text alone': () => sha256(canonicalText),
    'canonicalJson of the frozen result (remembered parts)': () => canonicalJson(run.toDict()),
  };
  const out = {};
  for (const [name, fn] of Object.entries(cases)) {
    fn(); // warm-up
    const times = [];
    for (let i = 0; i < reps; i++) {
      gc();
      times.push(timed(fn)[0]);
    }
    out[name] = median(times);
  }
  return { n, reps, canonicalBytes: Buffer.byteLength(canonicalText), jsonBytes: Buffer.byteLength(jsonText), medianMs: out };
}

function spawnJson(args) {
  const result = spawnSync(process.execPath, ['--expose-gc', SELF, ...args], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`bench child ${args.join(' ')} exited with ${result.status}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const fmt = (value, digits = 1) => value.toFixed(digits);

function main() {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npx tsup` first (npm run bench does)');
  const started = now();
  console.log(`tier2-harness bench: built package dist/index.js, node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('Each size runs in its own child process; times are medians after one warm-up run. The machine may be shared: expect noise.\n');

  const small = spawnJson(['--child', '2000', '9']);
  const large = spawnJson(['--child', '20000', '5']);
  const results = [];
  const target = (label, figure, ok) => {
    results.push(ok);
    console.log(`  ${label.padEnd(58)} ${figure.padStart(14)}  ${verdict(ok)}`);
  };

  for (const size of [small, large]) {
    const rate = size.n / (size.medianMs / 1000);
    console.log(`runTestRunFromConfig, N = ${size.n} scenarios (${size.n * 3} missions, ${size.n * 4} expectations), ${size.runs} runs:`);
    console.log(`  median ${fmt(size.medianMs)} ms (min ${fmt(size.minMs)}; all: ${size.times.map((t) => fmt(t, 0)).join(', ')})`);
    console.log(`  median CPU time ${fmt(size.medianCpuMs)} ms (user + system, all threads; all: ${size.cpuTimes.map((t) => fmt(t, 0)).join(', ')})`);
    console.log(`  ${fmt(rate, 0)} scenarios/s; peak RSS ${fmt(size.peakRssMB)} MB; result on the heap ${fmt(size.resultHeapMB)} MB`);
    const p = size.phases;
    console.log(
      `  one run in phases: parse suite ${fmt(p.parseSuite)} ms, parse expectations ${fmt(p.parseExpectations)} ms, runTestRun ${fmt(p.runTestRun)} ms`,
    );
    console.log(`  test_run_hash ${size.testRunHash}\n`);
  }
  const ratio = large.medianMs / small.medianMs;
  console.log(`scaling: time(20,000) / time(2,000) = ${fmt(ratio, 2)} (10 is linear)\n`);

  const hash = spawnJson(['--hash', '2000', '9']);
  const t = hash.medianMs;
  const mbps = (bytes, ms) => bytes / MB / (ms / 1000);
  console.log(`canonical JSON and hashing, on the N = ${hash.n} test-run result as fresh plain data`);
  console.log(
    `(${fmt(hash.canonicalBytes / MB, 2)} MB canonical, ${fmt(hash.jsonBytes / MB, 2)} MB JSON.stringify; MB/s of the canonical text; median of ${hash.reps}):`,
  );
  for (const [name, ms] of Object.entries(t)) {
    const bytes = name.startsWith('JSON') || name.startsWith('sha256(JSON') ? hash.jsonBytes : hash.canonicalBytes;
    console.log(`  ${name.padEnd(56)} ${fmt(ms).padStart(8)} ms ${fmt(mbps(bytes, ms)).padStart(8)} MB/s`);
  }
  const canonicalRatio = t.canonicalJson / t['JSON.stringify'];
  const hashRatio = t.stableHash / t['sha256(JSON.stringify)'];
  console.log(`  canonicalJson / JSON.stringify time: ${fmt(canonicalRatio, 2)}x; stableHash / sha256(JSON.stringify): ${fmt(hashRatio, 2)}x\n`);

  console.log('targets (2-core machine):');
  target('N = 2,000: median wall time <= 100 ms', `${fmt(small.medianMs)} ms`, small.medianMs <= 100);
  target('N = 20,000: median wall time <= 1 s', `${fmt(large.medianMs)} ms`, large.medianMs <= 1000);
  target('N = 20,000: peak RSS < 250 MB', `${fmt(large.peakRssMB)} MB`, large.peakRssMB < 250);
  target('scaling ratio time(20,000)/time(2,000) <= 11', fmt(ratio, 2), ratio <= 11);
  target('canonicalJson within 3x of JSON.stringify', `${fmt(canonicalRatio, 2)}x`, canonicalRatio <= 3);
  const failed = results.filter((ok) => !ok).length;
  console.log(`\n${results.length - failed} of ${results.length} targets met (bench took ${fmt((now() - started) / 1000)} s)`);
  process.exitCode = failed === 0 ? 0 : 1;
}

const [mode, size, reps] = process.argv.slice(2);
if (mode === '--child') console.log(JSON.stringify(await child(Number(size), Number(reps ?? 5))));
else if (mode === '--hash') console.log(JSON.stringify(await hashing(Number(size), Number(reps ?? 7))));
else main();
