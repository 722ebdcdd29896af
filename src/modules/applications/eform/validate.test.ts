import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../../../platform/i18n/i18n.ts';
import { readPage } from './read-page.ts';
import { validateForm, validatePage } from './validate.ts';
import { sampleForm, sampleIdRule } from './sample-form.ts';
import type { Answers } from './form-model.ts';

const en = { tr: translator('en', 'ko', 'Asia/Seoul'), idNumber: sampleIdRule };
const ko = { tr: translator('ko', 'ko', 'Asia/Seoul'), idNumber: sampleIdRule };
const valid: Answers = { name: 'Kim Haneul', worksType: 'new-build', area: 120, startDate: '2026-03-01', email: 'kim@example.com', zone: 'green', ownerId: '900101-1234568', hasBasement: false };

function messages(body: Record<string, unknown>, context = en, saved: Answers = {}): Record<string, string> {
  const read = readPage(sampleForm, 'works', body, { idNumber: sampleIdRule });
  const errors = validatePage(sampleForm, 'works', read.answers, saved, { ...context, raw: read.raw });
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}
const asBody = (a: Answers) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'true' : '') : Array.isArray(v) ? v : String(v)]));

describe('validating an eForm page', () => {
  it('accepts a page answered in full', () => {
    assert.deepEqual(messages(asBody(valid)), {});
  });

  it('names every missing required answer with a plain sentence, in layout order', () => {
    const read = readPage(sampleForm, 'works', {});
    const errors = validatePage(sampleForm, 'works', read.answers, {}, en);
    assert.deepEqual(errors, [
      { field: 'name', message: 'Enter the full name' },
      { field: 'worksType', message: 'Choose the type of works' },
      { field: 'area', message: 'Enter the total floor area' },
      { field: 'startDate', message: 'Enter the start date' },
      { field: 'email', message: 'Enter the email' },
      { field: 'zone', message: 'Choose the zoning' },
      { field: 'ownerId', message: "Enter the owner's resident registration number" },
    ]);
  });

  it('writes the same messages in Korean with the right particles', () => {
    const m = messages({ area: '100001', name: 'K' }, ko);
    assert.equal(m.area, '연면적은 100,000 이하로 입력해 주세요.');
    assert.equal(m.name, '이름은 2자 이상 입력해 주세요.');
    assert.equal(m.worksType, '건축 구분을 선택해 주세요.');
    assert.equal(m.zone, '용도지역을 선택해 주세요.');
  });

  it('explains numbers: not a number, not whole, too small, too large', () => {
    assert.equal(messages({ ...asBody(valid), area: '12a' }).area, 'The total floor area must be a number, like 12');
    assert.equal(messages({ ...asBody(valid), area: '12.5' }).area, 'The total floor area must be a whole number, like 12');
    assert.equal(messages({ ...asBody(valid), area: '0' }).area, 'The total floor area must be 1 or more');
    assert.equal(messages({ ...asBody(valid), area: '100001' }).area, 'The total floor area must be 100,000 or less');
    assert.equal(messages({ ...asBody(valid), height: '0' }).height, 'The height must be more than 0');
  });

  it('explains text length, dates, email and pattern', () => {
    const m = messages({ ...asBody(valid), name: 'K', about: 'x'.repeat(51), startDate: '2026-02-30', email: 'kim@', phone: '12345' });
    assert.equal(m.name, 'The full name must be 2 characters or more');
    assert.equal(m.about, 'The answer to “Describe the works” must be 50 characters or fewer');
    assert.equal(m.startDate, 'Enter the start date as a real date, like 2026-03-01');
    assert.equal(m.email, 'Enter an email address in the right format, like name@example.com');
    assert.equal(m.phone, 'Enter the phone number in the right format');
  });

  it('refuses an option that is not on the list', () => {
    assert.equal(messages({ ...asBody(valid), zone: 'moon' }).zone, 'Choose the zoning');
    assert.equal(messages({ ...asBody(valid), features: ['lift', 'pool'] }).features, 'Choose the facilities');
    assert.equal(messages({ ...asBody(valid), features: ['lift', 'ramp', 'parking'] }).features, 'Choose no more than 2 options for the facilities');
  });

  it('checks an ID number against the country rule, check digit included', () => {
    assert.equal(messages({ ...asBody(valid), ownerId: '900101-1234567' }).ownerId,
      "The owner's resident registration number is not a valid number. Check it for a typing mistake");
    assert.equal(messages({ ...asBody(valid), ownerId: '9001' }).ownerId, "Enter the owner's resident registration number like 900101-1234568");
    assert.equal(messages({ ...asBody(valid), ownerId: '9001011234568' }).ownerId, undefined);
    const luhn = { ...en, idNumber: { ...sampleIdRule, checkDigit: { algorithm: 'luhn' as const } } };
    assert.match(messages({ ...asBody(valid), ownerId: '900101-1234568' }, luhn).ownerId ?? '', /not a valid number/);
  });

  it('asks a question shown only when another answer is given, on the same page, only then', () => {
    assert.deepEqual(messages({ ...asBody(valid), existingArea: '12a' }), {}, 'hidden: what was typed is ignored');
    assert.equal(messages({ ...asBody(valid), worksType: 'extension', existingArea: '12a' }).existingArea, 'The existing floor area must be a number, like 12');
    assert.deepEqual(messages({ ...asBody(valid), worksType: 'extension' }), {}, 'shown but optional');
  });

  it('asks a question that depends on an earlier page only when that answer holds', () => {
    const read = readPage(sampleForm, 'basement', { basementFloors: '9' });
    assert.deepEqual(validatePage(sampleForm, 'basement', read.answers, { hasBasement: false }, en), []);
    assert.deepEqual(validatePage(sampleForm, 'basement', read.answers, { hasBasement: true }, en),
      [{ field: 'basementFloors', message: 'The floors below ground must be 5 or less' }]);
  });

  it('counts files and asks for a consent tick', () => {
    const none = readPage(sampleForm, 'documents', {});
    assert.deepEqual(validatePage(sampleForm, 'documents', none.answers, {}, en), [
      { field: 'drawings', message: 'Upload the drawings' },
      { field: 'consent', message: 'To continue, tick “I agree that my records may be checked”' },
    ]);
    const many = readPage(sampleForm, 'documents', { consent: 'true' }, { attachments: { drawings: ['1', '2', '3', '4'] } });
    assert.deepEqual(validatePage(sampleForm, 'documents', many.answers, {}, ko), [
      { field: 'drawings', message: '설계도서는 최대 3개까지 올릴 수 있습니다. 필요 없는 파일을 삭제해 주세요.' },
    ]);
  });

  it('checks the whole form before submitting, skipping what is hidden, and says on which page', () => {
    const all: Answers = { ...valid, hasBasement: true, drawings: ['a'], consent: true };
    assert.deepEqual(validateForm(sampleForm, all, en), []);
    assert.deepEqual(validateForm(sampleForm, { ...all, basementFloors: 9 }, en).map((e) => [e.pageId, e.field]), [['basement', 'basementFloors']]);
    assert.deepEqual(validateForm(sampleForm, { ...all, hasBasement: false, basementFloors: 9 }, en), []);
    assert.deepEqual(validateForm(sampleForm, {}, en).map((e) => e.pageId).filter((p, i, a) => a.indexOf(p) === i), ['works', 'documents']);
  });
});
