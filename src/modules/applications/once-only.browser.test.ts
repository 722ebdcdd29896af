import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { browserSuite, checkPage, signUpInBrowser, staffSignInInBrowser, startBrowserRig, PHONE, type BrowserRig } from '../../../test/support/browser.ts';
import { DEMO_CHILDREN } from '../../../test/support/platform.ts';

/** The words each language shows for what this story checks. */
const WORDS = {
  ko: { asks: /동의하시면 행정안전부에서 아래 정보를 받아 옵니다/, address: /한결시 동구 꽃샘길 2/, child: /자녀/, officer: /다른 기관에서 받은 정보/, verified: /서명된 응답 검증됨/, registries: [/주민등록/, /가족관계등록/] },
  en: { asks: /We will get these from Ministry of the Interior and Safety with your consent/, address: /16 Deungdae-gil, Nam-gu, Hangyeol City/, child: /Child/, officer: /Data from other agencies/, verified: /Signed response verified/, registries: [/Resident registration/, /Family relations register/] },
} as const;
const STORIES = [{ locale: 'ko', child: DEMO_CHILDREN.harin, relationship: 'mother' }, { locale: 'en', child: DEMO_CHILDREN.minjae, relationship: 'father' }] as const;

describe('applying once-only: the data comes from other agencies with consent, in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  const shot = (page: Page, locale: string, name: string) => checkPage(page, `once-only-${locale}-${name}`);
  const next = (page: Page) => page.click('button[name=action][value=continue]');

  for (const { locale, child, relationship } of STORIES) {
    it(`consent, fetched residence and family data, no upload, the officer's view, the reads, withdrawal and asking again [${locale}]`, async () => {
      const words = WORDS[locale];
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await signUpInBrowser(page, rig.base, child.parent);

      await page.goto(`${rig.base}/services/child-allowance`);
      await shot(page, locale, 'service');
      await page.goto(`${rig.base}/services/child-allowance/apply`);
      await shot(page, locale, 'start');
      await page.click('form[action="/services/child-allowance/apply"] button[type=submit]');
      await page.waitForURL(/\/services\/child-allowance\/apply\/consent$/);
      assert.match(await page.textContent('h1') ?? '', words.asks);
      await shot(page, locale, 'consent');
      await page.click('button[name=decision][value=later]');
      await page.waitForSelector('button[name=decision][value=without]');
      await shot(page, locale, 'not-now');
      await page.click('main a[href="/services/child-allowance/apply/consent"]');
      await page.click('button[name=decision][value=agree]');
      await page.waitForURL(/\/form\/child$/);
      const applicationUrl = page.url().replace(/\/form\/child$/, '');
      const panels = await page.textContent('.agency-data') ?? '';
      assert.match(panels, words.address);
      assert.match(panels, words.child);
      assert.ok(panels.includes(`${child.idNumber.slice(0, 8)}******`), 'the child is in the fetched family relations');
      await shot(page, locale, 'form-child');

      await page.fill('input[name=childName]', child.name);
      await page.fill('input[name=childIdNumber]', child.idNumber);
      await page.check(`input[name=relationship][value=${relationship}]`);
      await next(page);
      await page.waitForURL(/\/form\/payment$/);
      assert.equal(await page.locator('input[type=file]').count(), 0, 'no upload of what the data replaces');
      await page.selectOption('select[name=bankName]', 'kb');
      await page.fill('input[name=accountNumber]', '123-456789-01-011');
      await page.check('input[name=accountHolder][value=applicant]');
      await next(page);
      await page.waitForURL(/\/check$/);
      assert.match(await page.textContent('.agency-data') ?? '', words.address);
      await shot(page, locale, 'check');

      await page.click('a[href*="/agency-data/proof-of-residence/report"]');
      await page.waitForSelector('textarea#message');
      await page.click('form[action$="/report"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      await shot(page, locale, 'report-error');
      await page.fill('textarea#message', locale === 'ko' ? '지난달에 이사했습니다.' : 'I moved last month.');
      await page.click('form[action$="/report"] button[type=submit]');
      await page.waitForURL(/\/check$/);
      await shot(page, locale, 'check-reported');
      await page.click('form[action$="/submit"] button[type=submit]');
      await page.waitForURL(/submitted=1/);
      await shot(page, locale, 'submitted');
      const files = await sql<{ n: number }>`select count(*)::int as n from application_files f join applications a on a.id = f.application_id where a.id::text = ${applicationUrl.split('/').at(-1)!}`.execute(rig.platform.database.db);
      assert.equal(files.rows[0]!.n, 0, 'nothing was uploaded');

      const office = await rig.browser.newContext({ locale, viewport: PHONE });
      const officer = await office.newPage();
      await staffSignInInBrowser(officer, rig.base, 'officer.welfare@demo.hanaro.example');
      await officer.goto(`${rig.base}/office/applications/${applicationUrl.split('/').at(-1)}`);
      const section = await officer.textContent('.agency-data') ?? '';
      assert.match(section, words.officer);
      assert.match(section, words.verified);
      assert.match(section, words.address);
      assert.match(section, /proof-of-residence/);
      assert.match(section, /family-relations/);
      await shot(officer, locale, 'office-case');
      await officer.goto(`${rig.base}/office/statistics`);
      await shot(officer, locale, 'office-statistics');
      await office.close();

      await page.goto(`${rig.base}/me/data-usage`);
      const reads = await page.textContent('table') ?? '';
      for (const registry of words.registries) assert.match(reads, registry);
      const channels = await sql<{ registry_id: string; channel: string }>`select distinct registry_id, channel from personal_data_reads where application_id = ${applicationUrl.split('/').at(-1)!} order by registry_id`.execute(rig.platform.database.db);
      assert.deepEqual(channels.rows.map((r) => `${r.registry_id}:${r.channel}`), ['family-relations:exchange', 'residents:exchange']);
      await shot(page, locale, 'data-usage');

      await page.goto(`${rig.base}/me/consents`);
      await shot(page, locale, 'consents');
      await page.click('form[action$="/withdraw"] button[type=submit]');
      await page.waitForURL(/notice=withdrawn/);
      await shot(page, locale, 'consent-withdrawn');
      await page.goto(`${rig.base}/services/child-allowance/apply`);
      await page.click('form[action="/services/child-allowance/apply"] button[type=submit]');
      await page.waitForURL(/\/services\/child-allowance\/apply\/consent$/);
      assert.match(await page.textContent('h1') ?? '', words.asks, 'after withdrawing, a new application asks again');
      await context.close();
    });
  }
});
