import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import { upsertPackRow, retirePackRowsExcept, type Change } from '../../platform/db/pack-rows.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { DataService } from '../packs/index.ts';
import type { JWK } from 'jose';

interface DataServiceTable {
  id: string; agency_id: string; registry_id: string; definition: DataService; content_hash: string;
  created_at: Generated<Date>; updated_at: Generated<Date>; retired_at: Date | null;
}
interface MemberKeyTable {
  kid: string; agency_id: string; holder: 'platform' | 'system'; label: string; public_jwk: JWK; sealed_private_key: Uint8Array | null;
  created_at: Generated<Date>; created_by: string; revoked_at: Date | null; revoked_by: string | null; retired_at: Generated<Date | null>;
}
interface MessageTable {
  id: Generated<number>; message_id: string; side: 'consumer' | 'provider' | 'mediator'; agency_id: string | null;
  client_member: string | null; provider_member: string | null; data_service_id: string | null; request_jti: string | null;
  purpose: string | null; service_id: string | null; application_id: string | null; consent_id: string | null; subject_hash: string | null;
  outcome: 'answered' | 'refused'; reason: string | null; record_count: number | null;
  request_jws: string; response_jws: string | null; created_at: Generated<Date>;
}
interface RequestIdTable { client_agency_id: string; jti: string; seen_at: Generated<Date> }
interface Tables { data_services: DataServiceTable; exchange_member_keys: MemberKeyTable; exchange_messages: MessageTable; exchange_request_ids: RequestIdTable }
const db = tablesOf<Tables>;

export type MemberKeyRow = Selectable<MemberKeyTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Omit<MessageRow, 'id' | 'created_at'>;

export async function upsertDataService(trx: AnyDb, ds: DataService, contentHash: string): Promise<Change> {
  return upsertPackRow(trx, 'data_services', { id: ds.id, agency_id: ds.agency, registry_id: ds.registry, definition: JSON.stringify(ds), content_hash: contentHash });
}

export const retireDataServicesExcept = (trx: AnyDb, keep: string[]) => retirePackRowsExcept(trx, 'data_services', keep);

export async function findDataService(conn: AnyDb, id: string): Promise<DataService | undefined> {
  const row = await db(conn).selectFrom('data_services').select('definition').where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  return row?.definition;
}

export async function listDataServices(conn: AnyDb, providerAgencyId?: string): Promise<DataService[]> {
  let q = db(conn).selectFrom('data_services').select('definition').where('retired_at', 'is', null);
  if (providerAgencyId) q = q.where('agency_id', '=', providerAgencyId);
  return (await q.orderBy('id').execute()).map((r) => r.definition);
}

export async function findPlatformKey(conn: AnyDb, agencyId: string): Promise<MemberKeyRow | undefined> {
  return db(conn).selectFrom('exchange_member_keys').selectAll()
    .where('agency_id', '=', agencyId).where('holder', '=', 'platform').where('revoked_at', 'is', null).where('retired_at', 'is', null).executeTakeFirst();
}

/** Stops the agency's platform key from signing; it stays live for verification. */
export async function retirePlatformKey(trx: AnyDb, agencyId: string): Promise<string | undefined> {
  const row = await db(trx).updateTable('exchange_member_keys').set({ retired_at: new Date() })
    .where('agency_id', '=', agencyId).where('holder', '=', 'platform').where('revoked_at', 'is', null).where('retired_at', 'is', null)
    .returning('kid').executeTakeFirst();
  return row?.kid;
}

