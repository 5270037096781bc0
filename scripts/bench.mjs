#!/usr/bin/env node
// `npm run bench`: throughput, scaling, memory, allocation, canonical JSON
// against the fastest key-sorting serialisers on npm, the CLI's YAML/run split,
// the whole `tier2 run` process (scripts/bench-cli.mjs) and the whole `tier2
// compare` process (scripts/bench-compare.mjs), of the BUILT package (dist/),
// against the targets of issues 14, 22 and 26. Each measurement
// runs in its own child process so peak RSS figures do not mix. Times are
// medians of several runs after a warm-up, with CPU time beside them: the
// machine may be shared, so single runs are noise.
//
//   node --expose-gc scripts/bench.mjs                 the whole report
//   node --expose-gc scripts/bench.mjs --child N R     one size, R timed runs, prints JSON
//   node --expose-gc scripts/bench.mjs --rss FILE      one run from a JSON file, peak RSS, prints JSON
//   node --expose-gc --trace-gc-nvp scripts/bench.mjs --alloc N   allocation of one run (GC trace on stdout)
//   node --expose-gc scripts/bench.mjs --hash N R      canonical JSON and hashing vs peers, prints JSON
//   node --expose-gc scripts/bench.mjs --yaml SUITE EXPECTATIONS R   the CLI's YAML loading vs the run on those files, prints JSON
//   node scripts/bench.mjs --write DIR N               writes the workload of N scenarios as JSON and YAML files into DIR
//                                                      (suite-N.json, expectations-N.json, suite-N.yaml, expectations-N.yaml)
//   node --expose-gc scripts/bench.mjs --compare-section   the tier2 compare section alone
//   node --expose-gc scripts/bench.mjs --cli-section       the tier2 run section alone, with its targets
//                                                      (BENCH_NODE=<node binary> runs tier2 under another Node)
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_NODE, cliBench, yamlSplit } from './bench-cli.mjs';
import { compareChild, compareSection, makeCompareFiles } from './bench-compare.mjs';
import { DIST, MB, cpuMs, gc, makeWorkload, median, now, timed, writeWorkloadFiles } from './bench-common.mjs';

const SELF = fileURLToPath(import.meta.url);

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

function spawnJson(args, nodeFlags = []) {
  const result = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, SELF, ...args], { encoding: 'utf8', maxBuffer: 256 * MB });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`bench child ${args.join(' ')} exited with ${result.status}`);
  }
  const lines = result.stdout.trim().split('\n');
  return { ...JSON.parse(lines.pop()), stdout: result.stdout };
}

const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const fmt = (value, digits = 1) => value.toFixed(digits);

/** A target's line, kept for the summary: label, figure, PASS or FAIL. */
function targets() {
  const results = [];
  const target = (label, figure, ok) => {
    results.push(ok);
    console.log(`  ${label.padEnd(70)} ${figure.padStart(18)}  ${verdict(ok)}`);
  };
  return { target, failed: () => results.filter((ok) => !ok).length, count: () => results.length };
}

/** runTestRunFromConfig at N = 2,000 and 20,000 (warm, medians), and N = 2,000 with a larger young generation. */
function librarySection() {
  const small = spawnJson(['--child', '2000', '15']);
  const large = spawnJson(['--child', '20000', '5']);
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
  console.log(`scaling: time(20,000) / time(2,000) = ${fmt(ratio, 2)} wall, ${fmt(large.medianCpuMs / small.medianCpuMs, 2)} CPU (10 is linear)\n`);
  // Not a target: how much of a run is the young generation's size (a user's tuning knob, NODE_OPTIONS).
  const tuned = spawnJson(['--child', '2000', '15'], ['--max-semi-space-size=64']);
  if (tuned.testRunHash !== small.testRunHash) throw new Error('the tuned run gave another test_run_hash');
  console.log('N = 2,000 again with node --max-semi-space-size=64 (a 64 MB young generation instead of 16 MB; information, not a target):');
  console.log(`  median ${fmt(tuned.medianMs)} ms, CPU ${fmt(tuned.medianCpuMs)} ms (default: ${fmt(small.medianMs)} ms, CPU ${fmt(small.medianCpuMs)} ms)\n`);
  return { small, large, ratio };
}

/** Peak RSS: one 20,000-scenario run in a fresh process that reads and parses its input from a file. */
function rssSection(large) {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-'));
  const file = join(dir, 'workload-20000.json');
  const text = JSON.stringify(makeWorkload(20000));
  writeFileSync(file, text);
  const rss = spawnJson(['--rss', file]);
  rmSync(dir, { recursive: true, force: true });
  if (rss.testRunHash !== large.testRunHash) throw new Error('the RSS run gave another test_run_hash');
  console.log(`one N = 20,000 run in its own process, input read from a ${fmt(Buffer.byteLength(text) / MB)} MB JSON file:`);
  console.log(
    `  read + JSON.parse ${fmt(rss.readParseMs)} ms, run ${fmt(rss.runMs)} ms (cold JIT), CPU ${fmt(rss.cpuMs)} ms; peak RSS ${fmt(rss.peakRssMB)} MB\n`,
  );
  return rss;
}

