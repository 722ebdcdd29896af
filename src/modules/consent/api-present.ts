import type { Text, Translator } from '../../platform/i18n/i18n.ts';
import { statusOf } from './list-consents.ts';
import type { AgreementAttribute, AgreementRevisionRow, ConsentRevisionRow, ConsentRow } from './store.ts';

/** What presenting needs: the caller's language, agency names, and where the platform is. */
export interface PresentContext { tr: Translator; publicUrl: string; agencyName: (id: string) => Text }

export interface AgreementVersion { id: string; version: number; controller: string; purpose: Text; lawfulBasis: string; attributes: AgreementAttribute[]; active: boolean }

/** A consent record with what it points at, loaded for presenting. */
export interface ConsentBundle {
  record: ConsentRow; agreement: AgreementVersion; agreementRevision: AgreementRevisionRow;
  revisions: ConsentRevisionRow[]; individualExternalId: string | null;
}

const base = (ctx: PresentContext) => ctx.publicUrl.replace(/\/$/, '');

/** GovStack DataAgreement; `dataServices` and `dataAttributes` (Hanaro) say what is read from whom. */
export function presentAgreement(a: AgreementVersion, ctx: PresentContext) {
  return {
    id: a.id, version: String(a.version),
    controller: { id: a.controller, name: ctx.tr.text(ctx.agencyName(a.controller)), url: `${base(ctx)}/agencies/${a.controller}` },
    purpose: ctx.tr.text(a.purpose), lawfulBasis: a.lawfulBasis, dataUse: 'data_using_service',
    // No data protection impact assessment is held by the platform; the field is required, so it is empty.
    dpia: '', active: a.active, forgettable: false,
    dataServices: a.attributes.map((s) => ({
      id: s.dataServiceId, title: ctx.tr.text(s.title), provider: { id: s.providerAgencyId, name: ctx.tr.text(ctx.agencyName(s.providerAgencyId)) },
      registry: s.registryId, fields: s.fields, legalDuty: s.legalDuty,
    })),
    dataAttributes: a.attributes.flatMap((s) => s.fields.map((f) => ({ id: `${s.dataServiceId}.${f}`, name: f, sensitivity: 'personal', category: s.dataServiceId }))),
  };
}

export function presentAgreementRevision(r: AgreementRevisionRow) {
  return {
    id: `${r.agreement_id}:${r.version}`, schemaName: 'DataAgreement', objectId: r.agreement_id,
    serializedSnapshot: r.snapshot, serializedHash: r.hash, timestamp: r.created_at.toISOString(),
  };
}

export function presentConsentRevision(r: ConsentRevisionRow, residentId: string) {
  const byIndividual = r.actor === `resident:${residentId}`;
  return {
    id: `${r.consent_id}:${r.seq}`, schemaName: 'ConsentRecord', objectId: r.consent_id, signedWithoutObjectId: false,
    serializedSnapshot: r.snapshot, serializedHash: r.hash, timestamp: r.at.toISOString(),
    ...(byIndividual ? { authorizedByIndividual: { id: residentId } } : { authorizedByOther: r.actor }),
    ...(r.predecessor_hash ? { predecessorHash: r.predecessor_hash } : {}),
  };
}

/**
 * The record's seal: not a key signature by the individual (residents hold no keys here) but the SHA-256
 * of the revision's canonical snapshot, chained to the revision before, so any later change shows.
 */
export function presentSignature(r: ConsentRevisionRow, residentId: string) {
  return {
    id: `${r.consent_id}:${r.seq}`, payload: r.snapshot, signature: r.hash, verificationMethod: 'sha256-hash-chain',
    verificationPayload: r.snapshot, verificationPayloadHash: r.hash, verificationSignedBy: r.actor,
    verificationSignedAs: r.actor === `resident:${residentId}` ? 'individual' : 'delegate',
    timestamp: r.at.toISOString(), signedWithoutObjectReference: false, objectType: 'revision', objectReference: `${r.consent_id}:${r.seq}`,
  };
}

/** GovStack Individual: the resident, by their id in the resident registry, with their ID number. */
export const presentIndividual = (residentId: string, idNumber: string | null) =>
  ({ id: residentId, ...(idNumber ? { externalId: idNumber, externalIdType: 'national-id' } : {}) });

/** GovStack ConsentRecord, with Hanaro's dates, channel and status beside it. */
export function presentConsent(b: ConsentBundle, ctx: PresentContext) {
  const r = b.record;
  const newest = b.revisions.at(-1)!;
  return {
    id: r.id,
    dataAgreement: presentAgreement(b.agreement, ctx),
    dataAgreementRevision: presentAgreementRevision(b.agreementRevision),
    dataAgreementRevisionHash: r.data_agreement_hash,
    individual: presentIndividual(r.resident_id, b.individualExternalId),
    optIn: r.state === 'given', state: 'signed',
    signature: presentSignature(newest, r.resident_id),
    status: statusOf(r), givenAt: r.given_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    ...(r.withdrawn_at ? { withdrawnAt: r.withdrawn_at.toISOString() } : {}),
    language: r.language, channel: r.channel, ...(r.application_id ? { applicationId: r.application_id } : {}),
  };
}
