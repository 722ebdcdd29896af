import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import { splitAnswers } from '../bundles/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { validateForm, type FormError } from './eform/index.ts';
import { bundleAnswers, memberApplications } from './fill-bundle.ts';
import { loadBundle } from './start-bundle.ts';
import { finalAnswers, markSubmitted } from './submit-application.ts';
import * as bundles from './bundle-store.ts';
import * as store from './store.ts';

export type BundleSubmitResult = { ok: true; applications: store.Application[]; again: boolean } | { ok: false; errors: FormError[] };

/**
 * Files a bundle: in one transaction every member service gets its own application, with its own
 * answers, reference, due date, event, audit row and notice, exactly as a single submit does.
 * Submitting the same filing twice answers as the first time did: one set of applications.
 */
export async function submitBundle(conn: AnyDb, ctx: ApplicationsContext, residentId: string, filingId: string, who: Actor, tr: Translator): Promise<BundleSubmitResult> {
  const filing = await bundles.findResidentFiling(conn, residentId, filingId);
  if (!filing) throw new ApplicationRefused('not_found');
  const { bundle, services, open, form } = await loadBundle(conn, ctx, filing.bundle_id, 'any');
  const members = await memberApplications(conn, residentId, bundle, filing.id);
  const filedAlready = async (): Promise<BundleSubmitResult> => ({ ok: true, applications: await memberApplications(conn, residentId, bundle, filing.id), again: true });
  if (filing.status !== 'draft') return { ok: true, applications: members, again: true };
  if (!open) throw new ApplicationRefused('service_closed');
  if (members.length !== services.length || members.some((a) => a.status !== 'draft')) {
    // Another request may have filed it between our two reads.
    if ((await bundles.findResidentFiling(conn, residentId, filing.id))?.status === 'submitted') return filedAlready();
    throw new ApplicationRefused('wrong_state');
  }
  const answers = await bundleAnswers(conn, bundle, members, form, filing.answers);
  const errors = validateForm(form, answers, { tr, idNumber: ctx.country.idNumber });
  if (errors.length) return { ok: false, errors };
  const parts = splitAnswers(bundle, services, answers);
  const own = await Promise.all(services.map((s, i) => finalAnswers(conn, s, members[i]!, parts.get(s.id)!)));
  // A member form may still refuse what the bundle's form allowed; then nothing is filed.
  const memberErrors = services.flatMap((s, i) => validateForm(s.form, own[i]!, { tr, idNumber: ctx.country.idNumber }));
  if (memberErrors.length) throw new ApplicationRefused('invalid', memberErrors.map((e) => e.field).join(', '));
  const submitted = await conn.transaction().execute(async (trx) => {
    if (!(await bundles.markFilingSubmitted(trx, residentId, filing.id, answers))) return undefined;
    const apps: store.Application[] = [];
    for (const [i, service] of services.entries()) {
      const app = await markSubmitted(trx, ctx, members[i]!, service, own[i]!, who, { bundleFiling: filing.id });
      if (!app) throw new ApplicationRefused('wrong_state', `${service.id} is no longer a draft`);
      apps.push(app);
    }
    await recordAudit(trx, who, { agencyId: null, action: 'bundle.submitted', target: `bundle-filing:${filing.id}`, details: { bundle: bundle.id, applications: apps.map((a) => a.reference) } });
    return apps;
  });
  if (submitted) return { ok: true, applications: submitted, again: false };
  // Another request filed it between our read and our write.
  return filedAlready();
}
