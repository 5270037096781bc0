/**
 * The `--html` report in a real browser: Debian's headless Chromium driven by
 * playwright-core (which downloads no browser of its own). .ci/run installs
 * `chromium`, so in CI (CI=true) a missing browser fails this file instead of
 * skipping it. The screenshot of the failing example's report is kept as a
 * test artefact: reports/html-report.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { executablePath, haveChromium, launchChromium, openPage, openRecordingDialogs } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { root, scratch, tier2 } from '../support/cli.js';

const reports = join(root, 'reports');
const { dir, file, remove } = scratch('tier2-html-');
const inCi = process.env.CI === 'true';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

it.runIf(inCi && !haveChromium)('has Chromium in CI (.ci/run installs Debian’s chromium)', () => {
  expect.fail(`no Chromium at ${executablePath}: .ci/run installs it with apt-get install chromium`);
});

describe.runIf(haveChromium)('the HTML report in Chromium', () => {
  let browser: Browser;
  const requests: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    remove();
  });

  const open = async (file: string): Promise<Page> => openPage(browser, file, requests, 760);

  const text = async (page: Page, selector: string): Promise<string> => (await page.textContent(selector)) ?? '';
  const rowCount = async (page: Page): Promise<number> => page.locator('#rows tr').count();

  it('shows the failing example’s counts, filters to failures, opens a failure, and is screenshotted', async () => {
    const report = join(dir, 'failing.html');
    expect(tier2(['run', 'examples/failing.suite.yaml', '--html', report]).code).toBe(1);
    requests.length = 0;
    const page = await open(report);
    expect(await text(page, '#verdict')).toBe('FAIL');
    const counts: Record<string, string> = {};
    for (const name of ['scenarios', 'expectations', 'passed', 'failed', 'not-evaluated', 'raised']) counts[name] = await text(page, `#count-${name}`);
    expect(counts).toEqual({ scenarios: '2', expectations: '4', passed: '1', failed: '2', 'not-evaluated': '1', raised: '1' });
    // 4 expectations and the raised mission's own row.
    expect(await rowCount(page)).toBe(5);
    await page.selectOption('#filter', 'failures');
    expect(await rowCount(page)).toBe(4);
    expect(await page.locator('#rows tr', { hasText: 'short-day-human-first' }).count()).toBe(0);
    expect(await page.isHidden('#detail')).toBe(true);
    await page.locator('#rows tr', { hasText: 'short-day-has-archive' }).click();
    const detail = await text(page, '#detail');
    expect(detail).toContain('short-day › short-day-has-archive');
    expect(detail).toContain('expected"daily-archive"');
    expect(detail).toContain('actualnull');
    expect(detail).toContain('reasonpath_missing');
    expect(detail).toContain('sourceexamples/failing.suite.yaml:20');
    mkdirSync(reports, { recursive: true });
    const shot = join(reports, 'html-report.png');
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    // Self-contained: the page itself is the only thing loaded.
    expect(requests).toEqual([pathToFileURL(report).href]);
    await page.close();
  });

  it('shows a suite without expectations as FAIL, saying why, and as PASS with --pass-with-no-expectations', async () => {
    const suite = file('bare.yaml', 'suite_name: bare\nscenarios:\n  - scenario_name: s\n    missions: [{ name: echo }]\n');
    const report = join(dir, 'bare.html');
    expect(tier2(['run', suite, '--html', report]).code).toBe(1);
    let page = await open(report);
    expect(await text(page, '#verdict')).toBe('FAIL');
    expect(await text(page, 'header p.status.failed')).toContain('No expectations were given, so nothing was checked');
    await page.close();
    expect(tier2(['run', suite, '--html', report, '--pass-with-no-expectations']).code).toBe(0);
    page = await open(report);
    expect(await text(page, '#verdict')).toBe('PASS');
    expect(await page.locator('header p.status.failed').count()).toBe(0);
    await page.close();
  });

  it('shows hostile names as text and runs none of them', async () => {
    const suite = file(
      'xss.yaml',
      'suite_name: "</script><script>alert(1)</script>"\nscenarios:\n  - scenario_name: "<img src=x onerror=alert(2)>"\n    missions: [{ name: echo }]\nexpectations:\n  - { id: "<b>bold</b>", scenario_name: "<img src=x onerror=alert(2)>", mission_name: echo, path: success, op: eq, expected: false }\n',
    );
    const report = join(dir, 'xss.html');
    expect(tier2(['run', suite, '--html', report]).code).toBe(1);
    const { page, dialogs } = await openRecordingDialogs(browser, report);
    expect(dialogs).toEqual([]);
    expect(await text(page, '#suite-name')).toContain("suite '</script><script>alert(1)</script>'");
    expect(await text(page, '#rows')).toContain('<img src=x onerror=alert(2)>');
    expect(await page.locator('#rows img, #rows b').count()).toBe(0);
    await page.close();
  });

  it('renders one page of rows at a time and pages through the rest', async () => {
    const lines = ['suite_name: many', 'scenarios:'];
    for (let i = 0; i < 250; i++) lines.push(`  - scenario_name: s${i}`, '    missions: [{ name: echo }]');
    const report = join(dir, 'many.html');
    expect(tier2(['run', file('many.yaml', `${lines.join('\n')}\n`), '--html', report, '--pass-with-no-expectations']).code).toBe(0);
    const page = await open(report);
    expect(await rowCount(page)).toBe(100);
    expect(await text(page, '#page-info')).toBe('rows 1–100 of 250 (page 1 of 3)');
    await page.click('#next');
    expect(await text(page, '#page-info')).toBe('rows 101–200 of 250 (page 2 of 3)');
    expect(await text(page, '#rows tr:first-child td:first-child')).toBe('s100');
    await page.fill('#search', 's24');
    expect(await text(page, '#page-info')).toBe('rows 1–11 of 11 (page 1 of 1)');
    await page.close();
  });

  it('shows a --runs difference side by side', async () => {
    const dice = file('dice.yaml', 'suite_name: dice\nscenarios:\n  - scenario_name: roll\n    missions:\n      - name: dice\n');
    const report = join(dir, 'dice.html');
    expect(tier2(['run', dice, '--missions', join(root, 'test', 'fixtures', 'cli', 'missions.mjs'), '--runs', '3', '--html', report]).code).toBe(1);
    const page = await open(report);
    expect(await text(page, '#verdict')).toBe('FAIL');
    const section = await text(page, '#determinism');
    expect(section).toContain('NONDETERMINISTIC: the 3 runs did not all produce the same result');
    expect(section).toMatch(/run 1 and run 2 first differ at: suite_result\.scenario_results\.roll\.mission_results\.dice\./);
    expect(await page.locator('#determinism .side h3').allTextContents()).toEqual(['run 1', 'run 2']);
    expect(await page.locator('#determinism tr.differs').count()).toBeGreaterThan(0);
    expect(section).toContain('ambient source called: Math.random');
    await page.close();
  });
});
