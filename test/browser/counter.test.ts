import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_RESIDENTS, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, staffSignInInBrowser, startBrowserRig, DESKTOP, PHONE, SCREENS, type BrowserRig } from '../support/browser.ts';

describe('an officer serving a walk-in resident at the counter, in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  before(async () => {
    rig = await startBrowserRig({ secureCookies: true });
    ({ browser, base } = rig);
  });
  after(() => rig?.close());

  /** The same page checked at phone width and on a desktop. */
  async function bothWidths(page: Page, shot: string) {
    await checkPage(page, `${shot}-phone`);
    await page.setViewportSize(DESKTOP);
    await checkPage(page, `${shot}-desktop`);
    await page.setViewportSize(PHONE);
  }

  const cases: { locale: 'ko' | 'en'; resident: DemoResident; words: { identify: RegExp; submit: RegExp; receipt: RegExp; other: RegExp } }[] = [
    { locale: 'ko', resident: DEMO_RESIDENTS.seoyeon, words: { identify: /본인 확인/, submit: /제출|신청/, receipt: /민원 접수증/, other: /Application receipt/ } },
    { locale: 'en', resident: DEMO_RESIDENTS.lan, words: { identify: /Confirm identity/, submit: /Submit|Send/, receipt: /Application receipt/, other: /민원 접수증/ } },
  ];

  for (const { locale, resident, words } of cases) {
    it(`identifies the resident, files a moving-in report with a scanned lease and prints the receipt [${locale}]`, async () => {
      const context = await browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, base, 'officer.interior@demo.hanaro.example');

      await page.goto(`${base}/office/counter`);
      await bothWidths(page, `counter-${locale}-identify`);
      await page.fill('#idNumber', resident.idNumber);
      await page.fill('#name', `${resident.name}x`);
      await page.fill('#birthDate', resident.birthDate);
      await page.check('#documentKind');
      await page.fill('#documentRef', '12');
      await page.click(`button[type=submit] >> text=${words.identify.source}`);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.inputValue('#name'), `${resident.name}x`, 'what was typed is kept');
      assert.ok(await page.isVisible('#documentRef-error'));
      await checkPage(page, `counter-${locale}-identify-errors-phone`);

      await page.fill('#name', resident.name);
      await page.fill('#documentRef', '8834');
      await page.click(`button[type=submit] >> text=${words.identify.source}`);
      await page.waitForURL(/\/office\/counter\/[0-9a-f-]{36}$/);
      const visit = page.url();
      assert.match(await page.textContent('main') ?? '', new RegExp(`${resident.idNumber.slice(0, 8)}\\*+`), 'the resident, with the ID number masked');
      await bothWidths(page, `counter-${locale}-visit`);

      await page.selectOption('#service', 'moving-in-report');
      await page.click(`form[action$="/start"] button[type=submit]`);
      await page.waitForURL(`${visit}/form/address`);
      await checkPage(page, `counter-${locale}-form-address-phone`);
      await page.fill('#f-newAddress', 'Hangyeol Apt 101-502, 12 Hana-ro, Jungang-gu');
      await page.fill('#f-moveDate', '2026-03-02');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/form/household`);
      await page.check('input[name=movingType][value=whole-household]');
      await page.fill('#f-memberCount', '1');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/form/lease`);
      await page.check('#f-applyFixedDate');
      await page.setInputFiles('#f-leaseContract', { name: 'lease-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%scanned at the counter\n') });
      await page.fill('#f-phone', '010-2345-6789');
      await bothWidths(page, `counter-${locale}-form-lease`);
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/check`);
      assert.match(await page.textContent('main') ?? '', /lease-scan\.pdf/);
      await bothWidths(page, `counter-${locale}-check`);

      await page.click(`form[action$="/submit"] button[type=submit]`);
      await page.waitForURL(/\/receipt$/);
      const reference = (await page.textContent('.receipt .reference'))?.trim() ?? '';
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      assert.match(await page.textContent('.receipt') ?? '', words.receipt);
      await bothWidths(page, `counter-${locale}-receipt`);

      await page.click(`.receipt-languages a[hreflang=${locale === 'ko' ? 'en' : 'ko'}]`);
      await page.waitForURL(/\/receipt\?lang=/);
      assert.match(await page.textContent('.receipt') ?? '', words.other);
      assert.equal(await page.getAttribute('html', 'lang'), locale, 'the officer\'s screen keeps its language');
      await checkPage(page, `counter-${locale}-receipt-other-language-phone`);

      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.isVisible('.site-header'), false, 'no header on paper');
      assert.equal(await page.isVisible('.site-footer'), false, 'no footer on paper');
      assert.equal(await page.isVisible('.receipt-languages'), false, 'no language switch on paper');
      assert.ok(await page.isVisible('.receipt .reference'));
      await page.screenshot({ path: path.join(SCREENS, `counter-${locale}-receipt-print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      await page.goto(`${base}/office/counter`);
      assert.equal(await page.locator(`a[href="${new URL(visit).pathname}"]`).count(), 1, 'the visit is in today\'s list');
      await checkPage(page, `counter-${locale}-today-phone`);
      await context.close();
    });
  }
});
