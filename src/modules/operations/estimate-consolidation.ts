import type { AnyDb } from '../../platform/db/database.ts';
import type { OperationCosts } from '../packs/index.ts';
import { PLATFORM_AGENCY } from '../../platform/http/traffic.ts';
import { agenciesInReach } from './show-console.ts';
import { measureCapacity } from './measure-capacity.ts';
import { trafficSince, type Reach } from './store.ts';
import { HOUR } from './time-series.ts';

/** The use the report is measured over; costs are per month. */
export const USAGE_DAYS = 7;
const GB = 1e9;

export interface AgencyUsage { agencyId: string; requests: number; durationMs: number; storageBytes: number }

export interface AgencyCost extends AgencyUsage {
  /** Its share of the center's request time (0..1). */
  computeShare: number;
  standalone: number; inCenter: number; savings: number;
}

export interface Consolidation { agencies: AgencyCost[]; standalone: number; center: number; savings: number }

/**
 * What each agency would pay a month alone (its minimum servers with licences, its own operations
 * staff, its storage) against its part of the center: the center's servers and staff split by share
 * of request time (by requests, or evenly, while there is none), plus its own storage.
 */
export function estimateConsolidation(usage: readonly AgencyUsage[], costs: OperationCosts): Consolidation {
  const server = costs.serverPerMonth + costs.licencePerServerPerMonth;
  const centerFixed = costs.centerServers * server + costs.centerOpsStaff * costs.opsStaffPerMonth;
  const time = usage.reduce((a, u) => a + u.durationMs, 0);
  const requests = usage.reduce((a, u) => a + u.requests, 0);
  const agencies = usage.map((u): AgencyCost => {
    const computeShare = time ? u.durationMs / time : requests ? u.requests / requests : 1 / usage.length;
    const storage = (u.storageBytes / GB) * costs.storagePerGbMonth;
    const standalone = costs.minServersStandalone * server + costs.opsStaffStandalone * costs.opsStaffPerMonth + storage;
    const inCenter = centerFixed * computeShare + storage;
    return { ...u, computeShare, standalone, inCenter, savings: standalone - inCenter };
  });
  const standalone = agencies.reduce((a, c) => a + c.standalone, 0);
  const center = agencies.reduce((a, c) => a + c.inCenter, 0);
  return { agencies, standalone, center, savings: standalone - center };
}

/** The report for the viewer: shares are of the whole center; an agency sees its own row and no totals. */
export async function reportConsolidation(conn: AnyDb, reach: Reach, costs: OperationCosts, now = Date.now()): Promise<Consolidation & { whole: boolean }> {
  const traffic = await trafficSince(conn, 'platform', new Date(now - USAGE_DAYS * 24 * HOUR), { unit: null });
  const capacity = await measureCapacity(conn, 'platform', null, new Date(now));
  const usage = (await agenciesInReach(conn, 'platform')).map((a): AgencyUsage => {
    const mine = traffic.filter((p) => p.agencyId === a.id && p.agencyId !== PLATFORM_AGENCY);
    const stored = capacity.agencies.find((c) => c.agencyId === a.id);
    return {
      agencyId: a.id, requests: mine.reduce((n, p) => n + p.requests, 0), durationMs: mine.reduce((n, p) => n + p.durationMs, 0),
      storageBytes: stored ? stored.databaseBytes + stored.applicationFileBytes + stored.documentBytes : 0,
    };
  });
  const report = estimateConsolidation(usage, costs);
  if (reach === 'platform') return { ...report, whole: true };
  return { ...report, agencies: report.agencies.filter((a) => a.agencyId === reach.agencyId), whole: false };
}
