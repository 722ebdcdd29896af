/**
 * The web wallet as an installed app: Chromium finds it installable (manifest, icons, service
 * worker), the service worker controls its pages, and with the network gone the wallet still
 * opens from the phone and shows the credentials it holds. It also gets an ID on its own, by the
 * authorization code flow: the resident signs in to Hanaro and agrees, the agency issues.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { browserSuite, checkPage, chromiumPath, PHONE, signUpInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_RESIDENTS } from '../../../test/support/platform.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('the web wallet as an app: installable, offline, and getting an ID by signing in', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  /** A phone's own browser profile: Chromium installs apps from a profile, never from an incognito context. */
  async function phoneProfile(locale: string): Promise<BrowserContext> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-phone-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: chromiumPath()!, headless: true, locale, viewport: PHONE,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    // Chromium may still be writing the profile as it closes: retry the removal a little.
    context.on('close', () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
    return context;
  }

  async function receive(page: Page, type: string) {
    await page.goto(`${rig.base}/me/wallet/offer?type=${type}`);
    await page.click('a[href^="/wallet/receive?"]');
    await page.waitForSelector('#wallet-cards li');
  }

  /** Each card's claims as the resident reads them: label → what is shown beside it. */
  const cardClaims = (page: Page) => page.locator('#wallet-cards li').evaluateAll((cards) =>
    cards.map((card) => Object.fromEntries(Array.from(card.querySelectorAll('dt')).map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']))));

  const CARD_WORDS = {
    ko: { resident: DEMO_RESIDENTS.woosung, address: ['주소', '한결시 북구 솔숲로 21'], authority: ['발급기관', '행정안전부'], over19: ['만 19세 이상', '예'], over65: ['만 65세 이상', '아니요'], photo: '사진', offline: /인터넷에 연결되어 있지 않습니다/, waiting: /기다리는 중/ },
    en: { resident: DEMO_RESIDENTS.mirae, address: ['Address', '31 Noeul-ro, Seo-gu, Hangyeol City'], authority: ['Issuing authority', 'Ministry of the Interior and Safety'], over19: ['Aged 19 or over', 'Yes'], over65: ['Aged 65 or over', 'No'], photo: 'Photo', offline: /You are offline/, waiting: /Waiting for the reader/ },
  } as const;

  for (const locale of ['ko', 'en'] as const) {
    it(`[${locale}] manifest and service worker make it installable; offline it still shows the held credentials, and says what showing a QR code needs`, async () => {
      const words = CARD_WORDS[locale];
      const context = await phoneProfile(locale);
      const page = await context.newPage();
      await signUpInBrowser(page, rig.base, words.resident);
      await receive(page, 'mobile-resident-card');

      await page.goto(`${rig.base}/wallet/`);
      const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
      assert.equal(manifestHref, '/wallet/manifest.webmanifest');
      const manifest = await page.evaluate(async (href) => (await fetch(href)).json(), manifestHref!) as Json;
      assert.match(manifest.name, locale === 'ko' ? /전자지갑/ : /wallet/);
      assert.equal(manifest.start_url, '/wallet/');
      assert.equal(manifest.display, 'standalone');
      assert.ok(manifest.icons.length > 0);
      for (const icon of manifest.icons as { src: string; type: string }[]) {
        const loaded = await page.evaluate(async (src) => { const r = await fetch(src); return { ok: r.ok, type: r.headers.get('content-type') }; }, icon.src);
        assert.ok(loaded.ok, `${icon.src} loads`);
        assert.equal(loaded.type?.split(';')[0], icon.type);
      }

      await page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await page.reload();
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), 'a service worker controls the wallet');
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors') as { installabilityErrors: { errorId: string }[] };
      assert.deepEqual(installabilityErrors.map((e) => e.errorId), [], 'Chromium can install the wallet');

      await context.setOffline(true);
      assert.equal(await page.evaluate(async () => fetch('/wallet/trust').then(() => 'online', () => 'offline')), 'offline', 'the network is gone');
      const reloaded = await page.reload();
      assert.ok(reloaded?.fromServiceWorker(), 'the page came from the service worker');
      await page.waitForSelector('#wallet-cards li');
      assert.equal(await page.locator('#wallet-cards li').count(), 2, 'both formats of the card are shown');
      assert.match(await page.textContent('#wallet-cards') ?? '', locale === 'ko' ? /모바일 주민등록증/ : /Mobile resident card/);
      for (const claims of await cardClaims(page)) {
        assert.equal(claims[words.address[0]], words.address[1], 'the address in the resident\'s language');
        assert.equal(claims[words.authority[0]], words.authority[1]);
        assert.equal(claims[words.over19[0]], words.over19[1]);
        assert.equal(claims[words.over65[0]], words.over65[1]);
        assert.ok(!(words.photo in claims), 'no photo line without a photo');
        assert.ok(!Object.values(claims).some((v) => v === 'true' || v === 'false'), JSON.stringify(claims));
      }
      await checkPage(page, `wallet-${locale}-offline`);

      // At a counter without a connection: the page opens and says what showing a QR code needs; once back online, it shows one.
      const show = await page.goto(`${rig.base}/wallet/show`);
      assert.ok(show?.fromServiceWorker(), '/wallet/show came from the service worker');
      const statusSays = (re: RegExp) => page.waitForFunction((source) => new RegExp(source).test(document.getElementById('wallet-status')?.textContent ?? ''), re.source);
      // Chromium may still say navigator.onLine here; the failed request is what tells the page.
      if (await page.isEnabled('#show-start')) await page.click('#show-start');
      await statusSays(words.offline);
      assert.equal(await page.locator('#show-code').isVisible(), false, 'no QR code without the network');
      await checkPage(page, `wallet-${locale}-show-offline`);
      await context.setOffline(false);
      await page.waitForSelector('#show-start:not([disabled])');
      await page.click('#show-start');
      await page.waitForSelector('#show-code:not([hidden]) img[src^="data:image/png"]');
      await statusSays(words.waiting);
      await context.close();
    });
  }

  for (const [locale, resident, type, title, birthDate] of [
    ['ko', DEMO_RESIDENTS.minjun, 'mobile-driving-licence', '모바일 운전면허증', '1990년 1월 1일'],
    ['en', DEMO_RESIDENTS.seoyeon, 'mobile-resident-card', 'Mobile resident card', 'March 15, 1992'],
  ] as const) {
    it(`[${locale}] gets a ${type} by signing in: Hanaro's consent page names it, the wallet receives both formats`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await signUpInBrowser(page, rig.base, resident);
      await page.goto(`${rig.base}/wallet/`);
      await page.click('a[href="/wallet/get"]');
      const choice = page.locator('#wallet-get-types button', { hasText: title });
      await choice.waitFor();
      await checkPage(page, `wallet-${locale}-get`);
      await choice.click();
      await page.waitForURL(/\/oidc-interaction\//);
      assert.match(await page.textContent('main') ?? '', new RegExp(title));
      await checkPage(page, `wallet-${locale}-get-consent`);
      await page.click('button[name="decision"][value="allow"]');
      await page.waitForURL(`${rig.base}/wallet/authorized`);
      await page.waitForSelector('#wallet-cards li');
      assert.equal(await page.locator('#wallet-cards li').count(), 2, 'SD-JWT VC and mdoc');
      assert.deepEqual((await page.locator('#wallet-cards li').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-configuration')))).sort(), [`${type}.mdoc`, `${type}.sd-jwt`]);
      assert.match(await page.textContent('#wallet-cards') ?? '', new RegExp(birthDate), 'dates read as the page\'s language writes them');
      await checkPage(page, `wallet-${locale}-get-received`);
      await context.close();
    });
  }
});
