import type { Generated, Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import type { Text } from '../packs/index.ts';

interface AccessCaRow { id: string; certificate: Uint8Array; encrypted_private_key: Uint8Array; created_at: Generated<Date> }

interface RelyingPartyRow {
  id: Generated<string>; agency_id: string | null; name: Text; legal_name: string; registration_number: string | null;
  checks: string[]; client_id: string; certificate: Uint8Array; encrypted_private_key: Uint8Array;
  api_key_prefix: string; api_key_hash: string; status: Generated<'active' | 'suspended'>; created_by: string; created_at: Generated<Date>;
}
export type RelyingParty = Omit<Selectable<RelyingPartyRow>, 'api_key_hash'>;

interface PresentationRequestRow {
  id: Generated<string>; relying_party_id: string; check_id: string; nonce: string; state: string;
  response_key: Record<string, unknown>; status: Generated<'pending' | 'verified' | 'refused'>;
  result: Record<string, unknown> | null; refusal: string | null; response_hash: string | null;
  expires_at: Date; created_at: Generated<Date>; completed_at: Date | null;
}
export type PresentationRequest = Selectable<PresentationRequestRow>;

interface WalletEngagementRow { code_hash: string; presentation_request_id: string | null; expires_at: Date; created_at: Generated<Date> }
export type WalletEngagement = Selectable<WalletEngagementRow>;

interface Tables { verifier_access_ca: AccessCaRow; relying_parties: RelyingPartyRow; presentation_requests: PresentationRequestRow; wallet_engagements: WalletEngagementRow }
const db = tablesOf<Tables>;

/** Who manages a relying party: an agency (through its scope) or the platform operator (private organisations). */
export type RelyingPartyOwner = { kind: 'agency'; scope: AgencyScope } | { kind: 'platform' };

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const RP_COLUMNS = ['id', 'agency_id', 'name', 'legal_name', 'registration_number', 'checks', 'client_id', 'certificate', 'encrypted_private_key', 'api_key_prefix', 'status', 'created_by', 'created_at'] as const;

export async function findAccessCa(conn: AnyDb): Promise<Selectable<AccessCaRow> | undefined> {
  return db(conn).selectFrom('verifier_access_ca').selectAll().where('id', '=', 'access-ca').executeTakeFirst();
}

/** Inserts the access CA unless another transaction did first; answers the row that won. */
export async function insertAccessCa(trx: AnyDb, row: Pick<AccessCaRow, 'certificate' | 'encrypted_private_key'>): Promise<Selectable<AccessCaRow>> {
  await db(trx).insertInto('verifier_access_ca').values({ id: 'access-ca', ...row }).onConflict((oc) => oc.column('id').doNothing()).execute();
  return (await findAccessCa(trx))!;
}

export async function insertRelyingParty(trx: AnyDb, row: Omit<RelyingPartyRow, 'id' | 'created_at' | 'status'>): Promise<string> {
  return (await db(trx).insertInto('relying_parties').values({ ...row, name: JSON.stringify(row.name) as never }).returning('id').executeTakeFirstOrThrow()).id;
}

function owned(conn: AnyDb, owner: RelyingPartyOwner) {
  const q = db(conn).selectFrom('relying_parties').select(RP_COLUMNS);
  return owner.kind === 'agency' ? q.where('agency_id', '=', owner.scope.agencyId) : q.where('agency_id', 'is', null);
}

export async function listRelyingParties(conn: AnyDb, owner: RelyingPartyOwner): Promise<RelyingParty[]> {
  return owned(conn, owner).orderBy('created_at', 'desc').execute();
}

export async function findOwnedRelyingParty(conn: AnyDb, owner: RelyingPartyOwner, id: string): Promise<RelyingParty | undefined> {
  return isUuid(id) ? owned(conn, owner).where('id', '=', id).executeTakeFirst() : undefined;
}

export async function setRelyingPartyStatus(trx: AnyDb, owner: RelyingPartyOwner, id: string, status: 'active' | 'suspended'): Promise<boolean> {
  if (!isUuid(id)) return false;
  let q = db(trx).updateTable('relying_parties').set({ status }).where('id', '=', id);
  q = owner.kind === 'agency' ? q.where('agency_id', '=', owner.scope.agencyId) : q.where('agency_id', 'is', null);
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
}

/** The active relying party whose API key hashes to this: how the API and the counter tablet find their party. */
export async function findRelyingPartyByKeyHash(conn: AnyDb, hash: string): Promise<RelyingParty | undefined> {
  return db(conn).selectFrom('relying_parties').select(RP_COLUMNS).where('api_key_hash', '=', hash).where('status', '=', 'active').executeTakeFirst();
}

/** Only for the wallet-facing endpoints, which are reached by request id, not by an owner. */
export async function findRelyingPartyById(conn: AnyDb, id: string): Promise<RelyingParty | undefined> {
  return db(conn).selectFrom('relying_parties').select(RP_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertPresentationRequest(trx: AnyDb, row: Pick<PresentationRequestRow, 'relying_party_id' | 'check_id' | 'nonce' | 'state' | 'response_key' | 'expires_at'>): Promise<string> {
  const values = { ...row, response_key: JSON.stringify(row.response_key) as never, result: null, refusal: null, response_hash: null, completed_at: null };
  return (await db(trx).insertInto('presentation_requests').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findPresentationRequest(conn: AnyDb, id: string): Promise<PresentationRequest | undefined> {
  return isUuid(id) ? db(conn).selectFrom('presentation_requests').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

/** A relying party's own request, for its API and its tablet. */
export async function findPartyRequest(conn: AnyDb, relyingPartyId: string, id: string): Promise<PresentationRequest | undefined> {
  return isUuid(id) ? db(conn).selectFrom('presentation_requests').selectAll().where('id', '=', id).where('relying_party_id', '=', relyingPartyId).executeTakeFirst() : undefined;
}

/** Settles a pending request once: the conditional update is what makes a replayed response find it already answered. */
export async function settlePresentationRequest(trx: AnyDb, id: string, outcome: { status: 'verified' | 'refused'; result: Record<string, unknown> | null; refusal: string | null; responseHash: string | null }): Promise<boolean> {
  const r = await db(trx).updateTable('presentation_requests')
    .set({ status: outcome.status, result: outcome.result === null ? null : JSON.stringify(outcome.result) as never, refusal: outcome.refusal, response_hash: outcome.responseHash, completed_at: new Date() })
    .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function isResponseSeen(conn: AnyDb, hash: string): Promise<boolean> {
  return Boolean(await db(conn).selectFrom('presentation_requests').select('id').where('response_hash', '=', hash).executeTakeFirst());
}

/** A wallet's engagement code (hashed), open for a reader until `expires_at`; expired ones go at the same time. */
export async function insertWalletEngagement(trx: AnyDb, codeHash: string, expiresAt: Date, now: Date): Promise<void> {
  await db(trx).deleteFrom('wallet_engagements').where('expires_at', '<', now).execute();
  await db(trx).insertInto('wallet_engagements').values({ code_hash: codeHash, presentation_request_id: null, expires_at: expiresAt }).execute();
}

export async function findWalletEngagement(conn: AnyDb, codeHash: string): Promise<WalletEngagement | undefined> {
  return db(conn).selectFrom('wallet_engagements').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Attaches a reader's request to an open engagement, once: false when it expired or another reader was first. */
export async function attachWalletEngagement(trx: AnyDb, codeHash: string, requestId: string, now: Date): Promise<boolean> {
  const r = await db(trx).updateTable('wallet_engagements').set({ presentation_request_id: requestId })
    .where('code_hash', '=', codeHash).where('presentation_request_id', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function isRequestEngaged(conn: AnyDb, requestId: string): Promise<boolean> {
  return Boolean(await db(conn).selectFrom('wallet_engagements').select('code_hash').where('presentation_request_id', '=', requestId).executeTakeFirst());
}

/** Every active party with its key hash: the copy the verifier keeps to answer parties while the database is down. */
export async function listActiveRelyingPartiesToKeep(conn: AnyDb): Promise<(RelyingParty & { api_key_hash: string })[]> {
  return db(conn).selectFrom('relying_parties').select([...RP_COLUMNS, 'api_key_hash']).where('status', '=', 'active').execute();
}
