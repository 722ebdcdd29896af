import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb, Tx } from '../../platform/db/database.ts';
import { bundleForm, findAnyBundle, findBundle } from '../bundles/index.ts';
import type { Bundle, Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import type { EForm } from './eform/index.ts';
import { agreeAndFetchFor, fetchAgencyData, takesAgencyData, validConsentsFor } from './fetch-agency-data.ts';
import { memberApplications } from './fill-bundle.ts';
import type { StartOptions } from './start-application.ts';
import * as bundles from './bundle-store.ts';
import * as store from './store.ts';

/** A bundle with its member services as the catalog holds them now, and the one form they make together. */
export interface FiledBundle { bundle: Bundle; services: Service[]; open: boolean; form: EForm }

/** The bundle and its services; `any` also finds one the pack has since dropped, for filings already made. */
export async function loadBundle(conn: AnyDb, ctx: ApplicationsContext, bundleId: string, which: 'live' | 'any' = 'live'): Promise<FiledBundle> {
  const bundle = which === 'live' ? await findBundle(conn, bundleId) : await findAnyBundle(conn, bundleId);
  if (!bundle) throw new ApplicationRefused('not_found', 'no such bundle');
  const found = await Promise.all(bundle.services.map((id) => ctx.findService(conn, id)));
  if (found.some((s) => !s)) throw new ApplicationRefused('not_found', 'a service of the bundle is gone');
  const services = found.map((s) => s!.definition);
  return { bundle, services, open: found.every((s) => s!.open), form: bundleForm(bundle, services) };
}

/**
 * Opens a bundle draft for the resident (one draft application per member service, tied together
 * by the filing), or returns the one they already started. Each member service that takes data
 * from other agencies gets it with the draft, under the resident's valid consent to that service's
 * data agreement; without one the resident is asked first (`consent_needed`).
 */
export async function startBundle(conn: AnyDb, ctx: ApplicationsContext, residentId: string, bundleId: string, who: Actor, opts: StartOptions): Promise<string> {
  const { bundle, services, open } = await loadBundle(conn, ctx, bundleId);
  if (!open) throw new ApplicationRefused('service_closed');
  const existing = await bundles.findDraftFiling(conn, residentId, bundle.id);
  if (existing) return existing.id;
  const consents = opts.withoutAgencyData ? new Map<string, string | null>() : await validConsentsFor(conn, ctx, residentId, services);
  return conn.transaction().execute(async (trx) => {
    const { filingId, members } = await openFiling(trx, bundle, services, residentId, who);
    for (const [i, service] of services.entries()) {
      if (consents.has(service.id)) await fetchAgencyData(trx, ctx, members[i]!, service, { consentId: consents.get(service.id)!, language: opts.language }, who);
    }
    return filingId;
  });
}

/**
 * The resident agrees, for every member service that takes data from other agencies, that its
 * agency may get it: one consent per service's data agreement, the bundle's drafts (theirs, or new
 * ones) and what the data services answered commit together.
 */
export async function agreeAndStartBundle(conn: AnyDb, ctx: ApplicationsContext, residentId: string, bundleId: string, who: Actor, opts: StartOptions): Promise<string> {
  const { bundle, services, open } = await loadBundle(conn, ctx, bundleId);
  if (!open) throw new ApplicationRefused('service_closed');
  if (!services.some(takesAgencyData)) throw new ApplicationRefused('invalid', 'no service of the bundle takes data from other agencies');
  return conn.transaction().execute(async (trx) => {
    const existing = await bundles.findDraftFiling(trx, residentId, bundle.id);
    const { filingId, members } = existing
      ? { filingId: existing.id, members: await memberApplications(trx, residentId, bundle, existing.id) }
      : await openFiling(trx, bundle, services, residentId, who);
    for (const service of services.filter(takesAgencyData)) {
      const app = members.find((a) => a.service_id === service.id);
      if (app?.status !== 'draft') throw new ApplicationRefused('wrong_state', `the bundle has no draft for ${service.id}`);
      await agreeAndFetchFor(trx, ctx, app, service, { language: opts.language, channel: 'portal' }, who);
    }
    return filingId;
  });
}

async function openFiling(trx: Tx, bundle: Bundle, services: Service[], residentId: string, who: Actor): Promise<{ filingId: string; members: store.Application[] }> {
  const filingId = await bundles.insertFiling(trx, bundle.id, residentId);
  await recordAudit(trx, who, { agencyId: null, action: 'bundle.draft_started', target: `bundle-filing:${filingId}`, details: { bundle: bundle.id } });
  const members: store.Application[] = [];
  for (const service of services) {
    const draft = await store.insertApplication(trx, {
      service_id: service.id, agency_id: service.agency, resident_id: residentId, filed_by: who.actor, bundle_id: filingId,
    });
    await recordAudit(trx, who, { agencyId: service.agency, action: 'application.draft_started', target: `application:${draft.id}`, details: { service: service.id, bundleFiling: filingId } });
    members.push(draft);
  }
  return { filingId, members };
}
