import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';

/** What an agreement lets the controller read: the fields one data service returns, and who answers it. */
export interface AgreementAttribute {
  dataServiceId: string; providerAgencyId: string; registryId: string; title: Text; fields: string[];
  /** The law obliges the answer: read even without this consent, listed so the resident sees all that is read. */
  legalDuty: boolean;
}

interface AgreementTable {
  id: string; version: number; controller_agency_id: string; purpose: Text; lawful_basis: string; attributes: AgreementAttribute[];
  content_hash: string; created_at: Generated<Date>; updated_at: Generated<Date>; retired_at: Date | null;
}
interface AgreementRevisionTable { agreement_id: string; version: number; snapshot: string; hash: string; data_service_ids: string[]; created_at: Generated<Date> }
export type ConsentState = 'given' | 'withdrawn';
export type ConsentChannel = 'portal' | 'counter' | 'api';
interface ConsentTable {
  id: Generated<string>; data_agreement_id: string; data_agreement_version: number; data_agreement_hash: string; controller_agency_id: string;
  resident_id: string; state: ConsentState; given_at: Date; expires_at: Date; withdrawn_at: Date | null;
  language: string; channel: ConsentChannel; application_id: string | null; actor: string; acting_for: string | null; hash: string;
}
interface ConsentRevisionTable {
  id: Generated<number>; consent_id: string; seq: number; state: ConsentState; at: Date; actor: string; acting_for: string | null;
  snapshot: string; hash: string; predecessor_hash: string | null;
}
interface Tables {
  data_agreements: AgreementTable; data_agreement_revisions: AgreementRevisionTable;
  consent_records: ConsentTable; consent_record_revisions: ConsentRevisionTable;
}
const db = tablesOf<Tables>;

export type AgreementRow = Selectable<AgreementTable>;
export type AgreementRevisionRow = Selectable<AgreementRevisionTable>;
export type ConsentRow = Selectable<ConsentTable>;
export type ConsentRevisionRow = Selectable<ConsentRevisionTable>;

const json = (value: unknown) => JSON.stringify(value) as never;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id that cannot be a row's is answered as not found, never as a database error. */
export const isUuid = (id: string) => UUID.test(id);

// Data agreements

