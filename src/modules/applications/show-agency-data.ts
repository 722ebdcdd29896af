import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { findAgency } from '../agencies/index.ts';
import { findRegistryWords } from '../registries/index.ts';
import type { Service, Text } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import { dataServicesOf, takesAgencyData } from './fetch-agency-data.ts';
import * as store from './store.ts';
import type { AgencyDataItem, ConsentGroup, DataSource, PrefillChoices } from './views/agency-data.tsx';
import { recordSummary } from './views/agency-data-words.ts';
import { chosenIndex, prefillOffer } from './pick-from-agency-data.ts';
import type { Answers } from './eform/index.ts';
import type { AgencyData } from './views/apply.tsx';

/** The agency's name in the reader's language; its id when it is gone. */
export async function agencyName(conn: AnyDb, tr: Translator, id: string): Promise<string> {
  return tr.text((await findAgency(conn, id))?.name) || id;
}

/** The data services a service takes data from, each with the name of the agency that answers it and its registry's words. */
export async function dataSourcesOf(conn: AnyDb, ctx: ApplicationsContext, service: Service, tr: Translator): Promise<DataSource[]> {
  const sources: DataSource[] = [];
  for (const ds of await dataServicesOf(conn, ctx, service)) sources.push({ ds, providerName: await agencyName(conn, tr, ds.agency), words: await findRegistryWords(conn, ds.registry) });
  return sources;
}

/** For each data service of the application's service: what it answered (if anything) and what was reported wrong about it. */
export async function agencyDataItems(conn: AnyDb, ctx: ApplicationsContext, app: store.Application, service: Service, tr: Translator): Promise<AgencyDataItem[]> {
  const sources = await dataSourcesOf(conn, ctx, service, tr);
  if (!sources.length) return [];
  const [rows, reports] = await Promise.all([store.listAgencyData(conn, app.id), store.listDataReports(conn, app.id)]);
  return sources.map((s) => ({
    ...s, row: rows.find((r) => r.data_service_id === s.ds.id), reports: reports.filter((r) => r.data_service_id === s.ds.id),
  }));
}

/** What other agencies' data services gave an application, and the agency whose counter takes what could not be fetched. */
export async function agencyDataOf(conn: AnyDb, ctx: ApplicationsContext, app: store.Application, service: Service, tr: Translator): Promise<AgencyData | undefined> {
  const items = await agencyDataItems(conn, ctx, app, service, tr);
  return items.length ? { items, agencyName: await agencyName(conn, tr, service.agency) } : undefined;
}

/** For the consent step: each of the services that takes data, with its reading agency, its data services and how long a consent lasts. */
export async function consentGroupsOf(conn: AnyDb, ctx: ApplicationsContext, services: Service[], tr: Translator): Promise<ConsentGroup[]> {
  const groups: ConsentGroup[] = [];
  for (const service of services.filter(takesAgencyData)) {
    groups.push({ service, agencyName: await agencyName(conn, tr, service.agency), sources: await dataSourcesOf(conn, ctx, service, tr), consentDays: await ctx.agencyData.consentDays(conn, service.id) });
  }
  return groups;
}

/** Whether a data service's answer is on the application: fetched, refused by the exchange (and why), or never asked. */
export interface AgencyDataOutcome {
  dataServiceId: string; providerAgencyId: string; status: 'fetched' | 'refused' | 'not_fetched';
  /** Why not: the exchange's refusal, or `consent_missing` when nothing was asked for want of a consent. */
  reason?: string; exchangeMessageId?: string; fetchedAt?: string;
  /** The paper the resident brings instead when it was not fetched. */
  replacesDocument?: Text;
}

/** For front doors that answer machines (the GovStack Registration API): the outcome of each data service of the application's service. */
export async function agencyDataOutcomes(conn: AnyDb, ctx: ApplicationsContext, app: store.Application, known?: Service): Promise<AgencyDataOutcome[]> {
  const service = known?.id === app.service_id ? known : (await ctx.findService(conn, app.service_id))?.definition;
  if (!service || !takesAgencyData(service)) return [];
  const rows = await store.listAgencyData(conn, app.id);
  return (await dataServicesOf(conn, ctx, service)).map((ds) => {
    const row = rows.find((r) => r.data_service_id === ds.id);
    const instead = ds.replacesDocument ? { replacesDocument: ds.replacesDocument } : {};
    if (row?.outcome === 'fetched') return { dataServiceId: ds.id, providerAgencyId: row.provider_agency_id, status: 'fetched', exchangeMessageId: row.exchange_message_id!, fetchedAt: row.fetched_at.toISOString() };
    if (row) return { dataServiceId: ds.id, providerAgencyId: row.provider_agency_id, status: 'refused', reason: row.refusal_reason ?? 'refused', ...instead };
    return { dataServiceId: ds.id, providerAgencyId: ds.agency, status: 'not_fetched', reason: 'consent_missing', ...instead };
  });
}

/** The choice a page offers from data fetched for the application, in the reader's words; undefined when it offers none. */
export async function prefillChoicesOf(conn: AnyDb, ctx: ApplicationsContext, app: store.Application, service: Service, pageId: string, tr: Translator, answers: Answers): Promise<PrefillChoices | undefined> {
  const offer = await prefillOffer(conn, app, service, pageId, ctx.country.timeZone);
  const source = offer && (await dataSourcesOf(conn, ctx, service, tr)).find((s) => s.ds.id === offer.prefill.from);
  if (!offer || !source) return undefined;
  const { fills, youngerThan } = offer.prefill;
  const shown = [...new Set([...Object.values(fills), ...(youngerThan ? [youngerThan.field] : [])])];
  return {
    label: tr.text(offer.prefill.label), hint: tr.text(offer.prefill.hint), providerName: source.providerName,
    options: offer.records.map((r) => recordSummary(tr, source.words, shown, r)), chosen: chosenIndex(offer, answers),
  };
}
