import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actingScope, actorOf } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { findAgency, findStaffById } from '../agencies/index.ts';
import { maskIdNumber } from '../documents/index.ts';
import { findResidentAccountContact } from '../identity/index.ts';
import type { Service } from '../packs/index.ts';
import { findResidentById } from '../residents/index.ts';
import type { ApplicationsContext } from './context.ts';
import { nextPageId, previousPageId, readPage, validatePage, visiblePages, type FieldError, type UploadedFiles } from './eform/index.ts';
import { attachFiles, checkFiles, filesByField, removeFile, saveDraftPage, PLATFORM_MAX_FILE_MB } from './fill-application.ts';
import { readSubmission, type FormSubmission } from './multipart-form.ts';
import { agreeAtCounter, findCounterCase, identifyWalkIn, startCounterApplication, type WalkInClaim } from './serve-walk-in.ts';
import { takesAgencyData } from './fetch-agency-data.ts';
import { agencyDataItems, agencyDataOf, consentGroupsOf, prefillChoicesOf } from './show-agency-data.ts';
import { applyPick, pickErrors } from './pick-from-agency-data.ts';
import { startOfDayIn, submitApplication } from './submit-application.ts';
import * as counter from './counter-store.ts';
import * as store from './store.ts';
import {
  CounterCheckPage, CounterConsentPage, CounterFormPage, CounterPapersPage, IdentifyPage, ReceiptPage, VisitPage, type CounterConsentView, type VisitSummary,
} from './views/counter.tsx';

const scoped = { agencyScoped: true };
const params = { type: 'object', properties: { visit: { type: 'string', maxLength: 64 }, page: { type: 'string', maxLength: 64 }, file: { type: 'string', maxLength: 64 } } };
const text = (max: number) => ({ type: 'string', maxLength: max });

/** Digits typed without the separators are laid out like the country's example ("9001011234568" → "900101-1234568"). */
function layLikeExample(typed: string, example: string): string {
  const plain = typed.replace(/\s/g, '');
  if (!/^\d+$/.test(plain) || plain.length !== example.replace(/\D/g, '').length) return plain;
  let i = 0;
  return example.replace(/\d/g, () => plain[i++]!);
}

