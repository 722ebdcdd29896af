import { randomUUID } from 'node:crypto';
import { inTransaction, type AnyDb } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { findResidentById } from '../residents/index.ts';
import { ConsentRefused } from './consent-errors.ts';
import { consentRevision } from './revisions.ts';
import * as store from './store.ts';

/** A consent holds for a year; the resident is asked again after that. */
export const CONSENT_VALIDITY_DAYS = 365;
const DAY_MS = 86_400_000;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/;

export interface GiveConsentInput {
  residentId: string; dataAgreementId: string; language: string;
  channel: store.ConsentChannel; applicationId?: string | null;
  /** Who agreed: `resident:<id>` (the resident or a representative acting for them) or an agency system. */
  actor: string;
  requestId?: string | null;
}

/** Under a mandate the actor is the representative, at a counter the officer: either way the consent is the resident's. */
export const actingForOf = (actor: string, residentId: string) => (/^(resident|staff):/.test(actor) && actor !== `resident:${residentId}` ? `resident:${residentId}` : null);

function check(input: GiveConsentInput): void {
  const bad = (what: string) => { throw new ConsentRefused('invalid_input', what); };
  if (!LANGUAGE.test(input.language)) bad('language');
  if (!['portal', 'counter', 'api'].includes(input.channel)) bad('channel');
  if (!input.actor || input.actor.length > 200) bad('actor');
  if (input.applicationId != null && (!input.applicationId || input.applicationId.length > 100)) bad('applicationId');
}

/**
 * The resident agrees that the service's agency may read, for this service, what the current version of its
 * data agreement lists. A consent already valid for that version is answered again, not doubled.
 */
export async function giveConsent(conn: AnyDb, input: GiveConsentInput): Promise<{ id: string }> {
  check(input);
  if (!store.isUuid(input.residentId)) throw new ConsentRefused('unknown_resident');
  // Inside the caller's transaction when there is one: an application's draft, consent and fetched data commit together.
  return inTransaction(conn, async (trx) => {
    const agreement = await store.findAgreement(trx, input.dataAgreementId);
    if (!agreement) throw new ConsentRefused('unknown_agreement', input.dataAgreementId);
    if (agreement.retired_at) throw new ConsentRefused('agreement_retired', input.dataAgreementId);
    if (!await findResidentById(trx, input.residentId)) throw new ConsentRefused('unknown_resident');
    await store.lockResidentAgreement(trx, input.residentId, agreement.id);
    const now = new Date();
    const valid = await store.findGivenConsent(trx, { residentId: input.residentId, agreementId: agreement.id, version: agreement.version, now });
    if (valid) return { id: valid.id };
    const revision = await store.findAgreementRevision(trx, agreement.id, agreement.version);
    const actingFor = actingForOf(input.actor, input.residentId);
    const record = {
      id: randomUUID(), data_agreement_id: agreement.id, data_agreement_version: agreement.version, data_agreement_hash: revision!.hash,
      controller_agency_id: agreement.controller_agency_id, resident_id: input.residentId, state: 'given' as const,
      given_at: now, expires_at: new Date(now.getTime() + CONSENT_VALIDITY_DAYS * DAY_MS), withdrawn_at: null,
      language: input.language, channel: input.channel, application_id: input.applicationId ?? null, actor: input.actor, acting_for: actingFor,
    };
    const first = consentRevision({ record, seq: 1, at: now, actor: input.actor, actingFor, predecessorHash: null });
    await store.insertConsent(trx, { ...record, hash: first.hash });
    await store.insertConsentRevision(trx, first);
    await recordAudit(trx, { actor: input.actor, actingFor, requestId: input.requestId ?? null }, {
      agencyId: agreement.controller_agency_id, action: 'consent.given', target: `consent:${record.id}`,
      details: { resident: `resident:${input.residentId}`, dataAgreement: agreement.id, version: agreement.version, channel: input.channel, applicationId: record.application_id, hash: first.hash },
    });
    return { id: record.id };
  });
}
