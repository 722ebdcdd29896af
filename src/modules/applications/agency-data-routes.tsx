import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actorOf, requireResident, requireServiceInMandate, requireWholeMandate } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import type { Service } from '../packs/index.ts';
import { ApplicationRefused, type ApplicationsContext } from './context.ts';
import { tagBundle } from './bundle-routes.tsx';
import { takesAgencyData } from './fetch-agency-data.ts';
import { agreeAndFetch, startApplication } from './start-application.ts';
import { agreeAndStartBundle, loadBundle, startBundle, type FiledBundle } from './start-bundle.ts';
import * as bundles from './bundle-store.ts';
import { MAX_REPORT_LENGTH, reportWrongData } from './report-wrong-data.ts';
import { consentGroupsOf, dataSourcesOf } from './show-agency-data.ts';
import * as store from './store.ts';
import { ConsentPage, ReportPage, type ConsentView } from './views/agency-data.tsx';

const params = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, ds: { type: 'string', maxLength: 64 } } };
const decisionBody = { type: 'object', properties: { decision: { type: 'string', enum: ['agree', 'later', 'without'] }, _csrf: { type: 'string', maxLength: 200 } } };
const reportBody = { type: 'object', properties: { message: { type: 'string', maxLength: 20_000 }, return: { type: 'string', maxLength: 300 }, _csrf: { type: 'string', maxLength: 200 } } };

/** What the consent step is about: a service or a bundle, the services that take data, and what each decision does. */
interface ConsentSubject {
  caption: string; services: Service[];
  /** Where the decision is posted. */
  action: string;
  /** For a draft that exists already: where it goes on without agreeing. */
  formHref?: string;
  /** Each returns where the resident goes next. */
  agree: () => Promise<string>;
  without: () => Promise<string>;
}

/**
 * Where a service (or a bundle of services) takes data from other agencies instead of documents:
 * the resident's consent before anything is fetched (for a new application, or a draft that has
 * none yet), and their report that what was fetched is wrong.
 */
