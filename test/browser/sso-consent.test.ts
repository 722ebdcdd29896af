import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { databaseTargets } from '../support/databases.ts';
import { DEMO_RESIDENTS, RESIDENT_PASSWORD, startTestPlatform, testConfig, type DemoResident } from '../support/platform.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { registerClient } from '../../src/modules/sso/index.ts';
import { agencyScope } from '../../src/platform/tenancy.ts';

const executablePath = chromiumPath();
const SCREENS = path.join(import.meta.dirname, '..', '..', 'test-results', 'screens');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const CALLBACK = 'http://localhost:7777/callback';

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('signing in to an agency service through Hanaro, in a real browser', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let browser: Browser;
  let base: string;
  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    platform = await startTestPlatform(databaseTargets()[0]!, { publicUrl: base, secureCookies: true });
    await platform.app.listen({ port, host: '127.0.0.1' });
    const registered = await registerClient(platform.database.db, agencyScope('welfare'), 'welfare-benefits', {
      name: 'Welfare benefits online', logoUri: null, redirectUris: [CALLBACK], grantTypes: ['authorization_code'], authMethod: 'client_secret_basic',
      publicJwk: null, userClaims: ['name', 'birthdate', 'national_id'], apiScopes: [], acrValues: [], status: 'active',
    }, testConfig().documentKeySecret, { actor: 'system:test' });
    assert.ok(registered.ok);
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  const cases: { locale: string; resident: DemoResident; allow: RegExp; claim: string }[] = [
    { locale: 'ko', resident: DEMO_RESIDENTS.jiwoo, allow: /동의하고 계속하기/, claim: '주민등록번호' },
    { locale: 'en', resident: DEMO_RESIDENTS.lan, allow: /Agree and continue/, claim: 'Your resident registration number' },
  ];
  for (const c of cases) {
    it(`asks for consent in ${c.locale} at 390 px, accessibly, then returns a code`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: c.locale });
      const page = await context.newPage();
      await page.route(`${CALLBACK}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));
      await page.goto(`${base}/sign-up`);
      await page.fill('#idNumber', c.resident.idNumber);
      await page.fill('#name', c.resident.name);
      await page.fill('#birthDate', c.resident.birthDate);
      await page.fill('#password', RESIDENT_PASSWORD);
      await page.fill('#passwordAgain', RESIDENT_PASSWORD);
      await page.click('form[action="/sign-up"] button[type=submit]');
      await page.waitForLoadState();
      assert.match(page.url(), /\/me/, `signed up: ${(await page.textContent('main'))?.slice(0, 300)}`);

      const query = new URLSearchParams({
        client_id: 'welfare-benefits', response_type: 'code', redirect_uri: CALLBACK, scope: 'openid profile national_id', state: 'st', nonce: 'no',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      });
      await page.goto(`${base}/oidc/auth?${query}`);
      await page.waitForLoadState();
      assert.match(page.url(), /\/oidc-interaction\//, `consent asked: ${(await page.textContent('body'))?.slice(0, 300)}`);
      assert.equal(await page.getAttribute('html', 'lang'), c.locale);
      assert.ok((await page.textContent('main'))!.includes(c.claim));
      const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.help}`), [], `axe on the consent page [${c.locale}]`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the consent page scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: path.join(SCREENS, `sso-consent-${c.locale}.png`), fullPage: true });

      await page.getByRole('button', { name: c.allow }).click();
      await page.waitForURL(/localhost:7777\/callback/);
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('state'), 'st');
      assert.ok(back.searchParams.get('code'));
      await context.close();
    });
  }
});
