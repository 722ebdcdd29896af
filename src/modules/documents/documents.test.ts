import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import { sql } from 'kysely';
import { databaseTargets } from '../../../test/support/databases.ts';
import { migratedDatabase, testConfig, DEMO_PACK, seedTestPack } from '../../../test/support/platform.ts';
import type { Database } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { issueDocument, listDocumentsOfResident, revokeDocument, verifyDocumentFile, verifyDocumentId, type IssueDocumentInput } from './index.ts';
import { findResidentDocumentPdf } from './store.ts';

const settings = testConfig();
const officer = { actor: 'staff:test-officer' };

export function sampleInput(overrides: Partial<IssueDocumentInput> = {}): IssueDocumentInput {
  return {
    agencyId: 'police', serviceId: 'criminal-record-certificate', applicationId: 'app-1', residentId: 'resident-kim',
    holderName: '김민준', holderNameLatin: 'Kim Minjun', holderIdNumber: '900101-1234568',
    title: { ko: '범죄경력회보서', en: 'Criminal record certificate' },
    statements: [
      { label: { ko: '조회 목적', en: 'Purpose' }, value: '취업 / Employment' },
      { label: { ko: '주소', en: 'Address' }, value: '한결시 동구 새터로 12' },
      { label: { ko: '범죄경력', en: 'Criminal record' }, value: '해당 없음 / None' },
    ],
    issuedAt: new Date(), validityDays: 90, languages: ['ko', 'en'], ...overrides,
  };
}

export async function issue(database: Database, overrides: Partial<IssueDocumentInput> = {}): Promise<{ documentId: string; pdf: Uint8Array }> {
  const input = sampleInput(overrides);
  const { documentId } = await database.db.transaction().execute((trx) => issueDocument(trx, input, officer, settings));
  return { documentId, pdf: (await findResidentDocumentPdf(database.db, input.residentId, documentId))! };
}

