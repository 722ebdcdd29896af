/**
 * Mobile ID end to end in a real browser: a resident receives credentials into the web wallet, a
 * shop asks "over 19", the wallet shows who asks for what and presents; after "I lost my phone"
 * the same presentation is refused. Once same-device (the shop's link), once cross-device (its QR).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite, checkPage, PHONE, signUpInBrowser, startBrowserRig, type BrowserRig } from '../support/browser.ts';
import { DEMO_RESIDENTS, Visitor, type DemoResident } from '../support/platform.ts';

describe('mobile ID: the web wallet receives and presents, the shop verifies', browserSuite(), () => {
  let rig: BrowserRig;
  let shopKey: string;

  before(async () => {
    rig = await startBrowserRig();
    shopKey = await registerShop(rig);
  });
  after(() => rig?.close());

  /** The operator registers a shop for "age over 19" in the back office, as the verifier's own test does. */
  async function registerShop({ platform }: BrowserRig): Promise<string> {
    const operator = new Visitor(platform.app, { 'accept-language': 'en' });
    await operator.signIn('operator@demo.hanaro.example');
    const token = /name="_csrf" value="([^"]+)"/.exec((await operator.get('/office/relying-parties')).body)![1]!;
    const form = new URLSearchParams({ _csrf: token, nameKo: '한결 편의점', nameEn: 'Hangyeol Corner Shop', legalName: 'Hangyeol Corner Shop Ltd', registrationNumber: '123-45-67890', checks: 'age-over-19' });
    const cookie = [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await platform.app.inject({ method: 'POST', url: '/office/relying-parties', headers: { cookie, 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    return /value="(hnr_rp_[^"]+)"/.exec(res.body)![1]!;
  }

  async function receive(page: Page, type: string, shot: string) {
    await page.goto(`${rig.base}/me/wallet/offer?type=${type}`);
    const pin = (await page.locator('.tx-code').count()) ? (await page.textContent('.tx-code'))!.trim() : null;
    await page.click('a[href^="/wallet/receive?"]');
    await page.waitForURL(/\/wallet\/receive/);
    if (pin) {
      await page.waitForSelector('#wallet-pin:not([hidden])');
      await checkPage(page, `${shot}-pin`);
      await page.fill('#tx-code', pin);
      await page.click('#wallet-pin button[type=submit]');
    }
    await page.waitForSelector('#wallet-cards li');
    assert.equal(await page.locator('#wallet-cards li').count(), 2, `${type}: SD-JWT VC and mdoc`);
    await checkPage(page, shot);
  }

  async function pairShop(page: Page) {
    await page.goto(`${rig.base}/verify-id`);
    await page.fill('#key', shopKey);
    await page.click('form[action="/verify-id/pair"] button[type=submit]');
    await page.waitForURL(`${rig.base}/verify-id`);
  }

  /** The shop starts "age over 19"; answers the check page's address and the link its QR code carries. */
  async function askOver19(shop: Page): Promise<{ checkUrl: string; link: string }> {
    await shop.goto(`${rig.base}/verify-id`);
    await shop.click('form[action="/verify-id/checks"]:has(input[value="age-over-19"]) button[type=submit]');
    await shop.waitForURL(/\/verify-id\/checks\/[0-9a-f-]{36}$/);
    const link = (await shop.getAttribute('a[href^="openid4vp://"]', 'href'))!;
    return { checkUrl: shop.url(), link };
  }

  /** The wallet opens the request, shows who asks for what, and the resident shares. */
  async function present(phone: Page, open: () => Promise<void>, words: { asks: RegExp; claim: RegExp; sent: RegExp }, shot?: string) {
    await open();
    await phone.waitForSelector('#wallet-consent:not([hidden])');
    assert.match(await phone.textContent('#consent-party') ?? '', /Hangyeol Corner Shop Ltd/);
    assert.match(await phone.textContent('#wallet-consent') ?? '', words.asks);
    const asked = await phone.locator('#consent-claims li').allTextContents();
    assert.equal(asked.length, 1, 'one claim is asked');
    assert.match(asked[0]!, words.claim);
    if (shot) await checkPage(phone, shot);
    await phone.click('#consent-share');
    await phone.waitForFunction((re) => new RegExp(re).test(document.getElementById('wallet-status')?.textContent ?? ''), words.sent.source);
  }

  async function answerOn(shop: Page, checkUrl: string): Promise<'green' | 'red'> {
    if (shop.url() !== checkUrl) await shop.goto(checkUrl);
    await shop.waitForSelector('.verify-green, .verify-red', { timeout: 20_000 });
    return (await shop.locator('.verify-green').count()) ? 'green' : 'red';
  }

  async function reportLost(phone: Page) {
    await phone.goto(`${rig.base}/me/wallet`);
    await phone.click('form[action="/me/wallet/lost-phone"] button[type=submit]');
    await phone.waitForURL(/\/me\/wallet\?suspended=\d+/);
  }

  async function newPhone(locale: string, resident: DemoResident): Promise<{ context: BrowserContext; page: Page }> {
    const context = await rig.browser.newContext({ locale, viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, resident);
    return { context, page };
  }

  it('same device [ko]: receives both IDs, shows the shop\'s request, presents "over 19" without the birth date; after a lost phone, red', async () => {
    const { context, page: phone } = await newPhone('ko', DEMO_RESIDENTS.woosung);
    await receive(phone, 'mobile-resident-card', 'wallet-ko-receive-card');
    await receive(phone, 'mobile-driving-licence', 'wallet-ko-receive-licence');
    await phone.goto(`${rig.base}/wallet/`);
    await phone.waitForSelector('#wallet-cards li');
    assert.equal(await phone.locator('#wallet-cards li').count(), 4);
    assert.match(await phone.textContent('#wallet-cards') ?? '', /모바일 주민등록증[\s\S]*생년월일|생년월일[\s\S]*모바일 주민등록증/);
    await checkPage(phone, 'wallet-ko-home');

    // The shop's page on the resident's own phone (an online shop): its link opens the wallet.
    const shop = await context.newPage();
    await pairShop(shop);
    const words = { asks: /확인을 요청합니다/, claim: /만 19세 이상/, sent: /전송했습니다/ };
    const viaLink = (link: string) => async () => { await phone.goto(`${rig.base}/wallet/present?${link.slice(link.indexOf('?') + 1)}`); };
    const first = await askOver19(shop);
    await checkPage(shop, 'wallet-ko-shop-waiting');
    await present(phone, viaLink(first.link), words, 'wallet-ko-present');
    assert.equal(await answerOn(shop, first.checkUrl), 'green');
    const answer = await shop.textContent('main') ?? '';
    assert.doesNotMatch(answer, /1975|09-30|생년월일/, 'no birth date on the shop\'s screen');
    await checkPage(shop, 'wallet-ko-shop-green');

    await reportLost(phone);
    const second = await askOver19(shop);
    await present(phone, viaLink(second.link), words);
    assert.equal(await answerOn(shop, second.checkUrl), 'red', 'a suspended credential is refused');
    await checkPage(shop, 'wallet-ko-shop-red');
    await context.close();
  });

  it('cross device [en]: the phone reads the shop tablet\'s QR link, presents; after a lost phone, red', async () => {
    const { context, page: phone } = await newPhone('en', DEMO_RESIDENTS.mirae);
    await receive(phone, 'mobile-resident-card', 'wallet-en-receive-card');
    const tablet = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const shop = await tablet.newPage();
    await pairShop(shop);
    const words = { asks: /asks to see/, claim: /Aged 19 or over/, sent: /Sent to/ };
    // The QR code's content, typed into the wallet's scan page as a person without a camera would.
    const viaQr = (link: string) => async () => {
      await phone.goto(`${rig.base}/wallet/scan`);
      await phone.fill('#link', link);
      await phone.click('#scan-paste button[type=submit]');
    };
    const first = await askOver19(shop);
    await phone.goto(`${rig.base}/wallet/scan`);
    await checkPage(phone, 'wallet-en-scan');
    await present(phone, viaQr(first.link), words, 'wallet-en-present');
    assert.equal(await answerOn(shop, first.checkUrl), 'green');
    assert.doesNotMatch(await shop.textContent('main') ?? '', /2001|08-08|Birth/i);
    await checkPage(shop, 'wallet-en-shop-green');

    await reportLost(phone);
    const second = await askOver19(shop);
    await present(phone, viaQr(second.link), words);
    assert.equal(await answerOn(shop, second.checkUrl), 'red');
    await checkPage(shop, 'wallet-en-shop-red');
    await tablet.close();
    await context.close();
  });
});
