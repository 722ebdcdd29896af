import type { AnyDb } from '../../platform/db/database.ts';
import { listAgencies } from '../agencies/index.ts';
import { listPublicServices } from '../catalog/index.ts';
import { PLATFORM_COMPONENTS, type ServiceHealthSource, type StatusSnapshot } from './snapshot.ts';

/** Reads the catalog's open services, grouped by agency, with each one's health. */
export async function takeSnapshot(conn: AnyDb, health: ServiceHealthSource, now = new Date()): Promise<StatusSnapshot> {
  const [agencies, services] = await Promise.all([listAgencies(conn), listPublicServices(conn)]);
  return {
    takenAt: now.toISOString(),
    components: PLATFORM_COMPONENTS.map((id) => ({ id, state: health(id) ?? 'up' })),
    agencies: agencies.map((a) => ({
      id: a.id, name: a.name,
      services: services.filter((s) => s.agency_id === a.id).map((s) => ({ id: s.id, title: s.definition.title, state: health(s.id) ?? 'up' })),
    })).filter((a) => a.services.length > 0),
  };
}
