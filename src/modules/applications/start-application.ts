import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import * as store from './store.ts';

/** Opens a draft for the resident, or returns the one they already started for this service. */
export async function startApplication(conn: AnyDb, ctx: ApplicationsContext, residentId: string, serviceId: string, who: Actor): Promise<string> {
  const service = await ctx.findService(conn, serviceId);
  if (!service) throw new ApplicationRefused('not_found', 'no such service');
  if (!service.open) throw new ApplicationRefused('service_closed');
  const existing = await store.findDraft(conn, residentId, serviceId);
  if (existing) return existing.id;
  return conn.transaction().execute(async (trx) => {
    const id = await store.insertApplication(trx, {
      service_id: serviceId, agency_id: service.definition.agency, resident_id: residentId, filed_by: who.actor, bundle_id: null,
    });
    await recordAudit(trx, who, { agencyId: service.definition.agency, action: 'application.draft_started', target: `application:${id}`, details: { service: serviceId } });
    return id;
  });
}
