#!/usr/bin/env node
// `npm run bench:html`: how fast the `--html` report of a 20,000-scenario
// suite loads in Debian's headless Chromium (the figure in docs/cli.md).
// Needs `npm run build` first (the npm script does it) and /usr/bin/chromium
// (or TIER2_CHROMIUM). Timing lives here, never in the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const scenarios = Number(process.env.BENCH_SCENARIOS ?? 20000);
const dir = mkdtempSync(join(tmpdir(), 'tier2-bench-html-'));
try {
  // One echo call and one expectation per scenario; every tenth expectation fails.
  const lines = ['suite_name: bench', 'scenarios:'];
  for (let i = 0; i < scenarios; i++) lines.push(`  - scenario_name: s${i}`, `    missions: [{ name: echo, params: { v: ${i} } }]`);
  lines.push('expectations:');
  for (let i = 0; i < scenarios; i++) {
    lines.push(
      `  - { id: e${i}, scenario_name: s${i}, mission_name: echo, path: executed_steps.0.payload.params.v, op: eq, expected: ${i % 10 === 0 ? -1 : i} }`,
    );
  }
  const suite = join(dir, 'bench.yaml');
  writeFileSync(suite, `${lines.join('\n')}\n`);
  const report = join(dir, 'report.html');
  let started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'run', suite, '--html', report], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 1) throw new Error(`tier2 run exited ${run.status}: ${run.stderr}`);
  const cliMs = performance.now() - started;

  const browser = await chromium.launch({
    executablePath: process.env.TIER2_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const loads = [];
  let filterMs = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    loads.push(Number(await page.getAttribute('body', 'data-ready-ms')));
    started = performance.now();
    await page.selectOption('#filter', 'failures');
    await page.locator('#rows tr').first().click();
    await page.waitForSelector('#detail:not([hidden])');
    filterMs = performance.now() - started;
    await page.close();
  }
  await browser.close();
  loads.sort((a, b) => a - b);
  const mb = (statSync(report).size / 1024 / 1024).toFixed(1);
  console.log(`html report, ${scenarios} scenarios: ${mb} MiB; tier2 run --html ${(cliMs / 1000).toFixed(1)} s`);
  console.log(`  page ready (navigation start to first rows, median of 3): ${loads[1]} ms (runs: ${loads.join(', ')} ms)`);
  console.log(`  filter to failures and open one: ${Math.round(filterMs)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
