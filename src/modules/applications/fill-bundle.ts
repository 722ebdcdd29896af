import type { AnyDb } from '../../platform/db/database.ts';
import { bundleFieldName } from '../bundles/index.ts';
import type { Bundle } from '../packs/index.ts';
import { ApplicationRefused } from './context.ts';
import { dropHiddenAnswers, mergePageAnswers, type Answers, type EForm } from './eform/index.ts';
import type { BundleFiling } from './bundle-store.ts';
import * as bundles from './bundle-store.ts';
import * as store from './store.ts';

/** Keeps what the resident answered on one page of their bundle draft. */
export async function saveBundlePage(conn: AnyDb, residentId: string, filing: BundleFiling, form: EForm, pageId: string, pageAnswers: Answers): Promise<Answers> {
  const answers = mergePageAnswers(form, pageId, filing.answers, pageAnswers);
  const saved = await bundles.saveFilingAnswers(conn, residentId, filing.id, answers);
  if (!saved) throw new ApplicationRefused('wrong_state', 'only a draft can be edited');
  return answers;
}

/** A filing's member applications, in the bundle's order of services. */
export async function memberApplications(conn: AnyDb, residentId: string, bundle: Bundle, filingId: string): Promise<store.Application[]> {
  const apps = await store.listBundleApplications(conn, residentId, filingId);
  return bundle.services.map((id) => apps.find((a) => a.service_id === id)).filter((a): a is store.Application => Boolean(a));
}

/** Files attached to the members' drafts, under the names their fields have in the bundle's form. */
export async function bundleFiles(conn: AnyDb, bundle: Bundle, members: store.Application[]): Promise<(store.StoredFile & { bundleField: string })[]> {
  const out = [];
  for (const app of members) {
    for (const f of await store.listFiles(conn, app.id)) out.push({ ...f, bundleField: bundleFieldName(bundle, app.service_id, f.field) });
  }
  return out;
}

/** The bundle's answers with the members' files under the bundle form's field names. */
export async function bundleAnswers(conn: AnyDb, bundle: Bundle, members: store.Application[], form: EForm, saved: Answers): Promise<Answers> {
  const answers = dropHiddenAnswers(form, saved);
  // Files are what the members' drafts hold now, not the ids a page saved before one was removed.
  for (const page of form.layout.pages) for (const f of page.sections.flatMap((s) => s.fields)) if (f.widget === 'file') delete answers[f.name];
  for (const f of await bundleFiles(conn, bundle, members)) ((answers[f.bundleField] ??= []) as string[]).push(f.id);
  return answers;
}
