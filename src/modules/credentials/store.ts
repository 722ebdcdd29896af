import { sql } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { CredentialType } from '../packs/index.ts';

export type CredentialFormat = 'dc+sd-jwt' | 'mso_mdoc';
export type CredentialStatus = 'valid' | 'suspended' | 'revoked';

interface CredentialTypeRow { id: string; agency_id: string; definition: CredentialType; content_hash: string; retired_at: Date | null }
export interface IssuerKeyRow { id: string; agency_id: string; kind: 'iaca' | 'document_signer'; certificate: Uint8Array; encrypted_private_key: Uint8Array; created_at: Date; retired_at?: Date | null }
export interface OfferRow { code_hash: string; resident_id: string; credential_type_id: string; tx_code_hash: string | null; expires_at: Date; used_at: Date | null; created_at: Date }
export interface AccessTokenRow { token_hash: string; resident_id: string; credential_type_id: string; dpop_jkt: string; expires_at: Date }
export interface IssuedCredentialRow {
  id: string; agency_id: string; resident_id: string; credential_type_id: string; format: CredentialFormat;
  status_list_id: string; status_index: number; status: CredentialStatus; holder_key_thumbprint: string;
  issued_at: Date; expires_at: Date; status_reason: string | null; status_changed_by: string | null; status_changed_at: Date | null;
}

interface Tables {
  credential_types: CredentialTypeRow; credential_issuer_keys: IssuerKeyRow;
  credential_offers: OfferRow; credential_access_tokens: AccessTokenRow; credential_nonces: { nonce: string; expires_at: Date; used_at: Date | null };
  credential_dpop_proofs: { jti: string; expires_at: Date }; issued_credentials: IssuedCredentialRow;
}
const db = tablesOf<Tables>;

// --- credential types (seeded from the pack) ---

export async function upsertCredentialType(trx: AnyDb, type: CredentialType, hash: string): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await db(trx).selectFrom('credential_types').select(['content_hash', 'retired_at']).where('id', '=', type.id).executeTakeFirst();
  if (existing && existing.content_hash === hash && existing.retired_at === null) return 'unchanged';
  const row = { id: type.id, agency_id: type.agency, definition: JSON.stringify(type) as never, content_hash: hash, retired_at: null };
  await db(trx).insertInto('credential_types').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ ...row })).execute();
  return existing ? 'updated' : 'created';
}

export async function retireCredentialTypesExcept(trx: AnyDb, keep: string[]): Promise<string[]> {
  const rows = await db(trx).updateTable('credential_types').set({ retired_at: new Date() }).where('retired_at', 'is', null)
    .where('id', 'not in', keep.length ? keep : ['']).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function listCredentialTypes(conn: AnyDb): Promise<CredentialType[]> {
  const rows = await db(conn).selectFrom('credential_types').select('definition').where('retired_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => r.definition);
}

export async function hasCredentialTypes(conn: AnyDb, agencyId: string): Promise<boolean> {
  return Boolean(await db(conn).selectFrom('credential_types').select('id').where('agency_id', '=', agencyId).where('retired_at', 'is', null).executeTakeFirst());
}

export async function findCredentialType(conn: AnyDb, id: string): Promise<CredentialType | undefined> {
  return (await db(conn).selectFrom('credential_types').select('definition').where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst())?.definition;
}

// --- issuer keys ---

export async function lockIssuerKeys(trx: AnyDb, agencyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'credential-issuer-keys:' + agencyId}))`.execute(trx);
}

/** The agency's live key of that kind (what signs now); retired document signers are not answered. */
export async function findIssuerKey(conn: AnyDb, agencyId: string, kind: IssuerKeyRow['kind']): Promise<IssuerKeyRow | undefined> {
  return db(conn).selectFrom('credential_issuer_keys').selectAll().where('agency_id', '=', agencyId).where('kind', '=', kind).where('retired_at', 'is', null).executeTakeFirst();
}

/** Every document signer the agency has had, the live one first. */
export async function listDocumentSigners(conn: AnyDb, agencyId: string): Promise<IssuerKeyRow[]> {
  return db(conn).selectFrom('credential_issuer_keys').selectAll().where('agency_id', '=', agencyId).where('kind', '=', 'document_signer')
    .orderBy(sql`retired_at is not null`).orderBy('created_at', 'desc').execute();
}

export async function retireIssuerKey(trx: AnyDb, id: string): Promise<void> {
  await db(trx).updateTable('credential_issuer_keys').set({ retired_at: new Date() }).where('id', '=', id).execute();
}

export async function listIssuerRoots(conn: AnyDb): Promise<IssuerKeyRow[]> {
  return db(conn).selectFrom('credential_issuer_keys').selectAll().where('kind', '=', 'iaca').orderBy('agency_id').execute();
}

export async function insertIssuerKey(trx: AnyDb, row: Omit<IssuerKeyRow, 'created_at' | 'retired_at'>): Promise<void> {
  await db(trx).insertInto('credential_issuer_keys').values(row as never).execute();
}

export async function replaceIssuerCertificate(trx: AnyDb, id: string, certificate: Uint8Array): Promise<void> {
  await db(trx).updateTable('credential_issuer_keys').set({ certificate }).where('id', '=', id).execute();
}

// --- offers, tokens, nonces ---

export async function insertOffer(trx: AnyDb, row: Omit<OfferRow, 'used_at' | 'created_at'>): Promise<void> {
  await db(trx).insertInto('credential_offers').values(row as never).execute();
}

/** Marks the code used and answers it, or nothing when it was unknown or already used (row lock: two redemptions cannot both win). */
export async function redeemOffer(trx: AnyDb, codeHash: string, now: Date): Promise<OfferRow | 'used' | undefined> {
  const offer = await db(trx).selectFrom('credential_offers').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
  if (!offer) return undefined;
  if (offer.used_at) return 'used';
  await db(trx).updateTable('credential_offers').set({ used_at: now }).where('code_hash', '=', codeHash).execute();
  return offer;
}

export async function insertAccessToken(trx: AnyDb, row: AccessTokenRow): Promise<void> {
  await db(trx).insertInto('credential_access_tokens').values(row).execute();
}

export async function findAccessToken(conn: AnyDb, tokenHash: string): Promise<AccessTokenRow | undefined> {
  return db(conn).selectFrom('credential_access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertNonce(conn: AnyDb, nonce: string, expiresAt: Date): Promise<void> {
  await db(conn).insertInto('credential_nonces').values({ nonce, expires_at: expiresAt, used_at: null }).execute();
}

/** Spends a nonce once: true only for a known, unexpired, unused one. */
export async function spendNonce(trx: AnyDb, nonce: string, now: Date): Promise<boolean> {
  const spent = await db(trx).updateTable('credential_nonces').set({ used_at: now }).where('nonce', '=', nonce)
    .where('used_at', 'is', null).where('expires_at', '>', now).returning('nonce').executeTakeFirst();
  return Boolean(spent);
}

/** Records a DPoP proof's jti; false when it was seen before (a replay). */
export async function rememberDpopProof(conn: AnyDb, jti: string, expiresAt: Date): Promise<boolean> {
  const row = await db(conn).insertInto('credential_dpop_proofs').values({ jti, expires_at: expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing()).returning('jti').executeTakeFirst();
  return Boolean(row);
}

export async function deleteExpiredGrants(conn: AnyDb, now: Date): Promise<void> {
  await db(conn).deleteFrom('credential_nonces').where('expires_at', '<', now).execute();
  await db(conn).deleteFrom('credential_dpop_proofs').where('expires_at', '<', now).execute();
  await db(conn).deleteFrom('credential_access_tokens').where('expires_at', '<', now).execute();
}

// --- issued credentials and status lists ---

export async function lockStatusList(trx: AnyDb, listId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'credential-status-list:' + listId}))`.execute(trx);
}

