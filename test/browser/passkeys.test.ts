import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, signUpInBrowser, useBrowserRig, PHONE } from '../support/browser.ts';
import { fromBase32, stepAt, totpCode } from '../../src/modules/identity/totp.ts';

describe('passkeys and authenticator codes in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });

  const signUp = (page: Page, resident: DemoResident) => signUpInBrowser(page, rig.base, resident);

  async function signOut(page: Page) {
    await page.goto(`${rig.base}/me/account`);
    await page.click('form[action="/sign-out"] button');
    await page.waitForURL(`${rig.base}/`);
  }

  for (const locale of ['ko', 'en'] as const) {
    it(`signs up, registers a passkey, signs out and signs in with it [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      // With simulated presence the virtual authenticator also answers the autofill (conditional) request
      // the sign-in page starts on load, as a person picking the passkey from the list would.
      const presence = (enabled: boolean) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
      await signUp(page, locale === 'ko' ? DEMO_RESIDENTS.mirae : DEMO_RESIDENTS.junho);
      await page.goto(`${rig.base}/me/account`);
      await checkPage(page, `${locale}-phone-account-methods`);
      await page.click('a[href="/me/passkeys/new"]');
      await page.waitForURL(`${rig.base}/me/passkeys/new`);
      await page.waitForSelector('form[data-passkey=register]:not([hidden])');
      await checkPage(page, `${locale}-phone-passkey-new`);
      await page.fill('#name', 'Test phone');
      await page.click('form[data-passkey=register] button[type=submit]');
      await page.waitForURL(`${rig.base}/me/account`);
      assert.match(await page.textContent('main') ?? '', /Test phone/);
      await signOut(page);
      await presence(false);
      await page.goto(`${rig.base}/sign-in`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await checkPage(page, `${locale}-phone-sign-in-passkey`);
      await presence(true);
      await page.click('form[data-passkey=sign-in] button[type=submit]');
      await page.waitForURL(`${rig.base}/me`);
      // The same passkey chosen from the ID number field's autofill list signs in without the button.
      await signOut(page);
      await page.goto(`${rig.base}/sign-in`);
      await page.waitForURL(`${rig.base}/me`);
      await context.close();
    });
  }

  it('password + authenticator app code, with the code computed here', async () => {
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await signUp(page, DEMO_RESIDENTS.sangcheol);
    await page.goto(`${rig.base}/me/totp`);
    await checkPage(page, 'en-phone-totp-setup');
    const secret = (await page.textContent('code.secret'))!.replace(/\s/g, '');
    await page.fill('#code', totpCode(fromBase32(secret), stepAt(Date.now())));
    await page.click('form[action="/me/totp"] button[type=submit]');
    await page.waitForSelector('.recovery-codes');
    await checkPage(page, 'en-phone-recovery-codes');
    await signOut(page);
    // "Sign in" asks Hanaro's OpenID provider, whose login step is the sign-in page.
    await page.click('a[href="/sign-in/start"]');
    await page.waitForURL(/\/sign-in\?return=%2Foidc-interaction%2F/);
    await page.fill('#idNumber', DEMO_RESIDENTS.sangcheol.idNumber);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.click('form[action="/sign-in"] button[type=submit]');
    await page.waitForURL(/\/sign-in\/code/);
    await checkPage(page, 'en-phone-sign-in-code');
    await page.fill('#code', totpCode(fromBase32(secret), stepAt(Date.now()) + 1));
    await page.click('form[action="/sign-in/code"] button[type=submit]');
    await page.waitForURL(`${rig.base}/me`);
    await context.close();
  });
});
