import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { databaseTargets } from '../support/databases.ts';
import { startTestPlatform, DEMO_PASSWORD } from '../support/platform.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';

const executablePath = chromiumPath();
const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

const PUBLIC_PAGES = ['/', '/agencies', '/agencies/interior', '/services', '/services?q=%EB%93%B1%EB%B3%B8', '/services?q=drivers%20license',
  '/services?lifeEvent=birth', '/services?category=certificates', '/services?q=xqzwv', '/services/resident-registration-certificate', '/services/passport-application', '/accessibility',
  '/bundles/birth', '/bundles/turning-65',
  '/office/sign-in', '/no-such-page'];
const OFFICE_PAGES = ['/office', '/office/services', '/office/services/building-permit', '/office/staff', '/office/audit'];

describe('the web shell in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    platform = await startTestPlatform(databaseTargets()[0]!, { secureCookies: true });
    base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    base = base.replace('127.0.0.1', 'localhost');
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function check(page: Page, url: string, shot: string) {
    const response = await page.goto(base + url);
    assert.ok(response, `${url} answered`);
    assert.equal(response.status(), url === '/no-such-page' ? 404 : 200, `${url} status`);
    const lang = await page.getAttribute('html', 'lang');
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    assert.deepEqual(violations, [], `axe on ${url} [${lang}]`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENS, `${shot}.png`), fullPage: true });
    return lang;
  }

  for (const locale of ['ko', 'en'] as const) {
    for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      it(`every public page passes axe in ${locale} on a ${device}`, async () => {
        const context = await browser.newContext({ locale, viewport });
        const page = await context.newPage();
        for (const url of PUBLIC_PAGES) {
          assert.equal(await check(page, url, `${locale}-${device}${url.replace(/[/?=%&]+/g, '_')}`), locale);
        }
        await context.close();
      });

      it(`every back-office page passes axe in ${locale} on a ${device}`, async () => {
        const context = await browser.newContext({ locale, viewport });
        const page = await context.newPage();
        await signIn(page, 'admin.land@demo.hanaro.example');
        for (const url of OFFICE_PAGES) await check(page, url, `${locale}-${device}-office${url.replace(/[/?=]+/g, '_')}`);
        await context.close();
      });
    }
  }

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/office/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit] >> text=/로그인|Sign in/');
    await page.waitForURL(`${base}/office`);
  }

  it('works without JavaScript: language, text size and contrast are remembered', async () => {
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false, locale: 'ko', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/services/passport-application`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    await page.click('button[name=lang][value=en]');
    await page.waitForURL(`${base}/services/passport-application`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await page.click('summary');
    await page.click('button[name=textSize][value=x-large]');
    await page.click('button[name=contrast][value=high]');
    await page.goto(`${base}/`);
    assert.equal(await page.getAttribute('html', 'data-text-size'), 'x-large');
    assert.equal(await page.getAttribute('html', 'data-contrast'), 'high');
    assert.match(await page.textContent('h1') ?? '', /Every government service/);
    await page.screenshot({ path: path.join(SCREENS, 'en-phone-large-high-contrast.png'), fullPage: true });
    await context.close();
  });

  it('passes axe in high contrast with the largest text', async () => {
    const context = await browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.click('summary');
    await page.click('button[name=contrast][value=high]');
    await page.click('button[name=textSize][value=x-large]');
    for (const url of ['/', '/services/building-permit', '/office/sign-in']) await check(page, url, `en-phone-hc${url.replace(/[/?=]+/g, '_')}`);
    await context.close();
  });

  it('a wrong password keeps the email and points at the field', async () => {
    const context = await browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/office/sign-in`);
    await page.fill('#email', 'officer.interior@demo.hanaro.example');
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit] >> text=Sign in');
    assert.equal(await page.inputValue('#email'), 'officer.interior@demo.hanaro.example');
    assert.match(await page.textContent('.error-summary') ?? '', /not right/);
    await check(page, '/office/sign-in', 'en-phone-sign-in-error-before');
    await context.close();
  });
});