/** Serialises creating an agency's platform key, so two first requests make one key. */
export async function lockMemberKeys(trx: AnyDb, agencyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'exchange-key:' + agencyId}))`.execute(trx);
}

export async function insertMemberKey(conn: AnyDb, row: Omit<MemberKeyRow, 'created_at' | 'revoked_at' | 'revoked_by' | 'retired_at'>): Promise<void> {
  await db(conn).insertInto('exchange_member_keys').values({ ...row, public_jwk: JSON.stringify(row.public_jwk) as never }).execute();
}

export async function kidTaken(conn: AnyDb, kid: string): Promise<boolean> {
  return !!await db(conn).selectFrom('exchange_member_keys').select('kid').where('kid', '=', kid).executeTakeFirst();
}

/** A member's key that may verify its messages now. */
export async function findActiveKey(conn: AnyDb, agencyId: string, kid: string): Promise<MemberKeyRow | undefined> {
  return db(conn).selectFrom('exchange_member_keys').selectAll()
    .where('agency_id', '=', agencyId).where('kid', '=', kid).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function listActiveKeys(conn: AnyDb, agencyId?: string): Promise<MemberKeyRow[]> {
  let q = db(conn).selectFrom('exchange_member_keys').selectAll().where('revoked_at', 'is', null);
  if (agencyId) q = q.where('agency_id', '=', agencyId);
  return q.orderBy('agency_id').orderBy('created_at').execute();
}

export async function listAgencyKeys(conn: AnyDb, scope: AgencyScope): Promise<MemberKeyRow[]> {
  return db(conn).selectFrom('exchange_member_keys').selectAll().where('agency_id', '=', scope.agencyId).orderBy('created_at', 'desc').execute();
}

export async function revokeSystemKey(conn: AnyDb, scope: AgencyScope, kid: string, by: string): Promise<boolean> {
  const rows = await db(conn).updateTable('exchange_member_keys').set({ revoked_at: new Date(), revoked_by: by })
    .where('agency_id', '=', scope.agencyId).where('kid', '=', kid).where('holder', '=', 'system').where('revoked_at', 'is', null)
    .returning('kid').execute();
  return rows.length > 0;
}

/** False when the member used this request id before: a replay. */
export async function claimRequestId(conn: AnyDb, clientAgencyId: string, jti: string): Promise<boolean> {
  const rows = await db(conn).insertInto('exchange_request_ids').values({ client_agency_id: clientAgencyId, jti })
    .onConflict((oc) => oc.doNothing()).returning('jti').execute();
  return rows.length > 0;
}

/** Forgets request ids seen before `before`; returns how many. */
export async function forgetRequestIdsSeenBefore(conn: AnyDb, before: Date): Promise<number> {
  const r = await db(conn).deleteFrom('exchange_request_ids').where('seen_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertMessages(conn: AnyDb, rows: NewMessage[]): Promise<void> {
  if (rows.length) await db(conn).insertInto('exchange_messages').values(rows).execute();
}

export async function listAgencyMessages(conn: AnyDb, scope: AgencyScope, page: { limit: number; offset: number }): Promise<MessageRow[]> {
  return db(conn).selectFrom('exchange_messages').selectAll().where('agency_id', '=', scope.agencyId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function countAgencyMessages(conn: AnyDb, scope: AgencyScope): Promise<number> {
  const row = await db(conn).selectFrom('exchange_messages').select(sql<number>`count(*)::int`.as('n')).where('agency_id', '=', scope.agencyId).executeTakeFirstOrThrow();
  return row.n;
}

export async function listMessagesOf(conn: AnyDb, messageId: string): Promise<MessageRow[]> {
  return db(conn).selectFrom('exchange_messages').selectAll().where('message_id', '=', messageId).orderBy('id').execute();
}

/**
 * Requests the mediator refused since `since`, per agency (as consumer or provider), and in all
 * (each request once, those of no member agency too); one agency sees only its own.
 */
export async function countRefusedRequests(conn: AnyDb, scope: AgencyScope | 'platform', since: Date): Promise<{ total: number; byAgency: { agency_id: string; refused: number }[] }> {
  const agency = scope === 'platform' ? sql<boolean>`true` : sql<boolean>`agency_id = ${scope.agencyId}`;
  const { rows } = await sql<{ agency_id: string; refused: number }>`select agency_id, count(distinct message_id)::int as refused from exchange_messages
    where outcome = 'refused' and created_at >= ${since} and agency_id is not null and ${agency} group by agency_id order by 1`.execute(conn);
  const { rows: [all] } = await sql<{ n: number }>`select count(distinct message_id)::int as n from exchange_messages
    where outcome = 'refused' and created_at >= ${since} and ${scope === 'platform' ? sql`true` : agency}`.execute(conn);
  return { total: all?.n ?? 0, byAgency: rows };
}