export function agencyDataRoutes(conn: AnyDb, ctx: ApplicationsContext) {
  const openService = async (request: FastifyRequest): Promise<Service> => {
    const resident = requireResident(request);
    const found = await ctx.findService(conn, (request.params as { id: string }).id);
    if (!found || !takesAgencyData(found.definition)) throw notFound('no such service taking data from other agencies');
    tagService(request, found.definition.agency, found.definition.id);
    requireServiceInMandate(resident, found.definition.id);
    if (!found.open) throw new ApplicationRefused('service_closed');
    return found.definition;
  };
  const ownDraft = async (request: FastifyRequest) => {
    const resident = requireResident(request);
    const a = await store.findResidentApplication(conn, resident.residentId, (request.params as { id: string }).id);
    if (!a) throw notFound('no such application of yours');
    tagService(request, a.agency_id, a.service_id);
    requireServiceInMandate(resident, a.service_id);
    const found = await ctx.findService(conn, a.service_id);
    if (!found) throw notFound('no such service');
    return { resident, app: a, service: found.definition };
  };
  const openBundle = async (request: FastifyRequest) => {
    const filed = await loadBundle(conn, ctx, (request.params as { id: string }).id);
    if (!filed.services.some(takesAgencyData)) throw notFound('no such bundle taking data from other agencies');
    tagBundle(request, filed.services);
    if (!filed.open) throw new ApplicationRefused('service_closed');
    return filed;
  };
  const ownDraftFiling = async (request: FastifyRequest) => {
    const resident = requireWholeMandate(request);
    const filing = await bundles.findResidentFiling(conn, resident.residentId, (request.params as { id: string }).id);
    if (!filing) throw notFound('no such bundle of yours');
    const filed = await loadBundle(conn, ctx, filing.bundle_id, 'any');
    tagBundle(request, filed.services);
    return { resident, filing, filed };
  };
  const showConsent = async (request: FastifyRequest, reply: FastifyReply, subject: ConsentSubject, later = false) => {
    const view: ConsentView = {
      caption: subject.caption, groups: await consentGroupsOf(conn, ctx, subject.services, request.tr),
      action: subject.action, later, ...(subject.formHref ? { formHref: subject.formHref } : {}),
    };
    return reply.page((shell) => <ConsentPage shell={shell} view={view} />);
  };
  /** Only "agree" agrees; "apply without" opens it without fetching; anything else shows what to bring instead. */
  const decide = async (request: FastifyRequest, reply: FastifyReply, subject: ConsentSubject) => {
    const decision = (request.body as { decision?: string } | undefined)?.decision;
    const act = decision === 'agree' ? subject.agree : decision === 'without' && !subject.formHref ? subject.without : undefined;
    if (!act) return showConsent(request, reply, subject, true);
    return reply.redirect(await act(), 303);
  };
  const opts = (request: FastifyRequest, withoutAgencyData = false) => ({ language: request.tr.locale, withoutAgencyData });
  const formOf = (id: string) => `/me/applications/${id}/form`;
  const bundleFormOf = (id: string) => `/me/bundles/${id}/form`;

  const serviceSubject = (request: FastifyRequest, s: Service, extra: Partial<ConsentSubject> = {}): ConsentSubject => {
    const residentId = requireResident(request).residentId;
    return {
      caption: request.tr.text(s.title), services: [s], action: `/services/${encodeURIComponent(s.id)}/apply/consent`,
      agree: async () => formOf(await agreeAndFetch(conn, ctx, residentId, s.id, actorOf(request), opts(request))),
      without: async () => formOf(await startApplication(conn, ctx, residentId, s.id, actorOf(request), opts(request, true))),
      ...extra,
    };
  };
  const bundleSubject = (request: FastifyRequest, filed: FiledBundle, extra: Partial<ConsentSubject> = {}): ConsentSubject => {
    const residentId = requireWholeMandate(request).residentId;
    return {
      caption: request.tr.text(filed.bundle.title), services: filed.services, action: `/bundles/${encodeURIComponent(filed.bundle.id)}/apply/consent`,
      agree: async () => bundleFormOf(await agreeAndStartBundle(conn, ctx, residentId, filed.bundle.id, actorOf(request), opts(request))),
      without: async () => bundleFormOf(await startBundle(conn, ctx, residentId, filed.bundle.id, actorOf(request), opts(request, true))),
      ...extra,
    };
  };

  return async function routes(app: FastifyInstance) {
    app.get('/services/:id/apply/consent', { schema: { params } }, async (request, reply) => {
      const s = await openService(request);
      const draft = await store.findDraft(conn, requireResident(request).residentId, s.id);
      if (draft) return reply.redirect(`/me/applications/${draft.id}/consent`, 303);
      return showConsent(request, reply, serviceSubject(request, s));
    });

    app.post('/services/:id/apply/consent', { schema: { params, body: decisionBody } }, async (request, reply) =>
      decide(request, reply, serviceSubject(request, await openService(request))));

    app.get('/me/applications/:id/consent', { schema: { params } }, async (request, reply) => {
      const { app: a, service: s } = await ownDraft(request);
      if (a.status !== 'draft' || a.bundle_id || !takesAgencyData(s)) return reply.redirect(formOf(a.id), 303);
      return showConsent(request, reply, serviceSubject(request, s, { action: `/me/applications/${a.id}/consent`, formHref: formOf(a.id) }));
    });

    app.post('/me/applications/:id/consent', { schema: { params, body: decisionBody } }, async (request, reply) => {
      const { app: a, service: s } = await ownDraft(request);
      if (a.status !== 'draft' || a.bundle_id) throw new ApplicationRefused('wrong_state', 'only a draft of its own fetches data');
      return decide(request, reply, serviceSubject(request, s, { action: `/me/applications/${a.id}/consent`, formHref: formOf(a.id) }));
    });

    app.get('/bundles/:id/apply/consent', { schema: { params } }, async (request, reply) => {
      const filed = await openBundle(request);
      const draft = await bundles.findDraftFiling(conn, requireWholeMandate(request).residentId, filed.bundle.id);
      if (draft) return reply.redirect(`/me/bundles/${draft.id}/consent`, 303);
      return showConsent(request, reply, bundleSubject(request, filed));
    });

    app.post('/bundles/:id/apply/consent', { schema: { params, body: decisionBody } }, async (request, reply) =>
      decide(request, reply, bundleSubject(request, await openBundle(request))));

    app.get('/me/bundles/:id/consent', { schema: { params } }, async (request, reply) => {
      const { filing, filed } = await ownDraftFiling(request);
      if (filing.status !== 'draft' || !filed.services.some(takesAgencyData)) return reply.redirect(bundleFormOf(filing.id), 303);
      return showConsent(request, reply, bundleSubject(request, filed, { action: `/me/bundles/${filing.id}/consent`, formHref: bundleFormOf(filing.id) }));
    });

    app.post('/me/bundles/:id/consent', { schema: { params, body: decisionBody } }, async (request, reply) => {
      const { filing, filed } = await ownDraftFiling(request);
      if (filing.status !== 'draft') throw new ApplicationRefused('wrong_state', 'only a draft bundle fetches data');
      return decide(request, reply, bundleSubject(request, filed, { action: `/me/bundles/${filing.id}/consent`, formHref: bundleFormOf(filing.id) }));
    });

    const reportPath = '/me/applications/:id/agency-data/:ds/report';
    const reportPage = async (request: FastifyRequest, reply: FastifyReply, input: { message: string; returnTo?: string; error?: string }, status = 200) => {
      const { app: a, service: s } = await ownDraft(request);
      const dsId = (request.params as { ds: string }).ds;
      const source = (await dataSourcesOf(conn, ctx, s, request.tr)).find((x) => x.ds.id === dsId);
      const row = (await store.listAgencyData(conn, a.id)).find((d) => d.data_service_id === dsId && d.outcome === 'fetched');
      if (!source || !row) throw notFound('no data from this data service on the application');
      const view = { applicationId: a.id, service: s, source, records: row.records ?? [], message: input.message, error: input.error, returnTo: returnPath(a, input.returnTo) };
      return reply.page((shell) => <ReportPage shell={shell} view={view} />, status);
    };

    app.get(reportPath, { schema: { params, querystring: { type: 'object', properties: { return: { type: 'string', maxLength: 300 } } } } }, async (request, reply) =>
      reportPage(request, reply, { message: '', returnTo: (request.query as { return?: string }).return }));

    app.post(reportPath, { schema: { params, body: reportBody } }, async (request, reply) => {
      const { resident, app: a } = await ownDraft(request);
      const body = (request.body ?? {}) as { message?: string; return?: string };
      const message = body.message ?? '';
      if (!message.trim() || message.trim().length > MAX_REPORT_LENGTH) {
        const error = request.tr.t(message.trim() ? 'applications.data.reportTooLong' : 'applications.data.reportMissing', { max: MAX_REPORT_LENGTH });
        return reportPage(request, reply, { message: message.slice(0, MAX_REPORT_LENGTH * 2), returnTo: body.return, error }, 400);
      }
      await reportWrongData(conn, resident.residentId, a.id, (request.params as { ds: string }).ds, message, actorOf(request));
      return reply.redirect(returnPath(a, body.return), 303);
    });
  };
}

/** Back to the page the report came from: only a page of the same application (or of its bundle), never elsewhere. */
function returnPath(app: store.Application, wanted: string | undefined): string {
  const own = [`/me/applications/${app.id}/`, ...(app.bundle_id ? [`/me/bundles/${app.bundle_id}/`] : [])];
  const page = /^\/me\/(applications|bundles)\/[0-9a-f-]{36}\/(form\/[A-Za-z0-9_-]+|check)$/;
  return wanted && page.test(wanted) && own.some((base) => wanted.startsWith(base)) ? wanted : `/me/applications/${app.id}`;
}
