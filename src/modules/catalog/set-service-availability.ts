import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import { setServiceOpen } from './store.ts';

/** An agency administrator opens or closes one of their agency's services to new applications. */
export async function setServiceAvailability(conn: AnyDb, scope: AgencyScope, serviceId: string, open: boolean, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    if (!(await setServiceOpen(trx, scope, serviceId, open))) throw notFound(`service ${serviceId} not in ${scope.agencyId}`);
    await recordAudit(trx, who, { agencyId: scope.agencyId, action: open ? 'service.opened' : 'service.closed', target: `service:${serviceId}` });
  });
}
