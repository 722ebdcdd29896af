import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { ApplicationRefused } from './context.ts';
import * as store from './store.ts';

export const MAX_REPORT_LENGTH = 2000;

/**
 * The resident says that what another agency's register gave for their application is wrong, in
 * their own words: kept on the application for the officer, in its timeline, and audited.
 */
export async function reportWrongData(conn: AnyDb, residentId: string, applicationId: string, dataServiceId: string, message: string, who: Actor): Promise<string> {
  const text = message.trim();
  if (!text || text.length > MAX_REPORT_LENGTH) throw new ApplicationRefused('invalid', 'a report needs 1 to 2000 characters');
  return conn.transaction().execute(async (trx) => {
    const app = await store.findResidentApplication(trx, residentId, applicationId);
    if (!app) throw new ApplicationRefused('not_found');
    if (!['draft', 'submitted', 'info_requested'].includes(app.status)) throw new ApplicationRefused('wrong_state', 'the application is closed');
    const fetched = (await store.listAgencyData(trx, app.id)).some((d) => d.data_service_id === dataServiceId && d.outcome === 'fetched');
    if (!fetched) throw new ApplicationRefused('not_found', 'no data from this data service on the application');
    const id = await store.insertDataReport(trx, { application_id: app.id, data_service_id: dataServiceId, message: text, reported_by: who.actor });
    await store.addEvent(trx, { application_id: app.id, actor: who.actor, kind: 'data_reported', message: text });
    await recordAudit(trx, who, { agencyId: app.agency_id, action: 'application.data_reported', target: `application:${app.id}`, details: { dataService: dataServiceId, report: id } });
    return id;
  });
}
