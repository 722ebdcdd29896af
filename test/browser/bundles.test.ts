import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_RESIDENTS, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, fillSignUp, staffSignInInBrowser, useBrowserRig, PHONE } from '../support/browser.ts';

const PARENTS = [
  { locale: 'ko', resident: DEMO_RESIDENTS.seoyeon, words: { readers: [/보건복지부 사회복지국에서 조회/, /보건복지부 보건의료국에서 조회/], address: /한결시 동구 새터로 12/, allowance: /아동수당 신청 \(보건복지부 사회복지국\)/, allowanceTitle: '아동수당' } },
  { locale: 'en', resident: DEMO_RESIDENTS.jiwoo, words: { readers: [/Read by Ministry of Social Welfare/, /Read by Ministry of Health/], address: /7 Bada-ro, Nam-gu, Hangyeol City/, allowance: /For Apply for child allowance \(Ministry of Social Welfare\)/, allowanceTitle: 'child allowance' } },
] as const;

describe('filing a life-event bundle in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });

  const looksRight = (page: Page, name: string) => checkPage(page, `bundle-${name}`);

  async function signUp(page: Page, who: DemoResident) {
    await page.goto(`${rig.base}/sign-up?return=${encodeURIComponent('/bundles/birth')}`);
    await fillSignUp(page, who);
    await page.click('form[action="/sign-up"] button[type=submit]');
    await page.waitForURL(/\/bundles\/birth$/);
  }

  const next = (page: Page) => page.click('button[name=action][value=continue]');

  for (const { locale, resident, words } of PARENTS) {
    it(`takes a parent from the life-event page through one form to four applications seen together [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${rig.base}/services?lifeEvent=birth`);
      await page.click('a[href="/bundles/birth"]');
      await looksRight(page, `${locale}-about`);
      await signUp(page, resident);
      await page.click('form[action="/bundles/birth/apply"] button[type=submit]');
      await page.waitForURL(/\/bundles\/birth\/apply\/consent$/);
      assert.equal(await page.locator('.consent-reader').count(), 2, 'asked once, grouped by the agency that reads');
      const terms = await page.textContent('main') ?? '';
      for (const reader of words.readers) assert.match(terms, reader);
      await looksRight(page, `${locale}-consent`);
      await page.click('button[name=decision][value=agree]');
      await page.waitForURL(/\/form\/shared$/);
      const fetched = await page.textContent('.agency-data') ?? '';
      assert.match(fetched, words.address, 'what was fetched with the drafts, read-only on the form');
      assert.match(fetched, words.allowance);
      await looksRight(page, `${locale}-shared-data`);
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
      await page.check('input[name="parental-benefit__careType"][value=home]');
      await next(page);
      await page.check('input[name="parental-benefit__consentDataUse"]');
      await next(page);
      await page.check('input[name="newborn-health-insurance-enrolment__insuredParent"][value=mother]');
      await page.check('input[name="newborn-health-insurance-enrolment__insuranceType"][value=regional]');
      await next(page);
      await page.waitForURL(/\/check$/);
      assert.match(await page.textContent('.agency-data') ?? '', words.address);
      await looksRight(page, `${locale}-check`);
      await page.click('form[action$="/submit"] button[type=submit]');
      await page.waitForURL(/submitted=1/);
      assert.equal(await page.locator('.status-tag').count(), 4);
      await looksRight(page, `${locale}-submitted`);
      await page.goto(`${rig.base}/me/applications`);
      assert.equal(await page.locator('.bundle-group .status-tag').count(), 4);
      await looksRight(page, `${locale}-my-applications`);
      const allowance = await page.getAttribute('.bundle-group a[href*="/me/applications/"]:has-text("' + words.allowanceTitle + '")', 'href');
      await context.close();

      const office = await rig.browser.newContext({ locale, viewport: PHONE });
      const officer = await office.newPage();
      await staffSignInInBrowser(officer, rig.base, 'officer.welfare@demo.hanaro.example');
      await officer.goto(`${rig.base}/office/applications/${allowance!.split('/').at(-1)}`);
      assert.equal(await officer.locator('#filed-together-title + p + ul li').count(), 3, 'the officer sees the three applications filed with it');
      await looksRight(officer, `${locale}-officer-case`);
      await office.close();
    });
  }
});
