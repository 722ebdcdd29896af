/**
 * The status page at phone width in each language, and the 503 page a resident gets when the
 * database goes away under a form: what was typed comes back, the password does not.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserSuite, checkPage, PHONE, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_PASSWORD } from '../../../test/support/platform.ts';

describe('the status page and the reduced-service page', browserSuite(), () => {
  let rig: BrowserRig;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-status-'));
  before(async () => { rig = await startBrowserRig({ dataDir }); });
  after(async () => {
    await rig?.close().catch(() => {}); // the database was closed on purpose by the last test
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [locale, heading] of [['ko', '서비스 상태'], ['en', 'Service status']] as const) {
    it(`lists the platform and each agency's services [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${rig.base}/status`);
      assert.equal(await page.textContent('h1'), heading);
      assert.ok(await page.locator('.status-list li').count() > 4);
      await checkPage(page, `status-${locale}`);
      await context.close();
    });
  }

  it('gives back a form sent while the database is gone, without its password [en]', async () => {
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${rig.base}/office/sign-in`);
    await rig.platform.database.close();
    await page.fill('#email', 'operator@demo.hanaro.example');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('form[action="/office/sign-in"] button[type=submit]');
    assert.match(await page.textContent('h1') ?? '', /temporarily unavailable/);
    assert.equal(await page.inputValue('input[name=email]'), 'operator@demo.hanaro.example');
    assert.equal(await page.inputValue('input[name=password]'), '');
    await checkPage(page, 'reduced-service-form-en');
    await context.close();
  });
});
