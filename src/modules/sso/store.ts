import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { PORTAL_CLIENT_ID } from './portal-client.ts';

interface ModelRow {
  model: string; id: string; payload: Record<string, unknown>; grant_id: string | null; uid: string | null;
  user_code: string | null; expires_at: Date | null; consumed_at: Date | null;
}
export type KeyState = 'next' | 'current' | 'previous';
export type SigningAlg = 'ES256' | 'RS256';
interface SigningKeyRow {
  kid: string; alg: SigningAlg; state: KeyState; public_jwk: JsonWebKey & { kid: string };
  sealed_private_key: Uint8Array; created_at: Generated<Date>; state_since: Generated<Date>;
}
export type SigningKeyRecord = Selectable<SigningKeyRow>;
export type AuthMethod = 'private_key_jwt' | 'client_secret_basic';
export type SubjectType = 'pairwise' | 'public';
interface ClientRow {
  client_id: string; agency_id: string; name: string; logo_uri: string | null; redirect_uris: string[];
  grant_types: string[]; auth_method: AuthMethod; public_jwk: JsonWebKey | null; sealed_secret: Uint8Array | null;
  user_claims: string[]; api_scopes: string[]; acr_values: string[]; status: 'active' | 'inactive';
  subject_type: SubjectType; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export type ClientRecord = Selectable<ClientRow>;
export type NewClient = Omit<ClientRecord, 'created_at' | 'updated_at'>;

interface Tables { oidc_models: ModelRow; oidc_signing_keys: SigningKeyRow; oidc_clients: ClientRow }
const db = tablesOf<Tables>;

// ---- provider models -------------------------------------------------------------------------

export async function upsertModel(conn: AnyDb, row: ModelRow): Promise<void> {
  const values = { ...row, payload: JSON.stringify(row.payload) as never };
  await db(conn).insertInto('oidc_models').values(values)
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload: values.payload, grant_id: row.grant_id, uid: row.uid, user_code: row.user_code, expires_at: row.expires_at, consumed_at: row.consumed_at }))
    .execute();
}

const liveModels = (conn: AnyDb, model: string) => db(conn).selectFrom('oidc_models').select(['payload', 'consumed_at'])
  .where('model', '=', model).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]));

export async function findModel(conn: AnyDb, model: string, by: { id?: string; uid?: string; userCode?: string }): Promise<{ payload: Record<string, unknown>; consumed_at: Date | null } | undefined> {
  let q = liveModels(conn, model);
  if (by.id !== undefined) q = q.where('id', '=', by.id);
  if (by.uid !== undefined) q = q.where('uid', '=', by.uid);
  if (by.userCode !== undefined) q = q.where('user_code', '=', by.userCode);
  return q.limit(1).executeTakeFirst();
}

export async function consumeModel(conn: AnyDb, model: string, id: string): Promise<void> {
  await db(conn).updateTable('oidc_models').set({ consumed_at: new Date() }).where('model', '=', model).where('id', '=', id).execute();
}

export async function destroyModel(conn: AnyDb, model: string, id: string): Promise<void> {
  await db(conn).deleteFrom('oidc_models').where('model', '=', model).where('id', '=', id).execute();
}

export async function destroyByGrant(conn: AnyDb, grantId: string): Promise<void> {
  await db(conn).deleteFrom('oidc_models').where('grant_id', '=', grantId).execute();
}

/** The grants (remembered consents) a resident gave, one per client. */
export async function findGrantIds(conn: AnyDb, accountId: string, clientId?: string): Promise<string[]> {
  let q = liveModels(conn, 'Grant').select('id').where(sql<string>`payload->>'accountId'`, '=', accountId);
  if (clientId) q = q.where(sql<string>`payload->>'clientId'`, '=', clientId);
  return (await q.orderBy('expires_at', 'desc').execute()).map((r) => (r as unknown as { id: string }).id);
}

