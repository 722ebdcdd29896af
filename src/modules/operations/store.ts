import { sql, type RawBuilder } from 'kysely';
import type { AnyDb } from '../../platform/db/database.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { LATENCY_BOUNDS_MS, type MinuteRow } from '../../platform/http/traffic.ts';
import type { Figures } from './figures.ts';

/** What a viewer may see: the whole platform (its operators and auditors) or one agency. */
export type Reach = 'platform' | AgencyScope;

const BUCKET_COLUMNS = [...LATENCY_BOUNDS_MS.map((b) => `le_${b}`), 'le_inf'];
const within = (reach: Reach): RawBuilder<boolean> => (reach === 'platform' ? sql<boolean>`true` : sql<boolean>`agency_id = ${reach.agencyId}`);

/** Replaces this node's figures for the minutes given (a minute is written again while it lasts). */
export async function saveTrafficMinutes(conn: AnyDb, nodeId: string, rows: readonly MinuteRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map((r) => sql`(${nodeId}, ${r.minute}, ${r.agencyId}, ${r.serviceId}, ${r.requests}, ${r.errors5xx}, ${r.errors4xx},
      ${r.throttled}, ${r.durationMs}, ${sql.join(r.latency.map((n) => sql`${n}`))})`);
    await sql`insert into ops_traffic_minutes (node_id, minute, agency_id, service_id, requests, errors_5xx, errors_4xx, throttled, duration_ms, ${sql.join(BUCKET_COLUMNS.map((c) => sql.ref(c)))})
      values ${sql.join(values)}
      on conflict (node_id, minute, agency_id, service_id) do update set requests = excluded.requests, errors_5xx = excluded.errors_5xx,
        errors_4xx = excluded.errors_4xx, throttled = excluded.throttled, duration_ms = excluded.duration_ms,
        ${sql.join(BUCKET_COLUMNS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`.execute(conn);
  }
}

export interface TrafficPoint extends Figures { at: Date; agencyId: string; serviceId: string }

const sums = sql.join([
  sql`sum(requests)::int as requests`, sql`sum(errors_5xx)::int as errors_5xx`, sql`sum(errors_4xx)::int as errors_4xx`,
  sql`sum(throttled)::int as throttled`, sql`sum(duration_ms)::float8 as duration_ms`,
  ...BUCKET_COLUMNS.map((c) => sql`sum(${sql.ref(c)})::int as ${sql.ref(c)}`),
]);

type SumRow = { at: Date; agency_id: string; service_id: string; requests: number; errors_5xx: number; errors_4xx: number; throttled: number; duration_ms: number } & Record<string, number>;

const point = (r: SumRow): TrafficPoint => ({
  at: new Date(r.at), agencyId: r.agency_id, serviceId: r.service_id, requests: r.requests, errors5xx: r.errors_5xx, errors4xx: r.errors_4xx,
  throttled: r.throttled, durationMs: r.duration_ms, latency: BUCKET_COLUMNS.map((c) => Number(r[c])),
});

/**
 * Every node's figures summed per agency, service and `unit` (minute or hour) since `since`; `unit`
 * null sums the whole window per agency and service.
 */
export async function trafficSince(conn: AnyDb, reach: Reach, since: Date, opts: { unit: 'minute' | 'hour' | null; serviceId?: string }): Promise<TrafficPoint[]> {
  const at = opts.unit ? sql`date_trunc(${opts.unit}, minute)` : sql`${since}::timestamptz`;
  const service = opts.serviceId ? sql<boolean>`service_id = ${opts.serviceId}` : sql<boolean>`true`;
  const { rows } = await sql<SumRow>`select ${at} as at, agency_id, service_id, ${sums} from ops_traffic_minutes
    where minute >= ${since} and ${within(reach)} and ${service}
    group by ${opts.unit ? sql`1, 2, 3` : sql`2, 3`} order by 1`.execute(conn);
  return rows.map(point);
}

/** Minutes older than `before` are no longer shown anywhere. */
export async function forgetTrafficBefore(conn: AnyDb, before: Date): Promise<void> {
  await sql`delete from ops_traffic_minutes where minute < ${before}`.execute(conn);
}

// Capacity. The tables are found by their agency_id column in the catalog, so a module's new table is counted without a change here.

export interface AgencyBytes { agencyId: string; bytes: number; rows: number }

