/**
 * The status page at phone width in each language; an operator opening an incident and adding an
 * update in the console, and the page showing it; and, with the database gone, the page from its
 * kept copy and the 503 page a resident gets under a form: what was typed comes back, the password does not.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserSuite, checkPage, PHONE, staffSignInInBrowser, startBrowserRig, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_PASSWORD } from '../../../test/support/platform.ts';
import { localFromInstant } from './local-time.ts';

describe('the status page and the reduced-service page', browserSuite(), () => {
  let rig: BrowserRig;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hanaro-status-'));
  before(async () => { rig = await startBrowserRig({ dataDir, statusRefreshSeconds: 0 }); });
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

  const written = { ko: { title: '전입신고 접수 지연', first: '원인을 조사하고 있습니다.', next: '데이터베이스 부하가 원인으로 확인되었습니다.' },
    en: { title: 'Moving-in reports are slow', first: 'We are looking into it.', next: 'The cause is a loaded database.' } } as const;

  for (const locale of ['ko', 'en'] as const) {
    it(`lets an operator open an incident and add an update, and shows it on the status page [${locale}]`, async () => {
      const text = written[locale];
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'operator@demo.hanaro.example');
      await page.goto(`${rig.base}/ops/incidents`);
      await page.click('form[action="/ops/incidents"] button[type=submit]');
      assert.equal(await page.locator('.error-summary li').count(), 3, 'title, text and service missing');
      await checkPage(page, `status-ops-incident-errors-${locale}`);
      await page.fill(`#title-${locale}`, text.title);
      if (locale !== 'ko') await page.fill('#title-ko', written.ko.title);
      await page.check('#impact-outage');
      await page.click('details:has(input[value="service:moving-in-report"]) > summary');
      await page.check('input[value="service:moving-in-report"]');
      await page.fill('#body-ko', written.ko.first);
      if (locale !== 'ko') await page.fill(`#body-${locale}`, text.first);
      await page.click('form[action="/ops/incidents"] button[type=submit]');
      await page.waitForURL(/\/ops\/incidents\/\d+\?notice=opened$/);
      assert.equal(await page.textContent('h1'), text.title);
      await page.check('#state-identified');
      await page.fill('#body-ko', written.ko.next);
      if (locale !== 'ko') await page.fill(`#body-${locale}`, text.next);
      await page.click('form[action$="/updates"] button[type=submit]');
      await page.waitForURL(/notice=updated$/);
      assert.equal(await page.locator('.incident-timeline li').count(), 2);
      await checkPage(page, `status-ops-incident-${locale}`);
      await page.goto(`${rig.base}/ops/incidents`);
      assert.equal(await page.locator('.incident-list a', { hasText: text.title }).count(), 1);
      await checkPage(page, `status-ops-incidents-${locale}`);

      await page.goto(`${rig.base}/status`);
      const incident = page.locator('.status-incident', { hasText: text.title });
      assert.equal(await incident.count(), 1);
      assert.match(await incident.locator('.status-timeline li').first().textContent() ?? '', new RegExp(text.next), 'newest first');
      assert.match(await incident.locator('.status-timeline li').last().textContent() ?? '', new RegExp(text.first));
      assert.match(await page.locator('.status-list li', { hasText: locale === 'ko' ? '전입신고' : 'Moving-in' }).first().textContent() ?? '', locale === 'ko' ? /중단/ : /Outage/);
      await checkPage(page, `status-with-incident-${locale}`);
      await context.close();
    });
  }

  it('lets an operator schedule maintenance, refusing an end before the start, and lists it on the status page [ko, en]', async () => {
    for (const locale of ['ko', 'en'] as const) {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'operator@demo.hanaro.example');
      await page.goto(`${rig.base}/ops/maintenance`);
      const at = (hours: number) => localFromInstant(new Date(Date.now() + hours * 3600_000), 'Asia/Seoul');
      await page.fill('#startsAt', at(48));
      await page.fill('#endsAt', at(47));
      await page.click('details:has(input[value="service:passport-application"]) > summary');
      await page.check('input[value="service:passport-application"]');
      await page.fill('#body-ko', `여권 시스템 점검 (${locale})`);
      await page.click('form[action="/ops/maintenance"] button[type=submit]');
      assert.equal(await page.inputValue('#body-ko'), `여권 시스템 점검 (${locale})`);
      assert.ok(await page.isVisible('#endsAt-error'));
      await checkPage(page, `status-ops-maintenance-error-${locale}`);
      await page.fill('#endsAt', at(50));
      await page.click('form[action="/ops/maintenance"] button[type=submit]');
      await page.waitForURL(/notice=scheduled$/);
      await checkPage(page, `status-ops-maintenance-${locale}`);
      await page.goto(`${rig.base}/status`);
      assert.match(await page.textContent('.status-windows') ?? '', new RegExp(`여권 시스템 점검 \\(${locale}\\)`));
      await context.close();
    }
  });

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
    await page.goto(`${rig.base}/status`);
    assert.match(await page.textContent('main') ?? '', /reduced service/);
    assert.equal(await page.locator('.status-incident', { hasText: written.en.title }).count(), 1, 'the incident is still shown from the kept copy');
    assert.match(await page.textContent('main') ?? '', new RegExp(written.en.next));
    await checkPage(page, 'status-reduced-with-incident-en');
    await context.close();
  });
});
