// Helpers shared by the bench's modules (scripts/bench.mjs, scripts/bench-cli.mjs).
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
