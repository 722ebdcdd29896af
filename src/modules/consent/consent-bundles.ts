import type { AnyDb } from '../../platform/db/database.ts';
import { findResidentById } from '../residents/index.ts';
import type { AgreementVersion, ConsentBundle } from './api-present.ts';
import * as store from './store.ts';

interface AgreedSnapshot { objectData: { id: string; version: number; controller: string; purpose: AgreementVersion['purpose']; lawfulBasis: string; attributes: AgreementVersion['attributes'] } }

/** The agreement as one of its revisions holds it. */
export function agreementOfRevision(revision: store.AgreementRevisionRow, active: boolean): AgreementVersion {
  const d = (JSON.parse(revision.snapshot) as AgreedSnapshot).objectData;
  return { id: d.id, version: d.version, controller: d.controller, purpose: d.purpose, lawfulBasis: d.lawfulBasis, attributes: d.attributes, active };
}

export const agreementOfRow = (a: store.AgreementRow): AgreementVersion => ({
  id: a.id, version: a.version, controller: a.controller_agency_id, purpose: a.purpose, lawfulBasis: a.lawful_basis, attributes: a.attributes, active: a.retired_at === null,
});

/** A consent record with the agreement version it was given to, its history and the resident's ID number. */
export async function consentBundle(conn: AnyDb, record: store.ConsentRow): Promise<ConsentBundle> {
  const [agreementRevision, current, revisions, resident] = [
    await store.findAgreementRevision(conn, record.data_agreement_id, record.data_agreement_version),
    await store.findAgreement(conn, record.data_agreement_id),
    await store.listConsentRevisions(conn, record.id),
    await findResidentById(conn, record.resident_id),
  ];
  const active = !!current && current.retired_at === null;
  return { record, agreement: agreementOfRevision(agreementRevision!, active), agreementRevision: agreementRevision!, revisions, individualExternalId: resident?.id_number ?? null };
}
