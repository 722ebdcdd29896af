import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_RESIDENTS, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, fillSignUp, startBrowserRig, staffSignInInBrowser, DESKTOP, PHONE, type BrowserRig } from '../support/browser.ts';

const JOURNEYS = [
  { locale: 'ko', resident: DEMO_RESIDENTS.mirae, search: '등본', approve: '승인', verified: '진위 확인됨|진본|Authentic' },
  { locale: 'en', resident: DEMO_RESIDENTS.jiwoo, search: 'resident registration', approve: 'Approve', verified: 'Authentic' },
] as const;

/**
 * The whole one-stop journey as a new resident and a new officer would walk it: find, apply with a
 * mistake, fix it, submit, answer the officer, get the certificate, see it verified and revoked.
 */
describe('the one-stop journey in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  let base: string;
  before(async () => {
    rig = await startBrowserRig();
    base = rig.base;
  });
  after(() => rig?.close());

  let shot = 0;
  const looksRight = (page: Page, name: string) => checkPage(page, `journey-${String(++shot).padStart(2, '0')}-${name}`);
  const browser = () => rig.browser;

  for (const journey of JOURNEYS) {
    it(`takes a resident and officers from search to a verified, then revoked, certificate [${journey.locale}]`, async () => {
      const tag = journey.locale;
      const residentContext = await browser().newContext({ locale: tag, viewport: PHONE });
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

      const officerContext = await browser().newContext({ locale: tag, viewport: DESKTOP });
      const officer = await officerContext.newPage();
      await staffSignInInBrowser(officer, base, 'officer.interior@demo.hanaro.example');
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

      const anyone = await browser().newContext({ locale: tag, viewport: PHONE });
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
    await fillSignUp(page, who);
    await looksRight(page, 'sign-up');
    await page.click('form[action="/sign-up"] button[type=submit]');
  }
});
