import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dropHiddenAnswers, mergePageAnswers, nextPageId, pageProgress, previousPageId, visiblePages } from './form-model.ts';
import { sampleForm } from './sample-form.ts';

describe('moving through an eForm', () => {
  it('skips a page whose every question is hidden, both ways', () => {
    const noBasement = { hasBasement: false };
    assert.deepEqual(visiblePages(sampleForm, noBasement).map((p) => p.id), ['works', 'documents']);
    assert.equal(nextPageId(sampleForm, 'works', noBasement), 'documents');
    assert.equal(previousPageId(sampleForm, 'documents', noBasement), 'works');
    assert.deepEqual(pageProgress(sampleForm, 'documents', noBasement), { step: 2, total: 2 });
    const basement = { hasBasement: true };
    assert.equal(nextPageId(sampleForm, 'works', basement), 'basement');
    assert.equal(previousPageId(sampleForm, 'documents', basement), 'basement');
    assert.deepEqual(pageProgress(sampleForm, 'documents', basement), { step: 3, total: 3 });
  });

  it('ends at the check page and begins at the first page', () => {
    assert.equal(nextPageId(sampleForm, 'documents', {}), undefined);
    assert.equal(previousPageId(sampleForm, 'works', {}), undefined);
    assert.equal(nextPageId(sampleForm, 'no-such-page', {}), undefined);
  });

  it('drops the answers of questions whose condition no longer holds', () => {
    assert.deepEqual(dropHiddenAnswers(sampleForm, { worksType: 'new-build', existingArea: 50, hasBasement: false, basementFloors: 2 }),
      { worksType: 'new-build', hasBasement: false });
    assert.deepEqual(dropHiddenAnswers(sampleForm, { worksType: 'extension', existingArea: 50 }), { worksType: 'extension', existingArea: 50 });
  });

  it('merges a page into the saved answers, replacing that page and dropping what its new answers hide', () => {
    const saved = { name: 'Kim', about: 'old', hasBasement: true, basementFloors: 2, drawings: ['a'] };
    assert.deepEqual(mergePageAnswers(sampleForm, 'works', saved, { name: 'Lee', hasBasement: false }),
      { name: 'Lee', hasBasement: false, drawings: ['a'] });
  });
});
