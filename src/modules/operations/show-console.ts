import type { AnyDb } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { listAgencies } from '../agencies/index.ts';
import { listAgencyServices } from '../catalog/index.ts';
import { serviceWorkload } from '../applications/index.ts';
import type { OperationsSettings } from '../packs/index.ts';
import { errorRate, healthOf, percentile, sumFigures, type Figures, type Health, type Slo } from './figures.ts';
import { sloOf } from './service-levels.ts';
import { trafficSince, type Reach } from './store.ts';
import { lastHourByMinute, seriesOn } from './time-series.ts';

export interface ServiceSummary {
  id: string; agencyId: string; title: Text; slo: Slo; health: Health;
  /** Requests per minute over the last hour, oldest first. */
  perMinute: number[];
  hour: Figures; errorRate: number; p50: number | null; p95: number | null; p99: number | null;
  backlog: number; overdue: number;
}

export interface AgencySummary { id: string; name: Text; services: ServiceSummary[] }

/** The agencies the viewer may see, with what the viewer may not see left out. */
export async function agenciesInReach(conn: AnyDb, reach: Reach) {
  const agencies = await listAgencies(conn);
  return reach === 'platform' ? agencies : agencies.filter((a) => a.id === reach.agencyId);
}

/** Every service of the agencies in reach: its health and figures over the last hour, and its open work. */
export async function showConsole(conn: AnyDb, reach: Reach, settings: OperationsSettings | undefined, now = Date.now()): Promise<AgencySummary[]> {
  const axis = lastHourByMinute(now);
  const points = await trafficSince(conn, reach, new Date(axis.start), { unit: 'minute' });
  const work = new Map((await serviceWorkload(conn, reach)).map((w) => [w.service_id, w]));
  const out: AgencySummary[] = [];
  for (const agency of await agenciesInReach(conn, reach)) {
    const services = (await listAgencyServices(conn, agencyScope(agency.id))).map((s): ServiceSummary => {
      const series = seriesOn(axis, points.filter((p) => p.serviceId === s.id && p.agencyId === agency.id));
      const hour = sumFigures(series);
      const slo = sloOf(settings, s.id);
      return {
        id: s.id, agencyId: agency.id, title: s.definition.title, slo, health: healthOf(hour, slo), perMinute: series.map((f) => f.requests),
        hour, errorRate: errorRate(hour), p50: percentile(hour.latency, 0.5), p95: percentile(hour.latency, 0.95), p99: percentile(hour.latency, 0.99),
        backlog: work.get(s.id)?.backlog ?? 0, overdue: work.get(s.id)?.overdue ?? 0,
      };
    });
    out.push({ id: agency.id, name: agency.name, services });
  }
  return out;
}
