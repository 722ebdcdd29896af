import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { childBornThreeYearsAgo, DEMO_CHILDREN, DEMO_RESIDENTS, testConfig, type DemoResident } from '../support/platform.ts';
import { findCountry } from '../../src/modules/country/index.ts';
import { credentialSettings, issueCredential } from '../../src/modules/credentials/index.ts';
import { findResidentByIdNumber } from '../../src/modules/residents/index.ts';
import { browserSuite, checkPage, staffSignInInBrowser, useBrowserRig, DESKTOP, PHONE, SCREENS } from '../support/browser.ts';

describe('an officer serving a walk-in resident at the counter, in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });

  /** The signed-in officer checks the resident's card at the counter and lands on the visit page. */
  async function identifyWalkIn(page: Page, resident: DemoResident, identify: RegExp, documentRef: string) {
    await page.goto(`${rig.base}/office/counter`);
    await page.fill('#idNumber', resident.idNumber);
    await page.fill('#name', resident.name);
    await page.fill('#birthDate', resident.birthDate);
    await page.check('#documentKind');
    await page.fill('#documentRef', documentRef);
    await page.click(`button[type=submit] >> text=${identify.source}`);
    await page.waitForURL(/\/office\/counter\/[0-9a-f-]{36}$/);
  }

  /** The same page checked at phone width and on a desktop. */
  async function bothWidths(page: Page, shot: string) {
    await checkPage(page, `${shot}-phone`);
    await page.setViewportSize(DESKTOP);
    await checkPage(page, `${shot}-desktop`);
    await page.setViewportSize(PHONE);
  }

  const cases: { locale: 'ko' | 'en'; resident: DemoResident; words: { identify: RegExp; submit: RegExp; receipt: RegExp; other: RegExp } }[] = [
    { locale: 'ko', resident: DEMO_RESIDENTS.seoyeon, words: { identify: /본인 확인/, submit: /제출|신청/, receipt: /민원 접수증/, other: /Application receipt/ } },
    { locale: 'en', resident: DEMO_RESIDENTS.lan, words: { identify: /Confirm identity/, submit: /Submit|Send/, receipt: /Application receipt/, other: /민원 접수증/ } },
  ];

  for (const [locale, resident, words] of [
    ['ko', DEMO_RESIDENTS.woosung, { identify: /본인 확인/, inUse: /모바일 신분증 1건/, done: /1건을 정지했습니다/ }],
    ['en', DEMO_RESIDENTS.minjun, { identify: /Confirm identity/, inUse: /1 mobile ID of this resident/, done: /Suspended 1 mobile ID/ }],
  ] as const) {
    it(`takes the report of a lost phone and suspends the resident's mobile IDs [${locale}]`, async () => {
      const db = rig.platform.database.db;
      const { id: residentId } = (await findResidentByIdNumber(db, resident.idNumber))!;
      const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
      await issueCredential(db, { residentId, typeId: 'mobile-resident-card', format: 'mso_mdoc', holderKey }, credentialSettings(testConfig({ publicUrl: rig.base }), (await findCountry(db))!), { actor: `resident:${residentId}` });
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'officer.interior@demo.hanaro.example');
      await identifyWalkIn(page, resident, words.identify, '4407');
      assert.match(await page.textContent('#lost-phone-hint') ?? '', words.inUse);
      await checkPage(page, `counter-${locale}-lost-phone`);
      await page.click('form[action$="/lost-phone"] button[type=submit]');
      await page.waitForURL(/\?suspended=1$/);
      assert.match(await page.textContent('[aria-labelledby="lost-phone-title"] [role=status]') ?? '', words.done);
      await checkPage(page, `counter-${locale}-lost-phone-done`);
      await context.close();
    });
  }

  for (const { locale, resident, words } of cases) {
    it(`identifies the resident, files a moving-in report with a scanned lease and prints the receipt [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await staffSignInInBrowser(page, rig.base, 'officer.interior@demo.hanaro.example');

      await page.goto(`${rig.base}/office/counter`);
      await bothWidths(page, `counter-${locale}-identify`);
      await page.fill('#idNumber', resident.idNumber);
      await page.fill('#name', `${resident.name}x`);
      await page.fill('#birthDate', resident.birthDate);
      await page.check('#documentKind');
      await page.fill('#documentRef', '12');
      await page.click(`button[type=submit] >> text=${words.identify.source}`);
      await page.waitForSelector('.error-summary');
      assert.equal(await page.inputValue('#name'), `${resident.name}x`, 'what was typed is kept');
      assert.ok(await page.isVisible('#documentRef-error'));
      await checkPage(page, `counter-${locale}-identify-errors-phone`);

      await page.fill('#name', resident.name);
      await page.fill('#documentRef', '8834');
      await page.click(`button[type=submit] >> text=${words.identify.source}`);
      await page.waitForURL(/\/office\/counter\/[0-9a-f-]{36}$/);
      const visit = page.url();
      assert.match(await page.textContent('main') ?? '', new RegExp(`${resident.idNumber.slice(0, 8)}\\*+`), 'the resident, with the ID number masked');
      await bothWidths(page, `counter-${locale}-visit`);

      await page.selectOption('#service', 'moving-in-report');
      await page.click(`form[action$="/start"] button[type=submit]`);
      await page.waitForURL(`${visit}/form/address`);
      await checkPage(page, `counter-${locale}-form-address-phone`);
      await page.fill('#f-newAddress', 'Hangyeol Apt 101-502, 12 Hana-ro, Jungang-gu');
      await page.fill('#f-moveDate', '2026-03-02');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/form/household`);
      await page.check('input[name=movingType][value=whole-household]');
      await page.fill('#f-memberCount', '1');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/form/lease`);
      await page.check('#f-applyFixedDate');
      await page.setInputFiles('#f-leaseContract', { name: 'lease-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%scanned at the counter\n') });
      await page.fill('#f-phone', '010-2345-6789');
      await bothWidths(page, `counter-${locale}-form-lease`);
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/check`);
      assert.match(await page.textContent('main') ?? '', /lease-scan\.pdf/);
      await bothWidths(page, `counter-${locale}-check`);

      await page.click(`form[action$="/submit"] button[type=submit]`);
      await page.waitForURL(/\/receipt$/);
      const reference = (await page.textContent('.receipt .reference'))?.trim() ?? '';
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      assert.match(await page.textContent('.receipt') ?? '', words.receipt);
      await bothWidths(page, `counter-${locale}-receipt`);

      await page.click(`.receipt-languages a[hreflang=${locale === 'ko' ? 'en' : 'ko'}]`);
      await page.waitForURL(/\/receipt\?lang=/);
      assert.match(await page.textContent('.receipt') ?? '', words.other);
      assert.equal(await page.getAttribute('html', 'lang'), locale, 'the officer\'s screen keeps its language');
      await checkPage(page, `counter-${locale}-receipt-other-language-phone`);

      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.isVisible('.site-header'), false, 'no header on paper');
      assert.equal(await page.isVisible('.site-footer'), false, 'no footer on paper');
      assert.equal(await page.isVisible('.receipt-languages'), false, 'no language switch on paper');
      assert.ok(await page.isVisible('.receipt .reference'));
      await page.screenshot({ path: path.join(SCREENS, `counter-${locale}-receipt-print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      await page.goto(`${rig.base}/office/counter`);
      assert.equal(await page.locator(`a[href="${new URL(visit).pathname}"]`).count(), 1, 'the visit is in today\'s list');
      await checkPage(page, `counter-${locale}-today-phone`);
      await context.close();
    });
  }

  /** The welfare officer identifies the resident and starts child allowance for them: the consent step comes first. */
  async function startChildAllowance(page: Page, resident: DemoResident, identify: RegExp, documentRef: string): Promise<string> {
    await staffSignInInBrowser(page, rig.base, 'officer.welfare@demo.hanaro.example');
    await identifyWalkIn(page, resident, identify, documentRef);
    const visit = page.url();
    await page.selectOption('#service', 'child-allowance');
    await page.click('form[action$="/start"] button[type=submit]');
    await page.waitForURL(`${visit}/consent`);
    return visit;
  }

  const ONCE_ONLY = [
    { locale: 'ko', child: DEMO_CHILDREN.harin, refuser: DEMO_RESIDENTS.minjun, words: { identify: /본인 확인/, readOut: /읽어 주세요/, agreed: /주민이 동의했습니다/, data: /다른 기관에서 받은 정보/, address: /한결시 동구 꽃샘길 2/, spared: /내지 않아도 된 서류/, papers: /아래 서류를 받으세요/, askFor: /신청인에게 주민등록등본을\(를\) 요청하세요/ } },
    { locale: 'en', child: DEMO_CHILDREN.minjae, refuser: DEMO_RESIDENTS.junho, words: { identify: /Confirm identity/, readOut: /Read this out to/, agreed: /The resident agreed/, data: /Data from other agencies/, address: /16 Deungdae-gil, Nam-gu, Hangyeol City/, spared: /Papers you did not have to bring/, papers: /for these papers/, askFor: /Ask the applicant for the Resident registration certificate/ } },
  ] as const;

  for (const { locale, child, refuser, words } of ONCE_ONLY) {
    it(`reads out what is fetched from whom, fetches with the resident's yes, picks the child from it, and the receipt names the papers spared [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await childBornThreeYearsAgo(rig.platform.database.db, child.idNumber);
      const visit = await startChildAllowance(page, child.parent, words.identify, `${child.parent.idNumber.slice(-4)}A`);
      assert.match(await page.textContent('main') ?? '', words.readOut);
      assert.match(await page.textContent('label[for=agreed]') ?? '', words.agreed);
      await bothWidths(page, `counter-${locale}-consent`);
      await page.click('button[name=decision][value=agree]');
      await page.waitForSelector('#agreed-error');
      await checkPage(page, `counter-${locale}-consent-error-phone`);
      await page.check('#agreed');
      await page.click('button[name=decision][value=agree]');
      await page.waitForURL(`${visit}/form/child`);
      const section = await page.textContent('.agency-data') ?? '';
      assert.match(section, words.data);
      assert.match(section, words.address);
      assert.match(await page.textContent('label[for="f-_pick"]') ?? '', new RegExp(child.name), 'the child on the register is offered');
      await bothWidths(page, `counter-${locale}-form-child-data`);
      await page.check('#f-_pick');
      await page.check(`input[name=relationship][value=${child.parent === DEMO_RESIDENTS.jimin ? 'mother' : 'father'}]`);
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/form/payment`);
      await page.selectOption('select[name=bankName]', 'kb');
      await page.fill('input[name=accountNumber]', '123-456789-01-011');
      await page.check('input[name=accountHolder][value=applicant]');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(`${visit}/check`);
      const check = await page.textContent('main') ?? '';
      assert.ok(check.includes(child.name) && check.includes(child.idNumber), 'the chosen child\'s name and number were filled in');
      await checkPage(page, `counter-${locale}-check-data-phone`);
      await page.click('form[action$="/submit"] button[type=submit]');
      await page.waitForURL(/\/receipt$/);
      assert.match(await page.textContent('.receipt') ?? '', words.spared);
      await bothWidths(page, `counter-${locale}-receipt-spared`);
      await context.close();
    });

    it(`tells the officer which papers to ask for when the resident does not agree [${locale}]`, async () => {
      const context = await rig.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      const visit = await startChildAllowance(page, refuser, words.identify, `${refuser.idNumber.slice(-4)}B`);
      await page.click('button[name=decision][value=refuse]');
      await page.waitForSelector(`main a[href="${new URL(visit).pathname}/form"]`);
      assert.match(await page.textContent('h1') ?? '', words.papers);
      assert.equal(await page.locator('main ul.bullets li').count(), 2, 'the two papers the data would have replaced');
      await checkPage(page, `counter-${locale}-papers-phone`);
      await page.click(`main a[href="${new URL(visit).pathname}/form"]`);
      await page.waitForURL(`${visit}/form/child`);
      assert.match(await page.textContent('.agency-data') ?? '', words.askFor);
      assert.equal(await page.locator('input[name=_pick]').count(), 0, 'nothing fetched, nothing to choose from');
      await checkPage(page, `counter-${locale}-form-not-fetched-phone`);
      await context.close();
    });
  }
});
