import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite, checkPage, staffSignInInBrowser, useBrowserRig, DESKTOP, SCREENS } from '../support/browser.ts';

// The shell at the narrowest common phone width.
const PHONE = { width: 360, height: 740 };

const PUBLIC_PAGES = ['/', '/agencies', '/agencies/interior', '/services', '/services?q=%EB%93%B1%EB%B3%B8', '/services?q=drivers%20license',
  '/services?lifeEvent=birth', '/services?category=certificates', '/services?q=xqzwv', '/services/resident-registration-certificate', '/services/passport-application', '/accessibility',
  '/bundles/birth', '/bundles/turning-65',
  '/office/sign-in', '/no-such-page'];
const OFFICE_PAGES = ['/office', '/office/services', '/office/services/building-permit', '/office/staff', '/office/audit'];
// Every page is checked at phone width, where pages break; on a desktop one of each layout is enough.
const DESKTOP_PAGES = { public: ['/', '/services?q=%EB%93%B1%EB%B3%B8', '/services/passport-application', '/bundles/birth', '/office/sign-in'], office: ['/office', '/office/audit'] };

describe('the web shell in a real browser', browserSuite(), () => {
  const rig = useBrowserRig({ secureCookies: true });

  async function check(page: Page, url: string, shot: string) {
    const response = await page.goto(rig.base + url);
    assert.ok(response, `${url} answered`);
    assert.equal(response.status(), url === '/no-such-page' ? 404 : 200, `${url} status`);
    await checkPage(page, shot);
    return page.getAttribute('html', 'lang');
  }


  for (const locale of ['ko', 'en'] as const) {
    for (const [device, viewport, pages] of [['phone', PHONE, { public: PUBLIC_PAGES, office: OFFICE_PAGES }], ['desktop', DESKTOP, DESKTOP_PAGES]] as const) {
      it(`${device === 'phone' ? 'every' : 'each layout of a'} public page passes axe in ${locale} on a ${device}`, async () => {
        const context = await rig.browser.newContext({ locale, viewport });
        const page = await context.newPage();
        for (const url of pages.public) {
          assert.equal(await check(page, url, `${locale}-${device}${url.replace(/[/?=%&]+/g, '_')}`), locale);
        }
        await context.close();
      });

      it(`${device === 'phone' ? 'every' : 'each layout of a'} back-office page passes axe in ${locale} on a ${device}`, async () => {
        const context = await rig.browser.newContext({ locale, viewport });
        const page = await context.newPage();
        await signIn(page, 'admin.land@demo.hanaro.example');
        for (const url of pages.office) await check(page, url, `${locale}-${device}-office${url.replace(/[/?=]+/g, '_')}`);
        await context.close();
      });
    }
  }

  const signIn = (page: Page, email: string) => staffSignInInBrowser(page, rig.base, email);


  it('works without JavaScript: language, text size and contrast are remembered', async () => {
    const context: BrowserContext = await rig.browser.newContext({ javaScriptEnabled: false, locale: 'ko', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${rig.base}/services/passport-application`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    await page.click('button[name=lang][value=en]');
    await page.waitForURL(`${rig.base}/services/passport-application`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await page.click('summary');
    await page.click('button[name=textSize][value=x-large]');
    // Once chosen, the settings are folded again on the page that comes back.
    await page.click('summary');
    await page.click('button[name=contrast][value=high]');
    await page.goto(`${rig.base}/`);
    assert.equal(await page.getAttribute('html', 'data-text-size'), 'x-large');
    assert.equal(await page.getAttribute('html', 'data-contrast'), 'high');
    assert.match(await page.textContent('h1') ?? '', /Every government service/);
    await page.screenshot({ path: path.join(SCREENS, 'en-phone-large-high-contrast.png'), fullPage: true });
    await context.close();
  });

  it('passes axe in high contrast with the largest text', async () => {
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${rig.base}/`);
    await page.click('summary');
    await page.click('button[name=contrast][value=high]');
    await page.click('summary');
    await page.click('button[name=textSize][value=x-large]');
    for (const url of ['/', '/services/building-permit', '/office/sign-in']) await check(page, url, `en-phone-hc${url.replace(/[/?=]+/g, '_')}`);
    await context.close();
  });

  it('a wrong password keeps the email and points at the field', async () => {
    const context = await rig.browser.newContext({ locale: 'en', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${rig.base}/office/sign-in`);
    await page.fill('#email', 'officer.interior@demo.hanaro.example');
    await page.fill('#password', 'not-the-password');
    await page.click('form[action="/office/sign-in"] button[type=submit]');
    assert.equal(await page.inputValue('#email'), 'officer.interior@demo.hanaro.example');
    assert.match(await page.textContent('.error-summary') ?? '', /not right/);
    await check(page, '/office/sign-in', 'en-phone-sign-in-error-before');
    await context.close();
  });
});
