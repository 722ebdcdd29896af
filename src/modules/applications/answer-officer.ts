import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { tellResident } from './tell-resident.ts';
import * as store from './store.ts';

export const MAX_MESSAGE_LENGTH = 4000;

/** The resident's answer to a request for more information: the application goes back to the officer. */
export async function replyToOfficer(conn: AnyDb, residentId: string, applicationId: string, message: string, who: Actor): Promise<void> {
  if (!message.trim() || message.length > MAX_MESSAGE_LENGTH) throw new ApplicationRefused('invalid', 'message');
  await conn.transaction().execute(async (trx) => {
    const app = await store.updateResidentApplication(trx, residentId, applicationId, ['info_requested'], { status: 'submitted' });
    if (!app) throw new ApplicationRefused('wrong_state', 'no information was asked for');
    await store.addEvent(trx, { application_id: app.id, actor: who.actor, kind: 'resident_replied', message: message.trim() });
    await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.resident_replied', target: `application:${app.id}` });
  });
}

/** The resident takes back an application the agency has not decided yet. */
export async function withdrawApplication(conn: AnyDb, ctx: ApplicationsContext, residentId: string, applicationId: string, who: Actor): Promise<void> {
  await conn.transaction().execute(async (trx) => {
    const app = await store.updateResidentApplication(trx, residentId, applicationId, ['draft', 'submitted', 'info_requested'], { status: 'withdrawn', decided_at: new Date() });
    if (!app) throw new ApplicationRefused('wrong_state', 'already decided');
    await store.addEvent(trx, { application_id: app.id, actor: who.actor, kind: 'withdrawn' });
    await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.withdrawn', target: `application:${app.id}` });
    if (app.submitted_at) await tellResident(trx, ctx, app, 'withdrawn');
  });
}
