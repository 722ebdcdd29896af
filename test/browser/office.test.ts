import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, staffSignInInBrowser, useBrowserRig, PHONE } from '../support/browser.ts';

describe('an agency administrator finds every workspace and gives a system API scopes, in a real browser', browserSuite(), () => {
  const rig = useBrowserRig();

  for (const locale of ['ko', 'en'] as const) {
    it(`opens the office home, the API keys and a new sign-in client [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'admin.welfare@demo.hanaro.example');
      await page.goto(`${rig.base}/office`);
      await checkPage(page, `office-${locale}-home`);
      for (const href of ['/office/exchange', '/office/api-keys', '/office/oidc-clients']) assert.ok(await page.isVisible(`.card-title a[href="${href}"]`), href);

      await page.click('.card-title a[href="/office/api-keys"]');
      await page.fill('#label', 'Benefits system');
      await page.click('form[action="/office/api-keys"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      assert.equal(await page.inputValue('#label'), 'Benefits system', 'what was typed is kept');
      await checkPage(page, `office-${locale}-api-keys-error`);
      await page.check('input[value="exchange"]');
      await page.check('input[value="consent:read"]');
      await page.click('form[action="/office/api-keys"] button[type=submit]');
      await page.waitForSelector('#secret');
      assert.match(await page.inputValue('#secret'), /^hnr_/);
      await checkPage(page, `office-${locale}-api-key-created`);

      await page.goto(`${rig.base}/office/oidc-clients/new`);
      assert.ok(await page.isVisible('input[name="apiScopes"][value="registries:read"]'));
      await checkPage(page, `office-${locale}-oidc-client-new`);
      await context.close();
    });
  }
});
