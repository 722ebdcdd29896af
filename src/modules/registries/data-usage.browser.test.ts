import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, signUpInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS } from '../../../test/support/platform.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { recordPersonalDataReads } from './record-personal-data-reads.ts';

describe('"who used my data" in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
    const db = rig.platform.database.db;
    await recordPersonalDataReads(db, { reader: { kind: 'staff', id: 'staff-1', role: 'officer', agencyId: 'welfare' }, purpose: 'benefit check', serviceId: 'resident-registration-certificate', applicationId: 'A-2026-0001', channel: 'office' },
      { id: 'residents', version: '1.0', legalBasis: { ko: '주민등록법 제30조', en: 'Resident Registration Act, Article 30' } },
      [DEMO_RESIDENTS.jiwoo, DEMO_RESIDENTS.mirae].map((r) => ({ recordKey: r.idNumber, subjects: [r.idNumber], fields: ['address', 'name'] })), 'ko');
    assert.ok(await findResidentByIdNumber(db, DEMO_RESIDENTS.jiwoo.idNumber));
  });
  after(() => rig?.close());

  const words = {
    ko: { officer: /담당 공무원/, fields: '주소, 성명', law: '주민등록법 제30조' },
    en: { officer: /Case officer/, fields: 'Address, Name', law: 'Resident Registration Act, Article 30' },
  };
  for (const [locale, resident] of [['ko', DEMO_RESIDENTS.jiwoo], ['en', DEMO_RESIDENTS.mirae]] as const) {
    it(`lists the reads at 390 px in ${locale}, officers by role, fields and law in the reader's language, and passes axe`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await signUpInBrowser(page, rig.base, resident);
      const response = await page.goto(`${rig.base}/me/data-usage`);
      assert.equal(response?.status(), 200);
      const table = await page.textContent('table') ?? '';
      assert.match(table, words[locale].officer);
      assert.ok(!table.includes('staff-1'));
      assert.ok(table.includes(words[locale].fields), table);
      assert.ok(table.includes(words[locale].law), table);
      assert.doesNotMatch(table, locale === 'ko' ? /address|Resident Registration Act/ : /\baddress\b|주민등록법/);
      await checkPage(page, `${locale}-phone-data-usage`);
      await page.goto(`${rig.base}/me/data-usage?from=2026-02-30`);
      await checkPage(page, `${locale}-phone-data-usage-error`);
      await context.close();
    });
  }
});
