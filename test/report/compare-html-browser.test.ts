/**
 * `tier2 compare --html` in a real browser (Debian's headless Chromium through
 * playwright-core, as test/report/html-browser.test.ts does): the planted
 * change's four differences, changed scenarios first, each collapsible with
 * its fields side by side and whole, a search, hostile names shown as text,
 * and nothing loaded but the page. The screenshot is kept as
 * reports/compare-report.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { executablePath, haveChromium, launchChromium, openPage, openRecordingDialogs } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { root, scratch, tier2InProcess as tier2 } from '../support/cli.js';
import { exampleSuite, plantedSuite, side, type Side } from '../parts/compare-helpers.js';

const inCi = process.env.CI === 'true';
const dir = scratch('tier2-compare-html-');

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

it.runIf(inCi && !haveChromium)('has Chromium in CI (.ci/run installs Debian’s chromium)', () => {
  expect.fail(`no Chromium at ${executablePath}: .ci/run installs it with apt-get install chromium`);
});

describe.runIf(haveChromium)('the comparison page in Chromium', () => {
  let browser: Browser;
  let baseline: Side;
  let candidate: Side;
  const requests: string[] = [];

  beforeAll(async () => {
    baseline = await side(dir, 'baseline', exampleSuite());
    candidate = await side(dir, 'candidate', plantedSuite());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    dir.remove();
  });

  const open = async (file: string): Promise<Page> => openPage(browser, file, requests, 900);

  /** An attribute of every element a selector finds (through playwright's own calls: the tests have no DOM types). */
  const attributes = async (page: Page, selector: string, name: string): Promise<string[]> =>
    Promise.all((await page.locator(selector).all()).map(async (found) => (await found.getAttribute(name)) ?? ''));
  const names = async (page: Page, selector: string): Promise<string[]> => attributes(page, `${selector} details.item`, 'data-name');

  it('shows the four changes and nothing else, changed scenarios first, each collapsible and side by side', async () => {
    const report = join(dir.dir, 'diff.html');
    expect((await tier2(['compare', baseline.part, candidate.part, '--html', report])).code).toBe(1);
    requests.length = 0;
    const page = await open(report);
    expect(await page.textContent('#verdict')).toBe('DIFFERENT');
    const counts: Record<string, string> = {};
    for (const name of ['changed', 'added', 'removed', 'unchanged', 'verdicts-changed', 'verdicts-unchanged'])
      counts[name] = (await page.textContent(`#count-${name}`)) ?? '';
    expect(counts).toEqual({ changed: '1', added: '1', removed: '1', unchanged: '1', 'verdicts-changed': '3', 'verdicts-unchanged': '7' });
    expect(await names(page, '#changed')).toEqual(['weekday']);
    expect(await names(page, '#added')).toEqual(['audit']);
    expect(await names(page, '#removed')).toEqual(['echo']);
    expect(await names(page, '#verdicts')).toEqual(['weekday-state-untouched', 'echo-carries-params', 'echo-workflow-id-sorts-after-wf-a']);
    expect(await page.locator('#other').isHidden()).toBe(true);
    // Changed scenarios come first on the page.
    const sections = await attributes(page, 'main section:not([hidden])', 'id');
    expect(sections).toEqual(['changed', 'added', 'removed', 'verdicts']);
    // Collapsed until opened; opened, every changed field side by side, values whole.
    const weekday = page.locator('#changed details.item').first();
    expect(await weekday.getAttribute('open')).toBeNull();
    expect(await weekday.locator('table').count()).toBe(0);
    await weekday.locator('summary').click();
    // The body is built by the `toggle` event, which the browser fires after the click returns.
    await weekday.locator('table.side-table tbody tr').first().waitFor();
    const rows = await Promise.all((await weekday.locator('table.side-table tbody tr').all()).map(async (tr) => tr.locator('td').allTextContents()));
    expect(rows).toEqual([
      ['missions.1.params.target', '"unit"', '"integration"'],
      ['executed_steps.0.payload.description', '"Discover tests in unit"', '"Discover tests in integration"'],
      ['executed_steps.1.payload.description', '"Execute tests for unit"', '"Execute tests for integration"'],
    ]);
    expect(await weekday.locator('h4').allTextContents()).toEqual(['definition', "mission 'run_tests' changed, first at executed_steps.0.payload.description"]);
    mkdirSync(join(root, 'reports'), { recursive: true });
    const shot = join(root, 'reports', 'compare-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(requests).toEqual([pathToFileURL(report).href]);
    await page.close();
  });

  it('searches names, ids and paths', async () => {
    const report = join(dir.dir, 'search.html');
    await tier2(['compare', baseline.json, candidate.json, '--html', report]);
    const page = await open(report);
    const visible = async (): Promise<string[]> => attributes(page, 'details.item:not([hidden])', 'data-name');
    await page.fill('#search', 'echo');
    expect(await visible()).toEqual(['audit', 'echo', 'echo-carries-params', 'echo-workflow-id-sorts-after-wf-a']);
    await page.fill('#search', 'payload.description');
    expect(await visible()).toEqual(['weekday']);
    expect(await page.textContent('#shown')).toBe('1 matching');
    await page.fill('#search', '');
    expect(await visible()).toHaveLength(6);
    await page.click('#expand');
    expect(await page.locator('details.item[open]').count()).toBe(6);
    await page.close();
  });

  it('shows hostile names as text and runs none of them, and long values whole', async () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const long = 'x'.repeat(5000);
    const suite = (value: string): string =>
      `suite_name: "${hostile}"\nscenarios:\n  - scenario_name: "${hostile}"\n    missions: [{ name: echo, params: { note: "${value}" } }]\n`;
    const a = dir.file('hostile-a.json', (await tier2(['run', dir.file('hostile-a.yaml', suite('short')), '--json'])).out);
    const b = dir.file('hostile-b.json', (await tier2(['run', dir.file('hostile-b.yaml', suite(long)), '--json'])).out);
    const report = join(dir.dir, 'hostile.html');
    await tier2(['compare', a, b, '--html', report]);
    const { page, dialogs } = await openRecordingDialogs(browser, report);
    await page.click('#expand');
    // Reading a body's cell waits until `toggle` has built the bodies, so what follows checks the whole page.
    expect(await page.locator('#changed td.candidate').first().textContent()).toBe(JSON.stringify(long));
    expect(dialogs).toEqual([]);
    expect(await page.locator('#changed summary .name').textContent()).toBe(hostile);
    expect(await page.locator('main img').count()).toBe(0);
    await page.close();
  });
});
