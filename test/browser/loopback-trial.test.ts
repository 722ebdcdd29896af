/**
 * A local trial opened at http://127.0.0.1:<port> while PUBLIC_URL is http://localhost:<port>: the
 * resident lands on PUBLIC_URL's origin, signs up and stays signed in with the Secure `__Host-`
 * cookies, as on localhost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browserSuite, checkPage, fillSignUp, startBrowserRig, type BrowserRig } from '../support/browser.ts';
import { DEMO_RESIDENTS } from '../support/platform.ts';

describe('a local trial on 127.0.0.1', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  it('signs a resident up and in as on localhost', async () => {
    const loopback = rig.base.replace('//localhost:', '//127.0.0.1:');
    const page = await (await rig.browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${loopback}/sign-up`);
    assert.equal(page.url(), `${rig.base}/sign-up`, 'sent to PUBLIC_URL\'s origin');
    await fillSignUp(page, DEMO_RESIDENTS.mirae);
    await page.click('form[action="/sign-up"] button[type=submit]');
    await page.waitForURL(`${rig.base}/me`);
    const cookies = await page.context().cookies(rig.base);
    assert.ok(cookies.some((c) => c.name === '__Host-hanaro-resident' && c.secure), 'the resident session is a Secure __Host- cookie');
    await page.goto(`${loopback}/me/wallet`);
    assert.equal(page.url(), `${rig.base}/me/wallet`, 'still signed in after coming back through 127.0.0.1');
    await checkPage(page, 'loopback-trial-wallet');
  });
});
