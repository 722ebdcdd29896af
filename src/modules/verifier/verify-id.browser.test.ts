/**
 * The counter tablet in a real browser: paired with a shop's key, it asks "over 19", shows a QR,
 * and turns green (yes, no birth date) or red (a lost phone) once the wallet, driven from the test
 * process over HTTP, has answered.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';
import { registerTestParty } from '../../../test/support/relying-party.ts';
import { testIssuer, testWallet, trustIn, type TestIssuer } from '../../../test/support/test-issuer.ts';

const TABLET = { width: 820, height: 1180 };
const CARD = { family_name: '박', given_name: '영자', birth_date: '1955-07-20', age_over_19: true };

describe('/verify-id on a counter tablet', browserSuite(), () => {
  let rig: BrowserRig;
  let issuer: TestIssuer;
  let key: string;
  before(async () => {
    issuer = await testIssuer('Hangyeol Interior');
    issuer.list.set(7, 2);
    rig = await startBrowserRig({}, { jobs: false, verifierTrust: trustIn([issuer]) });
    ({ apiKey: key } = await registerTestParty(rig.platform.database.db, { nameKo: '한결마트', nameEn: 'Hangyeol Mart', legalName: 'Hangyeol Mart Co.', checks: ['age-over-19', 'identity-account-opening'] }));
  });
  after(() => rig?.close());

  for (const [locale, viewport, size] of [['ko', PHONE, 'phone'], ['en', TABLET, 'tablet']] as const) {
    it(`pairs, asks "over 19" and shows green then red at ${size} width in ${locale}`, async () => {
      const context = await rig.browser.newContext({ locale, viewport });
      const page = await context.newPage();
      await page.goto(`${rig.base}/verify-id`);
      await checkPage(page, `${locale}-${size}-verify-id-pair`);
      await page.fill('#key', key);
      await page.click('form[action="/verify-id/pair"] button[type=submit]');
      await checkPage(page, `${locale}-${size}-verify-id-checks`);

      for (const [statusIdx, shot] of [[0, 'green'], [7, 'red']] as const) {
        await page.goto(`${rig.base}/verify-id`);
        await page.click('form[action="/verify-id/checks"]:has(input[value="age-over-19"]) button');
        await page.waitForSelector('img.verify-qr');
        if (statusIdx === 0) await checkPage(page, `${locale}-${size}-verify-id-qr`);
        const link = await page.getAttribute('a[href^="openid4vp://"]', 'href');
        const requestUri = new URL(link!.replace('openid4vp://', 'https://wallet/')).searchParams.get('request_uri')!;
        // The wallet, over HTTP like a phone.
        const wallet = await testWallet();
        const request = await wallet.openRequest(await (await fetch(requestUri)).text());
        const response = await wallet.respond(request, await issuer.credential(CARD, wallet.holder, { statusIdx }), { extraClaims: ['birth_date'] });
        const posted = await fetch(request.response_uri, { method: 'POST', body: new URLSearchParams({ response }) });
        assert.equal(posted.status, 200);
        await page.waitForSelector(`.verify-answer.verify-${shot}`);
        const text = await page.textContent('main');
        assert.ok(!(text ?? '').includes('1955'), 'never the birth date');
        await checkPage(page, `${locale}-${size}-verify-id-${shot}`);
      }
      await context.close();
    });
  }
});
