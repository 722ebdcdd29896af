import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { checkPage, chromiumPath, launchChromium, SCREENS } from '../../../../test/support/browser.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { readPage } from './read-page.ts';
import { validatePage } from './validate.ts';
import { sampleForm, sampleIdRule } from './sample-form.ts';
import { EFormPage } from './views/eform-page.tsx';
import { CheckAnswers } from './views/check-answers.tsx';

const executablePath = chromiumPath();
const ROOT = path.join(import.meta.dirname, '..', '..', '..', '..');
const CSS = fs.readFileSync(path.join(ROOT, 'src', 'platform', 'web', 'assets', 'hanaro.css'), 'utf8').replace(/@import[^;]+;/g, '');
const TOKENS = path.join(ROOT, 'node_modules', 'krds-uiux', 'resources', 'css', 'token', 'krds_tokens.css');

function standalonePage(locale: string, body: string): string {
  const tokens = fs.existsSync(TOKENS) ? fs.readFileSync(TOKENS, 'utf8') : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>eForm</title><style>${tokens}\n${CSS}</style></head><body><main class="container">${body}</main></body></html>`;
}

function formPage(locale: 'ko' | 'en', withErrors: boolean): string {
  const tr = translator(locale, 'ko', 'Asia/Seoul');
  const body = withErrors ? { name: 'K', area: '12a', worksType: 'extension', startDate: '2026-02-30', features: ['lift'], ownerId: '900101-1234567' } : {};
  const read = readPage(sampleForm, 'works', body, { idNumber: sampleIdRule });
  const errors = withErrors ? validatePage(sampleForm, 'works', read.answers, {}, { tr, idNumber: sampleIdRule, raw: read.raw }) : [];
  return String(
    <EFormPage tr={tr} form={sampleForm} pageId="works" answers={read.answers} raw={read.raw} errors={errors} action="/apply" csrfToken="t" caption={tr.t('eform.check.title')}>
      <button type="submit" class="button">{tr.h('eform.continue')}</button>
      <button type="submit" class="button secondary" name="save" value="later">{tr.h('eform.saveLater')}</button>
    </EFormPage>,
  );
}

function filesAndCheck(locale: 'ko' | 'en'): string {
  const tr = translator(locale, 'ko', 'Asia/Seoul');
  const attachments = { drawings: [{ id: 'a1', name: 'site-plan-and-elevations-final-version.pdf', size: 2_400_000 }] };
  const answers = { name: 'Kim Haneul', worksType: 'extension', existingArea: 50, area: 120, startDate: '2026-03-01', zone: 'green', features: ['lift', 'ramp'], hasBasement: false, drawings: ['a1'] };
  return String(
    <>
      <EFormPage tr={tr} form={sampleForm} pageId="documents" answers={answers} action="/apply" csrfToken="t" attachments={attachments} removeAttachmentHref={(f, id) => `/apply/${f}/${id}/remove`}>
        <button type="submit" class="button">{tr.h('eform.continue')}</button>
      </EFormPage>
      <h2>{tr.h('eform.check.title')}</h2>
      <CheckAnswers tr={tr} form={sampleForm} answers={answers} attachments={attachments} changeHref={(p) => `/apply/${p}`} />
    </>,
  );
}

describe('an eForm page in a real browser at phone width', { skip: executablePath ? false : 'no Chromium on this machine (CI installs it)' }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium(executablePath!);
    fs.mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => browser?.close());

  const cases = [
    ...(['ko', 'en'] as const).flatMap((locale) => [
      { name: `eform-${locale}`, locale, html: formPage(locale, false) },
      { name: `eform-${locale}-errors`, locale, html: formPage(locale, true) },
      { name: `eform-${locale}-files-check`, locale, html: filesAndCheck(locale) },
    ]),
  ];
  for (const c of cases) {
    it(`${c.name} passes axe, fits 390px and keeps what was typed`, async () => {
      const context = await browser.newContext({ locale: c.locale, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.setContent(standalonePage(c.locale, c.html));
      await checkPage(page, c.name);
      if (c.name.endsWith('-errors')) {
        assert.equal(await page.inputValue('#f-area'), '12a');
        assert.equal(await page.inputValue('#f-startDate'), '2026-02-30');
        await page.click('.error-summary a[href="#f-area"]');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-area');
      }
      await context.close();
    });
  }
});
