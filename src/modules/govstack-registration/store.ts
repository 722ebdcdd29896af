import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';

interface ApiKeyRow {
  id: Generated<string>; agency_id: string; label: string; prefix: string; secret_hash: string; scopes: string[];
  created_by: string | null; created_at: Generated<Date>; last_used_at: Date | null; revoked_at: Date | null;
}
export type ApiKey = Omit<Selectable<ApiKeyRow>, 'secret_hash'>;

interface IdempotencyRow { client_id: string; key: string; request_hash: string; application_id: string; created_at: Generated<Date> }

interface DocumentRow {
  id: Generated<string>; agency_id: string; client_id: string; filename: string; media_type: string;
  size: number; sha256: string; content: Buffer; metadata: string | null; created_at: Generated<Date>;
}
export type StagedDocument = Selectable<DocumentRow>;

interface Tables { api_keys: ApiKeyRow; govstack_idempotency_keys: IdempotencyRow; govstack_documents: DocumentRow }
const db = tablesOf<Tables>;
const KEY_COLUMNS = ['id', 'agency_id', 'label', 'prefix', 'scopes', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function insertApiKey(trx: AnyDb, scope: AgencyScope, k: Pick<ApiKeyRow, 'label' | 'prefix' | 'secret_hash' | 'scopes' | 'created_by'>): Promise<string> {
  const row = await db(trx).insertInto('api_keys').values({ ...k, agency_id: scope.agencyId, last_used_at: null, revoked_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listApiKeys(conn: AnyDb, scope: AgencyScope): Promise<ApiKey[]> {
  return db(conn).selectFrom('api_keys').select(KEY_COLUMNS).where('agency_id', '=', scope.agencyId).orderBy('created_at', 'desc').execute();
}

export async function revokeApiKeyRow(trx: AnyDb, scope: AgencyScope, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await db(trx).updateTable('api_keys').set({ revoked_at: new Date() })
    .where('id', '=', id).where('agency_id', '=', scope.agencyId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The live key with this hash; marks it used (at most once a minute, to spare the row). */
export async function findLiveApiKey(conn: AnyDb, secretHash: string): Promise<ApiKey | undefined> {
  const key = await db(conn).selectFrom('api_keys').select(KEY_COLUMNS).where('secret_hash', '=', secretHash).where('revoked_at', 'is', null).executeTakeFirst();
  if (key && (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000)) {
    await db(conn).updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', key.id).execute();
  }
  return key;
}

export async function findIdempotentRequest(conn: AnyDb, clientId: string, key: string): Promise<Selectable<IdempotencyRow> | undefined> {
  return db(conn).selectFrom('govstack_idempotency_keys').selectAll().where('client_id', '=', clientId).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotentRequest(trx: AnyDb, row: Omit<IdempotencyRow, 'created_at'>): Promise<void> {
  await db(trx).insertInto('govstack_idempotency_keys').values(row).execute();
}

export async function insertDocument(trx: AnyDb, scope: AgencyScope, d: Omit<DocumentRow, 'id' | 'created_at' | 'agency_id'>): Promise<string> {
  return (await db(trx).insertInto('govstack_documents').values({ ...d, agency_id: scope.agencyId }).returning('id').executeTakeFirstOrThrow()).id;
}

/** The caller's own staged documents among `ids`; another client's or agency's are not found. */
export async function findDocuments(conn: AnyDb, scope: AgencyScope, clientId: string, ids: string[]): Promise<StagedDocument[]> {
  const wanted = ids.filter(isUuid);
  if (!wanted.length) return [];
  return db(conn).selectFrom('govstack_documents').selectAll().where('agency_id', '=', scope.agencyId)
    .where('client_id', '=', clientId).where('id', 'in', wanted).execute();
}

/** The bytes of the agency's uploads not yet filed with an application: they count against its storage quota. */
export async function stagedDocumentBytesOf(conn: AnyDb, agencyId: string): Promise<number> {
  const row = await db(conn).selectFrom('govstack_documents').select((eb) => eb.fn.sum<string | null>('size').as('bytes')).where('agency_id', '=', agencyId).executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

export async function deleteDocuments(trx: AnyDb, scope: AgencyScope, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db(trx).deleteFrom('govstack_documents').where('agency_id', '=', scope.agencyId).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}
