import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, requireWholeMandate } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import { findAgency } from '../agencies/index.ts';
import { findAnyBundle, findBundle, memberOf } from '../bundles/index.ts';
import type { Service } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import { nextPageId, previousPageId, readPage, validatePage, visiblePages, type FieldError, type UploadedFiles } from './eform/index.ts';
import { attachFiles, checkFiles, PLATFORM_MAX_FILE_MB, removeFile } from './fill-application.ts';
import { bundleAnswers, bundleFiles, memberApplications, saveBundlePage } from './fill-bundle.ts';
import { readSubmission, type FormSubmission } from './multipart-form.ts';
import { startOrAskConsent } from './answers.ts';
import { loadBundle, startBundle, type FiledBundle } from './start-bundle.ts';
import { submitBundle } from './submit-bundle.ts';
import { agencyDataOf } from './show-agency-data.ts';
import * as bundles from './bundle-store.ts';
import type { Application } from './store.ts';
import { BundleCheckPage, BundleFormPage, BundlePage, MyBundlePage, type FiledApplication, type MemberAgencyData } from './views/bundle.tsx';

const params = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, page: { type: 'string', maxLength: 200 }, file: { type: 'string', maxLength: 64 } } };

/** A bundle has no agency of its own: the console counts its pages for its first service, where its life event starts. */
export function tagBundle(request: FastifyRequest, services: readonly Service[]): void {
  const first = services[0];
  if (first) tagService(request, first.agency, first.id);
}