export async function findAgreement(conn: AnyDb, id: string): Promise<AgreementRow | undefined> {
  return db(conn).selectFrom('data_agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAgencyAgreement(conn: AnyDb, scope: AgencyScope, id: string): Promise<AgreementRow | undefined> {
  return db(conn).selectFrom('data_agreements').selectAll().where('id', '=', id).where('controller_agency_id', '=', scope.agencyId).executeTakeFirst();
}

export async function listAgencyAgreements(conn: AnyDb, scope: AgencyScope, page: { offset: number; limit: number }): Promise<AgreementRow[]> {
  return db(conn).selectFrom('data_agreements').selectAll().where('controller_agency_id', '=', scope.agencyId)
    .orderBy('id').offset(page.offset).limit(page.limit).execute();
}

/** The agreements an agency controls or answers a data service of (a provider verifies consents to them). */
export async function listInvolvedAgreements(conn: AnyDb, scope: AgencyScope, page: { offset: number; limit: number }): Promise<AgreementRow[]> {
  return db(conn).selectFrom('data_agreements').selectAll()
    .where((w) => w.or([w('controller_agency_id', '=', scope.agencyId), sql<boolean>`attributes @> ${json([{ providerAgencyId: scope.agencyId }])}::jsonb`]))
    .orderBy('id').offset(page.offset).limit(page.limit).execute();
}

export async function insertAgreement(trx: AnyDb, row: Omit<AgreementRow, 'created_at' | 'updated_at' | 'retired_at'>): Promise<void> {
  await db(trx).insertInto('data_agreements').values({ ...row, purpose: json(row.purpose), attributes: json(row.attributes), retired_at: null }).execute();
}

export async function updateAgreement(trx: AnyDb, row: Omit<AgreementRow, 'created_at' | 'updated_at' | 'retired_at'>): Promise<void> {
  await db(trx).updateTable('data_agreements').set({ ...row, purpose: json(row.purpose), attributes: json(row.attributes), updated_at: new Date(), retired_at: null })
    .where('id', '=', row.id).execute();
}

export async function retireAgreementsExcept(trx: AnyDb, keep: string[]): Promise<{ id: string; controller_agency_id: string }[]> {
  return db(trx).updateTable('data_agreements').set({ retired_at: new Date() }).where('retired_at', 'is', null)
    .where('id', 'not in', keep.length ? keep : ['']).returning(['id', 'controller_agency_id']).execute();
}

export async function insertAgreementRevision(trx: AnyDb, row: Omit<AgreementRevisionRow, 'created_at'>): Promise<void> {
  await db(trx).insertInto('data_agreement_revisions').values(row).execute();
}

export async function findAgreementRevision(conn: AnyDb, agreementId: string, version: number): Promise<AgreementRevisionRow | undefined> {
  return db(conn).selectFrom('data_agreement_revisions').selectAll().where('agreement_id', '=', agreementId).where('version', '=', version).executeTakeFirst();
}

// Consent records

/** Serialises giving and withdrawing for one resident and agreement, so two clicks make one consent. */
export async function lockResidentAgreement(trx: AnyDb, residentId: string, agreementId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`consent:${residentId}:${agreementId}`}))`.execute(trx);
}

export async function insertConsent(trx: AnyDb, row: ConsentRow): Promise<void> {
  await db(trx).insertInto('consent_records').values(row).execute();
}

export async function findConsent(conn: AnyDb, id: string): Promise<ConsentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('consent_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What the mediator's check needs, in one query: the consent, whether its agreement is in force, what its version covers. */
export async function findConsentToCheck(conn: AnyDb, id: string) {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('consent_records as c')
    .innerJoin('data_agreements as a', 'a.id', 'c.data_agreement_id')
    .innerJoin('data_agreement_revisions as r', (j) => j.onRef('r.agreement_id', '=', 'c.data_agreement_id').onRef('r.version', '=', 'c.data_agreement_version'))
    .select(['c.resident_id', 'c.state', 'c.expires_at', 'c.controller_agency_id', 'a.retired_at', 'r.data_service_ids'])
    .where('c.id', '=', id).executeTakeFirst();
}

export async function findAgencyConsent(conn: AnyDb, scope: AgencyScope, id: string): Promise<ConsentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db(conn).selectFrom('consent_records').selectAll().where('id', '=', id).where('controller_agency_id', '=', scope.agencyId).executeTakeFirst();
}

/** The newest consent given (not withdrawn, not expired at `now`) by a resident to one version of an agreement. */
export async function findGivenConsent(conn: AnyDb, q: { residentId: string; agreementId: string; version: number; now: Date }): Promise<ConsentRow | undefined> {
  return db(conn).selectFrom('consent_records').selectAll()
    .where('resident_id', '=', q.residentId).where('data_agreement_id', '=', q.agreementId).where('data_agreement_version', '=', q.version)
    .where('state', '=', 'given').where('expires_at', '>', q.now).orderBy('given_at', 'desc').limit(1).executeTakeFirst();
}

export async function listResidentConsents(conn: AnyDb, residentId: string): Promise<ConsentRow[]> {
  return db(conn).selectFrom('consent_records').selectAll().where('resident_id', '=', residentId).orderBy('given_at', 'desc').orderBy('id').limit(500).execute();
}

export interface ConsentFilter { residentId?: string; agreementId?: string; state?: ConsentState }

/** An agency's consent records (its own agreements only), newest first. */
export async function listAgencyConsents(conn: AnyDb, scope: AgencyScope, filter: ConsentFilter, page: { offset: number; limit: number }): Promise<ConsentRow[]> {
  let q = db(conn).selectFrom('consent_records').selectAll().where('controller_agency_id', '=', scope.agencyId);
  if (filter.residentId) q = q.where('resident_id', '=', filter.residentId);
  if (filter.agreementId) q = q.where('data_agreement_id', '=', filter.agreementId);
  if (filter.state) q = q.where('state', '=', filter.state);
  return q.orderBy('given_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute();
}

/** The residents with a consent record to one of the agency's agreements (its individuals), by resident id. */
export async function listAgencyIndividuals(conn: AnyDb, scope: AgencyScope, page: { offset: number; limit: number }): Promise<string[]> {
  const rows = await db(conn).selectFrom('consent_records').select('resident_id').distinct().where('controller_agency_id', '=', scope.agencyId)
    .orderBy('resident_id').offset(page.offset).limit(page.limit).execute();
  return rows.map((r) => r.resident_id);
}

export async function markWithdrawn(trx: AnyDb, id: string, at: Date, hash: string): Promise<boolean> {
  const r = await db(trx).updateTable('consent_records').set({ state: 'withdrawn', withdrawn_at: at, hash }).where('id', '=', id).where('state', '=', 'given').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertConsentRevision(trx: AnyDb, row: Omit<ConsentRevisionRow, 'id'>): Promise<void> {
  await db(trx).insertInto('consent_record_revisions').values(row).execute();
}

export async function listConsentRevisions(conn: AnyDb, consentId: string): Promise<ConsentRevisionRow[]> {
  return db(conn).selectFrom('consent_record_revisions').selectAll().where('consent_id', '=', consentId).orderBy('seq').execute();
}

export async function latestConsentRevision(conn: AnyDb, consentId: string): Promise<ConsentRevisionRow | undefined> {
  return db(conn).selectFrom('consent_record_revisions').selectAll().where('consent_id', '=', consentId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}
