import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { findResidentById } from '../residents/index.ts';
import type { DataService, Service } from '../packs/index.ts';
import type { Reader } from '../registries/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

/** The portal reads on behalf of the service's agency: "Hanaro" for that agency on the resident's /me/data-usage. */
export const PORTAL_READER = 'hanaro-portal';

/** The data services a service takes instead of documents, as the pack defines them. */
export async function dataServicesOf(conn: AnyDb, ctx: ApplicationsContext, service: Service): Promise<DataService[]> {
  const found = await Promise.all((service.dataFromOtherAgencies ?? []).map((id) => ctx.agencyData.findDataService(conn, id)));
  return found.filter((ds): ds is DataService => ds !== undefined);
}

/** Whether starting the service needs the resident's consent first: some data service answers only with one. */
export async function needsConsent(conn: AnyDb, ctx: ApplicationsContext, service: Service): Promise<boolean> {
  return (await dataServicesOf(conn, ctx, service)).some((ds) => ds.consent === 'required');
}

/** The service's title in the resident's language: the purpose the resident is shown for each read. */
export const purposeOf = (service: Service, language: string) => service.title[language] ?? Object.values(service.title)[0] ?? service.id;

/** Whether the service takes data from other agencies at all. */
export const takesAgencyData = (service: Service) => Boolean(service.dataFromOtherAgencies?.length);

export interface FetchOptions {
  consentId: string | null;
  /** The language the purpose of each read is recorded in: the resident's, or the officer's at a counter. */
  language: string;
  /** Who reads for the service's agency: the portal unless an officer at a counter or the agency's own system does. */
  reader?: Reader;
}

/**
 * Inside the caller's transaction: asks each data service the service declares and has no answer
 * for yet, through the information mediator, and keeps on the draft what came back or why the
 * exchange refused. A refusal leaves the application going: the resident brings that document.
 */
export async function fetchAgencyData(trx: Tx, ctx: ApplicationsContext, app: store.Application, service: Service, input: FetchOptions, who: Actor): Promise<store.AgencyData[]> {
  return inSpan('applications.fetch_agency_data', { 'hanaro.agency': service.agency, 'hanaro.service': service.id }, async () => {
    const resident = await findResidentById(trx, app.resident_id);
    if (!resident) throw new Error(`resident ${app.resident_id} of application ${app.id} is not on the register`);
    const have = new Set((await store.listAgencyData(trx, app.id)).filter((d) => d.outcome === 'fetched').map((d) => d.data_service_id));
    for (const ds of await dataServicesOf(trx, ctx, service)) {
      if (have.has(ds.id)) continue;
      const answer = await ctx.agencyData.fetch(trx, {
        consumerAgencyId: service.agency, dataServiceId: ds.id, subjectIdNumber: resident.id_number, purpose: purposeOf(service, input.language),
        serviceId: service.id, applicationId: app.id, consentId: input.consentId,
        reader: input.reader ?? { kind: 'system', id: PORTAL_READER, role: null, agencyId: service.agency },
      });
      const common = { application_id: app.id, data_service_id: ds.id, consent_id: input.consentId };
      if (answer.ok) {
        await store.saveAgencyData(trx, {
          ...common, provider_agency_id: answer.providerAgencyId, outcome: 'fetched', refusal_reason: null,
          exchange_message_id: answer.messageId, records: answer.records, response_jws: answer.responseJws, fetched_at: new Date(answer.fetchedAt),
        });
      } else {
        await store.saveAgencyData(trx, {
          ...common, provider_agency_id: ds.agency, outcome: 'refused', refusal_reason: answer.reason,
          exchange_message_id: null, records: null, response_jws: null, fetched_at: new Date(),
        });
      }
      await recordAudit(trx, who, {
        agencyId: app.agency_id, action: answer.ok ? 'application.agency_data_fetched' : 'application.agency_data_refused', target: `application:${app.id}`,
        details: answer.ok ? { dataService: ds.id, provider: answer.providerAgencyId, message: answer.messageId, records: answer.records.length } : { dataService: ds.id, reason: answer.reason },
      });
    }
    return store.listAgencyData(trx, app.id);
  });
}

export interface AgreeOptions extends Omit<FetchOptions, 'consentId'> {
  /** Where the resident agreed: online, or to an officer at a counter (who is then `who`, acting for them). */
  channel: 'portal' | 'counter' | 'api';
}

/**
 * Inside the caller's transaction: the resident's consent to the service's data agreement (a valid
 * one, or the one they give now, tied to this application), then what the data services answer.
 */
export async function agreeAndFetchFor(trx: Tx, ctx: ApplicationsContext, app: store.Application, service: Service, opts: AgreeOptions, who: Actor): Promise<store.AgencyData[]> {
  const residentId = app.resident_id;
  const consent = await ctx.agencyData.findValidConsent(trx, { residentId, dataAgreementId: service.id })
    ?? await ctx.agencyData.giveConsent(trx, { residentId, dataAgreementId: service.id, language: opts.language, channel: opts.channel, applicationId: app.id, actor: who.actor });
  return fetchAgencyData(trx, ctx, app, service, { consentId: consent.id, language: opts.language, reader: opts.reader }, who);
}

/**
 * Before anything is opened: the resident's valid consent for each service that takes data (by
 * service id), or `consent_needed` when one of them answers only with a consent the resident has
 * not given.
 */
export async function validConsentsFor(conn: AnyDb, ctx: ApplicationsContext, residentId: string, services: Service[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const service of services.filter(takesAgencyData)) {
    const consent = await ctx.agencyData.findValidConsent(conn, { residentId, dataAgreementId: service.id });
    if (!consent && await needsConsent(conn, ctx, service)) throw new ApplicationRefused('consent_needed');
    out.set(service.id, consent?.id ?? null);
  }
  return out;
}
