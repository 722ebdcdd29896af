import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AnyDb, Tx } from '../db/database.ts';
import type { AgencyScope } from '../tenancy.ts';

/** Who did it, for whom, and in which request: passed from the route down to the use case. */
export interface Actor {
  /** e.g. `staff:<uuid>`, `resident:<uuid>`, `system:seed` */
  actor: string;
  actingFor?: string | null;
  requestId?: string | null;
}

export interface AuditEvent {
  agencyId?: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number; chain: string; seq: number; prev_hash: string; hash: string; at: Date;
  actor: string; acting_for: string | null; agency_id: string | null; action: string;
  target: string | null; details: Record<string, unknown>; request_id: string | null;
}

/** The link before a chain's first entry (audit_append writes the same). */
const GENESIS = '0'.repeat(64);

/**
 * Each agency (and the platform) writes into CHAIN_SHARDS chains. The lock on a chain is held
 * until commit, so with one chain per agency every submission to that agency would queue behind
 * the one before. A transaction picks its shard from its own id: all its entries for an agency
 * land on one chain, and two transactions never take the same two locks in opposite order.
 */
export const CHAIN_SHARDS = 8;

export function chainOf(agencyId: string | null | undefined): string {
  return agencyId ? `agency:${agencyId}` : 'platform';
}

/** Written inside the caller's transaction, so the record exists exactly when the change does. */
export async function recordAudit(trx: Tx, who: Actor, event: AuditEvent): Promise<void> {
  await recordAudits(trx, who, [event]);
}

/**
 * Several entries of one transaction in one round trip per agency (`audit_append`, see
 * migrations/0004): they land in this order on the agency's chain shard of this transaction.
 */
export async function recordAudits(trx: Tx, who: Actor, events: AuditEvent[]): Promise<void> {
  const byChain = new Map<string, AuditEvent[]>();
  for (const e of events) byChain.set(chainOf(e.agencyId), [...byChain.get(chainOf(e.agencyId)) ?? [], e]);
  for (const [chain, list] of byChain) {
    const entries = list.map((e) => {
      const entry = {
        at: new Date(), actor: who.actor, acting_for: who.actingFor ?? null, agency_id: e.agencyId ?? null,
        action: e.action, target: e.target ?? null, details: e.details ?? {}, request_id: who.requestId ?? null,
      };
      return { ...entry, at: entry.at.toISOString(), tail: hashedTail(entry) };
    });
    await sql`select audit_append(${chain}, ${CHAIN_SHARDS}, ${JSON.stringify(entries)}::jsonb)`.execute(trx);
  }
}

type Hashed = Omit<AuditRow, 'id' | 'hash'>;

export function hashOf(e: Hashed): string {
  return createHash('sha256').update(`[${JSON.stringify(e.chain)},${e.seq},${JSON.stringify(e.prev_hash)},${hashedTail(e)}`).digest('hex');
}

/** The hashed fields after `prev_hash`, serialised as the end of the hashed JSON array: what audit_append appends to the link. */
function hashedTail(e: Omit<Hashed, 'chain' | 'seq' | 'prev_hash'>): string {
  return JSON.stringify([e.at.toISOString(), e.actor, e.acting_for, e.agency_id, e.action, e.target, canonical(e.details), e.request_id]).slice(1);
}

/** JSON with sorted keys: jsonb does not keep key order, the hash must not depend on it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ChainBreak { id: number; chain: string; seq: number; reason: string }
export interface VerifyResult { entries: number; chains: number; firstBreak: ChainBreak | null }

/**
 * Walks every chain in order and names the first entry whose hash or link does not hold. One query
 * per batch whatever the number of chains (a chain of a few entries costs no query of its own), and
 * `id` after `seq` in the key, so a number repeated in another month is met, not paged past.
 */
export async function verifyAuditLog(db: AnyDb, batchSize = 1000): Promise<VerifyResult> {
  let entries = 0;
  let chains = 0;
  let expected = { chain: '', seq: 1, prev: GENESIS };
  for (let after: AuditRow | undefined; ;) {
    const { rows } = await sql<AuditRow>`select * from audit_log
      ${after ? sql`where (chain, seq, id) > (${after.chain}, ${after.seq}, ${after.id})` : sql``}
      order by chain, seq, id limit ${batchSize}`.execute(db);
    for (const row of rows) {
      if (row.chain !== expected.chain) {
        chains++;
        expected = { chain: row.chain, seq: 1, prev: GENESIS };
      }
      entries++;
      const reason = row.seq < expected.seq ? `entry number ${row.seq} is there twice`
        : row.seq > expected.seq ? `expected entry number ${expected.seq}, found ${row.seq} (an entry is missing)`
        : row.prev_hash !== expected.prev ? 'does not link to the entry before it'
          : row.hash !== hashOf(row) ? 'its content does not match its hash (it was edited)' : null;
      if (reason) return { entries, chains, firstBreak: { id: row.id, chain: row.chain, seq: row.seq, reason } };
      expected = { chain: row.chain, seq: row.seq + 1, prev: row.hash };
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1];
  }
  return { entries, chains, firstBreak: null };
}

/** One agency's audit trail, newest first; `beforeId` pages back. */
export async function listAgencyAudit(db: AnyDb, scope: AgencyScope, opts: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().where('agency_id', '=', scope.agencyId);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit).execute() as Promise<AuditRow[]>;
}

/** What was done for someone by a representative (`actingFor` e.g. `resident:<uuid>`), newest first. */
export async function listAuditActingFor(db: AnyDb, actingFor: string, opts: { limit: number }): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('acting_for', '=', actingFor)
    .orderBy('id', 'desc').limit(opts.limit).execute() as Promise<AuditRow[]>;
}