/** The back-office counter: an officer serves a resident who came in person, and files for them. */
export function counterRoutes(conn: AnyDb, ctx: ApplicationsContext, listServices: (scope: AgencyScope) => Promise<Service[]>) {
  const idRule = ctx.country.idNumber;
  const officer = (request: FastifyRequest) => {
    const { staff, scope } = actingScope(request, ['officer', 'agency_admin']);
    const role = staff.agencyRoles.find((r) => r.agencyId === scope.agencyId && r.role === 'officer')?.role ?? 'agency_admin';
    return { scope, staffId: staff.id, role, who: actorOf(request) };
  };
  const serviceOf = async (id: string) => (await ctx.findService(conn, id))!.definition;
  const residentName = async (id: string) => (await findResidentById(conn, id))?.name ?? '';
  /** The visit and its application, of the acting agency only; anything else is 404. */
  const counterCase = async (request: FastifyRequest) => {
    const me = officer(request);
    const found = await findCounterCase(conn, me.scope, (request.params as { visit: string }).visit);
    if (!found) throw notFound('no such counter visit in this agency');
    if (found.application) tagService(request, found.application.agency_id, found.application.service_id);
    return { me, ...found };
  };
  const draftCase = async (request: FastifyRequest) => {
    const c = await counterCase(request);
    if (!c.application) throw notFound('no application at this visit yet');
    return { ...c, application: c.application, service: await serviceOf(c.application.service_id), name: await residentName(c.visit.resident_id) };
  };
  const uploaded = async (applicationId: string): Promise<UploadedFiles> => {
    const out: UploadedFiles = {};
    for (const f of await store.listFiles(conn, applicationId)) (out[f.field] ??= []).push({ id: f.id, name: f.filename, size: f.size });
    return out;
  };
  const today = async (scope: AgencyScope, tr: FastifyRequest['tr']): Promise<VisitSummary[]> => {
    const since = startOfDayIn(ctx.country.timeZone, new Date());
    const out: VisitSummary[] = [];
    for (const visit of await counter.listVisitsSince(conn, scope, since)) {
      const found = await findCounterCase(conn, scope, visit.id);
      const application = found?.application;
      out.push({ visit, residentName: await residentName(visit.resident_id), application, serviceTitle: application ? tr.text((await ctx.findService(conn, application.service_id))?.definition.title) : '' });
    }
    return out;
  };

  return async function routes(app: FastifyInstance) {
    await app.register(multipart, {
      attachFieldsToBody: true, throwFileSizeLimit: false,
      limits: { fileSize: PLATFORM_MAX_FILE_MB * 1024 * 1024, files: 20, fields: 200, fieldSize: 100_000 },
    });

    app.get('/office/counter', { config: scoped }, async (request, reply) => {
      const { scope } = officer(request);
      const view = { values: {}, problems: {}, idLabel: request.tr.text(idRule.label), idExample: idRule.example, today: await today(scope, request.tr) };
      return reply.page((shell) => <IdentifyPage shell={shell} view={view} />);
    });

    // Not agency-scoped: it reads no agency's data, it writes a visit into the acting agency only.
    app.post('/office/counter', {
      schema: { body: { type: 'object', properties: { idNumber: text(40), name: text(200), birthDate: text(20), documentKind: text(40), documentRef: text(40), _csrf: text(200) } } },
    }, async (request, reply) => {
      const me = officer(request);
      const b = (request.body ?? {}) as Record<string, string | undefined>;
      const claim: WalkInClaim = {
        idNumber: layLikeExample(b.idNumber ?? '', idRule.example), name: (b.name ?? '').trim(), birthDate: (b.birthDate ?? '').trim(),
        documentKind: b.documentKind ?? '', documentRef: (b.documentRef ?? '').replace(/\s/g, ''),
      };
      const result = await identifyWalkIn(conn, me.scope, me, claim, idRule);
      if (result.ok) return reply.redirect(`/office/counter/${result.visitId}`, 303);
      const view = { values: claim, problems: result.problems, idLabel: request.tr.text(idRule.label), idExample: idRule.example, today: null };
      return reply.page((shell) => <IdentifyPage shell={shell} view={view} />, 400);
    });

    app.get('/office/counter/:visit', {
      config: scoped, schema: { params, querystring: { type: 'object', properties: { suspended: { type: 'integer', minimum: 0 } } } },
    }, async (request, reply) => {
      const { me, visit, application } = await counterCase(request);
      const resident = (await findResidentById(conn, visit.resident_id))!;
      const services: Service[] = [];
      for (const s of await listServices(me.scope)) if ((await ctx.findService(conn, s.id))?.open) services.push(s);
      const checker = await findStaffById(conn, visit.checked_by);
      const view = {
        visit, application, services, service: application ? await serviceOf(application.service_id) : undefined,
        resident: { name: resident.name_latin ? `${resident.name} (${resident.name_latin})` : resident.name, idNumberMasked: maskIdNumber(resident.id_number) }, checkedBy: checker ? request.tr.text(checker.name) : '',
        mobileIdsInUse: await ctx.mobileIds.inUse(conn, visit.resident_id), suspended: (request.query as { suspended?: number }).suspended,
      };
      return reply.page((shell) => <VisitPage shell={shell} view={view} />);
    });

    // A resident whose phone is lost or stolen, identified at the counter, has every mobile ID suspended at once.
    app.post('/office/counter/:visit/lost-phone', { config: scoped, schema: { params } }, async (request, reply) => {
      const { me, visit } = await counterCase(request);
      const suspended = await ctx.mobileIds.reportLostPhone(conn, visit.resident_id, me.who);
      return reply.redirect(`/office/counter/${visit.id}?suspended=${suspended}`, 303);
    });

    app.post('/office/counter/:visit/start', {
      config: scoped, schema: { params, body: { type: 'object', properties: { service: text(64), _csrf: text(200) } } },
    }, async (request, reply) => {
      const { me, visit } = await counterCase(request);
      const serviceId = (request.body as { service?: string } | undefined)?.service ?? '';
      const id = await startCounterApplication(conn, ctx, me.scope, visit, serviceId, me.who);
      const started = (await store.findResidentApplication(conn, visit.resident_id, id))!;
      tagService(request, started.agency_id, started.service_id);
      const service = await serviceOf(started.service_id);
      // Asked once: a draft that has data (or a refusal) already goes on to the form.
      const ask = takesAgencyData(service) && !(await store.listAgencyData(conn, id)).length;
      return reply.redirect(`/office/counter/${visit.id}/${ask ? 'consent' : 'form'}`, 303);
    });

    const consentView = async (request: FastifyRequest, c: Awaited<ReturnType<typeof draftCase>>, extra: { error?: string } = {}): Promise<CounterConsentView> => ({
      visitId: c.visit.id, residentName: c.name, caption: request.tr.text(c.service.title), groups: await consentGroupsOf(conn, ctx, [c.service], request.tr),
      ...extra,
    });

    app.get('/office/counter/:visit/consent', { config: scoped, schema: { params } }, async (request, reply) => {
      const c = await draftCase(request);
      if (c.application.status !== 'draft' || !takesAgencyData(c.service)) return reply.redirect(`/office/counter/${c.visit.id}/form`, 303);
      const view = await consentView(request, c);
      return reply.page((shell) => <CounterConsentPage shell={shell} view={view} />);
    });

    app.post('/office/counter/:visit/consent', {
      config: scoped, schema: { params, body: { type: 'object', properties: { agreed: text(10), decision: { type: 'string', enum: ['agree', 'refuse'] }, _csrf: text(200) } } },
    }, async (request, reply) => {
      const c = await draftCase(request);
      if (c.application.status !== 'draft' || !takesAgencyData(c.service)) return reply.redirect(`/office/counter/${c.visit.id}/form`, 303);
      const body = (request.body ?? {}) as { agreed?: string; decision?: string };
      if (body.decision === 'refuse') {
        const view = await consentView(request, c);
        return reply.page((shell) => <CounterPapersPage shell={shell} view={view} />);
      }
      if (body.agreed !== 'yes') {
        const view = await consentView(request, c, { error: request.tr.t('applications.counter.consent.missing') });
        return reply.page((shell) => <CounterConsentPage shell={shell} view={view} />, 400);
      }
      await agreeAtCounter(conn, ctx, c.me.scope, c.visit.id, c.me, request.tr.locale);
      return reply.redirect(`/office/counter/${c.visit.id}/form`, 303);
    });

    app.get('/office/counter/:visit/form', { config: scoped, schema: { params } }, async (request, reply) => {
      const { visit, application: a, service: s } = await draftCase(request);
      const first = visiblePages(s.form, a.answers)[0]!;
      return reply.redirect(a.status === 'draft' ? `/office/counter/${visit.id}/form/${first.id}` : `/office/counter/${visit.id}/receipt`, 303);
    });

    app.get('/office/counter/:visit/form/:page', { config: scoped, schema: { params } }, async (request, reply) => {
      const { visit, application: a, service: s, name } = await draftCase(request);
      const pageId = (request.params as { page: string }).page;
      if (a.status !== 'draft') return reply.redirect(`/office/counter/${visit.id}/receipt`, 303);
      if (!visiblePages(s.form, a.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const firstPage = !previousPageId(s.form, pageId, a.answers);
      const view = {
        visitId: visit.id, applicationId: a.id, residentName: name, service: s, pageId, answers: a.answers, attachments: await uploaded(a.id), firstPage,
        agencyData: firstPage ? await agencyDataOf(conn, ctx, a, s, request.tr) : undefined, prefill: await prefillChoicesOf(conn, ctx, a, s, pageId, request.tr, a.answers),
      };
      return reply.page((shell) => <CounterFormPage shell={shell} view={view} />);
    });

    app.post('/office/counter/:visit/form/:page', { config: scoped, schema: { params } }, async (request, reply) => {
      const { me, visit, application: a, service: s, name } = await draftCase(request);
      const base = `/office/counter/${visit.id}`;
      const pageId = (request.params as { page: string }).page;
      if (a.status !== 'draft') return reply.redirect(`${base}/receipt`, 303);
      if (!visiblePages(s.form, a.answers).some((p) => p.id === pageId)) throw notFound('no such page');
      const submission = await readSubmission(request);
      const fileErrors = await storeFiles(request, a, s, pageId, submission, me.who);
      const attachments = filesByField(await store.listFiles(conn, a.id));
      const read = readPage(s.form, pageId, submission.fields, { attachments, idNumber: idRule });
      const { answers: pageAnswers, raw, wrongPick } = await applyPick(conn, a, s, pageId, ctx.country.timeZone, submission.fields, read);
      const action = submission.fields.action;
      const saved = await saveDraftPage(conn, a.resident_id, a, s.form, pageId, pageAnswers);
      if (action === 'save') return reply.redirect(base, 303);
      if (action === 'back') return reply.redirect(`${base}/form/${previousPageId(s.form, pageId, saved) ?? pageId}`, 303);
      const errors: FieldError[] = [...fileErrors, ...pickErrors(request.tr, wrongPick), ...validatePage(s.form, pageId, pageAnswers, saved, { tr: request.tr, idNumber: idRule, raw })
        .filter((e) => !fileErrors.some((f) => f.field === e.field))];
      if (errors.length || action === 'upload' || (typeof action === 'string' && action.startsWith('remove'))) {
        const firstPage = !previousPageId(s.form, pageId, saved);
        const view = {
          visitId: visit.id, applicationId: a.id, residentName: name, service: s, pageId, answers: saved, raw, errors, attachments: await uploaded(a.id), firstPage,
          agencyData: firstPage ? await agencyDataOf(conn, ctx, a, s, request.tr) : undefined, prefill: await prefillChoicesOf(conn, ctx, a, s, pageId, request.tr, saved),
        };
        return reply.page((shell) => <CounterFormPage shell={shell} view={view} />, errors.length ? 400 : 200);
      }
      const next = nextPageId(s.form, pageId, saved);
      return reply.redirect(next ? `${base}/form/${next}` : `${base}/check`, 303);
    });

    /** Stores the scanned papers the resident handed over; what is wrong with them becomes a message beside the field. */
    async function storeFiles(request: FastifyRequest, a: store.Application, s: Service, pageId: string, submission: FormSubmission, who: ReturnType<typeof actorOf>): Promise<FieldError[]> {
      const page = s.form.layout.pages.find((p) => p.id === pageId)!;
      const errors: FieldError[] = [];
      const existing = filesByField(await store.listFiles(conn, a.id));
      for (const field of page.sections.flatMap((x) => x.fields).filter((f) => f.widget === 'file')) {
        const label = request.tr.text(field.label);
        const max = Math.min(field.maxSizeMb ?? 10, PLATFORM_MAX_FILE_MB);
        const tooLarge = submission.tooLarge[field.name];
        if (tooLarge) {
          errors.push({ field: field.name, message: request.tr.t('applications.file.size', { file: tooLarge, label, max }) });
          continue;
        }
        const files = submission.files[field.name] ?? [];
        if (!files.length) continue;
        const problem = checkFiles(field, existing[field.name]?.length ?? 0, files);
        if (problem) {
          errors.push({ field: field.name, message: request.tr.t(`applications.file.${problem.code}`, { file: problem.filename, label, max: problem.code === 'count' ? field.maxFiles ?? 1 : max, types: (field.accept ?? []).join(', ') }) });
          continue;
        }
        // A full agency keeps what the resident typed; the file is refused beside its field, politely.
        if (!(await ctx.storage.allows(conn, a.agency_id, files.reduce((n, f) => n + f.content.length, 0)))) {
          errors.push({ field: field.name, message: request.tr.t('onboarding.quota.storageFull', { label }) });
          continue;
        }
        await attachFiles(conn, a.resident_id, a, field, files, who);
      }
      return errors;
    }

    app.post('/office/counter/:visit/files/:file/remove', { config: scoped, schema: { params } }, async (request, reply) => {
      const { me, visit, application: a } = await draftCase(request);
      const removed = await removeFile(conn, a.resident_id, a, (request.params as { file: string }).file, me.who);
      if (!removed) throw notFound('no such file');
      const page = (request.query as { page?: string }).page ?? '';
      return reply.redirect(`/office/counter/${visit.id}/form/${encodeURIComponent(page)}`, 303);
    });

    app.get('/office/counter/:visit/check', { config: scoped, schema: { params } }, async (request, reply) => {
      const { visit, application: a, service: s, name } = await draftCase(request);
      if (a.status !== 'draft') return reply.redirect(`/office/counter/${visit.id}/receipt`, 303);
      const view = { visitId: visit.id, applicationId: a.id, residentName: name, service: s, answers: a.answers, attachments: await uploaded(a.id), errors: [], agencyData: await agencyDataOf(conn, ctx, a, s, request.tr) };
      return reply.page((shell) => <CounterCheckPage shell={shell} view={view} />);
    });

    app.post('/office/counter/:visit/submit', { config: scoped, schema: { params } }, async (request, reply) => {
      const { me, visit, application: a, service: s, name } = await draftCase(request);
      const result = await submitApplication(conn, ctx, a.resident_id, a.id, me.who, request.tr, { counterVisit: visit.id });
      if (!result.ok) {
        const view = { visitId: visit.id, applicationId: a.id, residentName: name, service: s, answers: a.answers, attachments: await uploaded(a.id), errors: result.errors, agencyData: await agencyDataOf(conn, ctx, a, s, request.tr) };
        return reply.page((shell) => <CounterCheckPage shell={shell} view={view} />, 400);
      }
      return reply.redirect(`/office/counter/${visit.id}/receipt`, 303);
    });

    app.get('/office/counter/:visit/receipt', {
      config: scoped, schema: { params, querystring: { type: 'object', properties: { lang: text(10) } } },
    }, async (request, reply) => {
      const { visit, application: a, service: s, name } = await draftCase(request);
      if (a.status === 'draft' || !a.reference) return reply.redirect(`/office/counter/${visit.id}`, 303);
      const locales = ctx.country.languages;
      const asked = (request.query as { lang?: string }).lang;
      const chosen = asked && locales.includes(asked) ? asked : (await findResidentAccountContact(conn, a.resident_id))?.locale ?? request.tr.locale;
      const rtr = translator(locales.includes(chosen) ? chosen : locales[0]!, locales[0]!, ctx.country.timeZone);
      const agency = (await findAgency(conn, a.agency_id))!;
      const spared = (await agencyDataItems(conn, ctx, a, s, rtr)).filter((item) => item.row?.outcome === 'fetched');
      const view = {
        visitId: visit.id, application: a, service: s, residentName: name, locales,
        agency: { name: agency.name, contact: agency.contact }, portal: `${ctx.publicUrl}/me/applications`,
        spared: spared.map((item) => ({ document: rtr.text(item.ds.replacesDocument) || rtr.text(item.ds.title), agency: item.providerName })),
      };
      return reply.page((shell) => <ReceiptPage shell={shell} view={view} rtr={rtr} />);
    });
  };
}
