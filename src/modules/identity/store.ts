import { sql, type Generated, type Selectable } from 'kysely';
import { tablesOf, type AnyDb } from '../../platform/db/database.ts';


interface SessionRow {
  id: string; staff_id: string; acting_agency_id: string | null; created_at: Generated<Date>;
  last_seen_at: Generated<Date>; expires_at: Date; user_agent: string | null; assurance: Generated<'low' | 'substantial' | 'high'>;
  authenticated_at: Generated<Date>;
}
interface ResidentAccountRow {
  id: Generated<string>; resident_id: string; email: string | null; locale: string; password_hash: string | null;
  created_at: Generated<Date>; disabled_at: Date | null;
}
export type ResidentAccount = Selectable<ResidentAccountRow>;
interface ResidentSessionRow {
  id: string; account_id: string; assurance: 'low' | 'substantial' | 'high'; created_at: Generated<Date>;
  last_seen_at: Generated<Date>; expires_at: Date; user_agent: string | null; authenticated_at: Generated<Date>;
  acting_mandate_id: Generated<string | null>; amr: Generated<string[]>;
}
export type ResidentSession = Selectable<ResidentSessionRow>;
interface Tables {
  staff_sessions: SessionRow; resident_sessions: ResidentSessionRow; resident_accounts: ResidentAccountRow;
  sign_in_failures: { login: string; failed_at: Generated<Date> };
  resident_passkeys: PasskeyRow; staff_passkeys: Omit<PasskeyRow, 'account_id'> & { staff_id: string };
  webauthn_challenges: ChallengeRow; resident_totp: TotpRow;
  resident_recovery_codes: { code_hash: string; account_id: string; used_at: Date | null };
  resident_pending_sign_ins: { id: string; account_id: string; login: string; expires_at: Date };
  resident_sign_in_proofs: SignInProofRow;
}
interface SignInProofRow {
  id: string; account_id: string; assurance: 'low' | 'substantial' | 'high'; amr: string[];
  authenticated_at: Generated<Date>; expires_at: Date;
}
export type SignInProof = Selectable<SignInProofRow>;
interface PasskeyRow {
  id: string; account_id: string; public_key: Uint8Array; counter: Generated<string>; transports: string;
  backed_up: boolean; name: string; created_at: Generated<Date>; last_used_at: Date | null;
}
/** A passkey of either kind of holder; `owner_id` is the resident account's or the staff member's id. */
export type Passkey = Omit<Selectable<PasskeyRow>, 'account_id'> & { owner_id: string };
/** Whose passkeys: residents' and staff members' are kept apart, and so are their challenges. */
export type HolderKind = 'resident' | 'staff';
export type ChallengePurpose = 'register' | 'sign_in' | 'reauthenticate';
interface ChallengeRow {
  challenge: string; purpose: ChallengePurpose; account_id: string | null; expires_at: Date;
  holder: Generated<HolderKind>; staff_id: Generated<string | null>;
}
interface TotpRow { account_id: string; secret: string; confirmed_at: Date | null; last_step: Generated<string> }
export type Totp = Selectable<TotpRow>;
const db = tablesOf<Tables>;

export async function insertSession(conn: AnyDb, s: Pick<SessionRow, 'id' | 'staff_id' | 'acting_agency_id' | 'expires_at' | 'user_agent'> & { assurance: 'low' | 'substantial' }) {
  await db(conn).insertInto('staff_sessions').values(s).execute();
}

/** A live session, touched; idle and absolute limits are both enforced in the query. */
export async function touchSession(conn: AnyDb, id: string, idleMinutes: number): Promise<Selectable<SessionRow> | undefined> {
  return touch(conn, 'staff_sessions', id, idleMinutes) as Promise<Selectable<SessionRow> | undefined>;
}

export async function touchResidentSession(conn: AnyDb, id: string, idleMinutes: number): Promise<ResidentSession | undefined> {
  return touch(conn, 'resident_sessions', id, idleMinutes) as Promise<ResidentSession | undefined>;
}

async function touch(conn: AnyDb, table: 'staff_sessions' | 'resident_sessions', id: string, idleMinutes: number) {
  return db(conn).updateTable(table).set({ last_seen_at: new Date() })
    .where('id', '=', id).where('expires_at', '>', new Date())
    .where('last_seen_at', '>', new Date(Date.now() - idleMinutes * 60_000))
    .returningAll().executeTakeFirst();
}

