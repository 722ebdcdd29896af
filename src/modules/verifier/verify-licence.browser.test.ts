/**
 * "Valid driving licence" asks for the ISO mDL: the web wallet in a real browser presents its mdoc
 * (a DeviceResponse device-signed by the key WebCrypto made for it, over the OpenID4VP session
 * transcript), same device; the counter page turns green with the licence's elements and no birth
 * date. After "I lost my phone" the mdoc's CWT status list says suspended, and the answer is red.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { browserSuite, checkPage, PHONE, signUpInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS } from '../../../test/support/platform.ts';
import { registerTestParty } from '../../../test/support/relying-party.ts';

describe('/verify-id "valid driving licence" with the wallet\'s mdoc', browserSuite(), () => {
  let rig: BrowserRig;
  let key: string;
  before(async () => {
    rig = await startBrowserRig();
    ({ apiKey: key } = await registerTestParty(rig.platform.database.db, { nameKo: '한결렌터카', nameEn: 'Hangyeol Car Rental', legalName: 'Hangyeol Car Rental Co.', checks: ['driving-licence'] }));
  });
  after(() => rig?.close());

  async function receiveLicence(phone: Page) {
    await phone.goto(`${rig.base}/me/wallet/offer?type=mobile-driving-licence`);
    const pin = (await phone.textContent('.tx-code'))!.trim();
    await phone.click('a[href^="/wallet/receive?"]');
    await phone.waitForSelector('#wallet-pin:not([hidden])');
    await phone.fill('#tx-code', pin);
    await phone.click('#wallet-pin button[type=submit]');
    await phone.waitForSelector('#wallet-cards li');
    assert.equal(await phone.locator('#wallet-cards li').count(), 2, 'SD-JWT VC and mdoc');
  }

  /** The counter asks for a licence; the wallet on the same phone opens the link, shows what is asked, and shares. */
  async function presentLicence(phone: Page, counter: Page, words: { asks: RegExp; sent: RegExp }, shot?: string): Promise<{ answer: 'green' | 'red'; id: string }> {
    await counter.goto(`${rig.base}/verify-id`);
    await counter.click('form[action="/verify-id/checks"]:has(input[value="driving-licence"]) button[type=submit]');
    await counter.waitForURL(/\/verify-id\/checks\/[0-9a-f-]{36}$/);
    const id = counter.url().split('/').at(-1)!;
    const link = (await counter.getAttribute('a[href^="openid4vp://"]', 'href'))!;
    await phone.goto(`${rig.base}/wallet/present?${link.slice(link.indexOf('?') + 1)}`);
    await phone.waitForSelector('#wallet-consent:not([hidden])');
    assert.match(await phone.textContent('#wallet-consent') ?? '', words.asks);
    assert.equal(await phone.locator('#consent-claims li').count(), 7, 'names in Latin and national script, licence number, expiry and privileges');
    if (shot) await checkPage(phone, `${shot}-consent`);
    await phone.click('#consent-share');
    await phone.waitForFunction((re) => new RegExp(re).test(document.getElementById('wallet-status')?.textContent ?? ''), words.sent.source);
    // The counter page reloads itself while it waits for the answer: that reload may overtake this one (Chromium then aborts ours).
    await counter.goto(`${rig.base}/verify-id/checks/${id}`).catch((err: Error) => { if (!/interrupted by another navigation|net::ERR_ABORTED/.test(err.message)) throw err; });
    await counter.waitForSelector('.verify-green, .verify-red', { timeout: 20_000 });
    return { answer: (await counter.locator('.verify-green').count()) ? 'green' : 'red', id };
  }

  const presented = async (id: string) =>
    (await sql<{ status: string; refusal: string | null; result: { format?: string } | null }>`select status, refusal, result from presentation_requests where id = ${id}`.execute(rig.platform.database.db)).rows[0]!;

  for (const [locale, resident, latinFamilyName, licenceNumber, birth, words] of [
    ['ko', DEMO_RESIDENTS.woosung, 'Jung', '11-95-123456-01', /1975|09-30/, { asks: /확인을 요청합니다/, sent: /전송했습니다/ }],
    ['en', DEMO_RESIDENTS.minjun, 'Kim', '11-10-654321-02', /1990/, { asks: /asks to see/, sent: /Sent to/ }],
  ] as const) {
    it(`presents the mdoc licence same-device, green without the birth date, then red after a lost phone [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const phone = await context.newPage();
      await signUpInBrowser(phone, rig.base, resident);
      await receiveLicence(phone);
      const counter = await context.newPage();
      await counter.goto(`${rig.base}/verify-id`);
      await counter.fill('#key', key);
      await counter.click('form[action="/verify-id/pair"] button[type=submit]');
      await counter.waitForURL(`${rig.base}/verify-id`);

      const first = await presentLicence(phone, counter, words, `${locale}-licence-mdoc`);
      assert.equal(first.answer, 'green', JSON.stringify(await presented(first.id)));
      assert.equal((await presented(first.id)).result?.format, 'mso_mdoc', 'the wallet answered with its mdoc');
      const shown = await counter.textContent('main') ?? '';
      assert.match(shown, new RegExp(licenceNumber));
      assert.match(shown, new RegExp(latinFamilyName), 'the ISO name elements are in Latin letters');
      assert.match(shown, new RegExp(resident.name.slice(1)), 'and the national script beside them');
      assert.doesNotMatch(shown, /verifier\.|_national_character|\d{4}-\d{2}-\d{2}/, 'labels from the pack, dates in words');
      assert.doesNotMatch(shown, birth, 'no birth date on the counter');
      await checkPage(counter, `${locale}-licence-mdoc-green`);

      await phone.goto(`${rig.base}/me/wallet`);
      await phone.click('form[action="/me/wallet/lost-phone"] button[type=submit]');
      await phone.waitForURL(/\/me\/wallet\?suspended=\d+/);
      const second = await presentLicence(phone, counter, words);
      assert.equal(second.answer, 'red');
      assert.deepEqual(await presented(second.id), { status: 'refused', refusal: 'credential_suspended', result: null });
      await checkPage(counter, `${locale}-licence-mdoc-red`);
      await context.close();
    });
  }
});
