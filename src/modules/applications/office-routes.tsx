import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { actingScope, actorOf, hasAgencyRole } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tagService } from '../../platform/http/traffic.ts';
import type { AgencyScope } from '../../platform/tenancy.ts';
import { listStaffOfAgency, findStaffInAgency } from '../agencies/index.ts';
import { findResidentById } from '../residents/index.ts';
import { maskIdNumber } from '../documents/index.ts';
import type { Service } from '../packs/index.ts';
import type { ApplicationsContext } from './context.ts';
import { assignApplication, completeStep, rejectApplication, requestInformation, type Officer } from './decide-application.ts';
import { sendFile } from './answers.ts';
import { agencyDataItems, agencyName } from './show-agency-data.ts';
import { filedTogether } from './filed-together.ts';
import * as store from './store.ts';
import { CasePage, QueuePage, StatisticsPage } from './views/office.tsx';

const scoped = { agencyScoped: true };
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, file: { type: 'string', maxLength: 64 } } };
const text = (max: number) => ({ type: 'string', maxLength: max });
const STATUSES = ['submitted', 'info_requested', 'approved', 'rejected', 'withdrawn'] as const;

export function officeApplicationRoutes(conn: AnyDb, ctx: ApplicationsContext, listServices: (scope: AgencyScope) => Promise<Service[]>) {
  const officer = (request: FastifyRequest): { scope: AgencyScope; officer: Officer } => {
    const { staff, scope } = actingScope(request, ['officer', 'agency_admin']);
    return { scope, officer: { staffId: staff.id, who: actorOf(request), isAgencyAdmin: hasAgencyRole(staff, 'agency_admin') } };
  };
  const staffNames = async (scope: AgencyScope, tr: FastifyRequest['tr']) =>
    new Map((await listStaffOfAgency(conn, scope)).map((s) => [s.id, tr.text(s.name)]));

  return async function routes(app: FastifyInstance) {
    app.get('/office/applications', {
      config: scoped,
      schema: { querystring: { type: 'object', properties: { service: text(64), status: { type: 'string', enum: ['', ...STATUSES] }, due: { type: 'string', enum: ['', 'overdue', '3', '7'] } } } },
    }, async (request, reply) => {
      const { scope } = officer(request);
      const q = request.query as { service?: string; status?: store.ApplicationStatus | ''; due?: string };
      const due = q.due === 'overdue' ? 'overdue' as const : q.due ? Number(q.due) : undefined;
      const filter: store.QueueFilter = { serviceId: q.service || undefined, status: q.status || undefined, due };
      const applications = await store.listAgencyQueue(conn, scope, filter);
      const names = new Map<string, string>();
      for (const a of applications) if (!names.has(a.resident_id)) names.set(a.resident_id, (await findResidentById(conn, a.resident_id))?.name ?? '');
      const view = { applications, services: await listServices(scope), filter, names, staffNames: await staffNames(scope, request.tr) };
      return reply.page((shell) => <QueuePage shell={shell} view={view} />);
    });

    app.get('/office/applications/:id', { config: scoped, schema: { params: idParams } }, async (request, reply) => {
      const { scope, officer: me } = officer(request);
      return showCase(request, reply, scope, me.staffId);
    });

    async function showCase(request: FastifyRequest, reply: FastifyReply, scope: AgencyScope, staffId: string, error?: string, status = 200) {
      const a = await store.findAgencyApplication(conn, scope, (request.params as { id: string }).id);
      if (!a) throw notFound('no such application in this agency');
      tagService(request, a.agency_id, a.service_id);
      const service = (await ctx.findService(conn, a.service_id))!.definition;
      const resident = (await findResidentById(conn, a.resident_id))!;
      const names = await staffNames(scope, request.tr);
      const view = {
        application: a, service, events: await store.listEvents(conn, a.id), files: await store.listFiles(conn, a.id),
        applicant: { name: resident.name, idNumberMasked: maskIdNumber(resident.id_number), address: request.tr.text(resident.address) },
        colleagues: [...names].map(([id, name]) => ({ id, name })), staffId, staffNames: names, error,
        agencyData: { items: await agencyDataItems(conn, ctx, a, service, request.tr), agencyName: await agencyName(conn, request.tr, a.agency_id), timeZone: ctx.country.timeZone },
        filedTogether: await filedTogether(conn, ctx, a, request.tr),
      };
      return reply.page((shell) => <CasePage shell={shell} view={view} />, status);
    }

    app.get('/office/applications/:id/files/:file', { config: scoped, schema: { params: idParams } }, async (request, reply) => {
      const { scope } = officer(request);
      const a = await store.findAgencyApplication(conn, scope, (request.params as { id: string }).id);
      const file = a ? await store.readFile(conn, a.id, (request.params as { file: string }).file) : undefined;
      if (!file) throw notFound('no such file');
      return sendFile(reply, file);
    });

    const action = (path: string, run: (request: FastifyRequest, scope: AgencyScope, me: Officer, id: string) => Promise<unknown>) => {
      app.post(`/office/applications/:id/${path}`, {
        config: scoped,
        schema: { params: idParams, body: { type: 'object', properties: { assignee: text(64), message: text(8000), reason: text(8000), note: text(8000), _csrf: text(200) } } },
      }, async (request, reply) => {
        const { scope, officer: me } = officer(request);
        const id = (request.params as { id: string }).id;
        await run(request, scope, me, id);
        return reply.redirect(`/office/applications/${id}`, 303);
      });
    };
    const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | undefined>;

    action('assign', (request, scope, me, id) => assignApplication(conn, scope, id, body(request).assignee ?? me.staffId, me,
      async (staffId) => Boolean((await findStaffInAgency(conn, scope, staffId))?.roles.some((r) => r === 'officer' || r === 'agency_admin'))));
    action('request-information', (request, scope, me, id) => requestInformation(conn, ctx, scope, id, body(request).message ?? '', me));
    action('complete-step', (request, scope, me, id) => completeStep(conn, ctx, scope, id, me, body(request).note));
    action('reject', (request, scope, me, id) => rejectApplication(conn, ctx, scope, id, body(request).reason ?? '', me));

    app.get('/office/statistics', { config: scoped }, async (request, reply) => {
      const { scope } = actingScope(request, ['officer', 'agency_admin', 'auditor']);
      const since = new Date(Date.now() - 365 * 86_400_000);
      const rows = await store.agencyStatistics(conn, scope, since);
      const services = await listServices(scope);
      return reply.page((shell) => <StatisticsPage shell={shell} rows={rows} services={services} />);
    });
  };
}
