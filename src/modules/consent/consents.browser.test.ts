import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, signUpInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS } from '../../../test/support/platform.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { checkConsent, giveConsent } from './index.ts';

describe('"my consents" in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  for (const [locale, resident, words] of [
    ['ko', DEMO_RESIDENTS.jiwoo, { service: '아동수당', reads: '주민등록 사항(거주 사실)', field: '이전 주소', withdraw: '동의 철회', withdrawn: '동의를 철회했습니다' }],
    ['en', DEMO_RESIDENTS.mirae, { service: 'child allowance', reads: 'Proof of residence', field: 'Earlier addresses', withdraw: 'Withdraw consent', withdrawn: 'Consent withdrawn' }],
  ] as const) {
    it(`shows a consent and withdraws it at 390 px in ${locale}, and passes axe`, async () => {
      const db = rig.platform.database.db;
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await signUpInBrowser(page, rig.base, resident);
      const residentId = (await findResidentByIdNumber(db, resident.idNumber))!.id;
      const { id } = await giveConsent(db, { residentId, dataAgreementId: 'child-allowance', language: locale, channel: 'portal', actor: `resident:${residentId}` });

      await page.click('a[href="/me/consents"]');
      await page.waitForURL(`${rig.base}/me/consents`);
      const card = page.locator('.consent-list .card');
      assert.equal(await card.count(), 1);
      const text = await card.textContent() ?? '';
      for (const expected of [words.service, words.reads, words.field]) assert.ok(text.includes(expected), `${expected} in ${text}`);
      await checkPage(page, `${locale}-phone-consents`);

      await card.getByRole('button', { name: new RegExp(words.withdraw) }).click();
      await page.waitForURL(`${rig.base}/me/consents?notice=withdrawn`);
      assert.match(await page.locator('[role=status]').first().textContent() ?? '', new RegExp(words.withdrawn));
      assert.equal(await page.locator(`form[action="/me/consents/${id}/withdraw"]`).count(), 0);
      assert.deepEqual(await checkConsent(db, { consentId: id, residentId, consumerAgencyId: 'welfare', dataServiceId: 'proof-of-residence' }), { ok: false, reason: 'consent_withdrawn' });
      await checkPage(page, `${locale}-phone-consents-withdrawn`);
      await context.close();
    });
  }
});
