import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { formIdOf, newFormId } from '../../platform/http/form-once.ts';
import { actorOf } from '../../platform/http/guards.ts';
import type { OpsLink } from '../../platform/web/office-links.ts';
import type { Shell } from '../../platform/web/shell.ts';
import { findStaffById, listAgencies } from '../agencies/index.ts';
import { consoleViewer } from '../operations/index.ts';
import { choosable } from './affected.ts';
import { addIncidentUpdate } from './add-incident-update.ts';
import { textsFrom, type Languages } from './language-texts.ts';
import { openIncident } from './open-incident.ts';
import { cancelMaintenance, scheduleMaintenance } from './schedule-maintenance.ts';
import { HISTORY_DAYS } from './snapshot.ts';
import { findIncident, listIncidents, listMaintenance, listUpdates, type IncidentUpdate } from './store.ts';
import { emptyOpenForm, IncidentListPage, IncidentPage, type IncidentsView, type OpenForm, type UpdateFormValues } from './views/incidents.tsx';
import { emptyMaintenanceForm, MaintenancePage, type MaintenanceFormValues } from './views/maintenance.tsx';

export interface IncidentConsoleOptions {
  languages: Languages;
  timeZone: string;
  links: readonly OpsLink[];
  /** Called after every change, so this node's status page is taken again at once. */
  changed: () => void;
}

type Body = Record<string, unknown>;
const DAY = 24 * 3600 * 1000;
// Far above the texts' own limits, so a text too long is told beside its field with what was typed kept.
const TEXT_MAX = 64_000;
const formBody = { body: { type: 'object', additionalProperties: { type: 'string', maxLength: TEXT_MAX }, properties: { affected: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 100 } } } } };
const idParams = { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } } } };
const noticeQuery = (notices: string[]) => ({ querystring: { type: 'object', properties: { notice: { type: 'string', enum: notices } } } });
const scoped = { agencyScoped: true } as const;

