import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { Config } from '../../src/platform/config.ts';
import { databaseTargets } from './databases.ts';
import { DEMO_PASSWORD, RESIDENT_PASSWORD, startTestPlatform, type DemoResident } from './platform.ts';
import { freePort } from './ports.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const TAKE_SCREENSHOTS = !process.env.CI || !!process.env.SCREENSHOTS;
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Debian's Chromium, headless. In CI a missing browser is a failure, never a skip. */
export function chromiumPath(): string | undefined {
  const found = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
  if (!found && process.env.CI) throw new Error('CI=true but no Chromium was found: install Debian\'s chromium package (see .ci/run).');
  return found;
}

/** How a browser suite skips on a machine without Chromium (never under CI, see chromiumPath). */
export const browserSuite = () => ({ skip: chromiumPath() ? false : 'no Chromium on this machine (CI installs it)' });

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface BrowserRig { platform: Awaited<ReturnType<typeof startTestPlatform>>; browser: Browser; base: string; close(): Promise<void> }

/**
 * The platform listening on http://localhost:<port> with PUBLIC_URL set to it (passkeys and OIDC
 * are bound to that origin), and a headless Chromium. The database is PostgreSQL when the tests
 * have one (CI): a browser test is about pages, and PGlite would run its queries on the server's
 * own thread, between the requests the browser is waiting for.
 */
export async function startBrowserRig(overrides: Partial<Config> = {}, opts?: Parameters<typeof startTestPlatform>[2]): Promise<BrowserRig> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const platform = await startTestPlatform(databaseTargets().at(-1)!, { publicUrl: base, ...overrides }, opts);
  await platform.app.listen({ port, host: '127.0.0.1' });
  const browser = await launchChromium(chromiumPath()!);
  fs.mkdirSync(SCREENS, { recursive: true });
  return { platform, browser, base, close: async () => { await browser.close(); await platform.close(); } };
}

/**
 * A suite's rig: started before its tests (and before any later `before` hook of the suite) and
 * closed after them. The object's fields are there from the suite's first test on.
 */
export function useBrowserRig(overrides: Partial<Config> = {}, opts?: Parameters<typeof startTestPlatform>[2]): BrowserRig {
  const rig = {} as BrowserRig;
  before(async () => { Object.assign(rig, await startBrowserRig(overrides, opts)); });
  after(() => rig.close?.());
  return rig;
}

/**
 * Axe (WCAG 2.2 A/AA) on the page as it is, no sideways scrolling at this width, and a full-page
 * screenshot for a person to look at: taken on a developer's machine, in CI only with SCREENSHOTS=1.
 * Legacy mode runs axe in the page itself; the default opens a blank page per check to merge frame
 * results, which doubled the time, and Hanaro's pages have no frames.
 */
export async function checkPage(page: Page, shot: string): Promise<void> {
  const results = await new AxeBuilder({ page }).setLegacyMode().options({ runOnly: { type: 'tag', values: WCAG }, resultTypes: ['violations'] }).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(violations, [], `axe on ${page.url()}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
  if (TAKE_SCREENSHOTS) await page.screenshot({ path: path.join(SCREENS, `${shot}.png`), fullPage: true });
}

/** Fills the sign-up form the way a person does; the page must already show it. */
export async function fillSignUp(page: Page, resident: { idNumber: string; name: string; birthDate: string }): Promise<void> {
  await page.fill('#idNumber', resident.idNumber);
  await page.fill('#name', resident.name);
  await page.fill('#birthDate', resident.birthDate);
  await page.fill('#password', RESIDENT_PASSWORD);
  await page.fill('#passwordAgain', RESIDENT_PASSWORD);
}

export async function signUpInBrowser(page: Page, base: string, resident: DemoResident): Promise<void> {
  await page.goto(`${base}/sign-up`);
  await fillSignUp(page, resident);
  await page.click('form[action="/sign-up"] button[type=submit]');
  await page.waitForURL(`${base}/me`);
}

export async function staffSignInInBrowser(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/office/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('form[action="/office/sign-in"] button[type=submit]');
  await page.waitForURL(`${base}/office`);
}
