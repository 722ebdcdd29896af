import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { databaseTargets } from '../support/databases.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, type DemoResident } from '../support/platform.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { fromBase32, stepAt, totpCode } from '../../src/modules/identity/totp.ts';

const executablePath = chromiumPath();
const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

/** Passkeys are bound to PUBLIC_URL's host and port, so the port is chosen before the platform starts. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('passkeys and authenticator codes in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    platform = await startTestPlatform(databaseTargets()[0]!, { secureCookies: true, publicUrl: base });
    await platform.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  async function checked(page: Page, shot: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    assert.deepEqual(violations, [], `axe on ${page.url()}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SCREENS, `${shot}.png`), fullPage: true });
  }

  async function signUp(page: Page, resident: DemoResident) {
    await page.goto(`${base}/sign-up`);
    await page.fill('#idNumber', resident.idNumber);
    await page.fill('#name', resident.name);
    await page.fill('#birthDate', resident.birthDate);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.fill('#passwordAgain', RESIDENT_PASSWORD);
    await page.click('form[action="/sign-up"] button[type=submit]');
    await page.waitForURL(`${base}/me`);
  }

  async function signOut(page: Page) {
    await page.goto(`${base}/me/account`);
    await page.click('form[action="/sign-out"] button');
    await page.waitForURL(`${base}/`);
  }

  for (const locale of ['ko', 'en'] as const) {
    it(`signs up, registers a passkey, signs out and signs in with it [${locale}]`, async () => {
      const context = await browser.newContext({ locale, viewport: PHONE });
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
      await page.goto(`${base}/me/account`);
      await checked(page, `${locale}-phone-account-methods`);
      await page.click('a[href="/me/passkeys/new"]');
      await page.waitForURL(`${base}/me/passkeys/new`);
      await page.waitForSelector('form[data-passkey=register]:not([hidden])');
      await checked(page, `${locale}-phone-passkey-new`);
      await page.fill('#name', 'Test phone');
      await page.click('form[data-passkey=register] button[type=submit]');
      await page.waitForURL(`${base}/me/account`);
      assert.match(await page.textContent('main') ?? '', /Test phone/);
      await signOut(page);
      await presence(false);
      await page.goto(`${base}/sign-in`);
      await page.waitForSelector('form[data-passkey=sign-in]:not([hidden])');
      await checked(page, `${locale}-phone-sign-in-passkey`);
      await presence(true);
      await page.click('form[data-passkey=sign-in] button[type=submit]');
      await page.waitForURL(`${base}/me`);
      // The same passkey chosen from the ID number field's autofill list signs in without the button.
      await signOut(page);
      await page.goto(`${base}/sign-in`);
      await page.waitForURL(`${base}/me`);
      await context.close();
    });
  }

  it('password + authenticator app code, with the code computed here', async () => {
    const context = await browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await signUp(page, DEMO_RESIDENTS.sangcheol);
    await page.goto(`${base}/me/totp`);
    await checked(page, 'en-phone-totp-setup');
    const secret = (await page.textContent('code.secret'))!.replace(/\s/g, '');
    await page.fill('#code', totpCode(fromBase32(secret), stepAt(Date.now())));
    await page.click('form[action="/me/totp"] button[type=submit]');
    await page.waitForSelector('.recovery-codes');
    await checked(page, 'en-phone-recovery-codes');
    await signOut(page);
    await page.goto(`${base}/sign-in`);
    await page.fill('#idNumber', DEMO_RESIDENTS.sangcheol.idNumber);
    await page.fill('#password', RESIDENT_PASSWORD);
    await page.click('form[action="/sign-in"] button[type=submit]');
    await page.waitForURL(/\/sign-in\/code/);
    await checked(page, 'en-phone-sign-in-code');
    await page.fill('#code', totpCode(fromBase32(secret), stepAt(Date.now()) + 1));
    await page.click('form[action="/sign-in/code"] button[type=submit]');
    await page.waitForURL(`${base}/me`);
    await context.close();
  });
});