/** Allocation of one warm N = 2,000 run, from the GC trace. */
function allocationSection() {
  const allocation = spawnJson(['--alloc', '2000'], ['--trace-gc-nvp']);
  const { allocatedBytes, collections } = parseAllocTrace(allocation.stdout);
  const ratio = allocatedBytes / allocation.canonicalBytes;
  console.log(`allocation of one warm N = 2,000 run (--trace-gc-nvp, ${collections} collections):`);
  console.log(
    `  ${fmt(allocatedBytes / MB)} MB allocated on the JS heap for ${fmt(allocation.canonicalBytes / MB, 2)} MB of canonical output: ${fmt(ratio, 1)}x\n`,
  );
  return ratio;
}

/** Canonical JSON and hashing against JSON.stringify and the key-sorting serialisers on npm. */
function hashSection() {
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
  console.log(
    `  canonicalJson / JSON.stringify: ${fmt(t.canonicalJson / t['JSON.stringify (not canonical: insertion order)'], 2)}x; fastest peer: ${fastestPeer}\n`,
  );
  return { fastestPeer, ratio: t.canonicalJson / t[fastestPeer] };
}

/** The CLI's loader on a 2,000-scenario YAML suite: YAML parsing vs the run, in one process. */
async function yamlSplitSection() {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-'));
  const { yaml } = await writeWorkloadFiles(dir, 2000);
  const split = spawnJson(['--yaml', yaml.suiteFile, yaml.expectationsFile, '5']);
  rmSync(dir, { recursive: true, force: true });
  const share = split.yamlMs / (split.yamlMs + split.runMs);
  console.log(`the CLI's loader on a 2,000-scenario YAML suite (${split.reps} runs, medians, one process):`);
  console.log(
    `  reading + YAML parsing ${fmt(split.yamlMs)} ms (CPU ${fmt(split.yamlCpuMs)}), the run ${fmt(split.runMs)} ms (CPU ${fmt(split.runCpuMs)}): YAML is ${fmt(share * 100, 0)}%\n`,
  );
  return share;
}

