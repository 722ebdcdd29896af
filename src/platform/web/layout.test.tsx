import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../i18n/i18n.ts';
import { Page } from './layout.tsx';
import type { Preferences, Shell } from './shell.ts';

const shell = (over: Partial<Shell> = {}, prefs: Preferences = { textSize: 'normal', contrast: 'normal' }): Shell => ({
  tr: translator('en', 'ko', 'Asia/Seoul'), countryName: { ko: '한결공화국', en: 'Republic of Hangyeol' }, emblem: undefined, locales: ['ko', 'en'],
  prefs, csrfToken: 'token-1', here: '/office', staff: null, resident: null, ...over,
});
const page = (s: Shell) => <Page shell={s} title="Back office"><h1>Back office</h1></Page>;

describe('the top bar', () => {
  it('offers a visitor to sign in, but not an officer who is signed in', async () => {
    assert.match(await page(shell()), /<a href="\/sign-in\/start">Sign in<\/a>/);
    const officer = await page(shell({ staff: { name: 'Officer Kim' } }));
    assert.doesNotMatch(officer, /Sign in</);
    assert.doesNotMatch(officer, /href="\/office\/sign-in"/, 'nor staff sign-in at the foot of the page');
    assert.match(officer, /<a href="\/office">Back office<\/a>/);
  });

  it('keeps text size and contrast folded once chosen, the summary saying what is chosen', async () => {
    const chosen = await page(shell({}, { textSize: 'x-large', contrast: 'high' }));
    assert.match(chosen, /<details class="display-settings"><summary>Text size and contrast<span class="chosen-display">\(now: Largest, High contrast\)<\/span><\/summary>/);
    assert.match(await page(shell()), /<details class="display-settings"><summary>Text size and contrast<\/summary>/);
  });
});
