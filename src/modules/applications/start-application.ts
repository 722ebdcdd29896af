import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import type { Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { agreeAndFetchFor, fetchAgencyData, takesAgencyData, validConsentsFor } from './fetch-agency-data.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

export interface StartOptions {
  /** The resident's language: the purpose they are shown for each read of their data. */
  language: string;
  /** The resident chose to bring the documents to a counter rather than agree. */
  withoutAgencyData?: boolean;
}

/**
 * Opens a draft for the resident, or returns the one they already started for this service. Where
 * the service takes data from other agencies, the draft opens with that data fetched under the
 * resident's valid consent; without one the resident is asked first (`consent_needed`).
 */
export async function startApplication(conn: AnyDb, ctx: ApplicationsContext, residentId: string, serviceId: string, who: Actor, opts: StartOptions): Promise<string> {
  return inSpan('applications.start', { 'hanaro.service': serviceId }, async () => {
    const service = await openService(conn, ctx, serviceId);
    const existing = await store.findDraft(conn, residentId, serviceId);
    if (existing) return existing.id;
    const consents = opts.withoutAgencyData ? new Map<string, string | null>() : await validConsentsFor(conn, ctx, residentId, [service]);
    return conn.transaction().execute(async (trx) => {
      const app = await openDraft(trx, service, residentId, who);
      if (consents.has(service.id)) await fetchAgencyData(trx, ctx, app, service, { consentId: consents.get(service.id)!, language: opts.language }, who);
      return app.id;
    });
  });
}

/**
 * The resident agrees that the service's agency may get what it needs from other agencies: the
 * consent record (unless a valid one exists), the draft (theirs, or a new one) and what the data
 * services answered commit together.
 */
export async function agreeAndFetch(conn: AnyDb, ctx: ApplicationsContext, residentId: string, serviceId: string, who: Actor, opts: StartOptions): Promise<string> {
  return inSpan('applications.agree_and_fetch', { 'hanaro.service': serviceId }, async () => {
    const service = await openService(conn, ctx, serviceId);
    if (!takesAgencyData(service)) throw new ApplicationRefused('invalid', 'the service takes no data from other agencies');
    return conn.transaction().execute(async (trx) => {
      const app = await store.findDraft(trx, residentId, serviceId) ?? await openDraft(trx, service, residentId, who);
      await agreeAndFetchFor(trx, ctx, app, service, { language: opts.language, channel: 'portal' }, who);
      return app.id;
    });
  });
}

async function openService(conn: AnyDb, ctx: ApplicationsContext, serviceId: string): Promise<Service> {
  const service = await ctx.findService(conn, serviceId);
  if (!service) throw new ApplicationRefused('not_found', 'no such service');
  if (!service.open) throw new ApplicationRefused('service_closed');
  return service.definition;
}

async function openDraft(trx: Tx, service: Service, residentId: string, who: Actor): Promise<store.Application> {
  const draft = await store.insertApplication(trx, {
    service_id: service.id, agency_id: service.agency, resident_id: residentId, filed_by: who.actor, bundle_id: null,
  });
  await recordAudit(trx, who, { agencyId: service.agency, action: 'application.draft_started', target: `application:${draft.id}`, details: { service: service.id } });
  return draft;
}
