import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { findAnyBundle } from '../bundles/index.ts';
import type { ApplicationsContext } from './context.ts';
import { agencyName } from './show-agency-data.ts';
import * as bundles from './bundle-store.ts';
import * as store from './store.ts';

/** What an officer sees of the applications a resident filed together with this one in a life-event bundle. */
export interface FiledTogether {
  bundleTitle: string;
  others: { service: string; agency: string; reference: string | null }[];
}

/**
 * The other members of the application's bundle filing: which service, which agency and its reference,
 * so the officer knows what else the resident asked for and whom to call. Their answers and states
 * stay with the agencies that handle them.
 */
export async function filedTogether(conn: AnyDb, ctx: ApplicationsContext, application: store.Application, tr: Translator): Promise<FiledTogether | undefined> {
  if (!application.bundle_id) return undefined;
  const filing = await bundles.findFiling(conn, application.bundle_id);
  if (!filing) return undefined;
  const members = (await store.listBundleApplications(conn, application.resident_id, filing.id)).filter((a) => a.id !== application.id);
  const others = [];
  for (const a of members) {
    const service = (await ctx.findService(conn, a.service_id))?.definition;
    others.push({ service: service ? tr.text(service.title) : a.service_id, agency: await agencyName(conn, tr, a.agency_id), reference: a.reference });
  }
  return { bundleTitle: tr.text((await findAnyBundle(conn, filing.bundle_id))?.title) || filing.bundle_id, others };
}
