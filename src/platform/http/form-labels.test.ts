import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formLabelBook, postForms } from './form-labels.ts';

const PAGE = `<main><form method="get" action="/search"><label for="q">Search</label><input id="q" name="q"></form>
<form method="post" action="/office/relying-parties?x=1" novalidate>
  <input type="hidden" name="_csrf" value="t">
  <div class="field"><label for="nameKo">Display name <span>(Korean)</span></label><p class="hint">h</p><input id="nameKo" name="nameKo" type="text"></div>
  <fieldset class="field"><legend>Checks &amp; more</legend><label><input type="checkbox" id="check-0" name="checks" value="a"> Age</label></fieldset>
  <textarea id="why" name="why" aria-label="Why?"></textarea>
</form></main>`;

describe('form labels for reduced service', () => {
  it('reads each posted form\'s fields under their labels, a checkbox group under its legend', () => {
    assert.deepEqual(postForms(PAGE), [{ action: '/office/relying-parties?x=1', labels: { fields: { nameKo: 'Display name (Korean)', checks: 'Checks & more', why: 'Why?' }, choices: { 'checks=a': 'Age' } } }]);
  });

  it('finds them again by language and action path, and nothing for a form it never rendered', () => {
    const book = formLabelBook();
    book.remember('en', '/office/relying-parties', PAGE);
    assert.equal(book.labelsOf('en', '/office/relying-parties').fields.nameKo, 'Display name (Korean)');
    assert.deepEqual(book.labelsOf('ko', '/office/relying-parties'), { fields: {}, choices: {} });
    assert.deepEqual(book.labelsOf('en', '/elsewhere'), { fields: {}, choices: {} });
  });
});
