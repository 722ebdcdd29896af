import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { translator } from '../../../platform/i18n/i18n.ts';
import { loadPack } from '../../packs/index.ts';
import { readPage } from './read-page.ts';
import { validatePage } from './validate.ts';
import { sampleForm, sampleIdRule } from './sample-form.ts';
import { EFormPage, type EFormPageProps } from './views/eform-page.tsx';
import { CheckAnswers } from './views/check-answers.tsx';
import { ErrorSummary } from './views/error-summary.tsx';
import type { Answers } from './form-model.ts';

const en = translator('en', 'ko', 'Asia/Seoul');
const ko = translator('ko', 'ko', 'Asia/Seoul');
const render = (props: Partial<EFormPageProps> & { answers: Answers }) =>
  String(<EFormPage tr={en} form={sampleForm} pageId="works" action="/apply/x/works" csrfToken="tok" {...props} />);

describe('rendering an eForm page', () => {
  it('gives every question a label, ties hints and errors to it and keeps what was typed', () => {
    const read = readPage(sampleForm, 'works', { name: 'K', area: '12a', worksType: 'extension' });
    const errors = validatePage(sampleForm, 'works', read.answers, {}, { tr: en, idNumber: sampleIdRule, raw: read.raw });
    const html = render({ answers: read.answers, raw: read.raw, errors });
    assert.match(html, /<label class="field-label" for="f-name">/);
    assert.match(html, /<p class="hint" id="f-name-hint">Family name then given name<\/p>/);
    assert.match(html, /<input id="f-name" name="name" value="K" aria-describedby="f-name-hint f-name-error" aria-invalid="true" type="text"/);
    assert.match(html, /id="f-area" name="area" value="12a"[^>]*inputmode="numeric"/);
    assert.match(html, /<a href="#f-area">The total floor area must be a number, like 12<\/a>/);
    assert.match(html, /<div class="error-summary" role="alert"/);
    assert.match(html, /value="extension" checked/);
    assert.match(html, /<input type="hidden" name="_csrf" value="tok"\/>/);
    assert.match(html, /<form method="post" action="\/apply\/x\/works" novalidate/);
    assert.match(html, /Step 1 of 2/);
  });

  it('puts sections in fieldsets, radios and checkbox lists in fieldsets, and a "Choose…" first in a select', () => {
    const html = render({ answers: { features: ['ramp'] } });
    assert.match(html, /<fieldset class="eform-section"><legend class="eform-section-title">You<\/legend>/);
    assert.match(html, /<fieldset class="field choices-field"><legend class="field-label"><span>Type of works<\/span>/);
    assert.match(html, /<input type="checkbox" id="f-features-1" name="features" value="ramp" checked/);
    assert.match(html, /<select id="f-zone" name="zone"><option value="">Choose…<\/option>/);
    assert.match(html, /<input id="f-email" name="email" value="" type="email" autocomplete="email"/);
    assert.match(html, /<span class="optional"> \(optional\)<\/span>/);
  });

  it('shows a question that depends on this page with a hint saying when to answer it', () => {
    const html = String(<EFormPage tr={ko} form={sampleForm} pageId="works" action="/a" csrfToken="t" answers={{}} />);
    assert.match(html, /<p class="hint condition" id="f-existingArea-when">‘건축 구분’에서 ‘증축’을 선택한 경우에만 입력해 주세요.<\/p>/);
    assert.match(html, /aria-describedby="f-existingArea-when"/);
  });

  it('shows a question that depends on an earlier page only when that answer holds', () => {
    const page = (answers: Answers) => String(<EFormPage tr={en} form={sampleForm} pageId="basement" action="/a" csrfToken="t" answers={answers} />);
    assert.doesNotMatch(page({ hasBasement: false }), /basementFloors/);
    assert.match(page({ hasBasement: true }), /name="basementFloors"/);
  });

  it('lists uploaded files with a remove button and sends files as multipart', () => {
    const html = String(
      <EFormPage tr={en} form={sampleForm} pageId="documents" action="/a" csrfToken="t" answers={{ drawings: ['f1'] }}
        attachments={{ drawings: [{ id: 'f1', name: 'plan.pdf', size: 2_500_000 }] }}
        removeAttachmentHref={(field, id) => `/a/files/${field}/${id}/remove`} />,
    );
    assert.match(html, /enctype="multipart\/form-data"/);
    assert.match(html, /<input type="file" id="f-drawings" name="drawings" multiple accept="application\/pdf,image\/png"/);
    assert.match(html, /PDF or PNG\. Up to 20 MB each, up to 3 files\./);
    assert.match(html, /<span class="file-name">plan.pdf<\/span><span class="file-size">2.4 MB<\/span>/);
    assert.match(html, /formaction="\/a\/files\/drawings\/f1\/remove" formnovalidate name="remove" value="f1">Remove<span class="visually-hidden"> plan.pdf<\/span>/);
  });

  it('escapes whatever a person typed or a file was called', () => {
    const evil = fc.string().map((s) => `${s}<script>alert(1)</script>"'&`);
    fc.assert(fc.property(evil, evil, (typed, fileName) => {
      const read = readPage(sampleForm, 'works', { name: typed, about: typed, area: typed, startDate: typed, zone: typed });
      const html = render({ answers: read.answers, raw: read.raw, errors: [{ field: 'name', message: typed }] })
        + String(<EFormPage tr={en} form={sampleForm} pageId="documents" action="/a" csrfToken="t" answers={{}} attachments={{ drawings: [{ id: typed, name: fileName, size: 1 }] }} removeAttachmentHref={() => '/r'} />)
        + String(<CheckAnswers tr={en} form={sampleForm} answers={{ ...read.answers, drawings: [typed] }} attachments={{ drawings: [{ id: typed, name: fileName, size: 1 }] }} changeHref={(p) => `/c/${p}`} />);
      // Inside a double-quoted attribute only a quote can break out; everywhere else no tag may appear.
      assert.doesNotMatch(html.replace(/="[^"]*"/g, '=""'), /<script>|"'&/);
    }), { numRuns: 200 });
  });
});

describe('the check-your-answers list', () => {
  it('shows each visible page with its answers in the person\'s language and a Change link', () => {
    const answers: Answers = { name: 'Kim', worksType: 'extension', existingArea: 50, area: 120000, startDate: '2026-03-01', zone: 'green',
      features: ['lift', 'parking'], hasBasement: false, drawings: ['f1'], consent: true };
    const html = String(<CheckAnswers tr={ko} form={sampleForm} answers={answers} attachments={{ drawings: [{ id: 'f1', name: 'plan.pdf', size: 10 }] }} changeHref={(p) => `/apply/x/${p}`} />);
    assert.match(html, /<dt>건축 구분<\/dt><dd><span>증축<\/span><\/dd>/);
    assert.match(html, /<dt>연면적 \(㎡\)<\/dt><dd><span>120,000<\/span>/);
    assert.match(html, /<dt>착공 예정일<\/dt><dd><span>2026년 3월 1일<\/span>/);
    assert.match(html, /<li>승강기<\/li><li>주차장<\/li>/);
    assert.match(html, /<dt>지하층이 있습니다<\/dt><dd><span>아니요<\/span>/);
    assert.match(html, /<dt>공사 설명<\/dt><dd class="multiline"><span class="note">입력하지 않음<\/span>/);
    assert.match(html, /<span>plan.pdf<\/span>/);
    assert.match(html, /<a href="\/apply\/x\/works">변경<span class="visually-hidden"> ‘공사’ 입력 내용<\/span><\/a>/);
    assert.doesNotMatch(html, /지하 층수/, 'the basement page is hidden');
  });

  it('can link each problem to the page that holds it', () => {
    const html = String(<ErrorSummary tr={en} errors={[{ field: 'area', message: 'Enter the total floor area' }]} hrefFor={(e) => `/apply/x/works#f-${e.field}`} />);
    assert.match(html, /<a href="\/apply\/x\/works#f-area">Enter the total floor area<\/a>/);
  });
});

describe('every demo service form', () => {
  const pack = loadPack(path.join(import.meta.dirname, '..', '..', '..', '..', 'packs', 'demo'));
  it('renders and validates every page from an empty body, in both languages', () => {
    let pages = 0;
    for (const service of pack.services) {
      for (const page of service.form.layout.pages) {
        for (const tr of [ko, en]) {
          const read = readPage(service.form, page.id, {}, { idNumber: pack.country.idNumber });
          const errors = validatePage(service.form, page.id, read.answers, {}, { tr, idNumber: pack.country.idNumber, raw: read.raw });
          const html = String(<EFormPage tr={tr} form={service.form} pageId={page.id} answers={read.answers} errors={errors} action="/a" csrfToken="t" />);
          assert.match(html, /<h1>/, `${service.id}/${page.id}`);
          for (const e of errors) {
            assert.ok(html.includes(`id="f-${e.field}"`), `${service.id}/${page.id}: the summary links to #f-${e.field}`);
            assert.doesNotMatch(e.message, /\{|undefined|eform\./, `${service.id}/${page.id}: ${e.message}`);
          }
        }
        pages += 1;
      }
    }
    assert.ok(pages >= 24);
  });

  it('has a required-answer message for every required field of every service', () => {
    for (const service of pack.services) {
      const required = new Set(service.form.schema.required ?? []);
      const errors = service.form.layout.pages.flatMap((p) =>
        validatePage(service.form, p.id, readPage(service.form, p.id, {}).answers, {}, { tr: en, idNumber: pack.country.idNumber }));
      for (const name of required) assert.ok(errors.some((e) => e.field === name), `${service.id}.${name} is asked for`);
    }
  });
});
