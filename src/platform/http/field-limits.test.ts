import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { fieldLimits } from './field-limits.ts';

describe("a posted form's text fields", () => {
  it("carry the maxlength of the route that takes them, whatever drew the form, leaving other fields alone", async () => {
    const app = Fastify();
    const limits = fieldLimits(app);
    app.post('/things/:id/rename', { schema: { body: { type: 'object', properties: { title: { type: 'string', maxLength: 120 }, note: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string', maxLength: 200 } } } } }, async () => 'ok');
    await app.ready();
    const html = '<form method="post" action="/things/7/rename"><input type="hidden" name="_csrf" value="t"/>'
      + '<input id="title" name="title" type="text" value="&#34;><b>x"/><textarea name="note"></textarea><input name="title" type="checkbox" value="1"/></form>'
      + '<form method="get" action="/search"><input name="title"/></form>';
    assert.equal(limits.apply(html, '/things/7'),
      '<form method="post" action="/things/7/rename"><input type="hidden" name="_csrf" value="t"/>'
      + '<input id="title" name="title" type="text" value="&#34;><b>x" maxlength="120"/><textarea name="note" maxlength="2000"></textarea><input name="title" type="checkbox" value="1"/></form>'
      + '<form method="get" action="/search"><input name="title"/></form>');
    await app.close();
  });
});
