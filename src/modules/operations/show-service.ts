import type { AnyDb } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import type { Text } from '../../platform/i18n/i18n.ts';
import { findService } from '../catalog/index.ts';
import type { OperationsSettings } from '../packs/index.ts';
import { budgetRemaining, burnAlert, burnRate, healthOf, percentile, sumFigures, type Figures, type Health, type Slo } from './figures.ts';
import { sloOf } from './service-levels.ts';
import { trafficSince, type Reach } from './store.ts';
import { HOUR, MINUTE, lastDayByHour, lastHourByMinute, seriesOn, type Axis } from './time-series.ts';

/** The window the error budget is counted over: the minutes the console keeps. */
export const BUDGET_DAYS = 7;

export interface Percentiles { p50: number | null; p95: number | null; p99: number | null }
export interface Chart { axis: Axis; figures: Figures[]; percentiles: Percentiles[] }

export interface ServiceDetail {
  id: string; agencyId: string; title: Text; slo: Slo; health: Health;
  hour: Chart; day: Chart;
  budget: { remaining: number; requests: number; errors: number };
  burn: { m5: number; m30: number; h1: number; h6: number; alert: 'page' | 'ticket' | 'none' };
}

const chartOf = (axis: Axis, figures: Figures[]): Chart => ({
  axis, figures, percentiles: figures.map((f) => ({ p50: percentile(f.latency, 0.5), p95: percentile(f.latency, 0.95), p99: percentile(f.latency, 0.99) })),
});

/** One service's charts, objective, error budget and burn rates; undefined when it is not in the viewer's reach. */
export async function showService(conn: AnyDb, reach: Reach, serviceId: string, settings: OperationsSettings | undefined, now = Date.now()): Promise<ServiceDetail | undefined> {
  const service = await findService(conn, serviceId);
  if (!service || service.retired_at || (reach !== 'platform' && service.agency_id !== reach.agencyId)) return undefined;
  const scope = agencyScope(service.agency_id);
  const slo = sloOf(settings, service.id);
  const hourAxis = lastHourByMinute(now);
  const dayAxis = lastDayByHour(now);
  const minutes = await trafficSince(conn, scope, new Date(now - 6 * HOUR), { unit: 'minute', serviceId });
  const hours = await trafficSince(conn, scope, new Date(dayAxis.start), { unit: 'hour', serviceId });
  const [week] = await trafficSince(conn, scope, new Date(now - BUDGET_DAYS * 24 * HOUR), { unit: null, serviceId });
  const since = (ms: number) => sumFigures(minutes.filter((p) => p.at.getTime() >= now - ms));
  const burn = { m5: burnRate(since(5 * MINUTE), slo), m30: burnRate(since(30 * MINUTE), slo), h1: burnRate(since(HOUR), slo), h6: burnRate(since(6 * HOUR), slo) };
  const hourFigures = seriesOn(hourAxis, minutes);
  const weekFigures = week ?? sumFigures([]);
  return {
    id: service.id, agencyId: service.agency_id, title: service.definition.title, slo, health: healthOf(sumFigures(hourFigures), slo),
    hour: chartOf(hourAxis, hourFigures), day: chartOf(dayAxis, seriesOn(dayAxis, hours)),
    budget: { remaining: budgetRemaining(weekFigures, slo), requests: weekFigures.requests, errors: weekFigures.errors5xx },
    burn: { ...burn, alert: burnAlert(burn) },
  };
}