/** The whole `tier2 run` process on the workload as JSON and YAML files, 2,000 and 20,000 scenarios. */
async function cliSection(hashes) {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-cli-'));
  try {
    const cli = await cliBench(dir, [2000, 20000], hashes);
    const node = spawnSync(CLI_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(
      `tier2 run suite -e expectations under node ${node}, the whole process (start-up, reading, checks, validation, run, report; medians, formats interleaved):`,
    );
    console.log(
      `  ${'format'.padEnd(6)} ${'scenarios'.padStart(9)} ${'input MB'.padStart(9)} ${'wall ms'.padStart(9)} ${'CPU ms'.padStart(9)} ${'peak RSS MB'.padStart(12)}  runs (wall ms)`,
    );
    for (const format of ['json', 'yaml']) {
      for (const size of Object.values(cli[format])) {
        const runs = size.runs.map((run) => fmt(run.wallMs, 0)).join(', ');
        console.log(
          `  ${format.toUpperCase().padEnd(6)} ${String(size.n).padStart(9)} ${fmt(size.inputMB).padStart(9)} ${fmt(size.wallMs, 0).padStart(9)} ${fmt(size.cpuMs, 0).padStart(9)} ${fmt(size.peakRssMB).padStart(12)}  ${runs}`,
        );
      }
    }
    for (const format of ['json', 'yaml']) {
      const { 2000: small, 20000: large } = cli[format];
      console.log(
        `  ${format.toUpperCase()}: time(20,000) / time(2,000) = ${fmt(large.wallMs / small.wallMs, 2)} wall, ${fmt(large.cpuMs / small.cpuMs, 2)} CPU`,
      );
    }
    console.log(`  (Python reference, whole process on the same files, measured for docs/performance.md: ${REFERENCE_TEXT})\n`);
    return cli;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The reference implementation (LifeOS runtime/orchestration at 68bd2e1f, CPython 3.11 with `json.load` or PyYAML's
 * libyaml CSafeLoader, then run_test_run_from_config) on the same files, whole process, as measured for
 * docs/performance.md ("Where it stands: issue 22"). Printed beside the CLI's figures, not re-measured.
 */
const REFERENCE_TEXT = 'CPU time JSON 2.2 s at 2,000 and 27.8 s at 20,000 scenarios, YAML 5.4 s and 61.0 s; issue 22 measured 3.3, 32, 7.0 and 82 s wall';

/** The CLI targets of issue 22, from the CLI section's medians. */
function cliTargets(target, cli) {
  const { json, yaml } = cli;
  target('CLI: 20,000 scenarios accepted and passed, JSON and YAML', 'yes', true);
  for (const [name, sizes, limit2k, limit20k] of [
    ['JSON', json, 330, 3200],
    ['YAML', yaml, 1400, 16000],
  ]) {
    const small = sizes[2000];
    const large = sizes[20000];
    const ratio = large.wallMs / small.wallMs;
    target(`CLI ${name}: time(20,000) / time(2,000) <= 11`, fmt(ratio, 2), ratio <= 11);
    target(
      `CLI ${name}, 2,000 scenarios: median wall <= ${limit2k / 1000} s (CPU ${fmt(small.cpuMs, 0)} ms)`,
      `${fmt(small.wallMs, 0)} ms`,
      small.wallMs <= limit2k,
    );
    target(
      `CLI ${name}, 20,000 scenarios: median wall <= ${limit20k / 1000} s (CPU ${fmt(large.cpuMs, 0)} ms)`,
      `${fmt(large.wallMs, 0)} ms`,
      large.wallMs <= limit20k,
    );
    target(`CLI ${name}, 20,000 scenarios: peak RSS <= 600 MB`, `${fmt(large.peakRssMB)} MB`, large.peakRssMB <= 600);
  }
}

/** `--cli-section`: the workload's hashes from one library run per size, then the CLI section and its targets. */
async function cliOnly() {
  const hashes = Object.fromEntries([2000, 20000].map((n) => [n, spawnJson(['--child', String(n), '1']).testRunHash]));
  const cli = await cliSection(hashes);
  const { target, failed, count } = targets();
  console.log('targets (issue 22: tier2 run, the whole process, 2-core machine when quiet):');
  cliTargets(target, cli);
  console.log(`\n${count() - failed()} of ${count()} targets met`);
  process.exitCode = failed() === 0 ? 0 : 1;
}

async function main() {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npx tsup` first (npm run bench does)');
  const started = now();
  console.log(`tier2-harness bench: built package dist/index.js, node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('Each measurement runs in its own child process; times are medians after a warm-up, with CPU time beside them.');
  console.log('The machine may be shared: wall times then vary by 2x or more; CPU time is steadier.\n');

  const { small, large, ratio } = librarySection();
  const rss = rssSection(large);
  const allocRatio = allocationSection();
  const canonical = hashSection();
  const yamlShare = await yamlSplitSection();
  const cli = await cliSection({ 2000: small.testRunHash, 20000: large.testRunHash });
  const compare = compareSection();

  const { target, failed, count } = targets();
  console.log('targets (issue 14: the library, 2-core machine):');
  target('N = 2,000: median wall time <= 110 ms', `${fmt(small.medianMs)} ms`, small.medianMs <= 110);
  target('N = 20,000: median wall time <= 1.2 s', `${fmt(large.medianMs)} ms`, large.medianMs <= 1200);
  target('scaling ratio time(20,000)/time(2,000) <= 10.5', fmt(ratio, 2), ratio <= 10.5);
  target('N = 20,000: peak RSS of one run incl. reading + parsing <= 300 MB', `${fmt(rss.peakRssMB)} MB`, rss.peakRssMB <= 300);
  target('allocation per run <= 15x canonical output bytes', `${fmt(allocRatio, 1)}x`, allocRatio <= 15);
  target(`canonicalJson at least as fast as the fastest peer (${canonical.fastestPeer})`, `${fmt(canonical.ratio, 2)}x its time`, canonical.ratio <= 1);
  target("CLI's loader, 2,000-scenario YAML suite: YAML parsing <= half of the total", `${fmt(yamlShare * 100, 0)}%`, yamlShare <= 0.5);
  console.log('targets (issue 22: tier2 run, the whole process, 2-core machine when quiet):');
  cliTargets(target, cli);
  console.log('targets (issue 26: tier2 compare, the whole process):');
  for (const [label, figure, ok] of compare) target(label, figure, ok);
  console.log(`\n${count() - failed()} of ${count()} targets met (bench took ${fmt((now() - started) / 1000)} s)`);
  process.exitCode = failed() === 0 ? 0 : 1;
}

const [mode, arg, reps] = process.argv.slice(2);
if (mode === '--child') console.log(JSON.stringify(await child(Number(arg), Number(reps ?? 5))));
else if (mode === '--rss') console.log(JSON.stringify(await rssRun(arg)));
else if (mode === '--alloc') console.log(JSON.stringify(await alloc(Number(arg))));
else if (mode === '--hash') console.log(JSON.stringify(await hashing(Number(arg), Number(reps ?? 7))));
else if (mode === '--yaml') console.log(JSON.stringify(await yamlSplit(arg, reps, Number(process.argv[5] ?? 5))));
else if (mode === '--write') console.log(JSON.stringify(await writeWorkloadFiles(arg, Number(reps))));
else if (mode === '--compare-make') console.log(JSON.stringify(await makeCompareFiles(arg)));
else if (mode === '--compare') await compareChild(arg, reps);
else if (mode === '--cli-section') await cliOnly();
else if (mode === '--compare-section') for (const [label, figure, ok] of compareSection()) console.log(`${label}: ${figure} ${verdict(ok)}`);
else await main();
