import type { AnyDb } from '../../platform/db/database.ts';
import { listAgencies } from '../agencies/index.ts';
import { listPublicServices } from '../catalog/index.ts';
import { HISTORY_DAYS, PLATFORM_COMPONENTS, type PublicIncident, type PublicMaintenance, type ServiceHealthSource, type StatusSnapshot } from './snapshot.ts';
import { listIncidents, listMaintenance, listUpdates } from './store.ts';

const DAY = 24 * 3600 * 1000;

/** Reads the catalog's open services, grouped by agency, with each one's health, and the incidents and windows written for them. */
export async function takeSnapshot(conn: AnyDb, health: ServiceHealthSource, now = new Date()): Promise<StatusSnapshot> {
  const [agencies, services, incidents, maintenance] = await Promise.all([
    listAgencies(conn), listPublicServices(conn), publicIncidents(conn, now), listMaintenance(conn, 'platform', now),
  ]);
  return {
    takenAt: now.toISOString(),
    components: PLATFORM_COMPONENTS.map((id) => ({ id, state: health(id) ?? 'up' })),
    agencies: agencies.map((a) => ({
      id: a.id, name: a.name,
      services: services.filter((s) => s.agency_id === a.id).map((s) => ({ id: s.id, title: s.definition.title, state: health(s.id) ?? 'up' })),
    })).filter((a) => a.services.length > 0),
    incidents,
    maintenance: maintenance.map((m): PublicMaintenance => ({
      id: m.id, services: m.services, components: m.components, startsAt: m.starts_at.toISOString(), endsAt: m.ends_at.toISOString(), body: m.body,
    })),
  };
}

/** What the public may read of incidents: no authors, no agency ids. */
async function publicIncidents(conn: AnyDb, now: Date): Promise<PublicIncident[]> {
  const incidents = await listIncidents(conn, 'platform', new Date(now.getTime() - HISTORY_DAYS * DAY));
  const updates = await listUpdates(conn, incidents.map((i) => i.id));
  return incidents.map((i) => ({
    id: i.id, title: i.title, impact: i.impact, state: i.state, services: i.services, components: i.components,
    startedAt: i.created_at.toISOString(), resolvedAt: i.resolved_at?.toISOString() ?? null,
    updates: updates.filter((u) => u.incident_id === i.id).map((u) => ({ at: u.created_at.toISOString(), state: u.state, body: u.body })),
  }));
}
