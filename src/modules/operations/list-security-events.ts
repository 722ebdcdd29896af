import type { AnyDb } from '../../platform/db/database.ts';
import { countSignInFailures } from '../identity/index.ts';
import { countRefusedRequests } from '../exchange/index.ts';
import { lastAuditCheck, trafficSince, type AuditCheck, type Reach } from './store.ts';
import { HOUR } from './time-series.ts';

export const SECURITY_WINDOW_HOURS = 24;

export interface SecurityReport {
  /** Platform-wide: sign-ins are not an agency's (null for an agency's slice). */
  failedSignIns: number | null;
  throttled: { agencyId: string; requests: number }[];
  refused: { total: number; byAgency: { agency_id: string; refused: number }[] };
  lastCheck: AuditCheck | null;
}

/** The last day's failed sign-ins, requests over the rate limit, refused exchange requests, and the last audit-chain check. */
export async function listSecurityEvents(conn: AnyDb, reach: Reach, now = Date.now()): Promise<SecurityReport> {
  const since = new Date(now - SECURITY_WINDOW_HOURS * HOUR);
  const throttled = new Map<string, number>();
  for (const p of await trafficSince(conn, reach, since, { unit: null })) if (p.throttled) throttled.set(p.agencyId, (throttled.get(p.agencyId) ?? 0) + p.throttled);
  return {
    failedSignIns: reach === 'platform' ? await countSignInFailures(conn, since) : null,
    throttled: [...throttled].map(([agencyId, requests]) => ({ agencyId, requests })).sort((a, b) => b.requests - a.requests),
    refused: await countRefusedRequests(conn, reach, since),
    lastCheck: ownPartOf(reach, (await lastAuditCheck(conn)) ?? null),
  };
}

/** An agency sees whether the log was whole, but where another agency's chain broke is not its to know. */
function ownPartOf(reach: Reach, check: AuditCheck | null): AuditCheck | null {
  if (!check || reach === 'platform' || !check.break_chain || check.break_chain.startsWith(`agency:${reach.agencyId}/`)) return check;
  return { ...check, break_chain: null, break_seq: null, break_reason: null };
}