/** Each agency's share of every table with an agency_id column: its rows times the table's average row size (heap, indexes and TOAST). */
export async function measureAgencyBytes(conn: AnyDb, reach: Reach): Promise<AgencyBytes[]> {
  // A partitioned table is counted once, whole (its months are tables of their own in the catalog).
  const { rows: tables } = await sql<{ table_name: string }>`select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    join pg_class r on r.oid = to_regclass(quote_ident(c.table_name)) and not r.relispartition
    where c.column_name = 'agency_id' and c.table_schema = current_schema() and c.table_name not like 'ops\\_%' order by 1`.execute(conn);
  const byAgency = new Map<string, AgencyBytes>();
  for (const { table_name: table } of tables) {
    const { rows } = await sql<{ agency_id: string | null; n: string; total: string; size: string }>`select agency_id, count(*) as n,
        sum(count(*)) over () as total,
        coalesce((select sum(pg_total_relation_size(relid)) from pg_partition_tree(${table}::regclass)), pg_total_relation_size(${table}::regclass)) as size
      from ${sql.table(table)} group by agency_id`.execute(conn);
    for (const r of rows) {
      if (!r.agency_id || (reach !== 'platform' && r.agency_id !== reach.agencyId)) continue;
      const share = Math.round(Number(r.size) * Number(r.n) / Math.max(1, Number(r.total)));
      const a = byAgency.get(r.agency_id) ?? { agencyId: r.agency_id, bytes: 0, rows: 0 };
      a.bytes += share;
      a.rows += Number(r.n);
      byAgency.set(r.agency_id, a);
    }
  }
  return [...byAgency.values()].sort((a, b) => b.bytes - a.bytes);
}

export async function databaseBytes(conn: AnyDb): Promise<number> {
  const { rows } = await sql<{ size: string }>`select pg_database_size(current_database()) as size`.execute(conn);
  return Number(rows[0]!.size);
}

/** Today's snapshot, once: the first node to take it wins. `platform` holds the whole database. */
export async function saveCapacitySnapshot(conn: AnyDb, day: string, agencies: readonly AgencyBytes[], total: number): Promise<void> {
  const rows = [...agencies, { agencyId: 'platform', bytes: total, rows: 0 }];
  await sql`insert into ops_capacity_snapshots (day, agency_id, bytes, row_count)
    values ${sql.join(rows.map((r) => sql`(${day}::date, ${r.agencyId}, ${r.bytes}, ${r.rows})`))} on conflict do nothing`.execute(conn);
}

export async function hasCapacitySnapshot(conn: AnyDb, day: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ops_capacity_snapshots where day = ${day}::date`.execute(conn);
  return rows[0]!.n > 0;
}

export interface Snapshot { day: string; agencyId: string; bytes: number }

export async function capacitySnapshotsSince(conn: AnyDb, reach: Reach, since: string): Promise<Snapshot[]> {
  const { rows } = await sql<{ day: string; agency_id: string; bytes: string }>`select to_char(day, 'YYYY-MM-DD') as day, agency_id, bytes
    from ops_capacity_snapshots where day >= ${since}::date and (${within(reach)}${reach === 'platform' ? sql`` : sql` or agency_id = 'platform'`}) order by day`.execute(conn);
  return rows.map((r) => ({ day: r.day, agencyId: r.agency_id, bytes: Number(r.bytes) }));
}

// Audit-chain checks.

export interface AuditCheck { checked_at: Date; checked_by: string; entries: number; chains: number; ok: boolean; break_chain: string | null; break_seq: number | null; break_reason: string | null }

export async function saveAuditCheck(conn: AnyDb, c: Omit<AuditCheck, 'checked_at'>): Promise<void> {
  await sql`insert into ops_audit_checks (checked_by, entries, chains, ok, break_chain, break_seq, break_reason)
    values (${c.checked_by}, ${c.entries}, ${c.chains}, ${c.ok}, ${c.break_chain}, ${c.break_seq}, ${c.break_reason})`.execute(conn);
}

export async function lastAuditCheck(conn: AnyDb): Promise<AuditCheck | undefined> {
  const { rows } = await sql<AuditCheck>`select checked_at, checked_by, entries, chains, ok, break_chain, break_seq, break_reason
    from ops_audit_checks order by id desc limit 1`.execute(conn);
  return rows[0];
}
