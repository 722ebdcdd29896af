import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { formLabelSeal, postForms } from './form-labels.ts';

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

  it('seals them into each posted form, and takes back only a seal that holds, on any node with the key', () => {
    const [sealed] = /<input type="hidden" name="_labels" value="[^"]+">/.exec(formLabelSeal('k').carry(PAGE))!;
    assert.equal(formLabelSeal('k').carry('<form method="get"><label for="q">Q</label><input id="q" name="q"></form>'), '<form method="get"><label for="q">Q</label><input id="q" name="q"></form>', 'a form that is not posted carries nothing');
    // As the browser posts it: the attribute's text, unescaped.
    const value = /value="([^"]+)"/.exec(sealed)![1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    assert.match(sealed, /value="[\w-]+\.\{&quot;fields&quot;:/, 'the labels as plain JSON, for the page\'s compression');
    const posted = (labels: string, type = 'application/x-www-form-urlencoded') => ({ headers: { 'content-type': type }, body: { _labels: labels, nameKo: 'x' } }) as unknown as FastifyRequest;
    const other = formLabelSeal('k');
    const request = posted(value);
    other.take(request);
    assert.deepEqual(request.body, { nameKo: 'x' }, 'no route sees the carried labels');
    assert.equal(other.labelsOf(request).fields.nameKo, 'Display name (Korean)');
    assert.equal(other.labelsOf(request).choices['checks=a'], 'Age');
    const tag = value.slice(0, value.indexOf('.'));
    const forged = JSON.stringify({ fields: { nameKo: 'Type your password' }, choices: {} });
    for (const bad of [`${tag}.${forged}`, tag, `${tag}.`, 'x', `${tag[0] === 'A' ? 'B' : 'A'}${value.slice(1)}`, `${tag}.{not json`]) {
      const refused = posted(bad);
      other.take(refused);
      assert.deepEqual(other.labelsOf(refused), { fields: {}, choices: {} }, `a seal that does not hold: ${bad.slice(0, 20)}`);
    }
    const api = posted(value, 'application/json');
    other.take(api);
    assert.deepEqual(api.body, { _labels: value, nameKo: 'x' }, 'a JSON body is the client\'s own');
    const elsewhere = posted(value);
    formLabelSeal('another key').take(elsewhere);
    assert.deepEqual(formLabelSeal('another key').labelsOf(elsewhere), { fields: {}, choices: {} });
  });
});
