/**
 * The HTML pages in a real browser: Debian's headless Chromium driven by
 * playwright-core (which downloads no browser of its own). .ci/run installs
 * `chromium`, so in CI (CI=true) a missing browser fails the browser tests
 * instead of skipping them.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser is (`TIER2_CHROMIUM` overrides Debian's path). */
export const executablePath = process.env.TIER2_CHROMIUM ?? '/usr/bin/chromium';
/** Whether it is installed here. */
export const haveChromium = existsSync(executablePath);

/** Starts headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/**
 * Opens a page file and waits until its script says it is rendered; every
 * request is pushed to `requests`, and a script error fails the test.
 */
export async function openPage(browser: Browser, file: string, requests: string[], height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/**
 * Opens a page file, recording (and dismissing) every dialog it opens, and waits until it is rendered:
 * the hostile-name tests expect `dialogs` to stay empty.
 */
export async function openRecordingDialogs(browser: Browser, file: string): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, dialogs };
}
