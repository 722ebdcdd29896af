import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { databaseTargets } from '../support/databases.ts';
import { startTestPlatform, DEMO_PASSWORD, DEMO_RESIDENTS, RESIDENT_PASSWORD, type DemoResident } from '../support/platform.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';

const executablePath = chromiumPath();
const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const JOURNEYS = [
  { locale: 'ko', resident: DEMO_RESIDENTS.mirae, search: '등본', approve: '승인', verified: '진위 확인됨|진본|Authentic' },
  { locale: 'en', resident: DEMO_RESIDENTS.jiwoo, search: 'resident registration', approve: 'Approve', verified: 'Authentic' },
] as const;

/**
 * The whole one-stop journey as a new resident and a new officer would walk it: find, apply with a
 * mistake, fix it, submit, answer the officer, get the certificate, see it verified and revoked.
 */
describe('the one-stop journey in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    platform = await startTestPlatform(databaseTargets()[0]!);
    base = (await platform.app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  let shot = 0;
  async function looksRight(page: Page, name: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    assert.deepEqual(violations, [], `axe on ${page.url()}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENS, `journey-${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  for (const journey of JOURNEYS) {
    it(`takes a resident and officers from search to a verified, then revoked, certificate [${journey.locale}]`, async () => {
      const tag = journey.locale;
      const residentContext = await browser.newContext({ locale: tag, viewport: PHONE });
      const resident = await residentContext.newPage();
      await resident.goto(base);
      await resident.fill('#q', journey.search);
      await resident.press('#q', 'Enter');
      await resident.waitForURL(/\/services\?q=/);
      await looksRight(resident, `${tag}-search`);
      await resident.click('a[href="/services/resident-registration-certificate"]');
      await looksRight(resident, `${tag}-service`);
      await resident.click('a[href="/services/resident-registration-certificate/apply"]');
      await resident.waitForURL(/\/sign-in\?return=/);
      await looksRight(resident, `${tag}-sign-in`);
      await resident.click('a[href^="/sign-up"]');
      await signUp(resident, journey.resident);
      await resident.waitForURL(/\/services\/resident-registration-certificate\/apply$/);
      await looksRight(resident, `${tag}-start`);
      await resident.click('form[action$="/apply"] button[type=submit]');

      await resident.waitForURL(/\/form\/request$/);
      await looksRight(resident, `${tag}-form-1`);
      await resident.check('input[name=purpose][value=bank]');
      await resident.click('button[name=action][value=continue]');
      await resident.waitForURL(/\/form\/contents$/);
      await resident.check('input[name=includeAddressHistory][value=yes]');
      await resident.fill('input[name=copies]', '12a');
      await resident.click('button[name=action][value=continue]');
      await resident.waitForSelector('.error-summary');
      assert.equal(await resident.inputValue('input[name=copies]'), '12a', 'what was typed is kept');
      await looksRight(resident, `${tag}-form-2-error`);
      await resident.fill('input[name=copies]', '2');
      await resident.click('button[name=action][value=continue]');
      await resident.waitForURL(/\/check$/);
      await looksRight(resident, `${tag}-check`);
      await resident.click('form[action$="/submit"] button[type=submit]');
      await resident.waitForURL(/submitted=1/);
      const reference = (await resident.textContent('.reference'))!.trim();
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      await looksRight(resident, `${tag}-submitted`);
      const applicationUrl = resident.url().replace('?submitted=1', '');
      await resident.goto(`${base}/me/applications`);
      assert.ok(await resident.isVisible(`text=${reference}`), 'the application is in My applications');
      await looksRight(resident, `${tag}-my-applications`);

      const officerContext = await browser.newContext({ locale: tag, viewport: DESKTOP });
      const officer = await officerContext.newPage();
      await staffSignIn(officer, 'officer.interior@demo.hanaro.example');
      await officer.goto(`${base}/office/applications`);
      await looksRight(officer, `${tag}-queue`);
      await officer.click(`a:text("${reference}")`);
      await looksRight(officer, `${tag}-case`);
      await officer.fill('#request', journey.locale === 'ko' ? '제출할 은행 이름을 알려 주세요.' : 'Which bank is it for?');
      await officer.click('form[action$="/request-information"] button[type=submit]');
      await officer.waitForURL(/\/office\/applications\/[0-9a-f-]+$/);

      await resident.goto(applicationUrl);
      await resident.waitForSelector('#message');
      await looksRight(resident, `${tag}-info-requested`);
      await resident.fill('#message', journey.locale === 'ko' ? '한결저축은행입니다.' : 'Hangyeol Savings Bank');
      await resident.click('form[action$="/reply"] button[type=submit]');
      await resident.waitForURL(applicationUrl);

      await officer.reload();
      await officer.click(`form[action$="/complete-step"] button:text("${journey.approve}")`);
      await officer.waitForURL(/\/office\/applications\/[0-9a-f-]+$/);

      await resident.reload();
      const download = resident.locator('a[href$="/pdf"]');
      const href = (await download.getAttribute('href'))!;
      const documentId = /\/me\/documents\/([^/]+)\/pdf/.exec(href)![1]!;
      const pdf = await residentContext.request.get(base + href);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
      await looksRight(resident, `${tag}-approved`);

      const anyone = await browser.newContext({ locale: tag, viewport: PHONE });
      const checker = await anyone.newPage();
      await checker.goto(`${base}/verify/${documentId}`);
      assert.match((await checker.textContent('#verdict-title'))!, new RegExp(journey.verified));
      await looksRight(checker, `${tag}-verify-authentic`);

      await officer.goto(`${base}/office/documents`);
      const revoke = officer.locator(`form[action="/office/documents/${documentId}/revoke"]`);
      await revoke.locator('input[name=reason]').fill(journey.locale === 'ko' ? '신청인 요청으로 재발급' : 'Reissued at the holder\'s request');
      await revoke.locator('button[type=submit]').click();
      await officer.waitForURL(/\/office\/documents/);
      await checker.reload();
      assert.match((await checker.textContent('#verdict-title'))!, /취소|폐기|Revoked/);
      await looksRight(checker, `${tag}-verify-revoked`);
      await Promise.all([residentContext.close(), officerContext.close(), anyone.close()]);
    });
  }

  async function signUp(page: Page, who: DemoResident) {
    await page.fill('#idNumber', who.idNumber);
    await page.fill('#name', who.name);
    await page.fill('#birthDate', who.birthDate);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.fill('#passwordAgain', RESIDENT_PASSWORD);
    await looksRight(page, 'sign-up');
    await page.click('form[action="/sign-up"] button[type=submit]');
  }

  async function staffSignIn(page: Page, email: string) {
    await page.goto(`${base}/office/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('form[action="/office/sign-in"] button[type=submit]');
    await page.waitForURL(`${base}/office`);
  }
});
