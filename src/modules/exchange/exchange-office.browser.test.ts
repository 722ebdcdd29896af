import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair } from 'jose';
import { browserSuite, checkPage, staffSignInInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS, testConfig } from '../../../test/support/platform.ts';
import { checkConsent } from '../consent/index.ts';
import { exchangeModule, ExchangeRefusal } from './index.ts';

describe('the exchange office page in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
    const db = rig.platform.database.db;
    const exchange = exchangeModule(db, { instance: 'HG', locale: 'ko', keySecret: testConfig().documentKeySecret, publicUrl: rig.base, verifiers: [], checkConsent });
    const reader = { kind: 'system' as const, id: 'portal', agencyId: 'welfare' };
    await exchange.fetchFromDataService(db, { consumerAgencyId: 'welfare', dataServiceId: 'health-insurance-status', subjectIdNumber: DEMO_RESIDENTS.minjun.idNumber, purpose: 'child allowance', reader });
    await assert.rejects(exchange.fetchFromDataService(db, { consumerAgencyId: 'welfare', dataServiceId: 'proof-of-residence', subjectIdNumber: DEMO_RESIDENTS.minjun.idNumber, purpose: 'child allowance', reader }), ExchangeRefusal);
  });
  after(() => rig?.close());

  for (const locale of ['ko', 'en'] as const) {
    it(`shows the member, its keys and its log at 390 px in ${locale}; a private key is refused beside the field; passes axe`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'admin.welfare@demo.hanaro.example');
      const response = await page.goto(`${rig.base}/office/exchange`);
      assert.equal(response?.status(), 200);
      const log = await page.textContent('main');
      assert.match(log ?? '', /HG\/GOV\/welfare/);
      assert.match(log ?? '', /health-insurance-status/);
      assert.match(log ?? '', locale === 'ko' ? /거절: 유효한 동의 없음/ : /Refused: no valid consent/);
      await checkPage(page, `${locale}-phone-exchange-office`);

      const pair = await generateKeyPair('ES256', { extractable: true });
      await page.fill('#label', 'Benefits system');
      await page.fill('#jwk', JSON.stringify(await exportJWK(pair.privateKey)));
      await page.click('form[action="/office/exchange/keys"] button[type=submit]');
      assert.equal(await page.inputValue('#label'), 'Benefits system');
      assert.ok(await page.isVisible('#jwk-error'));
      await checkPage(page, `${locale}-phone-exchange-office-error`);

      await page.fill('#label', `Benefits system ${locale}`);
      await page.fill('#jwk', JSON.stringify(await exportJWK(pair.publicKey)));
      await page.click('form[action="/office/exchange/keys"] button[type=submit]');
      await page.waitForURL(`${rig.base}/office/exchange?notice=registered`);
      assert.match(await page.textContent('table') ?? '', new RegExp(`Benefits system ${locale}`));
      await context.close();
    });
  }
});
