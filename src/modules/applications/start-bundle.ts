import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { bundleForm, findAnyBundle, findBundle } from '../bundles/index.ts';
import type { Bundle, Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import type { EForm } from './eform/index.ts';
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
 * by the filing), or returns the one they already started.
 */
export async function startBundle(conn: AnyDb, ctx: ApplicationsContext, residentId: string, bundleId: string, who: Actor): Promise<string> {
  const { bundle, services, open } = await loadBundle(conn, ctx, bundleId);
  if (!open) throw new ApplicationRefused('service_closed');
  const existing = await bundles.findDraftFiling(conn, residentId, bundle.id);
  if (existing) return existing.id;
  return conn.transaction().execute(async (trx) => {
    const filingId = await bundles.insertFiling(trx, bundle.id, residentId);
    await recordAudit(trx, who, { agencyId: null, action: 'bundle.draft_started', target: `bundle-filing:${filingId}`, details: { bundle: bundle.id } });
    for (const service of services) {
      const id = await store.insertApplication(trx, {
        service_id: service.id, agency_id: service.agency, resident_id: residentId, filed_by: who.actor, bundle_id: filingId,
      });
      await recordAudit(trx, who, { agencyId: service.agency, action: 'application.draft_started', target: `application:${id}`, details: { service: service.id, bundleFiling: filingId } });
    }
    return filingId;
  });
}
