import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/platform.ts';
import { browserSuite, checkPage, staffSignInInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../support/browser.ts';

describe('a staff member registers a passkey and signs in with it, in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  before(async () => {
    rig = await startBrowserRig({ secureCookies: true });
    ({ browser, base } = rig);
  });
  after(() => rig?.close());

  const cases = [
    { locale: 'ko', email: 'officer.welfare@demo.hanaro.example', words: { prompt: /패스키 등록/, refused: /패스키로 로그인하십시오/ } },
    { locale: 'en', email: 'officer.land@demo.hanaro.example', words: { prompt: /Register your passkey/, refused: /Sign in with your passkey/ } },
  ] as const;

  for (const { locale, email, words } of cases) {
    it(`bootstraps with the password, registers a passkey, then only the passkey works [${locale}]`, async () => {
      const context = await browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      await page.goto(`${base}/office/sign-in`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await checkPage(page, `${locale}-phone-staff-sign-in`);
      await staffSignInInBrowser(page, base, email);
      assert.match(await page.textContent('main') ?? '', words.prompt);
      await checkPage(page, `${locale}-phone-staff-passkey-prompt`);
      await page.click('a[href="/office/passkeys/new"]');
      await page.waitForSelector('form[data-passkey=register]:not([hidden])');
      await checkPage(page, `${locale}-phone-staff-passkey-new`);
      await page.fill('#name', 'Office PC');
      await page.click('form[data-passkey=register] button[type=submit]');
      await page.waitForURL(`${base}/office?notice=passkey_added`);
      await checkPage(page, `${locale}-phone-staff-passkey-added`);
      await page.click('form[action="/office/sign-out"] button');
      await page.waitForURL(`${base}/`);

      await page.goto(`${base}/office/sign-in`);
      await page.fill('#email', email);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('form[action="/office/sign-in"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      assert.match(await page.textContent('.error-summary') ?? '', words.refused);
      await checkPage(page, `${locale}-phone-staff-password-refused`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await page.click('form[data-passkey=sign-in] button[type=submit]');
      await page.waitForURL(`${base}/office`);
      assert.doesNotMatch(await page.textContent('main') ?? '', words.prompt);
      await context.close();
    });
  }
});
