import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../test/support/databases.ts';
import { startTestPlatform, testConfig, Visitor } from '../../../test/support/platform.ts';
import { issueDocument } from './index.ts';
import { findResidentDocumentPdf } from './store.ts';

const target = databaseTargets()[0]!;

describe('verification pages', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  let documentId: string;
  let pdf: Buffer;

  before(async () => {
    platform = await startTestPlatform(target);
    const input = {
      agencyId: 'interior', serviceId: 'resident-registration-copy', applicationId: 'a-1', residentId: 'r-1', holderName: '김민준', holderIdNumber: '900101-1234568',
      title: { ko: '주민등록표 등본', en: 'Certificate of residence' }, statements: [{ label: { ko: '주소', en: 'Address' }, value: '한결시 동구 새터로 12' }],
      issuedAt: new Date(), validityDays: 30, languages: ['ko', 'en'],
    };
    documentId = (await platform.database.db.transaction().execute((trx) => issueDocument(trx, input, { actor: 'system:test' }, testConfig()))).documentId;
    pdf = Buffer.from((await findResidentDocumentPdf(platform.database.db, 'r-1', documentId))!);
  });
  after(() => platform.close());

  async function upload(visitor: Visitor, file: Buffer, type = 'application/pdf') {
    const page = await visitor.get('/verify');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const boundary = '----hanaro-test';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc.pdf"\r\nContent-Type: ${type}\r\n\r\n`), file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return platform.app.inject({ method: 'POST', url: '/verify', payload, headers: { ...visitor.headers, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }

  it('the QR link says authentic and shows what the document states', async () => {
    const res = await new Visitor(platform.app, { 'accept-language': 'ko' }).get(`/verify/${documentId}`);
    assert.equal(res.statusCode, 200);
    for (const s of ['진본입니다', '행정안전부', '김민준', '900101-1******', '한결시 동구 새터로 12']) assert.ok(res.body.includes(s), s);
  });

  it('answers JSON when asked', async () => {
    const res = await platform.app.inject({ url: `/verify/${documentId}`, headers: { accept: 'application/json' } });
    assert.equal(res.json().outcome, 'authentic');
    assert.equal(res.json().document.holderIdMasked, '900101-1******');
  });

  it('an unknown id is not ours', async () => {
    const res = await new Visitor(platform.app, { 'accept-language': 'en' }).get('/verify/AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(res.statusCode, 404);
    assert.ok(res.body.includes('Not issued by us'));
  });

  it('an uploaded PDF as issued is authentic; a changed one is altered', async () => {
    const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
    const ok = await upload(visitor, pdf);
    assert.equal(ok.statusCode, 200);
    assert.ok(ok.body.includes('Authentic'));
    const changed = Buffer.from(pdf);
    changed[400] = changed[400]! ^ 1;
    assert.ok((await upload(visitor, changed)).body.includes('Altered'));
  });

  it('a file that is not a PDF, or too large, gets a form error, not a 500', async () => {
    const visitor = new Visitor(platform.app, { 'accept-language': 'en' });
    const notPdf = await upload(visitor, Buffer.from('hello'), 'text/plain');
    assert.equal(notPdf.statusCode, 400);
    assert.ok(notPdf.body.includes('This is not a PDF file'));
    const big = await upload(visitor, Buffer.alloc(10 * 1024 * 1024 + 10, 0x25));
    assert.equal(big.statusCode, 400);
    assert.ok(big.body.includes('larger than 10 MB'));
    const empty = await platform.app.inject({ method: 'POST', url: '/verify', payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(empty.statusCode < 500, `empty form gave ${empty.statusCode}`);
  });
});
