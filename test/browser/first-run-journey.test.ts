import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage, signUpInBrowser, staffSignInInBrowser, startBrowserRig, type BrowserRig } from '../support/browser.ts';
import { DEMO_CHILDREN, DEMO_RESIDENTS } from '../support/platform.ts';

const NARROW = { width: 320, height: 568 };
const PHONE = { width: 360, height: 740 };
const WORDS = {
  ko: { workingDays: /근무일 기준 30일이 걸립니다/, tooLong: /입력한 내용 중 너무 긴 항목이 있습니다/, signIn: '로그인' },
  en: { workingDays: /30 working days/, tooLong: /Some of what you typed is too long/, signIn: 'Sign in' },
} as const;

describe('what a new resident or officer trips over, in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());
  const open = async (locale: string, viewport = PHONE) => (await rig.browser.newContext({ locale, viewport })).newPage();

  for (const locale of ['ko', 'en'] as const) {
    it(`with the largest text and high contrast at 320 px, the settings fold away once chosen, leaving the screen to the page [${locale}]`, async () => {
      for (const viewport of [NARROW, PHONE]) {
        const page = await open(locale, viewport);
        await page.goto(`${rig.base}/preferences?textSize=x-large&contrast=high&return=/services`);
        assert.equal(await page.locator('details.display-settings').getAttribute('open'), null, 'folded once chosen');
        await checkPage(page, `first-run-settings-${locale}-${viewport.width}`);
        const settings = (await page.locator('form.settings').boundingBox())!;
        assert.ok(settings.height <= viewport.height * 0.4, `the settings take ${settings.height}px of a ${viewport.height}px screen`);
        await page.click('details.display-settings summary');
        assert.equal(await page.locator('button[name=textSize][value=x-large]').getAttribute('aria-pressed'), 'true', 'the choice is one click away, without JavaScript');
        await page.context().close();
      }
    });

    it(`a signed-in officer is not offered to sign in [${locale}]`, async () => {
      const page = await open(locale);
      await staffSignInInBrowser(page, rig.base, 'officer.interior@demo.hanaro.example');
      assert.equal(await page.locator('.header-nav a', { hasText: WORDS[locale].signIn }).count(), 0);
      await checkPage(page, `first-run-office-${locale}`);
      await page.context().close();
    });

    it(`a name far too long at sign-up gives the form back with the field marked [${locale}]`, async () => {
      const page = await open(locale);
      await page.goto(`${rig.base}/sign-up`);
      assert.equal(await page.locator('#name').getAttribute('maxlength'), '100');
      // What a script or a pasted text can send past the browser's maxlength.
      await page.evaluate(() => document.querySelector('#name')!.removeAttribute('maxlength'));
      await page.fill('#idNumber', DEMO_RESIDENTS.minjun.idNumber);
      await page.fill('#name', 'x'.repeat(10_000));
      await page.fill('#birthDate', DEMO_RESIDENTS.minjun.birthDate);
      await page.click('form[action="/sign-up"] button[type=submit]');
      assert.match(await page.textContent('h1') ?? '', WORDS[locale].tooLong);
      assert.equal((await page.inputValue('input[name=name]')).length, 10_000, 'what was typed is kept');
      assert.equal(await page.inputValue('input[name=idNumber]'), DEMO_RESIDENTS.minjun.idNumber);
      await checkPage(page, `first-run-too-long-${locale}`);
      await page.context().close();
    });
  }

  it('the child allowance: the registered child is chosen, due in working days, the history in Seoul time [ko, en]', async () => {
    const page = await open('en');
    const child = DEMO_CHILDREN.minjae;
    await signUpInBrowser(page, rig.base, child.parent);
    await page.goto(`${rig.base}/services/child-allowance/apply`);
    await page.click('form[action="/services/child-allowance/apply"] button[type=submit]');
    await page.click('button[name=decision][value=agree]');
    await page.waitForURL(/\/form\/child$/);
    assert.equal(await page.isChecked('#f-_pick'), true, 'the registered child is the default');
    assert.equal(await page.isChecked('#f-_pick-typed'), false);
    await checkPage(page, 'first-run-picker-en');
    await page.check('input[name=relationship][value=father]');
    await page.click('button[name=action][value=continue]');
    await page.waitForURL(/\/form\/payment$/);
    await page.selectOption('select[name=bankName]', 'kb');
    await page.fill('input[name=accountNumber]', '123-456789-01-011');
    await page.check('input[name=accountHolder][value=applicant]');
    await page.click('button[name=action][value=continue]');
    await page.waitForURL(/\/check$/);
    await page.click('form[action$="/submit"] button[type=submit]');
    await page.waitForURL(/submitted=1/);
    const submitted = await page.textContent('main') ?? '';
    assert.match(submitted, WORDS.en.workingDays);
    const shown = await page.locator('.timeline time').first();
    const at = new Date((await shown.getAttribute('datetime'))!);
    const seoul = new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: 'Asia/Seoul' }).format(at);
    assert.ok((await shown.textContent())!.endsWith(seoul), `the history shows Seoul time (${seoul})`);
    await checkPage(page, 'first-run-submitted-en');
    const here = new URL(page.url());
    await page.goto(`${rig.base}/preferences?lang=ko&return=${encodeURIComponent(here.pathname + here.search)}`);
    assert.match(await page.textContent('main') ?? '', WORDS.ko.workingDays);
    await checkPage(page, 'first-run-submitted-ko');
    await page.context().close();
  });
});