export async function insertResidentAccount(conn: AnyDb, a: Pick<ResidentAccountRow, 'resident_id' | 'email' | 'locale' | 'password_hash'>): Promise<string> {
  const row = await db(conn).insertInto('resident_accounts').values({ ...a, disabled_at: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findResidentAccount(conn: AnyDb, by: { residentId: string } | { id: string }): Promise<ResidentAccount | undefined> {
  const q = db(conn).selectFrom('resident_accounts').selectAll();
  return ('id' in by ? q.where('id', '=', by.id) : q.where('resident_id', '=', by.residentId)).executeTakeFirst();
}

/** Starts (a mandate id) or stops (null) acting for someone in this session. */
export async function setActingMandate(conn: AnyDb, sessionId: string, mandateId: string | null): Promise<void> {
  await db(conn).updateTable('resident_sessions').set({ acting_mandate_id: mandateId }).where('id', '=', sessionId).execute();
}

export async function insertResidentSession(conn: AnyDb, s: Pick<ResidentSessionRow, 'id' | 'account_id' | 'assurance' | 'expires_at' | 'user_agent'> & { amr: string[]; authenticated_at: Date }) {
  await db(conn).insertInto('resident_sessions').values(s).execute();
}

export async function liveResidentSessions(conn: AnyDb, accountId: string, idleMinutes: number): Promise<ResidentSession[]> {
  return db(conn).selectFrom('resident_sessions').selectAll().where('account_id', '=', accountId)
    .where('expires_at', '>', new Date()).where('last_seen_at', '>', new Date(Date.now() - idleMinutes * 60_000))
    .orderBy('last_seen_at', 'desc').execute();
}

/** Ends one of the account's sessions (never another account's); returns whether one ended. */
export async function deleteResidentSessions(conn: AnyDb, accountId: string, only?: string): Promise<number> {
  let q = db(conn).deleteFrom('resident_sessions').where('account_id', '=', accountId);
  if (only) q = q.where('id', '=', only);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether the staff member has registered a passkey (then their bootstrap password no longer works). */
export async function staffHasPasskey(conn: AnyDb, staffId: string): Promise<boolean> {
  return (await passkeysOf(conn, 'staff', staffId)).length > 0;
}

export async function setActingAgency(conn: AnyDb, id: string, agencyId: string) {
  await db(conn).updateTable('staff_sessions').set({ acting_agency_id: agencyId }).where('id', '=', id).execute();
}

export async function deleteSession(conn: AnyDb, id: string) {
  await db(conn).deleteFrom('staff_sessions').where('id', '=', id).execute();
}

export async function recordSignInFailure(conn: AnyDb, login: string) {
  await db(conn).insertInto('sign_in_failures').values({ login: login.toLowerCase() }).execute();
  await tallySignInFailure(conn);
}

/** The operators' per-minute count of failed sign-ins, whoever's login it was. */
async function tallySignInFailure(conn: AnyDb) {
  await sql`insert into sign_in_failure_tally (minute, failures) values (date_trunc('minute', now()), 1)
    on conflict (minute) do update set failures = sign_in_failure_tally.failures + 1`.execute(conn);
}

/**
 * Whether the login failed `max` times in the window. A try refused for it is still a failed
 * sign-in on the operators' tally, but not one more against the login, which would keep an account
 * under attack locked for ever.
 */
export async function slowedDown(conn: AnyDb, login: string, windowMinutes: number, max: number): Promise<boolean> {
  if (await recentFailures(conn, login, windowMinutes) < max) return false;
  await tallySignInFailure(conn);
  return true;
}

export async function recentFailures(conn: AnyDb, login: string, windowMinutes: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sign_in_failures
    where lower(login) = ${login.toLowerCase()} and failed_at > now() - make_interval(mins => ${windowMinutes})`.execute(conn);
  return rows[0]?.n ?? 0;
}

export async function clearFailures(conn: AnyDb, login: string) {
  await db(conn).deleteFrom('sign_in_failures').where(sql`lower(login)`, '=', login.toLowerCase()).execute();
}

/**
 * Marks the session as just proven again, raising (never lowering) its assurance; its methods
 * become every method used in the session, as the assurance is the highest reached in it.
 */
export async function markReauthenticated(conn: AnyDb, sessionId: string, assurance: ResidentSession['assurance'], amr: string[]) {
  const rank = sql<string>`case when assurance = 'high' or ${assurance} = 'low' then assurance else ${assurance} end`;
  const methods = sql<string[]>`array(select distinct m from unnest(amr || ${amr}::text[]) as m order by m)`;
  await db(conn).updateTable('resident_sessions').set({ authenticated_at: new Date(), assurance: rank as never, amr: methods as never }).where('id', '=', sessionId).execute();
}

export async function markStaffReauthenticated(conn: AnyDb, sessionId: string, assurance: 'low' | 'substantial') {
  const rank = sql<string>`case when ${assurance} = 'low' then assurance else ${assurance} end`;
  await db(conn).updateTable('staff_sessions').set({ authenticated_at: new Date(), assurance: rank as never }).where('id', '=', sessionId).execute();
}

// Both tables have the same shape; the names cast to the resident table's only to satisfy the types.
const passkeyTable = (kind: HolderKind) => (kind === 'resident' ? 'resident_passkeys' : 'staff_passkeys') as 'resident_passkeys';
const ownerColumn = (kind: HolderKind) => (kind === 'resident' ? 'account_id' : 'staff_id') as 'account_id';
const selectPasskeys = (conn: AnyDb, kind: HolderKind) => db(conn).selectFrom(passkeyTable(kind))
  .select(['id', 'public_key', 'counter', 'transports', 'backed_up', 'name', 'created_at', 'last_used_at', sql<string>`${sql.ref(ownerColumn(kind))}`.as('owner_id')]);

export async function insertPasskey(conn: AnyDb, kind: HolderKind, p: Omit<Passkey, 'created_at' | 'last_used_at'>) {
  const { owner_id: ownerId, ...row } = p;
  await db(conn).insertInto(passkeyTable(kind)).values({ ...row, [ownerColumn(kind)]: ownerId, last_used_at: null } as never).execute();
}

export async function passkeysOf(conn: AnyDb, kind: HolderKind, ownerId: string): Promise<Passkey[]> {
  return selectPasskeys(conn, kind).where(ownerColumn(kind), '=', ownerId).orderBy('created_at').execute();
}

/** The owner's passkeys, locked until the transaction ends: two removals at once cannot both take "not the last one". */
export async function lockPasskeysOf(conn: AnyDb, kind: HolderKind, ownerId: string): Promise<Passkey[]> {
  return selectPasskeys(conn, kind).where(ownerColumn(kind), '=', ownerId).orderBy('created_at').forUpdate().execute();
}

export async function findPasskey(conn: AnyDb, kind: HolderKind, id: string): Promise<Passkey | undefined> {
  return selectPasskeys(conn, kind).where('id', '=', id).executeTakeFirst();
}

/** Moves the signature counter forward only: two racing uses of one counter value cannot both pass. */
export async function advancePasskeyCounter(conn: AnyDb, kind: HolderKind, id: string, from: string, to: number): Promise<boolean> {
  const r = await db(conn).updateTable(passkeyTable(kind)).set({ counter: String(to), last_used_at: new Date() })
    .where('id', '=', id).where('counter', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePasskey(conn: AnyDb, kind: HolderKind, ownerId: string, id: string): Promise<boolean> {
  const r = await db(conn).deleteFrom(passkeyTable(kind)).where(ownerColumn(kind), '=', ownerId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export interface Challenge { challenge: string; purpose: ChallengePurpose; holder: HolderKind; ownerId: string | null; expiresAt: Date }

export async function insertChallenge(conn: AnyDb, c: Challenge) {
  await db(conn).deleteFrom('webauthn_challenges').where('expires_at', '<', new Date()).execute();
  await db(conn).insertInto('webauthn_challenges').values({
    challenge: c.challenge, purpose: c.purpose, holder: c.holder, expires_at: c.expiresAt,
    account_id: c.holder === 'resident' ? c.ownerId : null, staff_id: c.holder === 'staff' ? c.ownerId : null,
  }).execute();
}

/** Takes a live challenge out of the table: whoever takes it first is the only one who can use it. */
export async function takeChallenge(conn: AnyDb, challenge: string, purpose: ChallengePurpose, holder: HolderKind): Promise<{ challenge: string; ownerId: string | null } | undefined> {
  const row = await db(conn).deleteFrom('webauthn_challenges').where('challenge', '=', challenge).where('purpose', '=', purpose)
    .where('holder', '=', holder).where('expires_at', '>', new Date()).returningAll().executeTakeFirst();
  return row && { challenge: row.challenge, ownerId: row.holder === 'staff' ? row.staff_id : row.account_id };
}

export async function findTotp(conn: AnyDb, accountId: string): Promise<Totp | undefined> {
  return db(conn).selectFrom('resident_totp').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function putUnconfirmedTotp(conn: AnyDb, accountId: string, secret: string) {
  await db(conn).deleteFrom('resident_totp').where('account_id', '=', accountId).where('confirmed_at', 'is', null).execute();
  await db(conn).insertInto('resident_totp').values({ account_id: accountId, secret, confirmed_at: null }).execute();
}

export async function confirmTotp(conn: AnyDb, accountId: string, step: number) {
  await db(conn).updateTable('resident_totp').set({ confirmed_at: new Date(), last_step: String(step) }).where('account_id', '=', accountId).execute();
}

/** Records that the code of `step` was used; false when it (or a later one) already was. */
export async function useTotpStep(conn: AnyDb, accountId: string, step: number): Promise<boolean> {
  const r = await db(conn).updateTable('resident_totp').set({ last_step: String(step) })
    .where('account_id', '=', accountId).where('last_step', '<', String(step)).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteTotp(conn: AnyDb, accountId: string): Promise<boolean> {
  const r = await db(conn).deleteFrom('resident_totp').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function replaceRecoveryCodes(conn: AnyDb, accountId: string, hashes: string[]) {
  await db(conn).deleteFrom('resident_recovery_codes').where('account_id', '=', accountId).execute();
  if (hashes.length) await db(conn).insertInto('resident_recovery_codes').values(hashes.map((code_hash) => ({ code_hash, account_id: accountId, used_at: null }))).execute();
}

export async function useRecoveryCode(conn: AnyDb, accountId: string, hash: string): Promise<boolean> {
  const r = await db(conn).updateTable('resident_recovery_codes').set({ used_at: new Date() })
    .where('account_id', '=', accountId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(conn: AnyDb, accountId: string): Promise<number> {
  const row = await db(conn).selectFrom('resident_recovery_codes').select((e) => e.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('used_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertPendingSignIn(conn: AnyDb, p: { id: string; account_id: string; login: string; expires_at: Date }) {
  await db(conn).deleteFrom('resident_pending_sign_ins').where('expires_at', '<', new Date()).execute();
  await db(conn).insertInto('resident_pending_sign_ins').values(p).execute();
}

export async function findPendingSignIn(conn: AnyDb, id: string) {
  return db(conn).selectFrom('resident_pending_sign_ins').selectAll().where('id', '=', id).where('expires_at', '>', new Date()).executeTakeFirst();
}

export async function deletePendingSignIn(conn: AnyDb, id: string): Promise<boolean> {
  const r = await db(conn).deleteFrom('resident_pending_sign_ins').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function insertSignInProof(conn: AnyDb, p: Omit<SignInProofRow, 'authenticated_at'>) {
  await db(conn).deleteFrom('resident_sign_in_proofs').where('expires_at', '<', new Date()).execute();
  await db(conn).insertInto('resident_sign_in_proofs').values(p).execute();
}

/** Takes a live proof out of the table: whoever takes it first is the only one who can use it. */
export async function takeSignInProof(conn: AnyDb, id: string): Promise<SignInProof | undefined> {
  return db(conn).deleteFrom('resident_sign_in_proofs').where('id', '=', id).where('expires_at', '>', new Date()).returningAll().executeTakeFirst();
}

/** Failed sign-ins since the minute `since` falls in, those a later good sign-in cleared from the lockout's count included. */
export async function countSignInFailures(conn: AnyDb, since: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(sum(failures), 0)::int as n from sign_in_failure_tally
    where minute >= date_trunc('minute', ${since}::timestamptz)`.execute(conn);
  return rows[0]?.n ?? 0;
}
