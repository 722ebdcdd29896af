import client from 'prom-client';
import type { AnyDb } from '../../platform/db/database.ts';
import { serviceWorkload } from '../applications/index.ts';
import { listAgencies } from '../agencies/index.ts';
import { countSignInFailures } from '../identity/index.ts';
import { measureAgencyBytes, lastAuditCheck } from './store.ts';

/** Sizing every agency's tables reads them all: a scrape reuses the figure for this long. */
const SIZE_CACHE_MS = 5 * 60_000;

/** The console's figures as Prometheus gauges, labelled by agency only (services stay on the request metrics). */
export function registerOperationsMetrics(registry: client.Registry, conn: AnyDb): void {
  new client.Gauge({
    name: 'hanaro_applications_backlog', help: 'Applications submitted and not yet decided, per agency', labelNames: ['agency'], registers: [registry],
    async collect() {
      const by = new Map((await listAgencies(conn)).map((a) => [a.id, { backlog: 0, overdue: 0 }]));
      for (const w of await serviceWorkload(conn, 'platform')) {
        const a = by.get(w.agency_id) ?? { backlog: 0, overdue: 0 };
        a.backlog += w.backlog;
        a.overdue += w.overdue;
        by.set(w.agency_id, a);
      }
      this.reset();
      overdue.reset();
      for (const [agency, a] of by) {
        this.set({ agency }, a.backlog);
        overdue.set({ agency }, a.overdue);
      }
    },
  });
  const overdue = new client.Gauge({ name: 'hanaro_applications_overdue', help: 'Open applications past their due date, per agency', labelNames: ['agency'], registers: [registry] });
  let sized: { at: number; rows: { agencyId: string; bytes: number }[] } | null = null;
  new client.Gauge({
    name: 'hanaro_database_agency_bytes', help: "Bytes of the database an agency's rows take (rows x average row size)", labelNames: ['agency'], registers: [registry],
    async collect() {
      if (!sized || Date.now() - sized.at > SIZE_CACHE_MS) sized = { at: Date.now(), rows: await measureAgencyBytes(conn, 'platform') };
      for (const r of sized.rows) this.set({ agency: r.agencyId }, r.bytes);
    },
  });
  new client.Gauge({
    name: 'hanaro_sign_in_failures_last_hour', help: 'Failed sign-ins in the last hour still on record', registers: [registry],
    async collect() { this.set(await countSignInFailures(conn, new Date(Date.now() - 3_600_000))); },
  });
  new client.Gauge({
    name: 'hanaro_audit_chain_ok', help: 'Whether the last verification of the audit log found every chain whole (1), a break (0), or none ran yet (-1)', registers: [registry],
    async collect() {
      const last = await lastAuditCheck(conn);
      this.set(last ? (last.ok ? 1 : 0) : -1);
    },
  });
}
