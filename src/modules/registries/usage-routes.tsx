import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireWholeMandate } from '../../platform/http/guards.ts';
import type { FieldProblem } from '../../platform/web/form.tsx';
import { findResidentByIdNumber } from '../residents/index.ts';
import type { BearerVerifier } from '../../platform/http/api-callers.ts';
import { REGISTRY_SCOPES } from './registry-access.ts';
import { API_CONFIG, API_PREFIX, callerOf, mediatorCheck } from './api-routes.ts';
import { exportDataUsage, listDataUsage, usageOfRegistry, type UsageFilter } from './data-usage.ts';
import * as store from './store.ts';
import { DataUsagePage, fieldsRead, readerLabel } from './views/data-usage.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** The filter as typed, and a problem for each part that cannot be read. */
function filterOf(request: FastifyRequest): { filter: UsageFilter; problems: FieldProblem[]; page: number } {
  const q = request.query as Record<string, unknown>;
  const text = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, 64) : '');
  const filter: UsageFilter = { ...(text('agency') ? { agencyId: text('agency') } : {}), ...(text('from') ? { from: text('from') } : {}), ...(text('to') ? { to: text('to') } : {}) };
  const problems: FieldProblem[] = [];
  for (const field of ['from', 'to'] as const) {
    if (filter[field] && !isDate(filter[field])) problems.push({ field, message: request.tr.t('registries.usage.badDate') });
  }
  if (!problems.length && filter.from && filter.to && filter.to < filter.from) problems.push({ field: 'to', message: request.tr.t('registries.usage.badPeriod') });
  const page = /^[1-9]\d{0,5}$/.test(text('page')) ? Number(text('page')) : 1;
  return { filter, problems, page };
}

const csvCell = (v: string) => {
  // A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it with '.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** "Who used my data": every read of the signed-in resident's personal data. */
export function dataUsageRoutes(conn: AnyDb, opts: { verifiers: readonly BearerVerifier[] }) {
  return async function routes(app: FastifyInstance) {
    app.get('/me/data-usage', async (request, reply) => {
      const resident = requireWholeMandate(request);
      const { filter, problems, page } = filterOf(request);
      const usable = problems.length ? { ...(filter.agencyId ? { agencyId: filter.agencyId } : {}) } : filter;
      const result = await listDataUsage(conn, resident.residentId, usable, Math.min(page, 100_000));
      return reply.page((shell) => (
        <DataUsagePage shell={shell} view={{ filter, problems, page: Math.min(page, result.pages), ...result }} />
      ), problems.length ? 400 : 200);
    });

    app.get('/me/data-usage.csv', async (request, reply) => {
      const resident = requireWholeMandate(request);
      const { filter, problems } = filterOf(request);
      if (problems.length) throw new AppError(400, 'invalid_filter', 'registries.usage.badDate', { field: problems[0]!.field });
      const tr = request.tr;
      const header = ['when', 'agency', 'reader', 'registry', 'fields', 'service', 'application', 'purpose', 'legalBasis'].map((k) => tr.t(`registries.usage.csv.${k}`));
      const lines = (await exportDataUsage(conn, resident.residentId, filter)).map((e) => [
        e.readAt.toISOString(), tr.text(e.agency), readerLabel(tr, e), tr.text(e.registry), fieldsRead(tr, e), e.service ? tr.text(e.service) : '', e.applicationId ?? '', e.purpose, tr.text(e.legalBasis),
      ]);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="data-usage.csv"').header('cache-control', 'no-store')
        .send(`\ufeff${[header, ...lines].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`);
    });

    // GovStack myPersonalDataUsage: called by a portal system (bearer, `registries:usage`) for the resident
    // it has signed in; APIs under /govstack/ take no session cookies. Digital Registries 1.4 spells the
    // path `mypersonalDataUsage`; 1.3's `myPersonalDataUsage` stays for the clients built on it.
    for (const path of ['mypersonalDataUsage', 'myPersonalDataUsage']) app.get(`${API_PREFIX}/data/${path}`, {
      config: API_CONFIG, onRequest: mediatorCheck,
      schema: { querystring: { type: 'object', required: ['userId', 'databaseId'], properties: { userId: { type: 'string', maxLength: 40 }, databaseId: { type: 'string', maxLength: 64 } } } },
    }, async (request, reply) => {
      const caller = await callerOf(request, reply, opts.verifiers);
      if (!caller.scopes.includes(REGISTRY_SCOPES.usage)) throw new AppError(403, 'insufficient_scope', 'error.apiScope', { vars: { scope: REGISTRY_SCOPES.usage } });
      const q = request.query as { userId: string; databaseId: string };
      const resident = await findResidentByIdNumber(conn, q.userId);
      if (!resident) throw new AppError(404, 'not_found', 'registries.error.noRecord', { field: 'userId' });
      const registry = /^\d+$/.test(q.databaseId) ? await store.findRegistryByNumber(conn, Number(q.databaseId)) : await store.findRegistry(conn, q.databaseId);
      if (!registry) throw new AppError(404, 'unknown_registry', 'registries.error.unknownRegistry', { field: 'databaseId', vars: { registry: q.databaseId } });
      return (await usageOfRegistry(conn, resident.id, registry.id)).map((r) => ({
        id: String(r.id), readerId: readerLabel(request.tr, { readerKind: r.reader_kind, readerRole: r.reader_role }),
        readerInstitutionId: r.reader_agency_id, readerInstitutionName: request.tr.text(r.agencyName),
        readerApplicationName: r.service_id ?? r.channel, searchDateTime: r.read_at.toISOString(),
        refrences: r.record_key ? [{ ReferenceID: `${r.registry_id}/${r.registry_version}/${r.record_key}` }] : [],
      }));
    });
  };
}
