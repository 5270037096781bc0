// What `npm run bench` (scripts/bench.mjs) and its CLI section (scripts/bench-cli.mjs) share:
// the measuring helpers, and the workload: a deterministic, seeded suite and expectations
// config (the snake_case schema of runTestRunFromConfig). The same seed and N always give the
// same data. The PRNG lives here, in the bench, never in the runtime.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// BENCH_DIST=<path to another build's index.js> compares builds (A/B) with the same workload.
export const DIST = process.env.BENCH_DIST ? new URL(`file://${process.env.BENCH_DIST}`) : new URL('../dist/index.js', import.meta.url);
export const MB = 1024 * 1024;

export const gc = () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
};
export const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const timed = (fn) => {
  const start = now();
  const value = fn();
  return [now() - start, value];
};
/** CPU time (user + system, all threads) in ms: steadier than wall time when other processes share the cores. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The repository's own scratch folder (.tmp/, ignored by git). */
export const REPO_TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));

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
export function makeWorkload(n, seed = 0x7132) {
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

/**
 * Writes the workload of `n` scenarios into `dir` as `suite.json` and `expectations.json` (compact, as
 * programs write JSON) and `suite.yaml` and `expectations.yaml` (block YAML, as `yaml.stringify` writes
 * it); returns the paths and the bytes of each pair.
 */
export async function writeWorkloadFiles(dir, n) {
  const { stringify } = await import('yaml');
  const { suite, expectations } = makeWorkload(n);
  const files = {};
  for (const [format, write] of [
    ['json', (data) => JSON.stringify(data)],
    ['yaml', (data) => stringify(data, { aliasDuplicateObjects: false })],
  ]) {
    const suiteFile = join(dir, `suite-${n}.${format}`);
    const expectationsFile = join(dir, `expectations-${n}.${format}`);
    const suiteText = write(suite);
    const expectationsText = write(expectations);
    writeFileSync(suiteFile, suiteText);
    writeFileSync(expectationsFile, expectationsText);
    files[format] = { suiteFile, expectationsFile, bytes: Buffer.byteLength(suiteText) + Buffer.byteLength(expectationsText) };
  }
  return files;
}
