import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readPage, isoDate, parseNumber } from './read-page.ts';
import { sampleForm, sampleIdRule } from './sample-form.ts';

const read = (body: Record<string, unknown>, options = {}) => readPage(sampleForm, 'works', body, options);

describe('reading a submitted eForm page', () => {
  it('trims text, keeps line breaks in a textarea and leaves empty answers out', () => {
    const { answers, raw } = read({ name: '  김  하늘 ', about: ' first line\r\nsecond line \n', email: '   ', phone: '' });
    assert.deepEqual(answers.name, '김 하늘');
    assert.equal(answers.about, 'first line\nsecond line');
    assert.ok(!('email' in answers) && !('phone' in answers));
    assert.deepEqual(raw, {});
  });

  it('reads numbers, including grouped and full-width digits, and keeps what does not parse', () => {
    assert.equal(read({ area: '1,200' }).answers.area, 1200);
    assert.equal(read({ area: '１２' }).answers.area, 12);
    assert.equal(read({ height: '3.5' }).answers.height, 3.5);
    const bad = read({ area: '12a' });
    assert.ok(!('area' in bad.answers));
    assert.equal(bad.raw.area, '12a');
    assert.equal(parseNumber('1e9'), undefined, 'no exponents: nobody types them on purpose');
  });

  it('reads a radio or select as its option and keeps an unknown option for validation to refuse', () => {
    assert.equal(read({ worksType: 'extension', zone: 'green' }).answers.worksType, 'extension');
    assert.equal(read({ zone: 'green' }).answers.zone, 'green');
    assert.equal(read({ zone: 'moon' }).answers.zone, 'moon');
  });

  it('reads a single checkbox as true or false and a checkbox list as an array', () => {
    assert.equal(read({ hasBasement: 'true' }).answers.hasBasement, true);
    assert.equal(read({}).answers.hasBasement, false);
    assert.deepEqual(read({ features: ['lift', 'ramp', 'lift'] }).answers.features, ['lift', 'ramp']);
    assert.deepEqual(read({ features: 'parking' }).answers.features, ['parking']);
    assert.ok(!('features' in read({ features: [] }).answers));
  });

  it('turns the ways people write dates into ISO dates and keeps anything else as typed', () => {
    assert.equal(read({ startDate: '2026-03-01' }).answers.startDate, '2026-03-01');
    assert.equal(read({ startDate: '2026. 3. 1.' }).answers.startDate, '2026-03-01');
    assert.equal(read({ startDate: '2026/3/1' }).answers.startDate, '2026-03-01');
    assert.equal(read({ startDate: '20260301' }).answers.startDate, '2026-03-01');
    assert.equal(read({ startDate: 'next week' }).answers.startDate, 'next week');
    assert.equal(isoDate('2026년 3월 1일'), '2026-03-01');
  });

  it('lays out an ID number typed without its hyphen like the country example', () => {
    assert.equal(read({ ownerId: '900101 1234568' }, { idNumber: sampleIdRule }).answers.ownerId, '900101-1234568');
    assert.equal(read({ ownerId: '9001011234568' }, { idNumber: sampleIdRule }).answers.ownerId, '900101-1234568');
    assert.equal(read({ ownerId: '90010112' }, { idNumber: sampleIdRule }).answers.ownerId, '90010112');
  });

  it('reads email and phone numbers without stray spaces', () => {
    assert.equal(read({ email: ' a@b.example ' }).answers.email, 'a@b.example');
    assert.equal(read({ phone: '010 1234 5678' }).answers.phone, '010-1234-5678');
  });

  it('takes file answers from the stored attachments, never from the body', () => {
    const page = readPage(sampleForm, 'documents', { drawings: 'someone-elses-file' }, { attachments: { drawings: ['a1', 'a2'] } });
    assert.deepEqual(page.answers.drawings, ['a1', 'a2']);
    assert.ok(!('drawings' in readPage(sampleForm, 'documents', { drawings: 'x' }).answers));
  });

  it('reads only the fields of the page asked for, and nothing from an unknown page', () => {
    assert.deepEqual(Object.keys(read({ basementFloors: '2', consent: 'true', name: 'Kim' }).answers).sort(), ['hasBasement', 'name']);
    assert.deepEqual(readPage(sampleForm, 'nope', { name: 'x' }), { answers: {}, raw: {} });
  });

  it('takes the last value when a single-value name is repeated', () => {
    assert.equal(read({ name: ['first', 'second'] }).answers.name, 'second');
  });

  it('never throws, whatever the body holds', () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(undefined), fc.integer(), fc.object());
    const names = fc.constantFrom(...Object.keys(sampleForm.schema.properties), '__proto__', 'constructor', 'toString');
    fc.assert(fc.property(fc.dictionary(names, value), fc.constantFrom('works', 'basement', 'documents', 'x'), (body, pageId) => {
      const { answers, raw } = readPage(sampleForm, pageId, body, { idNumber: sampleIdRule });
      for (const v of Object.values(answers)) assert.ok(['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v));
      for (const v of Object.values(raw)) assert.equal(typeof v, 'string');
    }), { numRuns: 500 });
  });
});
