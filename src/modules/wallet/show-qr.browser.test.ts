/**
 * Cross-device, the wallet first: the web wallet shows its own QR code; the counter tablet reads
 * it (its link typed in, as a tablet without a camera would), chooses "over 19", and the request
 * appears on the phone, which shows who asks for what and shares; the tablet turns green. A link
 * that is not a wallet's is refused next to the field, and kept.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, PHONE, signUpInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS } from '../../../test/support/platform.ts';
import { registerTestParty } from '../../../test/support/relying-party.ts';

const TABLET = { width: 820, height: 1180 };

describe('the wallet shows its own QR code to a counter', browserSuite(), () => {
  let rig: BrowserRig;
  let key: string;
  before(async () => {
    rig = await startBrowserRig();
    ({ apiKey: key } = await registerTestParty(rig.platform.database.db, { nameKo: '한결마트', nameEn: 'Hangyeol Mart', legalName: 'Hangyeol Mart Co.', checks: ['age-over-19'] }));
  });
  after(() => rig?.close());

  for (const [locale, resident, words] of [
    ['ko', DEMO_RESIDENTS.jiwoo, { asks: /확인을 요청합니다/, sent: /전송했습니다/, waiting: /기다리는 중/ }],
    ['en', DEMO_RESIDENTS.lan, { asks: /asks to see/, sent: /Sent to/, waiting: /Waiting for the reader/ }],
  ] as const) {
    it(`the tablet reads the wallet's QR link, asks "over 19", the phone shares, green [${locale}]`, async () => {
      const phoneContext = await rig.browser.newContext({ locale, viewport: PHONE });
      const phone = await phoneContext.newPage();
      await signUpInBrowser(phone, rig.base, resident);
      await phone.goto(`${rig.base}/me/wallet/offer?type=mobile-resident-card`);
      await phone.click('a[href^="/wallet/receive?"]');
      await phone.waitForSelector('#wallet-cards li');

      const tabletContext = await rig.browser.newContext({ locale, viewport: TABLET });
      const tablet = await tabletContext.newPage();
      await tablet.goto(`${rig.base}/verify-id`);
      await tablet.fill('#key', key);
      await tablet.click('form[action="/verify-id/pair"] button[type=submit]');
      await tablet.waitForURL(`${rig.base}/verify-id`);

      await tablet.fill('#code', 'openid4vp://not-a-wallet');
      await tablet.click('form[action="/verify-id/engage"] button[type=submit]');
      await tablet.waitForSelector('#code-error');
      assert.equal(await tablet.inputValue('#code'), 'openid4vp://not-a-wallet', 'what was typed is kept');
      await checkPage(tablet, `${locale}-tablet-verify-id-read-failed`);

      await phone.goto(`${rig.base}/wallet/`);
      await phone.click('a[href="/wallet/show"]');
      await checkPage(phone, `${locale}-wallet-show`);
      await phone.click('#show-start');
      await phone.waitForSelector('#show-code:not([hidden]) img[src^="data:image/png"]');
      assert.match(await phone.textContent('#wallet-status') ?? '', words.waiting);
      await checkPage(phone, `${locale}-wallet-show-qr`);
      const link = (await phone.textContent('#show-link'))!.trim();

      await tablet.fill('#code', link);
      await tablet.click('form[action="/verify-id/engage"] button[type=submit]');
      await tablet.waitForSelector('input[name="engagement"]', { state: 'attached' });
      await checkPage(tablet, `${locale}-tablet-verify-id-engaged`);
      await tablet.click('form[action="/verify-id/checks"]:has(input[value="age-over-19"]) button[type=submit]');
      await tablet.waitForURL(/\/verify-id\/checks\/[0-9a-f-]{36}$/);
      assert.equal(await tablet.locator('img.verify-qr').count(), 0, 'no QR: the request went to the wallet');
      await checkPage(tablet, `${locale}-tablet-verify-id-sent`);

      await phone.waitForSelector('#wallet-consent:not([hidden])', { timeout: 20_000 });
      assert.match(await phone.textContent('#wallet-consent') ?? '', words.asks);
      assert.match(await phone.textContent('#consent-party') ?? '', /Hangyeol Mart Co\./);
      await phone.click('#consent-share');
      await phone.waitForFunction((re) => new RegExp(re).test(document.getElementById('wallet-status')?.textContent ?? ''), words.sent.source);
      await tablet.waitForSelector('.verify-green', { timeout: 20_000 });
      assert.doesNotMatch(await tablet.textContent('main') ?? '', new RegExp(resident.birthDate.slice(0, 4)));
      await checkPage(tablet, `${locale}-tablet-verify-id-wallet-qr-green`);
      await tabletContext.close();
      await phoneContext.close();
    });
  }
});
