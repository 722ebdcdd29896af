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
const PARENTS = [{ locale: 'ko', resident: DEMO_RESIDENTS.seoyeon }, { locale: 'en', resident: DEMO_RESIDENTS.jiwoo }] as const;

describe('filing a life-event bundle in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    platform = await startTestPlatform(databaseTargets()[0]!, { secureCookies: true });
    base = (await platform.app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function looksRight(page: Page, name: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    assert.deepEqual(violations, [], `axe on ${page.url()}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENS, `bundle-${name}.png`), fullPage: true });
  }

  async function signUp(page: Page, who: DemoResident) {
    await page.goto(`${base}/sign-up?return=${encodeURIComponent('/bundles/birth')}`);
    await page.fill('#idNumber', who.idNumber);
    await page.fill('#name', who.name);
    await page.fill('#birthDate', who.birthDate);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.fill('#passwordAgain', RESIDENT_PASSWORD);
    await page.click('form[action="/sign-up"] button[type=submit]');
    await page.waitForURL(/\/bundles\/birth$/);
  }

  const next = (page: Page) => page.click('button[name=action][value=continue]');

  for (const { locale, resident } of PARENTS) {
    it(`takes a parent from the life-event page through one form to four applications seen together [${locale}]`, async () => {
      const context = await browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${base}/services?lifeEvent=birth`);
      await page.click('a[href="/bundles/birth"]');
      await looksRight(page, `${locale}-about`);
      await signUp(page, resident);
      await page.click('form[action="/bundles/birth/apply"] button[type=submit]');
      await page.waitForURL(/\/form\/shared$/);
      await page.fill('input[name=childName]', 'X');
      await page.fill('input[name=birthDate]', '2026-03-01');
      await next(page);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.inputValue('input[name=childName]'), 'X', 'what was typed is kept');
      await looksRight(page, `${locale}-shared-error`);
      await page.fill('input[name=childName]', '김하늘');
      await page.fill('input[name=childIdNumber]', '980505-2330916');
      await page.selectOption('select[name=bankName]', 'kb');
      await page.fill('input[name=accountNumber]', '123-456789-01-011');
      await next(page);
      await page.waitForURL(/birth-registration__child$/);
      await looksRight(page, `${locale}-member-page`);
      await page.check('input[name="birth-registration__childSex"][value=female]');
      await page.selectOption('select[name="birth-registration__birthPlaceType"]', 'hospital');
      await next(page);
      await page.check('input[name="birth-registration__informantRelation"][value=mother]');
      await page.fill('input[name="birth-registration__otherParentIdNumber"]', '900101-1234568');
      await page.check('input[name="birth-registration__parentsMarried"][value=yes]');
      await next(page);
      await page.setInputFiles('input[name="birth-registration__birthCertificate"]', { name: 'birth.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 birth') });
      await next(page);
      await page.check('input[name="child-allowance__relationship"][value=mother]');
      await next(page);
      await page.check('input[name="child-allowance__accountHolder"][value=applicant]');
      await next(page);
      await page.check('input[name="child-allowance__consentDataUse"]');
      await next(page);
      await page.check('input[name="parental-benefit__careType"][value=home]');
      await next(page);
      await page.check('input[name="parental-benefit__consentDataUse"]');
      await next(page);
      await page.check('input[name="newborn-health-insurance-enrolment__insuredParent"][value=mother]');
      await page.check('input[name="newborn-health-insurance-enrolment__insuranceType"][value=regional]');
      await next(page);
      await page.waitForURL(/\/check$/);
      await looksRight(page, `${locale}-check`);
      await page.click('form[action$="/submit"] button[type=submit]');
      await page.waitForURL(/submitted=1/);
      assert.equal(await page.locator('.status-tag').count(), 4);
      await looksRight(page, `${locale}-submitted`);
      await page.goto(`${base}/me/applications`);
      assert.equal(await page.locator('.bundle-group .status-tag').count(), 4);
      await looksRight(page, `${locale}-my-applications`);
      await context.close();
    });
  }
});
