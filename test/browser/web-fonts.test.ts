import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fontkit from '@pdf-lib/fontkit';
import type { Page } from 'playwright-core';
import { browserSuite, checkPage, startBrowserRig, type BrowserRig } from '../support/browser.ts';

// A first visit's fonts: an English page fetches only the small Latin files, a Korean page shows its Hangul in
// PretendardGOV. Asserted on the fonts fetched and their content (a file with Hangul syllables in it is a Hangul
// file, whatever its name), and on the font Chromium used for the text.
const PHONE = { width: 360, height: 740 };
const FIRST_VISIT = ['/', '/services', '/services/passport-application', '/sign-up'];
const HANGUL_SYLLABLE = (cp: number) => cp >= 0xac00 && cp <= 0xd7a3;

interface Fetched { url: string; bytes: number; syllables: number }

async function visit(rig: BrowserRig, locale: 'ko' | 'en', url: string): Promise<{ page: Page; fonts: Fetched[] }> {
  // A new context is a first visit: nothing cached.
  const page = await (await rig.browser.newContext({ locale, viewport: PHONE })).newPage();
  const fetched: Promise<Fetched>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'font') return;
    fetched.push(response.body().then((body) => ({
      url: new URL(response.url()).pathname, bytes: body.length,
      syllables: fontkit.create(body).characterSet.filter(HANGUL_SYLLABLE).length,
    })));
  });
  const response = await page.goto(rig.base + url, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, url);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  assert.equal(await page.getAttribute('html', 'lang'), locale);
  return { page, fonts: await Promise.all(fetched) };
}

/** The fonts Chromium drew an element's text with (DevTools' "Rendered fonts"). */
async function renderedFonts(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

describe('web fonts on a first visit, in a real browser', browserSuite(), () => {
  let rig: BrowserRig;
  before(async () => { rig = await startBrowserRig(); });
  after(() => rig?.close());

  for (const url of FIRST_VISIT) {
    it(`an English first visit to ${url} fetches no Hangul font and at most 50 KB of fonts, and draws in PretendardGOV`, async () => {
      const { page, fonts } = await visit(rig, 'en', url);
      assert.ok(fonts.length > 0, 'the page has its web font');
      // The Latin files carry the few Hangul letters an English page shows ("한국어" in the language chooser), no more.
      assert.deepEqual(fonts.filter((f) => f.syllables > 20), [], 'no Hangul font fetched');
      const total = fonts.reduce((sum, f) => sum + f.bytes, 0);
      assert.ok(total <= 50 * 1024, `fonts fetched: ${total} bytes (${fonts.map((f) => `${f.url} ${f.bytes}`).join(', ')})`);
      const h1 = await renderedFonts(page, 'h1');
      assert.deepEqual(h1.map((f) => [f.familyName.startsWith('Pretendard GOV'), f.isCustomFont]), [[true, true]], JSON.stringify(h1));
      const chooser = await renderedFonts(page, 'button[name=lang][value=ko]');
      assert.deepEqual(chooser.map((f) => f.isCustomFont), [true], `"한국어" in the web font: ${JSON.stringify(chooser)}`);
      if (url === '/') await checkPage(page, 'web-fonts-en-360');
      await page.context().close();
    });
  }

  it('a Korean first visit draws its Hangul in PretendardGOV, fetched as the Hangul file', async () => {
    const { page, fonts } = await visit(rig, 'ko', '/');
    assert.ok(fonts.some((f) => f.syllables >= 2300), `a Hangul font fetched: ${JSON.stringify(fonts)}`);
    const h1Text = await page.textContent('h1') ?? '';
    assert.match(h1Text, /[가-힣]/, 'the heading is Korean');
    const h1 = await renderedFonts(page, 'h1');
    assert.ok(h1.length > 0 && h1.every((f) => f.isCustomFont && f.familyName.startsWith('Pretendard GOV')), `the heading in PretendardGOV only: ${JSON.stringify(h1)}`);
    assert.equal(await page.evaluate((text) => document.fonts.check('700 16px "Pretendard GOV"', text), h1Text), true, 'document.fonts has the heading\'s letters loaded');
    await checkPage(page, 'web-fonts-ko-360');
    await page.context().close();
  });
});