for (const target of databaseTargets()) {
  describe(`e-certificates [${target.name}]`, () => {
    let database: Database;
    let doc: { documentId: string; pdf: Uint8Array };

    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database, DEMO_PACK);
      doc = await issue(database);
    });
    after(() => database.close());

    it('issues a document that verifies as authentic by its id', async () => {
      assert.match(doc.documentId, /^[A-Za-z0-9_-]{22}$/);
      const verdict = await verifyDocumentId(database.db, doc.documentId);
      assert.equal(verdict.outcome, 'authentic');
      assert.ok('document' in verdict && verdict.document.holder_id_masked === '900101-1******');
    });

    it('creates the root and the agency key once, encrypted, and audits both', async () => {
      await issue(database, { applicationId: 'app-2' });
      const keys = await sql<{ id: string; encrypted_private_key: Uint8Array }>`select id, encrypted_private_key from document_signing_keys order by id`.execute(database.db);
      assert.deepEqual(keys.rows.map((k) => k.id), ['agency:police', 'platform-root']);
      for (const k of keys.rows) assert.ok(!Buffer.from(k.encrypted_private_key).includes(Buffer.from('PRIVATE KEY')) && Buffer.from(k.encrypted_private_key)[0] === 0x30);
      const audit = await sql<{ action: string; target: string }>`select action, target from audit_log where action like 'document.%' order by id`.execute(database.db);
      assert.deepEqual(audit.rows.slice(0, 3).map((r) => r.action), ['document.signing_key.created', 'document.signing_key.created', 'document.issued']);
    });

    it('an uploaded PDF exactly as issued is authentic', async () => {
      assert.equal((await verifyDocumentFile(database.db, doc.pdf)).outcome, 'authentic');
    });

    it('one byte changed inside the signed range makes it altered', async () => {
      const text = Buffer.from(doc.pdf).toString('latin1');
      const at = text.indexOf('/HanaroDocumentId') - 40;
      const tampered = Buffer.from(doc.pdf);
      tampered[at] = tampered[at]! ^ 0x01;
      assert.equal((await verifyDocumentFile(database.db, tampered)).outcome, 'altered');
      const content = Buffer.from(doc.pdf);
      const stream = text.indexOf('stream') + 20;
      content[stream] = content[stream]! ^ 0x20;
      assert.equal((await verifyDocumentFile(database.db, content)).outcome, 'altered');
    });

    it('bytes appended after the signature make it altered', async () => {
      const appended = Buffer.concat([Buffer.from(doc.pdf), Buffer.from('\n% added later\n')]);
      assert.equal((await verifyDocumentFile(database.db, appended)).outcome, 'altered');
    });

    it('a PDF we did not issue, or an unknown id, is not ours', async () => {
      const other = await PDFDocument.create();
      other.addPage();
      assert.equal((await verifyDocumentFile(database.db, await other.save())).outcome, 'not_ours');
      assert.equal((await verifyDocumentId(database.db, 'AAAAAAAAAAAAAAAAAAAAAA')).outcome, 'not_ours');
      assert.equal((await verifyDocumentId(database.db, '../etc')).outcome, 'not_ours');
    });

    it('a document signed by a key outside our root is not ours', async () => {
      const elsewhere = await migratedDatabase(target);
      try {
        await seedTestPack(elsewhere, DEMO_PACK);
        const { pdf } = await issue(elsewhere);
        assert.equal((await verifyDocumentFile(database.db, pdf)).outcome, 'not_ours');
      } finally {
        await elsewhere.close();
      }
    });

    it('revoking with a reason makes both checks say revoked, and is audited', async () => {
      const { documentId, pdf } = await issue(database, { applicationId: 'app-3' });
      await assert.rejects(revokeDocument(database.db, agencyScope('police'), documentId, '  ', officer), /reason_required/);
      await assert.rejects(revokeDocument(database.db, agencyScope('interior'), documentId, 'wrong agency', officer), /not in interior/);
      await revokeDocument(database.db, agencyScope('police'), documentId, '신청인 요청에 따른 취소', officer);
      const byId = await verifyDocumentId(database.db, documentId);
      assert.equal(byId.outcome, 'revoked');
      assert.ok('document' in byId && byId.document.revoked_reason === '신청인 요청에 따른 취소');
      assert.equal((await verifyDocumentFile(database.db, pdf)).outcome, 'revoked');
      const audit = await sql<{ details: { reason: string } }>`select details from audit_log where action = 'document.revoked' and target = ${'document:' + documentId}`.execute(database.db);
      assert.equal(audit.rows[0]?.details.reason, '신청인 요청에 따른 취소');
      await assert.rejects(revokeDocument(database.db, agencyScope('police'), documentId, 'again', officer), /already_revoked/);
    });

    it('the wallet lists only the resident\'s own documents', async () => {
      await issue(database, { residentId: 'resident-lee', holderName: '이서연', applicationId: 'app-4' });
      const mine = await listDocumentsOfResident(database.db, 'resident-kim');
      assert.ok(mine.length >= 2 && mine.every((d) => d.resident_id === 'resident-kim'));
      assert.equal(await findResidentDocumentPdf(database.db, 'resident-lee', doc.documentId), undefined);
    });

    it('embeds a subsetted Hangul font and the text is really there', async () => {
      const pdf = await PDFDocument.load(doc.pdf);
      const fonts = pdf.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'));
      assert.ok(fonts.length >= 1);
      for (const f of fonts) {
        assert.match(String(f.get(PDFName.of('FontName'))), /^\/[A-Z]{6}\+Pretendard-(Regular|Bold)$/, 'a tagged Pretendard subset');
        const program = pdf.context.lookup(f.get(PDFName.of('FontFile2'))) as { getContents(): Uint8Array } | undefined;
        assert.ok(program, 'font program embedded');
        assert.ok(program.getContents().length < 200_000, 'only the glyphs used, not the 2.7 MB font');
      }
      const text = await pageText(doc.pdf);
      for (const expected of ['범죄경력회보서', 'Criminal record certificate', '김민준', '900101-1******', '위와 같이 증명합니다.', '경찰청', `/verify/${doc.documentId}`]) {
        assert.ok(squeeze(text).includes(squeeze(expected)), `the page says ${expected}: ${JSON.stringify(text.slice(0, 400))}`);
      }
      assert.ok(!text.includes('1234568'), 'the full ID number is not printed');
    });
  });
}

// pdf.js splits runs at the font's wide figure hyphen (900101- 1); compare without spacing.
const squeeze = (s: string) => s.replace(/\s+/g, '');

async function pageText(pdf: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  await doc.cleanup();
  return content.items.map((i) => ('str' in i ? i.str : '')).join('\n');
}
