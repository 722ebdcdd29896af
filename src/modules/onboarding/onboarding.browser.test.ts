import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, checkPage, staffSignInInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';

const FRAGMENT = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'packs', 'fragments', 'environment.yaml'), 'utf8');

describe('onboarding an agency from the console in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await startBrowserRig();
  });
  after(() => rig?.close());

  for (const locale of ['ko', 'en'] as const) {
    it(`lists a pasted fragment's errors by path, then adds the fixed one, at 390 px in ${locale}; passes axe`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'operator@demo.hanaro.example');
      const id = `environment-${locale}`;
      const fragment = FRAGMENT.replaceAll('environment', id).replaceAll('bulky-waste-collection', `bulky-waste-${locale}`);
      await page.goto(`${rig.base}/ops/agencies/new`);
      await page.fill('#fragment', fragment.replace('widget: number', 'widget: slider'));
      await page.click('button[value=preview]');
      assert.match(await page.textContent('#fragment-error') ?? '', /services\[0\]\.form\.layout\.pages\[0\]\.sections\[0\]\.fields\[1\]\.widget/);
      assert.match(await page.inputValue('#fragment'), /widget: slider/);
      await checkPage(page, `${locale}-phone-ops-agency-new-error`);
      await page.fill('#fragment', fragment);
      await page.click('button[value=preview]');
      assert.ok(await page.isVisible('#preview-heading'));
      await checkPage(page, `${locale}-phone-ops-agency-new-preview`);
      await page.click('button[value=confirm]');
      await page.waitForURL(`${rig.base}/ops/agencies/${id}?notice=added`);
      await checkPage(page, `${locale}-phone-ops-agency-detail`);
      await page.goto(`${rig.base}/ops/agencies`);
      assert.match(await page.textContent('main') ?? '', new RegExp(id));
      await checkPage(page, `${locale}-phone-ops-agencies`);
      await context.close();
    });
  }
});
