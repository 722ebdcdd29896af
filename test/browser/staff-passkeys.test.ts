import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/platform.ts';
import { browserSuite, checkPage, staffSignInInBrowser, useBrowserRig, PHONE } from '../support/browser.ts';

describe('a staff member registers a passkey and signs in with it, in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });

  const cases = [
    { locale: 'ko', email: 'officer.welfare@demo.hanaro.example', words: { prompt: /패스키 등록/, refused: /패스키로 로그인하십시오/ } },
    { locale: 'en', email: 'officer.land@demo.hanaro.example', words: { prompt: /Register your passkey/, refused: /Sign in with your passkey/ } },
  ] as const;

  for (const { locale, email, words } of cases) {
    it(`bootstraps with the password, registers a passkey, then only the passkey works [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      await page.goto(`${rig.base}/office/sign-in`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await checkPage(page, `${locale}-phone-staff-sign-in`);
      await staffSignInInBrowser(page, rig.base, email);
      assert.match(await page.textContent('main') ?? '', words.prompt);
      await checkPage(page, `${locale}-phone-staff-passkey-prompt`);
      await page.click('a[href="/office/passkeys/new"]');
      await page.waitForSelector('form[data-passkey=register]:not([hidden])');
      await checkPage(page, `${locale}-phone-staff-passkey-new`);
      await page.fill('#name', 'Office PC');
      await page.click('form[data-passkey=register] button[type=submit]');
      await page.waitForURL(`${rig.base}/office?notice=passkey_added`);
      await checkPage(page, `${locale}-phone-staff-passkey-added`);
      await page.click('form[action="/office/sign-out"] button');
      await page.waitForURL(`${rig.base}/`);

      await page.goto(`${rig.base}/office/sign-in`);
      await page.fill('#email', email);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('form[action="/office/sign-in"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      assert.match(await page.textContent('.error-summary') ?? '', words.refused);
      await checkPage(page, `${locale}-phone-staff-password-refused`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await page.click('form[data-passkey=sign-in] button[type=submit]');
      await page.waitForURL(`${rig.base}/office`);
      assert.doesNotMatch(await page.textContent('main') ?? '', words.prompt);
      await context.close();
    });
  }

  const authenticator = (cdp: CDPSession) => cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  async function withAuthenticator(context: BrowserContext, page: Page) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    return { cdp, first: (await authenticator(cdp)).authenticatorId };
  }
  async function addPasskey(page: Page, name: string) {
    await page.waitForSelector('form[data-passkey=register]:not([hidden])');
    await page.fill('#name', name);
    await page.click('form[data-passkey=register] button[type=submit]');
    await page.waitForURL(`${rig.base}/office?notice=passkey_added`);
  }

  const listCases = [
    { locale: 'ko', email: 'officer2.foreign@demo.hanaro.example', words: { only: /하나뿐인 패스키/, removed: /패스키를 삭제했습니다/ } },
    { locale: 'en', email: 'officer.foreign@demo.hanaro.example', words: { only: /Your only passkey/, removed: /The passkey is removed/ } },
  ] as const;

  for (const { locale, email, words } of listCases) {
    it(`lists passkeys, confirms it is them before adding one, removes one but never the last [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      const { cdp, first } = await withAuthenticator(context, page);
      await staffSignInInBrowser(page, rig.base, email);
      await page.click('a[href="/office/passkeys/new"]');
      await addPasskey(page, 'Office PC');
      await page.click('a[href="/office/passkeys"]');
      await page.waitForURL(`${rig.base}/office/passkeys`);
      assert.match(await page.textContent('main') ?? '', words.only);
      await checkPage(page, `${locale}-phone-staff-passkeys-one`);

      // Signed in a while ago: adding a passkey asks for the passkey first.
      await sql`update staff_sessions set authenticated_at = now() - interval '10 minutes'
        where staff_id = (select id from staff where email = ${email})`.execute(rig.platform.database.db);
      await page.click('a[href="/office/passkeys/new"]');
      await page.waitForURL(/\/office\/sign-in\/again/);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await checkPage(page, `${locale}-phone-staff-reauthenticate`);
      await page.click('form[data-passkey=sign-in] button[type=submit]');
      await page.waitForURL(`${rig.base}/office/passkeys/new`);
      // A second device: a security key of its own.
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: first });
      await authenticator(cdp);
      await addPasskey(page, 'Security key');

      await page.goto(`${rig.base}/office/passkeys`);
      assert.equal(await page.locator('form[action$="/remove"]').count(), 2);
      await page.locator('form[action$="/remove"] button').first().click();
      await page.waitForURL(`${rig.base}/office/passkeys?notice=removed`);
      assert.match(await page.textContent('main') ?? '', words.removed);
      assert.match(await page.textContent('main') ?? '', words.only);
      assert.equal(await page.locator('form[action$="/remove"]').count(), 0, 'the last passkey cannot be removed');
      await checkPage(page, `${locale}-phone-staff-passkey-removed`);
      await context.close();
    });
  }
});