const str = (body: Body, name: string) => (typeof body[name] === 'string' ? body[name] : '');
const list = (body: Body, name: string) => [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');

/**
 * The console's incident and maintenance pages. Platform operators write about any service and the
 * platform's components; an agency administrator about his agency's services only (the store's
 * queries are bounded by his agency); the platform's auditors read.
 */
export function incidentConsoleRoutes(conn: AnyDb, opts: IncidentConsoleOptions) {
  const viewOf = async (request: FastifyRequest) => {
    const { reach, operator } = consoleViewer(request);
    const agencies = (await listAgencies(conn)).filter((a) => reach === 'platform' || a.id === reach.agencyId);
    const view: IncidentsView = {
      links: opts.links, platform: reach === 'platform', operator, timeZone: opts.timeZone, languages: opts.languages,
      agencyNames: new Map(agencies.map((a) => [a.id, request.tr.text(a.name)])), writer: operator || reach !== 'platform', options: await choosable(conn, reach),
    };
    return { reach, view };
  };
  const writerOf = async (request: FastifyRequest) => {
    const v = await viewOf(request);
    if (!v.view.writer) throw forbidden('needs platform_operator or agency_admin');
    return v;
  };
  const notice = (request: FastifyRequest) => (request.query as { notice?: string }).notice;
  const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);

  return async function routes(app: FastifyInstance) {
    const incidentList = async (request: FastifyRequest, v: Awaited<ReturnType<typeof viewOf>>, form: OpenForm) => {
      const incidents = await listIncidents(conn, v.reach, new Date(Date.now() - HISTORY_DAYS * DAY));
      const latest = new Map<number, IncidentUpdate>((await listUpdates(conn, incidents.map((i) => i.id))).map((u) => [u.incident_id, u]));
      return (shell: Shell) => <IncidentListPage shell={shell} view={v.view} incidents={incidents} latest={latest} form={form} notice={notice(request)} />;
    };

    app.get('/ops/incidents', { config: scoped, schema: noticeQuery(['opened']) }, async (request, reply) =>
      reply.page(await incidentList(request, await viewOf(request), emptyOpenForm())));

    app.post('/ops/incidents', { config: scoped, schema: formBody }, async (request, reply) => {
      const v = await writerOf(request);
      const body = request.body as Body;
      const typed = { title: textsFrom(body, 'title', opts.languages), body: textsFrom(body, 'body', opts.languages), impact: str(body, 'impact'), affected: list(body, 'affected'), formId: formIdOf(body) };
      const result = await openIncident(conn, v.reach, opts.languages, typed, actorOf(request));
      if (!result.ok) return reply.page(await incidentList(request, v, { ...typed, problems: result.problems }), 400);
      opts.changed();
      return reply.redirect(`/ops/incidents/${result.id}?notice=opened`, 303);
    });

    const incidentPage = async (request: FastifyRequest, v: Awaited<ReturnType<typeof viewOf>>, form?: UpdateFormValues) => {
      const incident = await findIncident(conn, v.reach, idOf(request));
      if (!incident) throw notFound('no such incident in reach');
      const updates = await listUpdates(conn, [incident.id]);
      const authors = new Map(await Promise.all([...new Set(updates.map((u) => u.author))].map(async (a) => [a, (await findStaffById(conn, a.replace(/^staff:/, '')))?.name ?? {}] as const)));
      const shown = form ?? { state: incident.state, impact: incident.impact, body: {}, problems: [], formId: newFormId() };
      return (shell: Shell) => <IncidentPage shell={shell} view={v.view} incident={incident} updates={updates} authors={authors} form={shown} notice={notice(request)} />;
    };

    app.get('/ops/incidents/:id', { config: scoped, schema: { ...idParams, ...noticeQuery(['opened', 'updated', 'resolved']) } }, async (request, reply) =>
      reply.page(await incidentPage(request, await viewOf(request))));

    app.post('/ops/incidents/:id/updates', { config: scoped, schema: { ...idParams, ...formBody } }, async (request, reply) => {
      const v = await writerOf(request);
      const body = request.body as Body;
      const typed = { state: str(body, 'state'), impact: str(body, 'impact'), body: textsFrom(body, 'body', opts.languages), formId: formIdOf(body) };
      const result = await addIncidentUpdate(conn, v.reach, opts.languages, idOf(request), typed, actorOf(request));
      if (!result.ok && 'notFound' in result) throw notFound('no such incident in reach');
      if (!result.ok) return reply.page(await incidentPage(request, v, { ...typed, problems: result.problems }), result.problems.some((p) => p.code === 'already_resolved') ? 409 : 400);
      opts.changed();
      return reply.redirect(`/ops/incidents/${idOf(request)}?notice=${result.state === 'resolved' ? 'resolved' : 'updated'}`, 303);
    });

    const maintenancePage = async (request: FastifyRequest, v: Awaited<ReturnType<typeof viewOf>>, form: MaintenanceFormValues, refused?: string) => {
      const windows = await listMaintenance(conn, v.reach, new Date());
      return (shell: Shell) => <MaintenancePage shell={shell} view={v.view} windows={windows} form={form} notice={notice(request)} refused={refused} />;
    };

    app.get('/ops/maintenance', { config: scoped, schema: noticeQuery(['scheduled', 'cancelled']) }, async (request, reply) =>
      reply.page(await maintenancePage(request, await viewOf(request), emptyMaintenanceForm())));

    app.post('/ops/maintenance', { config: scoped, schema: formBody }, async (request, reply) => {
      const v = await writerOf(request);
      const body = request.body as Body;
      const typed = { startsAt: str(body, 'startsAt'), endsAt: str(body, 'endsAt'), body: textsFrom(body, 'body', opts.languages), affected: list(body, 'affected'), formId: formIdOf(body) };
      const result = await scheduleMaintenance(conn, v.reach, opts.languages, opts.timeZone, typed, actorOf(request));
      if (!result.ok) return reply.page(await maintenancePage(request, v, { ...typed, problems: result.problems }), 400);
      opts.changed();
      return reply.redirect('/ops/maintenance?notice=scheduled', 303);
    });

    app.post('/ops/maintenance/:id/cancel', { config: scoped, schema: idParams }, async (request, reply) => {
      const v = await writerOf(request);
      const result = await cancelMaintenance(conn, v.reach, idOf(request), actorOf(request));
      if (!result.ok && result.code === 'not_found') throw notFound('no such window in reach');
      if (!result.ok) return reply.page(await maintenancePage(request, v, emptyMaintenanceForm(), result.code), 409);
      opts.changed();
      return reply.redirect('/ops/maintenance?notice=cancelled', 303);
    });
  };
}