/** The services a resident agreed to share details with, one row per grant (the portal, Hanaro's own, is not one). */
export async function listGrantsOf(conn: AnyDb, accountId: string): Promise<{ grantId: string; clientId: string; clientName: string | null }[]> {
  const { rows } = await sql<{ grantId: string; clientId: string; clientName: string | null }>`
    select m.id as "grantId", m.payload->>'clientId' as "clientId", c.name as "clientName"
    from oidc_models m left join oidc_clients c on c.client_id = m.payload->>'clientId'
    where m.model = 'Grant' and m.payload->>'accountId' = ${accountId} and (m.expires_at is null or m.expires_at > now())
      and m.payload->>'clientId' <> ${PORTAL_CLIENT_ID}
    order by c.name`.execute(conn);
  return rows;
}

export async function deleteExpiredModels(conn: AnyDb): Promise<number> {
  const r = await db(conn).deleteFrom('oidc_models').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- signing keys ----------------------------------------------------------------------------

export async function listSigningKeys(conn: AnyDb): Promise<SigningKeyRecord[]> {
  return db(conn).selectFrom('oidc_signing_keys').selectAll().orderBy('alg').execute();
}

export async function lockSigningKeys(conn: AnyDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('sso:signing-keys'))`.execute(conn);
}

export async function insertSigningKey(conn: AnyDb, row: Omit<SigningKeyRecord, 'created_at' | 'state_since'>): Promise<void> {
  await db(conn).insertInto('oidc_signing_keys').values({ ...row, public_jwk: JSON.stringify(row.public_jwk) as never }).execute();
}

export async function setSigningKeyState(conn: AnyDb, kid: string, state: KeyState): Promise<void> {
  await db(conn).updateTable('oidc_signing_keys').set({ state, state_since: new Date() }).where('kid', '=', kid).execute();
}

export async function deleteSigningKey(conn: AnyDb, kid: string): Promise<void> {
  await db(conn).deleteFrom('oidc_signing_keys').where('kid', '=', kid).execute();
}

// ---- clients ---------------------------------------------------------------------------------

/** For the provider itself: any agency's client, by id. */
export async function findClientById(conn: AnyDb, clientId: string): Promise<ClientRecord | undefined> {
  return db(conn).selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function findAgencyClient(conn: AnyDb, scope: AgencyScope, clientId: string): Promise<ClientRecord | undefined> {
  return db(conn).selectFrom('oidc_clients').selectAll().where('agency_id', '=', scope.agencyId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function listAgencyClients(conn: AnyDb, scope: AgencyScope): Promise<ClientRecord[]> {
  return db(conn).selectFrom('oidc_clients').selectAll().where('agency_id', '=', scope.agencyId).orderBy('name').execute();
}

export async function insertClient(conn: AnyDb, row: NewClient): Promise<boolean> {
  const r = await db(conn).insertInto('oidc_clients').values(clientValues(row)).onConflict((oc) => oc.column('client_id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateAgencyClient(conn: AnyDb, scope: AgencyScope, row: NewClient): Promise<boolean> {
  const { client_id: clientId, ...rest } = clientValues(row);
  const r = await db(conn).updateTable('oidc_clients').set({ ...rest, agency_id: scope.agencyId, updated_at: new Date() })
    .where('agency_id', '=', scope.agencyId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteAgencyClient(conn: AnyDb, scope: AgencyScope, clientId: string): Promise<boolean> {
  const r = await db(conn).deleteFrom('oidc_clients').where('agency_id', '=', scope.agencyId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

function clientValues(row: NewClient) {
  return { ...row, public_jwk: (row.public_jwk ? JSON.stringify(row.public_jwk) : null) as never };
}

/** Ends the provider's sessions of a resident: the one named (this browser's), or all of them. */
export async function deleteProviderSessions(conn: AnyDb, accountId: string, sessionId?: string): Promise<number> {
  let q = db(conn).deleteFrom('oidc_models').where('model', '=', 'Session').where(sql<string>`payload->>'accountId'`, '=', accountId);
  if (sessionId !== undefined) q = q.where('id', '=', sessionId);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}
