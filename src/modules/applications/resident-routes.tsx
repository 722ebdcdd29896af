import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, mayActOnService, requireResident, requireServiceInMandate } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import type { Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { sendFile, startOrAskConsent } from './answers.ts';
import { nextPageId, previousPageId, readPage, validatePage, visiblePages, type FieldError, type UploadedFiles } from './eform/index.ts';
import { attachFiles, checkFiles, filesByField, removeFile, saveDraftPage, PLATFORM_MAX_FILE_MB } from './fill-application.ts';
import { readSubmission } from './multipart-form.ts';
import { startApplication } from './start-application.ts';
import { agencyDataOf, dataSourcesOf, prefillChoicesOf } from './show-agency-data.ts';
import { applyPick, pickErrors } from './pick-from-agency-data.ts';
import { submitApplication } from './submit-application.ts';
import { replyToOfficer, withdrawApplication } from './answer-officer.ts';
import * as store from './store.ts';
import { CheckPage, FormPage, StartPage } from './views/apply.tsx';
import { residentBundleGroups } from './bundle-routes.tsx';
import { ApplicationPage, MyApplicationsPage } from './views/my-applications.tsx';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, page: { type: 'string', maxLength: 64 }, file: { type: 'string', maxLength: 64 } } };

export function residentApplicationRoutes(conn: AnyDb, ctx: ApplicationsContext) {
  const foundService = async (id: string) => {
    const found = await ctx.findService(conn, id);
    if (!found) throw notFound('no such service');
    return found;
  };
  const service = async (id: string): Promise<Service> => (await foundService(id)).definition;
  const ownApplication = async (request: FastifyRequest) => {
    const resident = requireResident(request);
    const app = await store.findResidentApplication(conn, resident.residentId, (request.params as { id: string }).id);
    if (!app) throw notFound('no such application of yours');
    tagService(request, app.agency_id, app.service_id);
    requireServiceInMandate(resident, app.service_id);
    const found = await foundService(app.service_id);
    return { resident, app, service: found.definition, found };
  };
  const uploaded = async (applicationId: string): Promise<UploadedFiles> => {
    const out: UploadedFiles = {};
    for (const f of await store.listFiles(conn, applicationId)) (out[f.field] ??= []).push({ id: f.id, name: f.filename, size: f.size });
    return out;
  };

  /** What other agencies' data services gave a draft, for its form and check pages. */
  const agencyData = (request: FastifyRequest, a: store.Application, s: Service) => agencyDataOf(conn, ctx, a, s, request.tr);

  return async function routes(app: FastifyInstance) {
    await app.register(multipart, {
      attachFieldsToBody: true, throwFileSizeLimit: false,
      limits: { fileSize: PLATFORM_MAX_FILE_MB * 1024 * 1024, files: 20, fields: 200, fieldSize: 100_000 },
    });

    app.get('/services/:id/apply', { schema: { params: idParams } }, async (request, reply) => {
      const resident = requireResident(request);
      const found = await ctx.findService(conn, (request.params as { id: string }).id);
      if (!found) throw notFound('no such service');
      tagService(request, found.definition.agency, found.definition.id);
      requireServiceInMandate(resident, found.definition.id);
      if (!found.open) throw new ApplicationRefused('service_closed');
      const draft = await store.findDraft(conn, resident.residentId, found.definition.id);
      const fetched = await dataSourcesOf(conn, ctx, found.definition, request.tr);
      return reply.page((shell) => <StartPage shell={shell} service={found.definition} hasDraft={Boolean(draft)} fetched={fetched} />);
    });

    app.post('/services/:id/apply', { schema: { params: idParams } }, async (request, reply) => {
      const resident = requireResident(request);
      const serviceId = (request.params as { id: string }).id;
      const found = await ctx.findService(conn, serviceId);
      if (found) tagService(request, found.definition.agency, found.definition.id);
      requireServiceInMandate(resident, serviceId);
      const next = await startOrAskConsent(() => startApplication(conn, ctx, resident.residentId, serviceId, actorOf(request), { language: request.tr.locale }),
        { form: (id) => `/me/applications/${id}/form`, consent: `/services/${encodeURIComponent(serviceId)}/apply/consent` });
      return reply.redirect(next, 303);
    });

    app.get('/me/applications', async (request, reply) => {
      const resident = requireResident(request);
      // Under a mandate for some services, only those services' applications are shown.
      const all = (await store.listResidentApplications(conn, resident.residentId)).filter((a) => mayActOnService(resident, a.service_id));
      const applications = all.filter((a) => !a.bundle_id);
      const services = new Map<string, Service>();
      for (const a of applications) if (!services.has(a.service_id)) services.set(a.service_id, await service(a.service_id));
      const bundles = await residentBundleGroups(conn, ctx, resident.residentId, all);
      return reply.page((shell) => <MyApplicationsPage shell={shell} applications={applications} services={services} bundles={bundles} />);
    });

    app.get('/me/applications/:id/form', { schema: { params: idParams } }, async (request, reply) => {
      const { app: a, service: s } = await ownApplication(request);
      if (a.bundle_id && a.status === 'draft') return reply.redirect(`/me/bundles/${a.bundle_id}/form`, 303);
      const first = visiblePages(s.form, a.answers)[0]!;
      return reply.redirect(a.status === 'draft' ? `/me/applications/${a.id}/form/${first.id}` : `/me/applications/${a.id}`, 303);
    });

    app.get('/me/applications/:id/form/:page', { schema: { params: idParams } }, async (request, reply) => {
      const { app: a, service: s } = await ownApplication(request);
      const pageId = (request.params as { page: string }).page;
      if (a.status !== 'draft') return reply.redirect(`/me/applications/${a.id}`, 303);
      if (!visiblePages(s.form, a.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const view = {
        applicationId: a.id, service: s, pageId, answers: a.answers, attachments: await uploaded(a.id), firstPage: !previousPageId(s.form, pageId, a.answers),
        agencyData: await agencyData(request, a, s), prefill: await prefillChoicesOf(conn, ctx, a, s, pageId, request.tr, a.answers),
      };
      return reply.page((shell) => <FormPage shell={shell} view={view} />);
    });

    app.post('/me/applications/:id/form/:page', { schema: { params: idParams } }, async (request, reply) => {
      const { resident, app: a, service: s } = await ownApplication(request);
      const pageId = (request.params as { page: string }).page;
      if (a.status !== 'draft') return reply.redirect(`/me/applications/${a.id}`, 303);
      if (!visiblePages(s.form, a.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const submission = await readSubmission(request);
      const fileErrors = await storeFiles(request, a, s, pageId, submission);
      const attachments = filesByField(await store.listFiles(conn, a.id));
      const read = readPage(s.form, pageId, submission.fields, { attachments, idNumber: ctx.country.idNumber });
      const { answers: pageAnswers, raw, wrongPick } = await applyPick(conn, a, s, pageId, ctx.country.timeZone, submission.fields, read);
      const action = submission.fields.action;
      const saved = await saveDraftPage(conn, resident.residentId, a, s.form, pageId, pageAnswers);
      if (action === 'save') return reply.redirect('/me/applications', 303);
      if (action === 'back') return reply.redirect(`/me/applications/${a.id}/form/${previousPageId(s.form, pageId, saved) ?? pageId}`, 303);
      const errors: FieldError[] = [...fileErrors, ...pickErrors(request.tr, wrongPick), ...validatePage(s.form, pageId, pageAnswers, saved, { tr: request.tr, idNumber: ctx.country.idNumber, raw })
        .filter((e) => !fileErrors.some((f) => f.field === e.field))];
      if (errors.length || action === 'upload' || (typeof action === 'string' && action.startsWith('remove'))) {
        const view = {
          applicationId: a.id, service: s, pageId, answers: saved, raw, errors, attachments: await uploaded(a.id), firstPage: !previousPageId(s.form, pageId, saved),
          agencyData: await agencyData(request, a, s), prefill: await prefillChoicesOf(conn, ctx, a, s, pageId, request.tr, saved),
        };
        return reply.page((shell) => <FormPage shell={shell} view={view} />, errors.length ? 400 : 200);
      }
      const next = nextPageId(s.form, pageId, saved);
      return reply.redirect(next ? `/me/applications/${a.id}/form/${next}` : `/me/applications/${a.id}/check`, 303);
    });

    /** Stores the files sent with a page; what is wrong with them becomes a message beside the field. */
    async function storeFiles(request: FastifyRequest, a: store.Application, s: Service, pageId: string, submission: Awaited<ReturnType<typeof readSubmission>>): Promise<FieldError[]> {
      const page = s.form.layout.pages.find((p) => p.id === pageId)!;
      const errors: FieldError[] = [];
      const existing = filesByField(await store.listFiles(conn, a.id));
      for (const field of page.sections.flatMap((x) => x.fields).filter((f) => f.widget === 'file')) {
        const label = request.tr.text(field.label);
        const tooLarge = submission.tooLarge[field.name];
        if (tooLarge) {
          errors.push({ field: field.name, message: request.tr.t('applications.file.size', { file: tooLarge, label, max: Math.min(field.maxSizeMb ?? 10, PLATFORM_MAX_FILE_MB) }) });
          continue;
        }
        const files = submission.files[field.name] ?? [];
        if (!files.length) continue;
        const problem = checkFiles(field, existing[field.name]?.length ?? 0, files);
        if (problem) {
          errors.push({ field: field.name, message: request.tr.t(`applications.file.${problem.code}`, { file: problem.filename, label, max: problem.code === 'count' ? field.maxFiles ?? 1 : Math.min(field.maxSizeMb ?? 10, PLATFORM_MAX_FILE_MB), types: (field.accept ?? []).join(', ') }) });
          continue;
        }
        // A full agency keeps what the resident typed; the file is refused beside its field, politely.
        if (!(await ctx.storage.allows(conn, a.agency_id, files.reduce((n, f) => n + f.content.length, 0)))) {
          errors.push({ field: field.name, message: request.tr.t('onboarding.quota.storageFull', { label }) });
          continue;
        }
        await attachFiles(conn, a.resident_id, a, field, files, actorOf(request));
      }
      return errors;
    }

    app.post('/me/applications/:id/files/:file/remove', { schema: { params: idParams } }, async (request, reply) => {
      const { resident, app: a } = await ownApplication(request);
      const removed = await removeFile(conn, resident.residentId, a, (request.params as { file: string }).file, actorOf(request));
      if (!removed) throw notFound('no such file');
      const page = (request.query as { page?: string }).page ?? '';
      return reply.redirect(`/me/applications/${a.id}/form/${encodeURIComponent(page)}`, 303);
    });

    app.get('/me/applications/:id/check', { schema: { params: idParams } }, async (request, reply) => {
      const { app: a, service: s } = await ownApplication(request);
      if (a.status !== 'draft') return reply.redirect(`/me/applications/${a.id}`, 303);
      const attachments = await uploaded(a.id);
      const data = await agencyData(request, a, s);
      return reply.page((shell) => <CheckPage shell={shell} applicationId={a.id} service={s} answers={a.answers} attachments={attachments} errors={[]} agencyData={data} />);
    });

    app.post('/me/applications/:id/submit', { schema: { params: idParams } }, async (request, reply) => {
      const { resident, app: a, service: s, found } = await ownApplication(request);
      const result = await submitApplication(conn, ctx, resident.residentId, a.id, actorOf(request), request.tr, {}, { app: a, service: found });
      if (!result.ok) {
        const attachments = await uploaded(a.id);
        const data = await agencyData(request, a, s);
        return reply.page((shell) => <CheckPage shell={shell} applicationId={a.id} service={s} answers={a.answers} attachments={attachments} errors={result.errors} agencyData={data} />, 400);
      }
      return reply.redirect(`/me/applications/${a.id}?submitted=1`, 303);
    });

    app.get('/me/applications/:id', { schema: { params: idParams } }, async (request, reply) => {
      const { app: a, service: s } = await ownApplication(request);
      if (a.status === 'draft') return reply.redirect(`/me/applications/${a.id}/form`, 303);
      return showApplication(reply, a, s, { justSubmitted: (request.query as { submitted?: string }).submitted === '1' });
    });

    async function showApplication(reply: FastifyReply, a: store.Application, s: Service, extra: { justSubmitted?: boolean; replyError?: string; reply?: string }, status = 200) {
      const events = await store.listEvents(conn, a.id);
      const view = { application: a, service: s, events, justSubmitted: false, ...extra };
      return reply.page((shell) => <ApplicationPage shell={shell} view={view} />, status);
    }

    app.post('/me/applications/:id/reply', { schema: { params: idParams } }, async (request, reply) => {
      const { resident, app: a, service: s } = await ownApplication(request);
      const message = String((request.body as { message?: unknown } | undefined)?.message ?? '');
      if (!message.trim() || message.length > 4000) {
        return showApplication(reply, a, s, { replyError: request.tr.t(message.trim() ? 'applications.reply.tooLong' : 'applications.reply.missing'), reply: message.slice(0, 4000) }, 400);
      }
      await replyToOfficer(conn, resident.residentId, a.id, message, actorOf(request));
      return reply.redirect(`/me/applications/${a.id}`, 303);
    });

    app.post('/me/applications/:id/withdraw', { schema: { params: idParams } }, async (request, reply) => {
      const { resident, app: a } = await ownApplication(request);
      await withdrawApplication(conn, ctx, resident.residentId, a.id, actorOf(request));
      return reply.redirect('/me/applications', 303);
    });

    app.get('/me/applications/:id/files/:file', { schema: { params: idParams } }, async (request, reply) => {
      const { app: a } = await ownApplication(request);
      const file = await store.readFile(conn, a.id, (request.params as { file: string }).file);
      if (!file) throw notFound('no such file');
      return sendFile(reply, file);
    });
  };
}