/** Life-event bundles: what one files, filling its one form, and the filed applications together. */
export function bundleRoutes(conn: AnyDb, ctx: ApplicationsContext) {
  const ownFiling = async (request: FastifyRequest) => {
    const resident = requireWholeMandate(request);
    const filing = await bundles.findResidentFiling(conn, resident.residentId, (request.params as { id: string }).id);
    if (!filing) throw notFound('no such bundle of yours');
    const filed = await loadBundle(conn, ctx, filing.bundle_id, 'any');
    tagBundle(request, filed.services);
    const members = await memberApplications(conn, resident.residentId, filed.bundle, filing.id);
    return { resident, filing, filed, members };
  };
  const uploaded = async (filed: FiledBundle, members: Application[]): Promise<UploadedFiles> => {
    const out: UploadedFiles = {};
    for (const f of await bundleFiles(conn, filed.bundle, members)) (out[f.bundleField] ??= []).push({ id: f.id, name: f.filename, size: f.size });
    return out;
  };
  const withFiles = async (filed: FiledBundle, members: Application[]) => {
    const out: Record<string, string[]> = {};
    for (const f of await bundleFiles(conn, filed.bundle, members)) (out[f.bundleField] ??= []).push(f.id);
    return out;
  };
  /** What other agencies' data services gave each member application, for the form's first page and the check page. */
  const membersData = async (request: FastifyRequest, filed: FiledBundle, members: Application[]): Promise<MemberAgencyData[]> => {
    const out: MemberAgencyData[] = [];
    for (const a of members) {
      const service = filed.services.find((s) => s.id === a.service_id);
      const data = service && await agencyDataOf(conn, ctx, a, service, request.tr);
      if (data) out.push({ applicationId: a.id, serviceTitle: request.tr.text(service.title), ...data });
    }
    return out;
  };
  const agencyNames = async (agencyIds: string[]) => new Map(await Promise.all([...new Set(agencyIds)].map(async (id) => [id, (await findAgency(conn, id))?.name] as const)));

  return async function routes(app: FastifyInstance) {
    await app.register(multipart, {
      attachFieldsToBody: true, throwFileSizeLimit: false,
      limits: { fileSize: PLATFORM_MAX_FILE_MB * 1024 * 1024, files: 20, fields: 200, fieldSize: 100_000 },
    });

    app.get('/bundles/:id', { schema: { params } }, async (request, reply) => {
      const bundle = await findBundle(conn, (request.params as { id: string }).id);
      if (!bundle) throw notFound('no such bundle');
      const { services } = await loadBundle(conn, ctx, bundle.id);
      tagBundle(request, services);
      const names = await agencyNames(services.map((s) => s.agency));
      const draft = request.resident ? await bundles.findDraftFiling(conn, request.resident.residentId, bundle.id) : undefined;
      const members = services.map((service) => ({ service, agencyName: names.get(service.agency) ?? {} }));
      return reply.page((shell) => <BundlePage shell={shell} bundle={bundle} members={members} hasDraft={Boolean(draft)} />);
    });

    app.post('/bundles/:id/apply', { schema: { params } }, async (request, reply) => {
      const resident = requireWholeMandate(request);
      const bundleId = (request.params as { id: string }).id;
      tagBundle(request, (await loadBundle(conn, ctx, bundleId)).services);
      const next = await startOrAskConsent(() => startBundle(conn, ctx, resident.residentId, bundleId, actorOf(request), { language: request.tr.locale }),
        { form: (id) => `/me/bundles/${id}/form`, consent: `/bundles/${encodeURIComponent(bundleId)}/apply/consent` });
      return reply.redirect(next, 303);
    });

    app.get('/me/bundles/:id', { schema: { params } }, async (request, reply) => {
      const { filing, filed, members } = await ownFiling(request);
      if (filing.status === 'draft') return reply.redirect(`/me/bundles/${filing.id}/form`, 303);
      const applications = await present(filed, members);
      const justSubmitted = (request.query as { submitted?: string }).submitted === '1';
      return reply.page((shell) => <MyBundlePage shell={shell} bundle={filed.bundle} submittedAt={filing.submitted_at} applications={applications} justSubmitted={justSubmitted} />);
    });

    app.get('/me/bundles/:id/form', { schema: { params } }, async (request, reply) => {
      const { filing, filed } = await ownFiling(request);
      const first = visiblePages(filed.form, filing.answers)[0]!;
      return reply.redirect(filing.status === 'draft' ? `/me/bundles/${filing.id}/form/${encodeURIComponent(first.id)}` : `/me/bundles/${filing.id}`, 303);
    });

    app.get('/me/bundles/:id/form/:page', { schema: { params } }, async (request, reply) => {
      const { filing, filed, members } = await ownFiling(request);
      const pageId = (request.params as { page: string }).page;
      if (filing.status !== 'draft') return reply.redirect(`/me/bundles/${filing.id}`, 303);
      if (!visiblePages(filed.form, filing.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const firstPage = !previousPageId(filed.form, pageId, filing.answers);
      const view = {
        filingId: filing.id, bundle: filed.bundle, form: filed.form, pageId, answers: filing.answers, attachments: await uploaded(filed, members), firstPage,
        agencyData: firstPage ? await membersData(request, filed, members) : [],
      };
      return reply.page((shell) => <BundleFormPage shell={shell} view={view} />);
    });

    app.post('/me/bundles/:id/form/:page', { schema: { params } }, async (request, reply) => {
      const { resident, filing, filed, members } = await ownFiling(request);
      const pageId = (request.params as { page: string }).page;
      const base = `/me/bundles/${filing.id}`;
      if (filing.status !== 'draft') return reply.redirect(base, 303);
      if (!visiblePages(filed.form, filing.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const submission = await readSubmission(request);
      const fileErrors = await storeFiles(request, filed, members, pageId, submission);
      const { answers: pageAnswers, raw } = readPage(filed.form, pageId, submission.fields, { attachments: await withFiles(filed, members), idNumber: ctx.country.idNumber });
      const action = submission.fields.action;
      const saved = await saveBundlePage(conn, resident.residentId, filing, filed.form, pageId, pageAnswers);
      if (action === 'save') return reply.redirect('/me/applications', 303);
      if (action === 'back') return reply.redirect(`${base}/form/${encodeURIComponent(previousPageId(filed.form, pageId, saved) ?? pageId)}`, 303);
      const errors: FieldError[] = [...fileErrors, ...validatePage(filed.form, pageId, pageAnswers, saved, { tr: request.tr, idNumber: ctx.country.idNumber, raw })
        .filter((e) => !fileErrors.some((f) => f.field === e.field))];
      if (errors.length || action === 'upload' || (typeof action === 'string' && action.startsWith('remove'))) {
        const firstPage = !previousPageId(filed.form, pageId, saved);
        const view = {
          filingId: filing.id, bundle: filed.bundle, form: filed.form, pageId, answers: saved, raw, errors, attachments: await uploaded(filed, members), firstPage,
          agencyData: firstPage ? await membersData(request, filed, members) : [],
        };
        return reply.page((shell) => <BundleFormPage shell={shell} view={view} />, errors.length ? 400 : 200);
      }
      const next = nextPageId(filed.form, pageId, saved);
      return reply.redirect(next ? `${base}/form/${encodeURIComponent(next)}` : `${base}/check`, 303);
    });

    /** Files sent with a page go to the draft application of the service whose question it is. */
    async function storeFiles(request: FastifyRequest, filed: FiledBundle, members: Application[], pageId: string, submission: FormSubmission): Promise<FieldError[]> {
      const page = filed.form.layout.pages.find((p) => p.id === pageId)!;
      const existing = await withFiles(filed, members);
      const errors: FieldError[] = [];
      for (const field of page.sections.flatMap((x) => x.fields).filter((f) => f.widget === 'file')) {
        const owner = memberOf(field.name);
        const app = members.find((a) => a.service_id === owner?.serviceId);
        const files = submission.files[field.name] ?? [];
        const label = request.tr.text(field.label);
        const max = Math.min(field.maxSizeMb ?? 10, PLATFORM_MAX_FILE_MB);
        if (submission.tooLarge[field.name]) {
          errors.push({ field: field.name, message: request.tr.t('applications.file.size', { file: submission.tooLarge[field.name]!, label, max }) });
          continue;
        }
        if (!files.length || !app || !owner) continue;
        const problem = checkFiles(field, existing[field.name]?.length ?? 0, files);
        if (problem) {
          errors.push({ field: field.name, message: request.tr.t(`applications.file.${problem.code}`, { file: problem.filename, label, max: problem.code === 'count' ? field.maxFiles ?? 1 : max, types: (field.accept ?? []).join(', ') }) });
          continue;
        }
        // A full agency keeps what the resident typed; the file is refused beside its field, politely.
        if (!(await ctx.storage.allows(conn, app.agency_id, files.reduce((n, f) => n + f.content.length, 0)))) {
          errors.push({ field: field.name, message: request.tr.t('onboarding.quota.storageFull', { label }) });
          continue;
        }
        await attachFiles(conn, app.resident_id, app, { ...field, name: owner.name }, files, actorOf(request));
      }
      return errors;
    }

    app.post('/me/bundles/:id/files/:file/remove', { schema: { params } }, async (request, reply) => {
      const { resident, filing, filed, members } = await ownFiling(request);
      const fileId = (request.params as { file: string }).file;
      const file = (await bundleFiles(conn, filed.bundle, members)).find((f) => f.id === fileId);
      const app = members.find((a) => a.id === file?.application_id);
      if (!file || !app) throw notFound('no such file');
      await removeFile(conn, resident.residentId, app, file.id, actorOf(request));
      const page = (request.query as { page?: string }).page ?? '';
      return reply.redirect(`/me/bundles/${filing.id}/form/${encodeURIComponent(page)}`, 303);
    });

    app.get('/me/bundles/:id/check', { schema: { params } }, async (request, reply) => {
      const { filing, filed, members } = await ownFiling(request);
      if (filing.status !== 'draft') return reply.redirect(`/me/bundles/${filing.id}`, 303);
      const answers = await bundleAnswers(conn, filed.bundle, members, filed.form, filing.answers);
      const attachments = await uploaded(filed, members);
      const data = await membersData(request, filed, members);
      return reply.page((shell) => <BundleCheckPage shell={shell} filingId={filing.id} bundle={filed.bundle} form={filed.form} answers={answers} attachments={attachments} errors={[]} agencyData={data} />);
    });

    app.post('/me/bundles/:id/submit', { schema: { params } }, async (request, reply) => {
      const { resident, filing, filed, members } = await ownFiling(request);
      const result = await submitBundle(conn, ctx, resident.residentId, filing.id, actorOf(request), request.tr);
      if (!result.ok) {
        const answers = await bundleAnswers(conn, filed.bundle, members, filed.form, filing.answers);
        const attachments = await uploaded(filed, members);
        const data = await membersData(request, filed, members);
        return reply.page((shell) => <BundleCheckPage shell={shell} filingId={filing.id} bundle={filed.bundle} form={filed.form} answers={answers} attachments={attachments} errors={result.errors} agencyData={data} />, 400);
      }
      return reply.redirect(`/me/bundles/${filing.id}?submitted=1`, 303);
    });
  };

  async function present(filed: FiledBundle, members: Application[]): Promise<FiledApplication[]> {
    const names = await agencyNames(members.map((a) => a.agency_id));
    return members.map((application) => ({ application, service: filed.services.find((s) => s.id === application.service_id), agencyName: names.get(application.agency_id) }));
  }
}

/** The filed bundles of a resident with their applications, for the list of their applications. */
export async function residentBundleGroups(conn: AnyDb, ctx: ApplicationsContext, residentId: string, applications: Application[]) {
  const groups = [];
  for (const filing of await bundles.listResidentFilings(conn, residentId)) {
    const bundle = await findAnyBundle(conn, filing.bundle_id);
    const apps = applications.filter((a) => a.bundle_id === filing.id);
    if (bundle) apps.sort((a, b) => bundle.services.indexOf(a.service_id) - bundle.services.indexOf(b.service_id));
    if (!bundle || !apps.length) continue;
    const rows: FiledApplication[] = [];
    for (const a of apps) rows.push({ application: a, service: (await ctx.findService(conn, a.service_id))?.definition, agencyName: (await findAgency(conn, a.agency_id))?.name });
    groups.push({ filingId: filing.id, status: filing.status, title: bundle.title, applications: rows });
  }
  return groups;
}
