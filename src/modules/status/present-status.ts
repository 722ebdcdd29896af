import { HISTORY_DAYS, type PublicIncident, type PublicMaintenance, type ServiceState, type StatusSnapshot } from './snapshot.ts';

const DAY = 24 * 3600 * 1000;

/** The status page's content at one moment: each service's state with incidents and windows applied. */
export interface StatusBoard extends Pick<StatusSnapshot, 'takenAt' | 'components' | 'agencies'> {
  /** Open incidents, newest first, each timeline newest first. */
  incidents: PublicIncident[];
  /** Resolved in the last HISTORY_DAYS, newest first. */
  history: PublicIncident[];
  maintenance: { active: PublicMaintenance[]; upcoming: PublicMaintenance[] };
}

/**
 * An open incident names its impact, else an active window says maintenance, else the measured health.
 * Applied at `now`, not when the snapshot was taken, so a copy kept while the database is down stays right.
 */
export function presentStatus(snapshot: StatusSnapshot, now = new Date()): StatusBoard {
  // A copy kept on disk by an older version has neither list.
  const incidents = snapshot.incidents ?? [];
  const windows = snapshot.maintenance ?? [];
  const t = now.getTime();
  const open = incidents.filter((i) => i.state !== 'resolved');
  const active = windows.filter((m) => Date.parse(m.startsAt) <= t && t < Date.parse(m.endsAt));
  const stateOf = (kind: 'services' | 'components', id: string, measured: ServiceState): ServiceState => {
    const hit = open.filter((i) => i[kind].includes(id));
    if (hit.some((i) => i.impact === 'outage')) return 'outage';
    if (hit.length) return 'degraded';
    if (active.some((m) => m[kind].includes(id))) return 'maintenance';
    return measured;
  };
  const newestFirst = (i: PublicIncident): PublicIncident => ({ ...i, updates: [...i.updates].reverse() });
  return {
    takenAt: snapshot.takenAt,
    components: snapshot.components.map((c) => ({ id: c.id, state: stateOf('components', c.id, c.state) })),
    agencies: snapshot.agencies.map((a) => ({ ...a, services: a.services.map((s) => ({ ...s, state: stateOf('services', s.id, s.state) })) })),
    incidents: open.map(newestFirst),
    history: incidents.filter((i) => i.resolvedAt && t - Date.parse(i.resolvedAt) < HISTORY_DAYS * DAY).map(newestFirst),
    maintenance: { active, upcoming: windows.filter((m) => Date.parse(m.startsAt) > t) },
  };
}
