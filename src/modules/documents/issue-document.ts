import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { translator, type Text } from '../../platform/i18n/i18n.ts';
import { findAgency } from '../agencies/index.ts';
import { findCountry } from '../country/index.ts';
import { insertDocument, type Statement } from './store.ts';
import { pdfTools } from './pdf-tools.ts';
import { agencySigningIdentity } from './signing-keys.ts';
import type { Tx } from '../../platform/db/database.ts';

export type DocumentSettings = Pick<Config, 'publicUrl' | 'documentKeySecret'>;

export interface IssueDocumentInput {
  agencyId: string;
  serviceId: string;
  applicationId: string;
  residentId: string;
  holderName: string;
  /** The holder's name in Latin letters, printed beside it when the document has a second language. */
  holderNameLatin?: string | null;
  /** The full ID number: only its masked form is printed and kept. */
  holderIdNumber: string;
  title: Text;
  statements: Statement[];
  issuedAt: Date;
  validityDays: number | null;
  /** The pack's languages, main one first. */
  languages: string[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Renders, signs with the agency's key and stores an e-certificate, inside the caller's
 * transaction: the document exists exactly when the decision that issued it does.
 */
export async function issueDocument(trx: Tx, input: IssueDocumentInput, who: Actor, settings: DocumentSettings): Promise<{ documentId: string }> {
  const [agency, country] = await Promise.all([findAgency(trx, input.agencyId), findCountry(trx)]);
  if (!agency || !country) throw new Error(`cannot issue a document: agency ${input.agencyId} or the country is missing`);
  const documentId = randomBytes(16).toString('base64url');
  const validUntil = input.validityDays === null ? null : new Date(input.issuedAt.getTime() + input.validityDays * DAY_MS);
  const holderIdMasked = maskIdNumber(input.holderIdNumber);
  const face = {
    documentId, country: country.name, agency: agency.name, agencyShort: agency.short_name ?? agency.name, title: input.title,
    holderName: input.holderName, holderNameLatin: input.holderNameLatin ?? null, idLabel: country.idNumber.label, holderIdMasked,
    statements: input.statements, issuedAt: input.issuedAt, validUntil, languages: input.languages, timeZone: country.timeZone,
    verifyUrl: `${settings.publicUrl}/verify/${documentId}`, verifyUploadUrl: `${settings.publicUrl}/verify`,
  };
  const english = (t: Text) => t.en ?? Object.values(t)[0] ?? '';
  const identity = await agencySigningIdentity(trx, agency.id, { country: english(country.name), agency: english(agency.name) }, settings.documentKeySecret, who);
  const main = input.languages[0] ?? 'en';
  const { renderDocument, signPdf } = await pdfTools();
  const pdf = await signPdf(await renderDocument(face), identity, {
    name: agency.name[main] ?? english(agency.name), reason: translator(main, 'en', country.timeZone).t('documents.pdf.signatureReason'),
    location: country.name[main] ?? english(country.name), contact: face.verifyUrl, at: input.issuedAt,
  });
  await insertDocument(trx, {
    id: documentId, agency_id: agency.id, service_id: input.serviceId, application_id: input.applicationId, resident_id: input.residentId,
    holder_name: input.holderName, holder_name_latin: input.holderNameLatin ?? null, holder_id_masked: holderIdMasked,
    title: input.title, statements: input.statements, languages: input.languages, issued_at: input.issuedAt, valid_until: validUntil,
    pdf: new Uint8Array(pdf), pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
  });
  await recordAudit(trx, who, {
    agencyId: agency.id, action: 'document.issued', target: `document:${documentId}`,
    details: { serviceId: input.serviceId, applicationId: input.applicationId, residentId: input.residentId },
  });
  return { documentId };
}

/** 900101-1234568 → 900101-1******: birth date and sex digit stay, the rest is hidden. */
export function maskIdNumber(id: string): string {
  const kr = /^(\d{6}-\d)(\d+)$/.exec(id.trim());
  if (kr) return kr[1] + '*'.repeat(kr[2]!.length);
  const visible = Math.ceil(id.length / 2);
  return id.slice(0, visible) + id.slice(visible).replace(/[0-9A-Za-z]/g, '*');
}
