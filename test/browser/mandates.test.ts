import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { databaseTargets } from '../support/databases.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, type DemoResident } from '../support/platform.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';

const executablePath = chromiumPath();
const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

describe('mandates in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    platform = await startTestPlatform(databaseTargets()[0]!);
    base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function checked(page: Page, shot: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    assert.deepEqual(violations, [], `axe on ${page.url()}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENS, `${shot}.png`), fullPage: true });
  }

  async function signedUp(locale: 'ko' | 'en', resident: DemoResident): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/sign-up`);
    await page.fill('#idNumber', resident.idNumber);
    await page.fill('#name', resident.name);
    await page.fill('#birthDate', resident.birthDate);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.fill('#passwordAgain', RESIDENT_PASSWORD);
    await page.click('form[action="/sign-up"] button[type=submit]');
    await page.waitForURL(`${base}/me`);
    return page;
  }

  const pairs = { ko: [DEMO_RESIDENTS.youngja, DEMO_RESIDENTS.jungho], en: [DEMO_RESIDENTS.woosung, DEMO_RESIDENTS.dohyun] } as const;

  for (const locale of ['ko', 'en'] as const) {
    it(`grants a mandate, acts for the other resident, revokes it and is refused on the next click [${locale}]`, async () => {
      const [principal, representative] = pairs[locale];
      const rep = await signedUp(locale, representative);
      const grantor = await signedUp(locale, principal);

      await grantor.goto(`${base}/me/mandates/new`);
      await checked(grantor, `${locale}-phone-mandate-new`);
      await grantor.click('form[action="/me/mandates"] button[type=submit]');
      await grantor.waitForSelector('.error-summary');
      await checked(grantor, `${locale}-phone-mandate-new-errors`);
      await grantor.fill('#representativeIdNumber', representative.idNumber);
      await grantor.fill('#representativeName', representative.name);
      await grantor.fill('#validUntil', `${new Date().getFullYear() + 1}-12-31`);
      await grantor.click('form[action="/me/mandates"] button[type=submit]');
      await grantor.waitForURL(`${base}/me/mandates?notice=granted`);
      await checked(grantor, `${locale}-phone-mandates-given`);

      await rep.goto(`${base}/me/mandates`);
      await checked(rep, `${locale}-phone-mandates-received`);
      await rep.click('form[action="/me/acting-for"] button[type=submit]');
      await rep.waitForURL(`${base}/me`);
      const banner = await rep.textContent('.acting-for');
      assert.match(banner ?? '', new RegExp(principal.name));
      await checked(rep, `${locale}-phone-acting-for`);
      await rep.goto(`${base}/me/applications`);
      assert.ok(await rep.isVisible('.acting-for'));
      await checked(rep, `${locale}-phone-acting-applications`);

      await grantor.goto(`${base}/me/mandates`);
      await grantor.click('form[action$="/revoke"] button[type=submit]');
      await grantor.waitForURL(`${base}/me/mandates?notice=revoked`);
      await checked(grantor, `${locale}-phone-mandates-revoked`);

      const refused = await Promise.all([rep.waitForNavigation(), rep.click('a[href="/me/inbox"], a[href="/me"]')]);
      assert.equal(refused[0]?.status(), 403);
      assert.equal(await rep.isVisible('.acting-for'), false, 'the banner is gone');
      await checked(rep, `${locale}-phone-mandate-ended`);
      await rep.goto(`${base}/me`);
      assert.match(await rep.textContent('main h1') ?? '', new RegExp(representative.name));
      await rep.context().close();
      await grantor.context().close();
    });
  }
});
