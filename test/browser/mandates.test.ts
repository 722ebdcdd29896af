import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_RESIDENTS, type DemoResident } from '../support/platform.ts';
import { browserSuite, checkPage, signUpInBrowser, useBrowserRig, PHONE } from '../support/browser.ts';

describe('mandates in a real browser', browserSuite(), () => {
  const rig = useBrowserRig();

  async function signedUp(locale: 'ko' | 'en', resident: DemoResident): Promise<Page> {
    const context = await rig.browser.newContext({ locale, viewport: PHONE });
    const page = await context.newPage();
    await signUpInBrowser(page, rig.base, resident);
    return page;
  }

  const pairs = { ko: [DEMO_RESIDENTS.youngja, DEMO_RESIDENTS.jungho], en: [DEMO_RESIDENTS.woosung, DEMO_RESIDENTS.dohyun] } as const;

  for (const locale of ['ko', 'en'] as const) {
    it(`grants a mandate, acts for the other resident, revokes it and is refused on the next click [${locale}]`, async () => {
      const [principal, representative] = pairs[locale];
      const rep = await signedUp(locale, representative);
      const grantor = await signedUp(locale, principal);

      await grantor.goto(`${rig.base}/me/mandates/new`);
      await checkPage(grantor, `${locale}-phone-mandate-new`);
      await grantor.click('form[action="/me/mandates"] button[type=submit]');
      await grantor.waitForSelector('.error-summary');
      await checkPage(grantor, `${locale}-phone-mandate-new-errors`);
      await grantor.fill('#representativeIdNumber', representative.idNumber);
      await grantor.fill('#representativeName', representative.name);
      await grantor.fill('#validUntil', `${new Date().getFullYear() + 1}-12-31`);
      await grantor.click('form[action="/me/mandates"] button[type=submit]');
      await grantor.waitForURL(`${rig.base}/me/mandates?notice=granted`);
      await checkPage(grantor, `${locale}-phone-mandates-given`);

      await rep.goto(`${rig.base}/me/mandates`);
      if (locale === 'en') assert.match(await rep.textContent('main') ?? '', /Legal representative of 강민재 \(until 2039-09-03\)/, 'his son, from the family register');
      await checkPage(rep, `${locale}-phone-mandates-received`);
      await rep.click('form[action="/me/acting-for"] button[type=submit]');
      await rep.waitForURL(`${rig.base}/me`);
      const banner = await rep.textContent('.acting-for');
      assert.match(banner ?? '', new RegExp(principal.name));
      await checkPage(rep, `${locale}-phone-acting-for`);
      await rep.goto(`${rig.base}/me/applications`);
      assert.ok(await rep.isVisible('.acting-for'));
      await checkPage(rep, `${locale}-phone-acting-applications`);

      await grantor.goto(`${rig.base}/me/mandates`);
      await grantor.click('form[action$="/revoke"] button[type=submit]');
      await grantor.waitForURL(`${rig.base}/me/mandates?notice=revoked`);
      await checkPage(grantor, `${locale}-phone-mandates-revoked`);

      const refused = await Promise.all([rep.waitForNavigation(), rep.click('a[href="/me/inbox"], a[href="/me"]')]);
      assert.equal(refused[0]?.status(), 403);
      assert.equal(await rep.isVisible('.acting-for'), false, 'the banner is gone');
      await checkPage(rep, `${locale}-phone-mandate-ended`);
      await rep.goto(`${rig.base}/me`);
      assert.match(await rep.textContent('main h1') ?? '', new RegExp(representative.name));
      await rep.context().close();
      await grantor.context().close();
    });
  }

  it('a parent acts for their minor child without a mandate, as the family register says [ko]', async () => {
    const parent = await signedUp('ko', DEMO_RESIDENTS.jimin);
    await parent.goto(`${rig.base}/me/mandates`);
    assert.match(await parent.textContent('main') ?? '', /오하린의 법정대리인\(2041-04-12 종료\)/);
    await checkPage(parent, 'ko-phone-mandates-legal');
    await parent.click('form[action="/me/acting-for"] button[type=submit]');
    await parent.waitForURL(`${rig.base}/me`);
    assert.match(await parent.textContent('.acting-for') ?? '', /오하린/);
    await checkPage(parent, 'ko-phone-acting-for-child');
    await parent.click('form[action="/me/acting-for/stop"] button[type=submit]');
    await parent.waitForURL(`${rig.base}/me/mandates?notice=stopped`);
    assert.equal(await parent.isVisible('.acting-for'), false);
    await parent.context().close();
  });
});