export async function isStatusIndexTaken(trx: AnyDb, listId: string, index: number): Promise<boolean> {
  return Boolean(await db(trx).selectFrom('issued_credentials').select('id').where('status_list_id', '=', listId).where('status_index', '=', index).executeTakeFirst());
}

export async function countStatusEntries(trx: AnyDb, listId: string): Promise<number> {
  const row = await db(trx).selectFrom('issued_credentials').select((eb) => eb.fn.countAll<string>().as('n')).where('status_list_id', '=', listId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertIssuedCredential(trx: AnyDb, row: Omit<IssuedCredentialRow, 'status' | 'status_reason' | 'status_changed_by' | 'status_changed_at'>): Promise<void> {
  await db(trx).insertInto('issued_credentials').values({ ...row, status: 'valid', status_reason: null, status_changed_by: null, status_changed_at: null }).execute();
}

/** The entries of one list that are not valid: everything else reads 0. */
export async function listNonValidEntries(conn: AnyDb, listId: string): Promise<{ status_index: number; status: CredentialStatus }[]> {
  return db(conn).selectFrom('issued_credentials').select(['status_index', 'status']).where('status_list_id', '=', listId).where('status', '<>', 'valid').execute();
}

export async function listResidentCredentials(conn: AnyDb, residentId: string): Promise<IssuedCredentialRow[]> {
  return db(conn).selectFrom('issued_credentials').selectAll().where('resident_id', '=', residentId).orderBy('issued_at', 'desc').limit(200).execute();
}

export async function listAgencyCredentials(conn: AnyDb, scope: AgencyScope, limit = 200): Promise<(IssuedCredentialRow & { holder_name: string | null })[]> {
  return db(conn).selectFrom('issued_credentials').selectAll('issued_credentials')
    .select(sql<string | null>`(select name from residents r where r.id::text = issued_credentials.resident_id::text)`.as('holder_name'))
    .where('agency_id', '=', scope.agencyId).orderBy('issued_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function findAgencyCredential(trx: AnyDb, scope: AgencyScope, id: string): Promise<IssuedCredentialRow | undefined> {
  return db(trx).selectFrom('issued_credentials').selectAll().where('agency_id', '=', scope.agencyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setCredentialStatus(trx: AnyDb, ids: string[], change: { status: CredentialStatus; reason: string; by: string; at: Date }): Promise<void> {
  if (ids.length === 0) return;
  await db(trx).updateTable('issued_credentials')
    .set({ status: change.status, status_reason: change.reason, status_changed_by: change.by, status_changed_at: change.at }).where('id', 'in', ids).execute();
}

/** How many of the resident's credentials are in one status. */
export async function countResidentCredentials(conn: AnyDb, residentId: string, status: CredentialStatus): Promise<number> {
  const row = await db(conn).selectFrom('issued_credentials').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resident_id', '=', residentId).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The resident's credentials still valid (for "I lost my phone") or suspended of one type (replaced on re-issue). */
export async function findResidentCredentialIds(trx: AnyDb, residentId: string, status: CredentialStatus, typeId?: string): Promise<IssuedCredentialRow[]> {
  let q = db(trx).selectFrom('issued_credentials').selectAll().where('resident_id', '=', residentId).where('status', '=', status);
  if (typeId) q = q.where('credential_type_id', '=', typeId);
  return q.forUpdate().execute();
}
