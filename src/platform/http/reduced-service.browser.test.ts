/**
 * A form sent while the database is gone comes back on the 503 page under the labels the person
 * saw, in their language, at phone width, axe clean.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite, checkPage, PHONE, staffSignInInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';

const LABELS = {
  ko: { nameKo: '표시 이름(한국어)', checks: '요청할 수 있는 확인 항목', ageCheck: '만 14세 이상 확인', heading: /일시적으로/ },
  en: { nameKo: 'Display name (Korean)', checks: 'Checks it may ask for', ageCheck: 'Age 14 or over', heading: /temporarily unavailable/ },
} as const;

describe('reduced service gives a form back under its own labels', browserSuite(), () => {
  let rig: BrowserRig;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-kept-form-'));
  const open: { locale: 'ko' | 'en'; context: BrowserContext; page: Page }[] = [];
  before(async () => {
    rig = await startBrowserRig({ dataDir });
    for (const locale of ['ko', 'en'] as const) {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'operator@demo.hanaro.example');
      await page.goto(`${rig.base}/office/relying-parties`);
      await page.fill('#nameKo', '한결 편의점');
      await page.fill('#nameEn', 'Hangyeol Corner Shop');
      await page.check('#check-0');
      open.push({ locale, context, page });
    }
    await rig.platform.database.close();
  });
  after(async () => {
    for (const { context } of open) await context.close();
    await rig?.close().catch(() => {}); // the database was closed on purpose
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const locale of ['ko', 'en'] as const) {
    it(`labels each kept field as the form did [${locale}]`, async () => {
      const { page } = open.find((o) => o.locale === locale)!;
      await page.click('form[action="/office/relying-parties"] button[type=submit]');
      assert.match(await page.textContent('h1') ?? '', LABELS[locale].heading);
      const labelOf = async (name: string) => page.locator(`label[for="${await page.getAttribute(`form input[name="${name}"]`, 'id')}"]`).textContent();
      assert.equal(await labelOf('nameKo'), LABELS[locale].nameKo);
      assert.equal(await page.textContent('form.stack legend'), LABELS[locale].checks, 'the ticked boxes under the group\'s legend');
      assert.equal(await page.isChecked('form.stack input[name=checks]'), true);
      assert.equal(await labelOf('checks'), LABELS[locale].ageCheck);
      assert.equal(await page.inputValue('input[name=nameKo]'), '한결 편의점');
      assert.equal(await page.locator('label', { hasText: /^nameKo$/ }).count(), 0, 'no raw field name');
      await checkPage(page, `reduced-service-labels-${locale}`);
    });
  }
});
